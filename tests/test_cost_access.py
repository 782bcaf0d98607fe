# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError

from .cost_common import CostCommon


class TestCostAccess(CostCommon):
    """R-COST-02 access: finance sees and links every reception cost of its companies; sales
    see the totals of their own receptions only; security sees no costs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bill = cls._bill(cls, 2500.0)
        cls.bill.with_user(cls.finance_1).action_post()

    def test_finance_sees_and_links(self):
        """R-COST-02: finance reads the analysis, the analytic lines and links a bill line."""
        analysis = self.env["vip.reception.cost.analysis"].with_user(self.finance_1).search(
            [("reception_id", "=", self.reception.id)])
        self.assertEqual(sum(analysis.mapped("actual")), 2500.0)
        lines = self.env["account.analytic.line"].with_user(self.finance_1).search(
            [("vip_reception_id", "=", self.reception.id)])
        self.assertEqual(len(lines), 1)
        bill = self._bill(10.0)
        self.assertEqual(bill.invoice_line_ids.with_user(self.finance_1).vip_reception_id, self.reception)
        self.assertEqual(self.reception.with_user(self.finance_1).vip_bill_count, 1)

    def test_sales_see_totals_of_own_receptions_only(self):
        """R-COST-02: the requester reads the totals of their reception, not the cost lines;
        another salesperson reads nothing of it."""
        mine = self.reception.with_user(self.requester)
        self.assertEqual(mine.vip_cost_actual, 2500.0)
        self.assertEqual(mine.vip_cost_budget, 15000.0)
        with self.assertRaises(AccessError):
            mine.read(["vip_cost_line_ids"])
        with self.assertRaises(AccessError):
            self.env["vip.reception.cost.analysis"].with_user(self.requester).search([])
        with self.assertRaises(AccessError):
            self.env["account.analytic.line"].with_user(self.requester).search([])
        with self.assertRaises(AccessError):
            self.reception.with_user(self.sales_other).read(["vip_cost_actual"])

    def test_security_sees_no_costs(self):
        """R-COST-02 / R-SEC-01: security reads the reception but none of its costs."""
        guarded = self.reception.with_user(self.guard)
        guarded.read(["name"])
        for field in ("vip_cost_actual", "vip_cost_budget", "vip_analytic_account_id"):
            with self.assertRaises(AccessError):
                guarded.read([field])
        with self.assertRaises(AccessError):
            self.env["vip.reception.cost.analysis"].with_user(self.guard).search([])
        with self.assertRaises(AccessError):
            self.env["vip.reception.budget.supplement"].with_user(self.guard).search([])

    def test_other_company_finance_sees_nothing(self):
        """R-SEC-02: costs stay within the company."""
        other = self.env["res.company"].create({"name": "Other Cost Co"})
        finance_other = self.env["res.users"].create({
            "name": "Other finance", "login": "cost_other_finance", "company_id": other.id,
            "company_ids": [(6, 0, other.ids)],
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("vip_customer_care.group_vip_finance").id])],
        })
        self.assertFalse(self.env["vip.reception.cost.analysis"].with_user(finance_other).search(
            [("reception_id", "=", self.reception.id)]))
        self.assertFalse(self.env["account.analytic.line"].with_user(finance_other).search(
            [("vip_reception_id", "=", self.reception.id)]))
