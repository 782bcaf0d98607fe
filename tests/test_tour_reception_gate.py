# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .reception_common import ReceptionCommon


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
