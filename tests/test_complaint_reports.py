# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaint record (客户投诉记录表) and incident report PDFs rendered by wkhtmltopdf and read
back with pdftotext (as in test_report_pdf)."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import compact, pdf_text, require_pdf_tools
from .complaint_common import ComplaintCommon
from .reception_common import FRIDAY

CUSTOMER = "王美玲"


@tagged("post_install", "-at_install")
class TestComplaintReports(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_pdf_tools()
        cls.customer.name = CUSTOMER

    def _text(self, xmlid, records, user):
        return pdf_text(self.env, xmlid, records, user=user)

    def test_complaint_record_pdf(self):
        """R-CMP-07: the complaint record (客户投诉记录表) shows the customer, the root cause,
        the actions and every cycle, in Chinese characters."""
        ticket = self._solve(self._investigate(self._complaint(name="手镯划痕")))
        ticket.with_user(self.cs).write({"vip_action_ids": [
            (0, 0, {"kind": "preventive", "name": "更换抛光轮", "owner_id": self.head.id, "due_date": "2026-12-15"}),
        ]})
        text = self._text("vip_customer_care.action_report_vip_complaint", ticket, self.cs)
        for expected in ("客户投诉记录表", CUSTOMER, "手镯划痕", "更换抛光轮", "Polishingwheeltoocoarse", ticket.number):
            self.assertIn(compact(expected), text)

    def test_incident_report_pdf_with_timeline(self):
        """R-INC-02: the incident report (突发事件报告) lists the timeline with the late step."""
        with freeze_time(FRIDAY):
            incident = self.env["vip.incident"].with_user(self.guard).create({
                "company_id": self.company.id, "title": "客户晕倒", "incident_type": "illness",
                "partner_id": self.customer.id,
            })
        with freeze_time("2026-11-20 10:20:00"):
            incident.step_ids[:2].with_user(self.guard).action_record_now()
        text = self._text("vip_customer_care.action_report_vip_incident", incident, self.gm)
        for expected in ("突发事件报告", "客户晕倒", CUSTOMER, "Securityonsite", "GMinformed", "Late", incident.name):
            self.assertIn(compact(expected), text)
