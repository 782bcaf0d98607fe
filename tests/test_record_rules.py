# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import VipCommon


@tagged("post_install", "-at_install")
class TestRecordRules(VipCommon):
    def _visible(self, user):
        customers = self.customer | self.customer_other | self.customer_b
        return self.env["res.partner"].with_user(user).search([("id", "in", customers.ids)])

    def test_sales_see_own_customers_only(self):
        """R-PII-02: a salesperson sees the customers they are responsible for."""
        self.assertEqual(self._visible(self.sales), self.customer)
        self.assertEqual(self._visible(self.sales_other), self.customer_other)
        with self.assertRaises(AccessError):
            self.customer_other.with_user(self.sales).read(["name"])
        with self.assertRaises(AccessError):
            self.customer_other.with_user(self.sales).write({"vip_preferences": "tea"})

    def test_dedicated_agent_sees_customer(self):
        """R-PII-02: the dedicated service agent also sees the customer."""
        self.customer_other.vip_agent_id = self.sales
        self.assertEqual(self._visible(self.sales), self.customer | self.customer_other)

    def test_directors_and_departments_see_all(self):
        """R-PII-02 / R-SEC-01: marketing, administration, security, finance, compliance,
        managers and the GM see every customer of their company."""
        for role in ("officer", "administration", "security", "finance", "compliance", "manager", "gm"):
            with self.subTest(role=role):
                self.assertEqual(self._visible(self.users[role]), self.customer | self.customer_other)

    def test_sales_create_customer_for_themselves(self):
        """R-PII-02: a customer created by a salesperson is theirs and stays visible."""
        partner = self.env["res.partner"].with_user(self.sales).with_context(
            default_user_id=self.sales.id
        ).create({"name": "New VIP", "vip_service_level": "general", "company_id": self.company_a.id})
        self.assertEqual(partner.user_id, self.sales)
        self.assertEqual(self.env["res.partner"].with_user(self.sales).search([("id", "=", partner.id)]), partner)

    def test_multi_company_isolation(self):
        """R-SEC-02: users see only the customers of their allowed companies."""
        self.assertEqual(self._visible(self.sales_b), self.customer_b)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.sales_b).read(["name"])
        manager = self.users["manager"]
        self.assertNotIn(self.customer_b, self._visible(manager))
        manager.company_ids = [(4, self.company_b.id)]
        both = self.env["res.partner"].with_user(manager).with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        ).search([("id", "in", (self.customer | self.customer_b).ids)])
        self.assertEqual(both, self.customer | self.customer_b)

    def test_groups_hierarchy(self):
        """R-SEC-01: every role but the guard implies the VIP user group (the guard stays out
        of budgets); the GM implies the manager."""
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.assertEqual(user.has_group("vip_customer_care.group_vip_user"), role != "security")
        self.assertTrue(self.users["gm"].has_group("vip_customer_care.group_vip_manager"))
        self.assertTrue(self.users["manager"].has_group("vip_customer_care.group_vip_officer"))
        self.assertFalse(self.users["manager"].has_group("vip_customer_care.group_vip_compliance"))
