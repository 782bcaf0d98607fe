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
        of budgets); every role implies "any VIP role"; only the guard and compliance imply the
        personal-data group (R-PII-01); the GM implies the manager."""
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.assertEqual(user.has_group("vip_customer_care.group_vip_user"), role != "security")
                self.assertTrue(user.has_group("vip_customer_care.group_vip_base"))
                self.assertEqual(user.has_group("vip_customer_care.group_vip_pii"), role in ("security", "compliance"))
                self.assertFalse(user.has_group("vip_customer_care.group_vip_data_export"))
        self.assertFalse(self.internal.has_group("vip_customer_care.group_vip_base"))
        self.assertTrue(self.users["gm"].has_group("vip_customer_care.group_vip_manager"))
        self.assertTrue(self.users["manager"].has_group("vip_customer_care.group_vip_officer"))
        self.assertFalse(self.users["manager"].has_group("vip_customer_care.group_vip_compliance"))

    def test_every_company_model_has_company_rule(self):
        """R-SEC-02: every stored model of the add-on that belongs to a company has a global
        allowed-companies rule (security/vip_*_rules.xml)."""
        Rule = self.env["ir.rule"]
        models = self.env["ir.model"].search([("model", "=like", "vip.%"), ("transient", "=", False)])
        checked = []
        for ir_model in models:
            model = self.env[ir_model.model]
            field = model._fields.get("company_id")
            if model._abstract or not field or not field.store:
                continue
            rules = Rule.search([("model_id", "=", ir_model.id), ("global", "=", True)])
            with self.subTest(model=ir_model.model):
                self.assertTrue([r for r in rules if "company_ids" in r.domain_force])
            checked.append(ir_model.model)
        self.assertIn("vip.data.export.log", checked)
        self.assertIn("vip.reception.budget", checked)

    def test_logs_follow_allowed_companies(self):
        """R-SEC-02 / R-PII-04: compliance of another company does not see the export log."""
        authorised = self.users["officer"]
        authorised.groups_id = [(4, self.env.ref("vip_customer_care.group_vip_data_export").id)]
        self.customer.with_user(authorised).export_data(["name"])
        compliance_b = self.env["res.users"].create({
            "name": "Compliance B", "login": "vip_test_compliance_b", "company_id": self.company_b.id,
            "company_ids": [(6, 0, self.company_b.ids)],
            "groups_id": [(6, 0, [self.env.ref("vip_customer_care.group_vip_compliance").id])],
        })
        self.assertFalse(self.env["vip.data.export.log"].with_user(compliance_b).search([]))
        self.assertEqual(len(self.env["vip.data.export.log"].with_user(self.users["compliance"]).search([])), 1)
