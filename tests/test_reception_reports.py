# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .reception_common import ReceptionCommon
from .test_valuable_handover import SIGNATURE


@tagged("post_install", "-at_install")
class TestReceptionReports(ReceptionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reception = cls.env["vip.reception"].browse(cls._reception(cls, 60000).id)
        cls.customer.write({"vip_id_type": "prc_id", "vip_id_number": "11010519491231002X"})

    def _render(self, xmlid, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.marketing)
        html = Report._render_qweb_html(xmlid, records.ids)[0].decode()
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(xmlid, records.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf produced a PDF")
        return html

    def test_application_form(self):
        """R-REC-01 / R-APV-09: the application form shows the request and the signatures."""
        reception = self.reception
        self._to_approval(reception)
        self._approve_next(reception, self.marketing)
        html = self._render("vip_customer_care.action_report_vip_reception_application", reception)
        for text in (reception.name, "Domestic VIP", "Private jade viewing", "Marketing review", self.marketing.name, "60,000.00"):
            self.assertIn(text, html)

    def test_plan(self):
        """R-REC-02: the plan shows schedule, staff, venue and budget by category."""
        html = self._render("vip_customer_care.action_report_vip_reception_plan", self.reception)
        for text in (self.reception.name, "Step 0", "VIP room 1", "Meals", "per head", "60,000.00"):
            self.assertIn(text, html)

    def test_record_masks_identity_for_others(self):
        """R-REC-09 / R-PII-01: the record shows customers with their identity masked for
        marketing and in full for security; the guard's copy has no budget."""
        html = self._render("vip_customer_care.action_report_vip_reception_record", self.reception)
        self.assertIn("1101**********002X", html)
        self.assertIn("60,000.00", html)
        guard_html = self._render("vip_customer_care.action_report_vip_reception_record", self.reception, self.guard)
        self.assertIn("11010519491231002X", guard_html)
        self.assertNotIn("60,000.00", guard_html)

    def test_handover_record(self):
        """R-VAL-01: the handover record shows item, weight to the milligram, verifiers and
        the customer's signature."""
        handover = self.env["vip.valuable.handover"].create({
            "company_id": self.company.id, "partner_id": self.customer.id, "item": "Ruby ring",
            "weight": 4.007, "verifier_1_id": self.head_employee.id, "verifier_2_id": self.guard_employee.id,
            "customer_signature": SIGNATURE, "video_reference": "CAM-01",
        })
        html = self._render("vip_customer_care.action_report_vip_valuable_handover", handover)
        for text in (handover.name, "Ruby ring", "4.007", self.head_employee.name, "CAM-01", "data:image/png;base64"):
            self.assertIn(text, html)

    def test_plan_in_customer_language(self):
        """R-REC-06: reports speak the customer's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        self.assertEqual(self.reception._report_lang(), "zh_CN")
