# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

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
