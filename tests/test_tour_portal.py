# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    def test_portal_customer_requests_visit_and_reads_points_in_chinese(self):
        """Issue 22, R-ACC-01 / R-ACC-04 / R-LOY-01: in the browser, in zh_CN, the demo's portal
        customer (张伟) opens My visits, requests a visit (a draft for his salesperson), opens
        his approved visit with its letter and itinerary, and reads his diamond card's points."""
        env = self.env
        user = env.ref("vip_customer_care.user_vip_portal")
        customer = env.ref("vip_customer_care.partner_vip_zhang_wei")
        card = env.ref("vip_customer_care.loyalty_card_vip_zhang_wei")
        env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual((user.partner_id, user.lang), (customer, "zh_CN"))
        self.assertEqual(card.points, 10190, "the tour reads this balance")
        self.assertEqual(env.ref("vip_customer_care.appointment_portal_zhang_approved").state, "approved")
        self.start_tour("/my", "vip_customer_care_portal_visits", login="vip_portal")
        visit = env["vip.visit.appointment"].search([("partner_id", "=", customer.id), ("purpose", "like", "翡翠手镯试戴")])
        self.assertEqual(len(visit), 1)
        self.assertEqual((visit.state, visit.visitor_count, visit.create_uid), ("draft", 2, customer.user_id))
        self.assertIn("张伟, 张丽", visit.purpose)
