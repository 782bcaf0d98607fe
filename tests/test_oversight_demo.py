# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 20 (demo): the month before the install day has a figure in every KPI of the
dashboard, some off target, and the demo's monthly report of that month stores them."""
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .call_kw_common import CallKwCase

FIELDS = ["code", "has_value", "value", "status", "record_count"]


@tagged("post_install", "-at_install")
class TestOversightDemo(CallKwCase):
    """R-OVS-01 / R-OVS-02 on the demo data, as the demo's internal control (何婷) reads them
    in the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.compliance = cls.env.ref("vip_customer_care.user_vip_compliance")
        cls.company = cls.env.ref("vip_customer_care.company_golden_phoenix")
        # The demo's "last month" is the month before the install day: its first reception
        # (held on the 6th of that month) tells which one, whatever day the tests run.
        visit = cls.env.ref("vip_customer_care.reception_kpi_done_birthday").date_start
        cls.month = fields.Date.to_date(visit).replace(day=1)
        cls.last_day = cls.month + relativedelta(months=1, days=-1)

    def _dashboard_lines(self):
        """The KPI dashboard of the demo month, opened from the menu (last month by default),
        its period set to the demo month if the tests run in a later month."""
        self.login(self.compliance)
        action = self.call_kw("vip.kpi.dashboard", "action_open_dashboard")
        dashboard_id = action["res_id"]
        [period] = self.call_kw("vip.kpi.dashboard", "read", [[dashboard_id], ["company_id", "date_from", "date_to"]])
        self.assertEqual(period["company_id"][0], self.company.id)
        if (period["date_from"], period["date_to"]) != (str(self.month), str(self.last_day)):
            self.call_kw("vip.kpi.dashboard", "write", [[dashboard_id], {
                "date_from": str(self.month), "date_to": str(self.last_day),
            }])
            self.call_kw("vip.kpi.dashboard", "action_refresh", [[dashboard_id]])
        return self.call_kw("vip.kpi.dashboard.line", "search_read", [[("dashboard_id", "=", dashboard_id)]],
                            {"fields": FIELDS, "order": "sequence"})

    def test_last_month_has_every_kpi(self):
        """R-OVS-01: the demo's last month shows a figure in each of the ten KPIs, measured on
        records (none "No data"), some off target and some on target."""
        lines = self._dashboard_lines()
        self.assertEqual(len(lines), 10)
        self.assertEqual([line["code"] for line in lines if not line["has_value"]], [])
        self.assertNotIn("warning", {line["status"] for line in lines})
        by_code = {line["code"]: line for line in lines}
        # Every KPI but the major-complaint rate (no major complaint that month: 0 %) counts records.
        self.assertEqual([code for code, line in by_code.items() if code != "major_complaint" and not line["record_count"]], [])
        off = {code for code, line in by_code.items() if line["status"] == "bad"}
        self.assertGreaterEqual(len(off), 2, off)
        self.assertTrue({"on_site", "complaint_on_time"} <= off, off)
        self.assertTrue({"satisfaction", "cost_control", "appointment", "approval_on_time"}.isdisjoint(off), off)
        # The figures of the demo story (vip_oversight_kpi_demo.xml): security late at one of
        # the two incidents, one of the two complaints closed late, both appointments visited.
        self.assertEqual(by_code["on_site"]["value"], 50.0)
        self.assertEqual(by_code["complaint_on_time"]["value"], 50.0)
        self.assertEqual(by_code["appointment"]["value"], 100.0)
        self.assertEqual(by_code["approval_on_time"]["value"], 100.0)

    def test_monthly_report_stores_the_figures(self):
        """R-OVS-02: the demo's monthly report of last month (generated at install, as the cron
        of the 1st does) stores the figures the dashboard shows."""
        lines = self._dashboard_lines()
        [report] = self.call_kw("vip.monthly.report", "search_read", [[
            ("company_id", "=", self.company.id), ("month", "=", str(self.month)),
        ]], {"fields": ["kpi_data", "state", "reception_count", "incident_count"]})
        self.assertEqual(report["state"], "draft")
        stored = {line["code"]: line for line in report["kpi_data"]}
        self.assertEqual(
            {code: (round(line["value"], 2), line["status"], line["count"]) for code, line in stored.items()},
            {line["code"]: (round(line["value"], 2), line["status"], line["record_count"]) for line in lines},
        )
        self.assertGreaterEqual(report["reception_count"], 2)
        self.assertEqual(report["incident_count"], 1)
