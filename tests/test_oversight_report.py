# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-OVS-02: the monthly execution report to the GM office (receptions, satisfaction,
complaints, spend versus budget, risk events, open rectifications), its PDF, its cron on the
1st and its sending by the 5th."""
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from . import test_oversight_kpi as kpi_tests
from .call_kw_common import CallKwCase
from .common import compact, pdf_text, pdf_to_text, require_pdf_tools
from .reception_common import ReceptionCommon

MARCH = date(2026, 3, 1)
KPI_KEYS = ("code", "value", "target", "direction", "status", "count", "previous", "trend")
REPORT = "vip_customer_care.action_report_vip_monthly_report"
# The data-building helpers of the KPI tests (same data set, same figures).
KPI_CASE = kpi_tests.TestOversightKpi.__dict__


@tagged("post_install", "-at_install")
class TestOversightReport(ReceptionCommon):
    """R-OVS-02 on the KPI tests' data set for March 2026 (receptions A..D held, scores 90 and
    91, budget 2,000 and actual 2,000), a major and a general complaint, one safety incident
    and three rectifications (one late general, one major draft, one closed)."""

    _reception_vals = KPI_CASE["_reception_vals"]
    _held = KPI_CASE["_held"]
    _actual = KPI_CASE["_actual"]
    _incident = KPI_CASE["_incident"]
    _complaint = KPI_CASE["_complaint"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["vip.monthly.report"]
        cls.manager = new_test_user(
            cls.env, login="report_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.rec_a = cls._held((3, 3), "done", score=90.0, budget=1000.0, actual=800.0)
        cls.rec_b = cls._held((3, 10), "review", score=91.0, budget=1000.0, actual=1200.0)
        cls._held((3, 12), "done")
        cls._held((3, 20), "approved")
        cls._held((3, 21), "draft")
        # The GM office (R-OVS-02): its manager reads Chinese, a member follows too.
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["vip_customer_care"], ["zh_CN"])
        cls.gm_office.lang = "zh_CN"
        Employee = cls.env["hr.employee"]
        office_manager = Employee.create({"name": "总经理办公室主任", "user_id": cls.gm_office.id, "company_id": cls.company.id})
        cls.gm_department = cls.env["hr.department"].create({
            "name": "GM office", "company_id": cls.company.id, "manager_id": office_manager.id,
        })
        office_manager.department_id = cls.gm_department
        Employee.create({"name": "GM", "user_id": cls.gm.id, "company_id": cls.company.id,
                         "department_id": cls.gm_department.id})
        cls.company.vip_gm_office_department_id = cls.gm_department
        Rect = cls.env["vip.rectification"]
        late, major, closed = Rect.create([
            {"company_id": cls.company.id, "title": "Late", "description": "x", "level": "general"},
            {"company_id": cls.company.id, "title": "Major", "description": "x", "level": "major"},
            {"company_id": cls.company.id, "title": "Closed", "description": "x", "level": "urgent"},
        ])
        late._vip_action_write({"state": "in_progress", "deadline": datetime(2026, 4, 1, 9)})
        closed._vip_action_write({"state": "closed"})

    def setUp(self):
        super().setUp()
        self._complaint(datetime(2026, 3, 4, 10), severity="major", validity="valid")
        self._complaint(datetime(2026, 3, 5, 10))
        self._complaint(datetime(2026, 4, 2, 10), severity="major", validity="valid")  # April: not counted
        self._incident((3, 6))

    def _generate(self, user=None, month=MARCH):
        wizard = self.env["vip.monthly.report.wizard"].with_user(user or self.compliance).create({
            "company_id": self.company.id, "month": month + timedelta(days=14),
        })
        action = wizard.action_generate()
        return self.Report.browse(action["res_id"])

    # ------------------------------------------------------------------ figures
    def test_figures_are_the_kpis_of_the_month(self):
        """R-OVS-02 / R-OVS-01: the report's figures are ``_vip_kpi_compute``'s output for March
        (the same KPI lines and counts): 4 receptions held, satisfaction 90.5 on 2 scores, 2
        complaints of which 1 major, 1 risk event, spend 2,000 of 2,000 (100 %), and the open
        rectifications by level (1 general late, 1 major)."""
        self.env.flush_all()
        kpis = self.env["vip.oversight.kpi"].with_user(self.compliance)._vip_kpi_compute(
            self.company, MARCH, date(2026, 3, 31),
        )
        report = self._generate()
        self.assertEqual(report.month, MARCH)
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.kpi_data, [{key: line[key] for key in KPI_KEYS} for line in kpis])
        by_code = {line["code"]: line for line in kpis}
        self.assertEqual(report.reception_count, 4)
        self.assertAlmostEqual(report.satisfaction, by_code["satisfaction"]["value"])
        self.assertAlmostEqual(report.satisfaction, 90.5)
        self.assertEqual(report.satisfaction_count, by_code["satisfaction"]["count"])
        self.assertEqual((report.complaint_count, report.major_complaint_count), (2, by_code["major_complaint"]["count"]))
        self.assertEqual(report.major_complaint_count, 1)
        self.assertEqual(report.incident_count, by_code["safety_incident"]["count"])
        self.assertEqual(report.incident_count, 1)
        self.assertAlmostEqual(report.cost_control_rate, by_code["cost_control"]["value"])
        self.assertEqual((report.budget_total, report.actual_total), (2000.0, 2000.0))
        # By category: the budget was for meals, the costs were booked without a category (other).
        self.assertEqual(report.cost_data, [
            {"category": "meals", "budget": 2000.0, "actual": 0.0},
            {"category": "other", "budget": 0.0, "actual": 2000.0},
        ])
        self.assertEqual(
            (report.rect_open_count, report.rect_general_count, report.rect_major_count,
             report.rect_urgent_count, report.rect_late_count),
            (2, 1, 1, 0, 1),
        )
        # A draft is refreshed: a new score in March shows once the month is generated again.
        self._held((3, 25), "done", score=88.0)
        self.assertEqual(self._generate(), report)
        self.assertEqual(report.reception_count, 5)
        self.assertAlmostEqual(report.satisfaction, (90 + 91 + 88) / 3, places=2)
        self.assertEqual(self.Report.search_count([("company_id", "=", self.company.id), ("month", "=", MARCH)]), 1)

    def test_pdf_in_the_gm_office_language(self):
        """R-OVS-02: the PDF shows the stored figures with Chinese headings and KPI names, in the
        GM office manager's language (zh_CN) whoever prints it; it does not change once later
        data of the month arrives."""
        require_pdf_tools()
        report = self._generate()
        text = pdf_text(self.env, REPORT, report, user=self.compliance)
        for expected in ("月度执行报告", "本月概况", "核心指标", "客户满意度", "重大投诉率", "90.50", "100.00", "2026-03"):
            self.assertIn(compact(expected), text)
        self._held((3, 26), "done", score=10.0)
        self.assertNotIn("66.67", pdf_text(self.env, REPORT, report, user=self.compliance))

    # ------------------------------------------------------------------ cron
    def test_cron_on_the_first_generates_last_month_once(self):
        """R-OVS-02: the cron of 1 April 2026 creates March's report of the company; running it
        again keeps the same report (not regenerated)."""
        self.env.flush_all()
        with freeze_time("2026-04-01 03:00:00"):
            self.Report._cron_generate()
            report = self.Report.search([("company_id", "=", self.company.id)])
            self.assertEqual(report.month, MARCH)
            generated = report.generated_date
        with freeze_time("2026-04-01 04:00:00"):
            self.Report._cron_generate()
        self.assertEqual(self.Report.search([("company_id", "=", self.company.id)]), report)
        self.assertEqual(report.generated_date, generated)
        self.assertEqual(report.reception_count, 4)

    # ------------------------------------------------------------------ sending
    def test_send_to_gm_office_due_on_the_5th_working_day(self):
        """R-OVS-02: sending posts the report with its PDF to the GM office (manager and member
        follow it) and gives the office's manager an activity due by the 5th; 5 April 2026 is a
        Sunday, so it is due on Monday 6 April (company calendar). A sent report is kept: generating
        the month again and editing it are refused."""
        report = self._generate()
        # Test mode renders reports as HTML unless asked for the real PDF.
        report.with_user(self.gm).with_context(force_report_rendering=True).action_send()
        self.assertEqual(report.state, "sent")
        self.assertEqual(report.sent_by_id, self.gm)
        self.assertIn(self.gm_office.partner_id, report.message_partner_ids)
        self.assertIn(self.gm.partner_id, report.message_partner_ids)
        message = report.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertTrue(message, "no message with the PDF")
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        self.assertIn(self.gm_office.partner_id, message.partner_ids)
        require_pdf_tools()
        self.assertIn(compact("月度执行报告"), compact(pdf_to_text(message.attachment_ids.raw)))
        activity = report.activity_ids
        self.assertEqual(activity.user_id, self.gm_office)
        self.assertEqual(activity.date_deadline, date(2026, 4, 6))
        # Kept as sent.
        with self.assertRaisesRegex(UserError, "already sent"):
            self._generate()
        with self.assertRaisesRegex(UserError, "already sent"):
            report.with_user(self.compliance).action_send()
        with self.assertRaises(UserError):
            report.with_user(self.compliance).write({"note": "<p>later</p>"})
        with self.assertRaises(UserError):
            report.with_user(self.compliance).write({"satisfaction": 99.0})
        with self.assertRaises(AccessError):
            report.with_user(self.compliance).unlink()

    def test_due_day_setting(self):
        """R-OVS-02: the due day is a company setting (default 5); on a working day it is kept
        (Friday 3 April 2026 for a due day of 3)."""
        self.assertEqual(self.company.vip_report_due_day, 5)
        self.company.vip_report_due_day = 3
        self.assertEqual(self._generate()._vip_due_date(), date(2026, 4, 3))

    # ------------------------------------------------------------------ access
    def test_access_per_group(self):
        """R-OVS-02 / R-SEC-01: internal control, VIP managers and the GM generate and read the
        report; sales users are refused (AccessError); nobody deletes one; figures are not
        written by hand, even in draft."""
        report = self._generate(self.manager)
        self.assertEqual(self._generate(self.gm), report)
        self.assertEqual(self.Report.with_user(self.compliance).search([("company_id", "=", self.company.id)]), report)
        with self.assertRaises(AccessError):
            self.Report.with_user(self.requester).search([])
        with self.assertRaises(AccessError):
            self.env["vip.monthly.report.wizard"].with_user(self.requester).create({"company_id": self.company.id})
        with self.assertRaises(UserError):
            report.with_user(self.compliance).write({"reception_count": 99})
        with self.assertRaises(UserError):
            report.with_user(self.compliance).write({"state": "sent"})
        report.with_user(self.compliance).write({"note": "<p>评论</p>"})
        with self.assertRaises(AccessError):
            report.with_user(self.gm).unlink()


@tagged("post_install", "-at_install")
class TestOversightReportRpc(CallKwCase):
    """R-OVS-02 over JSON-RPC with the demo users: a sent report refuses regeneration and writes;
    a sales user is refused the reports."""

    def test_sent_report_refuses_over_rpc(self):
        compliance = self.env.ref("vip_customer_care.user_vip_compliance")
        company = compliance.company_id
        report = self.env["vip.monthly.report"].with_user(compliance)._vip_generate(company, MARCH)
        report._vip_action_write({"state": "sent"})
        self.authenticate(compliance.login, compliance.login)
        self.assertRefused("already sent", "vip.monthly.report", "action_refresh", [report.ids])
        self.assertRefused(".", "vip.monthly.report", "write", [report.ids, {"note": "<p>x</p>"}],
                           exception="UserError")
        self.assertRefused(".", "vip.monthly.report", "write", [report.ids, {"satisfaction": 1.0}],
                           exception="UserError")
        self.assertRefused(".", "vip.monthly.report", "unlink", [report.ids], exception="AccessError")
        sales = self.env.ref("vip_customer_care.user_vip_sales")
        self.authenticate(sales.login, sales.login)
        self.assertRefused(".", "vip.monthly.report", "search_read", [[]], exception="AccessError")
