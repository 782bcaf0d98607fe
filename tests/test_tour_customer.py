# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerTour(HttpCase):
    def test_sales_sees_masked_id(self):
        """R-PII-01 / R-PII-02: in the browser a salesperson opens VIP Care > Customers, opens
        their VIP customer and sees the masked ID number on the VIP tab."""
        sales = new_test_user(self.env, login="tour_sales", groups="vip_customer_care.group_vip_user")
        self.env["res.partner"].create({
            "name": "Tour VIP Customer", "vip_service_level": "vip", "vip_access_grade": "special",
            "user_id": sales.id, "vip_id_type": "prc_id", "vip_id_number": "11010519491231002X",
        })
        self.start_tour("/odoo", "vip_customer_care_masked_id", login="tour_sales")
