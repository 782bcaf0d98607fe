# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open

FIXTURE = "vip_customer_care/tests/data/cn_public_holidays_sample.ics"


@tagged("post_install", "-at_install")
class TestHolidayImport(TransactionCase):
    """Issue 9.7: an administrator loads further years of public holidays and make-up working
    days (调休上班) from a standard iCalendar file into a company calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Holiday Import Co."})
        cls.calendar = cls.env["resource.calendar"].create({
            "name": "Shenzhen office", "tz": "Asia/Shanghai", "company_id": cls.company.id,
        })
        cls.company.resource_calendar_id = cls.calendar
        cls.admin = new_test_user(
            cls.env, login="hol_admin", groups="base.group_user,base.group_system",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env, login="hol_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        with file_open(FIXTURE, "rb") as fixture:
            cls.ics = base64.b64encode(fixture.read())

    def _import(self, user=None, **vals):
        wizard = self.env["vip.holiday.import"].with_user(user or self.admin).create({
            "calendar_id": self.calendar.id, "source": "ics", "ics_file": self.ics,
            "ics_filename": "holidays.ics", **vals,
        })
        return wizard.action_import()

    def _leaves(self):
        return self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)], order="date_from"
        )

    def _makeup_days(self):
        return sorted(set(self.calendar.attendance_ids.filtered("date_from").mapped("date_from")))

    def test_import_ics_holidays_and_makeup_days(self):
        """Issue 9.7: the holiday events become calendar leaves of the company, from local
        midnight to the end of the last day (Asia/Shanghai, stored in UTC); the 补班 event and the
        Apple-style ALTERNATE-WORKDAY event become make-up working days with the calendar's usual
        hours; the administrator sees what was loaded."""
        result = self._import()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("2 public holidays and 2 make-up working days", result["params"]["message"])
        leaves = self._leaves()
        self.assertEqual(leaves.mapped("name"), ["春节 Spring Festival", "清明节"])
        self.assertEqual(leaves[0].date_from, datetime(2028, 1, 24, 16, 0))  # 25 Jan 00:00 in Shanghai
        self.assertEqual(leaves[0].date_to, datetime(2028, 1, 31, 15, 59, 59))  # 31 Jan 23:59:59
        self.assertEqual(leaves.company_id, self.company)
        self.assertEqual(leaves.mapped("time_type"), ["leave", "leave"])
        self.assertEqual(self._makeup_days(), [date(2028, 1, 22), date(2028, 2, 5)])
        saturday = self.calendar.attendance_ids.filtered(lambda a: a.date_from == date(2028, 1, 22))
        self.assertEqual(saturday.mapped("dayofweek"), ["5", "5"])
        self.assertEqual(sorted(saturday.mapped("hour_from")), [8.0, 13.0])
        self.assertEqual(saturday[0].name, "春节补班")

    def test_imported_days_drive_deadlines(self):
        """Issue 9.7 / R-APV-04: after the import, one working day from Friday 21 January 2028 is
        the make-up Saturday; the third skips the Spring Festival week."""
        self._import()
        friday = datetime(2028, 1, 21, 2, 0)  # 10:00 in Shanghai
        deadline = self.calendar.vip_working_days_deadline
        self.assertEqual(deadline(friday, 1, self.company), datetime(2028, 1, 22, 9, 0))  # Sat 17:00
        self.assertEqual(deadline(friday, 2, self.company), datetime(2028, 1, 24, 9, 0))  # Mon 17:00
        self.assertEqual(deadline(friday, 3, self.company), datetime(2028, 2, 1, 9, 0))  # Tue after the holiday

    def test_import_twice_adds_nothing(self):
        """Issue 9.7: loading the same file again skips every day already in the calendar."""
        self._import()
        leaves, days = self._leaves(), self._makeup_days()
        result = self._import()
        self.assertIn("0 public holidays and 0 make-up working days added, 4 already present",
                      result["params"]["message"])
        self.assertEqual(self._leaves(), leaves)
        self.assertEqual(self._makeup_days(), days)

    def test_year_filter(self):
        """Issue 9.7: only the chosen years are loaded."""
        with self.assertRaises(UserError):
            self._import(year_from=2029)
        self._import(year_from=2028, year_to=2028)
        self.assertEqual(len(self._leaves()), 2)

    def test_bad_file_is_refused(self):
        """Issue 9.7: a file that is not an iCalendar gets a clear message, not a traceback."""
        with self.assertRaisesRegex(UserError, "not a valid iCalendar"):
            self._import(ics_file=base64.b64encode(b"\x89PNG not a calendar"))
        with self.assertRaisesRegex(UserError, "no events"):
            self._import(ics_file=base64.b64encode(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"))
        with self.assertRaisesRegex(UserError, "Choose the iCalendar"):
            self._import(ics_file=False)

    def test_only_administrators_import(self):
        """R-SEC-03: working calendars are configured by administrators; a VIP manager cannot
        open the import."""
        with self.assertRaises(AccessError):
            self._import(user=self.manager)

    def test_copy_shipped_chinese_holidays(self):
        """Issue 9.7: the shipped 2025-2027 Chinese holidays copy into a company calendar; the
        National Day week of 2025 is a leave and its two make-up days (Sunday 28 September,
        Saturday 11 October) are working days."""
        wizard = self.env["vip.holiday.import"].with_user(self.admin).create({"calendar_id": self.calendar.id})
        self.assertEqual(
            wizard.source_calendar_id, self.env.ref("vip_customer_care.resource_calendar_cn_public_holidays")
        )
        wizard.action_import()
        national = self._leaves().filtered(lambda leave: leave.date_from == datetime(2025, 9, 30, 16, 0))
        self.assertEqual(national.date_to, datetime(2025, 10, 8, 15, 59, 59))
        days = self._makeup_days()
        for day in (date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
                    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
                    date(2026, 10, 10)):
            self.assertIn(day, days)
        self.assertEqual(len(self._leaves()), 20)
