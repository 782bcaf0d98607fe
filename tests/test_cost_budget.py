# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command

from .cost_common import CostCommon


class TestCostBudget(CostCommon):
    """R-COST-01 / R-COST-02: budget by category, actual costs from expenses and vendor bills
    linked through analytic accounting, in company currency at the document date."""

    def test_analytic_account_at_approval(self):
        """R-COST-02: an approved reception gets its analytic account in the plan "VIP receptions"."""
        account = self.reception.vip_analytic_account_id
        self.assertTrue(account)
        self.assertEqual(account.plan_id, self.env.ref("vip_customer_care.analytic_plan_vip_receptions"))
        self.assertEqual(account.vip_reception_id, self.reception)
        self.assertEqual(account.company_id, self.company)
        # Issue 23: "[number] customer · purpose", not the number twice.
        self.assertEqual(account.code, self.reception.name)
        self.assertEqual(account.name, f"{self.customer.name} · {self.reception.purpose}")
        self.assertEqual(account.display_name, f"[{self.reception.name}] {self.customer.name} · {self.reception.purpose}")

    def test_reception_named_in_full_on_expenses_and_bills(self):
        """Issue 23 (R-COST-02): where an expense or a bill line picks a reception, it reads with
        its customer, purpose and budget, and can be found by the customer's name; a new
        reception reads "New" until it takes its number."""
        Reception = self.env["vip.reception"].with_user(self.requester).with_context(vip_reception_detail=True)
        found = Reception.name_search(self.customer.name)
        self.assertIn(self.reception.id, [rid for rid, _name in found])
        label = dict(found)[self.reception.id]
        self.assertEqual(label, f"{self.reception.name} · {self.customer.name} · {self.reception.purpose} · "
                                f"{self.reception.currency_id.format(self.reception.amount_total)}")
        self.assertEqual(self.reception.with_user(self.requester).display_name, self.reception.name)
        view = self.env.ref("vip_customer_care.hr_expense_view_form_vip_cost")
        self.assertIn("vip_reception_detail", view.arch)
        self.assertEqual(self.env["vip.reception"].with_user(self.requester).default_get(["name"])["name"], "New")
        self.assertTrue(self._approved_reception().name.startswith("REC/"))

    def test_reception_fills_distribution_and_back(self):
        """R-COST-02: picking the reception fills the distribution; picking the analytic account
        sets the reception."""
        expense = self._expense(100.0)
        account = self.reception.vip_analytic_account_id
        self.assertEqual(expense.analytic_distribution, {str(account.id): 100.0})
        bill = self._bill(200.0)
        line = bill.invoice_line_ids
        self.assertEqual(line.analytic_distribution, {str(account.id): 100.0})
        other = self.env["account.move"].with_user(self.finance_1).create({
            "move_type": "in_invoice", "company_id": self.company.id, "partner_id": self.vendor.id,
            "invoice_date": date(2026, 12, 3),
            "invoice_line_ids": [Command.create({
                "product_id": self.transport_product.id, "price_unit": 50.0, "tax_ids": [Command.clear()],
                "analytic_distribution": {str(account.id): 100.0},
            })],
        })
        self.assertEqual(other.invoice_line_ids.vip_reception_id, self.reception)

    def test_budget_vs_actual_two_currencies(self):
        """R-COST-02: posted bills and an approved expense report, in CNY and USD, land in
        their categories converted at the document date."""
        bill = self._bill(3000.0)
        bill.with_user(self.finance_1).action_post()
        # USD 100 on 3 December (0.1) = CNY 1,000.
        usd_bill = self._bill(100.0, product=self.transport_product, currency=self.usd)
        usd_bill.with_user(self.finance_1).action_post()
        # USD 50 on 20 November (0.125) = CNY 400.
        expense = self._expense(50.0, currency=self.usd, expense_date=date(2026, 11, 20))
        self.assertAlmostEqual(expense.total_amount, 400.0)
        sheet = self._submit(self._sheet(expense))
        self._approve_sheet(sheet)
        figures = self.reception._vip_budget_vs_actual()
        self.assertEqual(figures[self.reception.id, "meals"], [10000.0, 3400.0])
        self.assertEqual(figures[self.reception.id, "transport"], [5000.0, 1000.0])
        # Posting the expense report moves its amount to the journal items, not twice.
        sheet.with_user(self.finance_1).action_sheet_move_post()
        figures = self.reception._vip_budget_vs_actual()
        self.assertEqual(figures[self.reception.id, "meals"], [10000.0, 3400.0])
        reception = self.reception.with_user(self.finance_1)
        self.assertEqual(reception.vip_cost_actual, 4400.0)
        self.assertEqual(reception.vip_cost_remaining, 10600.0)
        self.assertEqual(reception.vip_expense_count, 1)
        self.assertEqual(reception.vip_bill_count, 2)
        # The analysis view shows the same figures.
        rows = self.env["vip.reception.cost.analysis"].with_user(self.finance_1).search(
            [("reception_id", "=", self.reception.id)])
        self.assertEqual({r.category: (r.budget, r.actual) for r in rows},
                         {"meals": (10000.0, 3400.0), "transport": (5000.0, 1000.0)})
        self.assertEqual(set(reception.action_vip_view_bills()["domain"][0][2]), set((bill | usd_bill).ids))

    def test_category_from_account(self):
        """R-COST-02: without a product category, the account's category counts."""
        bill = self._bill(500.0)
        line = bill.invoice_line_ids
        product = self.env["product.product"].create({"name": "Misc", "type": "service", "company_id": self.company.id})
        # Configuration by an accounting administrator.
        self.env["account.account"].browse(line.account_id.id).vip_cost_category = "transport"
        bill.write({"invoice_line_ids": [Command.update(line.id, {"product_id": product.id, "price_unit": 500.0})]})
        self.env.flush_all()
        bill.with_user(self.finance_1).action_post()
        figures = self.reception._vip_budget_vs_actual()
        self.assertEqual(figures[self.reception.id, "transport"], [5000.0, 500.0])

    def _post_lines(self, count):
        bill = self.env["account.move"].with_user(self.finance_1).create({
            "move_type": "in_invoice", "company_id": self.company.id, "partner_id": self.vendor.id,
            "invoice_date": date(2026, 12, 3),
            "invoice_line_ids": [Command.create({
                "product_id": (self.meals_product if i % 2 else self.transport_product).id,
                "price_unit": 10.0, "tax_ids": [Command.clear()], "vip_reception_id": self.reception.id,
            }) for i in range(count)],
        })
        bill.with_user(self.finance_1).action_post()

    def test_budget_vs_actual_query_count(self):
        """R-COST-02: budget versus actual is a constant number of grouped queries, whatever
        the number of cost lines: the same with 2 and with 200 lines (4 grouped queries; the
        totals on the form add the reception's own fields)."""
        reception = self.reception.with_user(self.finance_1)
        self._post_lines(2)
        reception._vip_budget_vs_actual()  # warm the record rules' cache
        for count, actual in ((2, 20.0), (198, 2000.0)):
            if count == 198:
                self._post_lines(198)
                self.assertEqual(self.env["account.analytic.line"].search_count(
                    [("vip_reception_id", "=", self.reception.id)]), 200)
            self.env.invalidate_all()
            with self.assertQueryCount(7):
                figures = reception._vip_budget_vs_actual()
            self.assertEqual(sum(figures[self.reception.id, c][1] for c in ("meals", "transport")), actual)
            self.env.invalidate_all()
            with self.assertQueryCount(7):
                self.assertEqual(reception.vip_cost_actual, actual)

    def test_plan_pdf_budget_vs_actual(self):
        """R-COST-02: the internal plan lists budget versus actual by category."""
        self._bill(700.0).with_user(self.finance_1).action_post()
        report = self.env.ref("vip_customer_care.action_report_vip_reception_plan")
        html = self.env["ir.actions.report"].with_user(self.finance_1)._render_qweb_html(
            report.report_name, self.reception.ids)[0].decode()
        self.assertIn("Budget versus actual", html)
        self.assertIn("700.00", html)
