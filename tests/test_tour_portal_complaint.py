# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalComplaintTour(HttpCase):
    def test_portal_customer_files_complaint(self):
        """R-CMP-01, R-PII-02, issue 22: in the browser, in Chinese, a VIP customer's portal
        account opens My complaints from /my, files a complaint (type chosen, no team) and
        sees it on its page with its stage and deadlines, then listed with its stage. The
        complaint is the customer's, in the VIP team, received by "web"."""
        self.env.ref("base.lang_zh_CN").active = True
        company = self.env.ref("base.main_company")
        customer = self.env["res.partner"].create({
            "name": "Tour Portal VIP", "vip_service_level": "vip", "company_id": company.id,
            "email": "tour.portal.vip@example.com", "lang": "zh_CN",
        })
        new_test_user(
            self.env, login="tour_portal_vip", groups="base.group_portal", partner_id=customer.id,
            company_id=company.id, company_ids=[company.id], lang="zh_CN",
        )
        self.start_tour("/my", "vip_customer_care_portal_complaint", login="tour_portal_vip")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "门店服务态度差")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, customer)
        self.assertTrue(ticket.team_id.vip_customer_service)
        self.assertEqual((ticket.vip_channel, ticket.vip_type), ("web", "complaint"))
        self.assertTrue(ticket.vip_received_date and ticket.vip_close_due)
