# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .reception_common import ReceptionCommon


@tagged("post_install", "-at_install")
class TestReceptionAccess(ReceptionCommon):
    def test_sales_sees_own_receptions_only(self):
        """R-PII-02: a salesperson cannot read another salesperson's reception or its lines."""
        reception = self._reception(10000)
        Reception = self.env["vip.reception"]
        self.assertEqual(Reception.with_user(self.requester).search([("id", "=", reception.id)]), reception)
        self.assertFalse(Reception.with_user(self.sales_other).search([("id", "=", reception.id)]))
        with self.assertRaises(AccessError):
            reception.with_user(self.sales_other).read(["name"])
        self.assertFalse(self.env["vip.reception.schedule"].with_user(self.sales_other).search(
            [("reception_id", "=", reception.id)]))

    def test_reviewer_sees_reception_to_review(self):
        """R-PII-02: the department head reads the receptions waiting for them."""
        reception = self._to_approval(self._reception(10000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
        self.assertEqual(self.env["vip.reception"].with_user(self.head).search([("id", "=", reception.id)]), reception)

    def test_guard_reads_reception_but_not_budget(self):
        """R-SEC-01: security reads receptions but not their budgets."""
        reception = self._reception(10000)
        guarded = reception.with_user(self.guard)
        self.assertEqual(guarded.read(["name"])[0]["name"], reception.name)
        with self.assertRaises(AccessError):
            guarded.read(["amount_total"])
        with self.assertRaises(AccessError):
            guarded.read(["budget_line_ids"])
        with self.assertRaises(AccessError):
            self.env["vip.reception.budget"].with_user(self.guard).search([("reception_id", "=", reception.id)])

    def test_departments_read_all(self):
        """R-SEC-01: marketing, administration, finance and compliance read every reception;
        compliance cannot change it."""
        reception = self._reception(10000)
        for user in (self.marketing, self.admin_dept, self.finance_1, self.compliance, self.gm):
            with self.subTest(user=user.login):
                self.assertEqual(reception.with_user(user).read(["amount_total"])[0]["amount_total"], 10000)
        with self.assertRaises(AccessError):
            reception.with_user(self.compliance).write({"purpose": "changed"})

    def test_multi_company(self):
        """R-SEC-02: receptions of another company stay invisible."""
        reception = self._reception(10000)
        other = self.env["res.company"].create({"name": "Elsewhere"})
        officer = self.env["res.users"].create({
            "name": "Other officer", "login": "other_officer", "company_id": other.id, "company_ids": [(6, 0, other.ids)],
            "groups_id": [(6, 0, [self.env.ref("vip_customer_care.group_vip_manager").id])],
        })
        self.assertFalse(self.env["vip.reception"].with_user(officer).search([("id", "=", reception.id)]))
