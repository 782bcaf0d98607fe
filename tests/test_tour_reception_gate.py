# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged

from .reception_common import ReceptionCommon
from .visitor_common import VisitorCommon


@tagged("post_install", "-at_install")
class TestReceptionGateTours(HttpCase, ReceptionCommon):
    def test_reception_form_in_browser(self):
        """R-APV-09: in the browser the requester opens a reception under approval and sees its
        schedule and the tier reviews."""
        reception = self._to_approval(self._reception(10000))
        self.assertTrue(reception.review_ids)
        self.start_tour("/odoo/action-vip_customer_care.action_vip_reception_my?view_type=list",
                        "vip_customer_care_reception_form", login="rec_requester")

    def test_gate_screen_in_browser(self):
        """R-ACC-06: at the gate screen a guard types a code and sees the deny reason."""
        self.env["vip.access.gate"].create({"name": "Tour gate", "company_id": self.company.id})
        self.start_tour("/odoo/action-vip_customer_care.action_vip_gate_check",
                        "vip_customer_care_gate", login="rec_guard")


@tagged("post_install", "-at_install")
class TestGateTwoScansTour(HttpCase, VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()

    def test_check_in_and_out_with_two_scans_in_chinese(self):
        """R-ACC-06/07/08 / issue 23: in the browser, in zh_CN, a guard checks a visitor in with
        one scan (and the belongings check), and, once the host confirmed, out with one scan."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.guard.lang = "zh_CN"
        now = datetime.now().replace(microsecond=0)
        access_pass = self.vip_pass
        # Test shortcut: the pass valid now (the browser runs in real time), with a known code.
        access_pass.flush_recordset()
        self.env.cr.execute(
            "UPDATE vip_access_pass SET code = %s, date_from = %s, date_to = %s WHERE id = %s",
            ["TOURPASS0001", now - timedelta(hours=1), now + timedelta(hours=3), access_pass.id],
        )
        self.env.cr.execute(
            "UPDATE vip_visit_appointment SET date_start = %s, date_end = %s WHERE id = %s",
            [now - timedelta(hours=1), now + timedelta(hours=3), access_pass.appointment_id.id],
        )
        access_pass.invalidate_recordset()
        url = "/odoo/action-vip_customer_care.action_vip_gate_check"
        self.start_tour(url, "vip_customer_care_gate_check_in", login=self.guard.login)
        access_pass.invalidate_recordset()
        self.assertEqual(access_pass.state, "checked_in")
        self.assertTrue(access_pass.log_ids.filtered(lambda log: log.event == "check_in").belongings_checked)
        access_pass.with_user(self.requester).action_host_confirm()
        self.start_tour(url, "vip_customer_care_gate_check_out", login=self.guard.login)
        access_pass.invalidate_recordset()
        self.assertEqual(access_pass.state, "returned")
        self.assertEqual(access_pass.log_ids.mapped("event"), ["check_out", "check_in"])
