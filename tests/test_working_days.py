# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import tagged

from .reception_common import FRIDAY, ReceptionCommon


@tagged("post_install", "-at_install")
class TestWorkingDays(ReceptionCommon):
    def test_deadline_across_weekend(self):
        """R-APV-04: 1 working day from Friday ends on the next working day, after the weekend.
        The company holiday on Monday is skipped too."""
        due = self.calendar.vip_working_days_deadline(FRIDAY, 1, self.company)
        self.assertEqual(due, datetime(2026, 11, 24, 17, 0))

    def test_deadline_across_weekend_without_holiday(self):
        """R-REC-02: without the holiday, 2 working days from Friday end on Tuesday 17:00."""
        self.holiday.unlink()
        self.assertEqual(self.calendar.vip_working_days_deadline(FRIDAY, 2, self.company), datetime(2026, 11, 24, 17, 0))

    def test_deadline_across_weekend_and_holiday(self):
        """R-REC-02 / R-APV-04: 2 and 3 working days from Friday skip Saturday, Sunday and the
        Monday public holiday."""
        self.assertEqual(self.calendar.vip_working_days_deadline(FRIDAY, 2, self.company), datetime(2026, 11, 25, 17, 0))
        self.assertEqual(self.calendar.vip_working_days_deadline(FRIDAY, 3, self.company), datetime(2026, 11, 26, 17, 0))

    def test_other_company_holiday_ignored(self):
        """R-APV-04: another company's public holiday does not move this company's deadlines."""
        other = self.env["res.company"].create({"name": "Other"})
        self.holiday.write({"company_id": other.id, "calendar_id": False})
        self.assertEqual(self.calendar.vip_working_days_deadline(FRIDAY, 1, self.company), datetime(2026, 11, 23, 17, 0))

    def test_same_day_and_hours(self):
        """R-ACC-02: 0 days is the end of today's work; working hours skip the night."""
        self.assertEqual(self.calendar.vip_working_days_deadline(FRIDAY, 0, self.company), datetime(2026, 11, 20, 17, 0))
        self.assertEqual(
            self.calendar.vip_working_hours_deadline(datetime(2026, 11, 19, 15, 0), 4, self.company),
            datetime(2026, 11, 20, 10, 0),
        )


@tagged("post_install", "-at_install")
class TestChineseHolidays(ReceptionCommon):
    """Issue 9.7: the shipped Chinese public holidays and make-up working days (调休上班) drive the
    working-day deadlines once copied into the company calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar.tz = "Asia/Shanghai"
        cls.env["vip.holiday.import"]._vip_copy_shipped_holidays(cls.calendar.id)

    def _due(self, local_start, days):
        # local_start is Shanghai time; deadlines come back in UTC (Shanghai 17:00 = 09:00 UTC).
        return self.calendar.vip_working_days_deadline(local_start - timedelta(hours=8), days, self.company)

    def test_makeup_saturday_is_a_working_day(self):
        """R-APV-04 / issue 9.7: Saturday 8 February 2025 is worked (调休): one working day from
        Friday 7 February ends that Saturday at 17:00; the Saturday after is not worked."""
        self.assertEqual(self._due(datetime(2025, 2, 7, 10, 0), 1), datetime(2025, 2, 8, 9, 0))
        self.assertEqual(self._due(datetime(2025, 2, 7, 10, 0), 2), datetime(2025, 2, 10, 9, 0))
        self.assertEqual(self._due(datetime(2025, 2, 14, 10, 0), 1), datetime(2025, 2, 17, 9, 0))

    def test_spring_festival_2025(self):
        """R-REC-02 / issue 9.7: from Friday 24 January 2025, Sunday 26 and Monday 27 are the
        working days before the Spring Festival (28 January - 4 February); the third is 5 February."""
        friday = datetime(2025, 1, 24, 10, 0)
        self.assertEqual(self._due(friday, 1), datetime(2025, 1, 26, 9, 0))
        self.assertEqual(self._due(friday, 2), datetime(2025, 1, 27, 9, 0))
        self.assertEqual(self._due(friday, 3), datetime(2025, 2, 5, 9, 0))

    def test_national_day_2026(self):
        """R-APV-04 / issue 9.7: National Day 2026 (1-7 October) is off, Saturday 10 October is
        worked: from Wednesday 30 September, working days are 8, 9 and 10 October."""
        wednesday = datetime(2026, 9, 30, 10, 0)
        self.assertEqual(self._due(wednesday, 1), datetime(2026, 10, 8, 9, 0))
        self.assertEqual(self._due(wednesday, 3), datetime(2026, 10, 10, 9, 0))

    def test_labour_day_2027_provisional(self):
        """Issue 9.7: 2027 holds the statutory days (provisional until the State Council notice):
        Labour Day 1-2 May falls on the weekend and is made up on Monday 3 and Tuesday 4 May."""
        friday = datetime(2027, 4, 30, 10, 0)
        self.assertEqual(self._due(friday, 1), datetime(2027, 5, 5, 9, 0))

    def test_makeup_day_counts_in_working_hours(self):
        """R-ACC-02 / issue 9.7: working hours run through a make-up Sunday (28 September 2025):
        4 working hours from Friday 26 September 16:00 end on Sunday 11:00."""
        due = self.calendar.vip_working_hours_deadline(datetime(2025, 9, 26, 8, 0), 4, self.company)
        self.assertEqual(due, datetime(2025, 9, 28, 3, 0))
