# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .call_kw_common import CallKwCase
from .cost_common import CostCommon


@tagged("post_install", "-at_install")
class TestCostOverRpc(CallKwCase, CostCommon):
    """Issue 18 items 2, 4 and 8 (R-COST-02, R-COST-03, R-COST-06): a reception's actual cost
    is posted accounting. Tried over JSON-RPC with the role users of the cost fixtures
    (reception approved with meals 10,000 and transport 5,000)."""

    def _posted_bill(self, amount, **kwargs):
        bill = self._bill(amount, **kwargs)
        bill.with_user(self.finance_1).action_post()
        return bill

    def _actual(self, category="meals"):
        self.env.invalidate_all()
        return self.reception._vip_budget_vs_actual()[self.reception.id, category]

    def _reception_lines(self, bill):
        return self.env["account.analytic.line"].search([
            ("move_line_id.move_id", "=", bill.id), ("vip_reception_id", "=", self.reception.id),
        ])

    def test_posted_analytic_lines_locked(self):
        """Issue 18 item 4, R-COST-02: the analytic line of a posted bill cannot be edited,
        deleted or copied by finance, no analytic line is entered by hand on the reception's
        account, and the bill cannot go back to draft: a credit note is the way. Actual
        cost unchanged."""
        bill = self._posted_bill(3000.0)
        line = self._reception_lines(bill)
        self.assertEqual((len(line), line.amount), (1, -3000.0))
        self.assertEqual(self._actual(), [10000.0, 3000.0])
        Line = "account.analytic.line"
        self.login(self.finance_1)
        self.assertRefused(r"changes only by a reversal or credit note", Line, "write", [line.ids, {"amount": -1.0}])
        self.assertRefused(r"changes only by a reversal or credit note", Line, "unlink", [line.ids])
        self.assertRefused(r"changes only by a reversal or credit note", Line, "copy", [line.ids])
        column = self.reception.vip_analytic_account_id.plan_id._column_name()
        self.assertRefused(r"not entered or moved by hand", Line, "create", [[{
            "name": "Refund typed by hand", "amount": 2500.0, column: self.reception.vip_analytic_account_id.id,
            "company_id": self.company.id, "date": "2026-12-03",
        }]])
        self.assertRefused(r"cannot be reset to draft.*credit note", "account.move", "button_draft", [bill.ids])
        self.assertRefused(r"cannot be reset to draft.*credit note", "account.move", "button_cancel", [bill.ids])
        self.assertEqual((line.exists().amount, bill.state), (-3000.0, "posted"))
        self.assertEqual(self._actual(), [10000.0, 3000.0])
        self.assertEqual(len(self.env[Line].search([("vip_reception_id", "=", self.reception.id)])), 1)

    def test_relinked_posted_line_checked_against_budget(self):
        """Issue 18 item 4, R-COST-03: a posted bill line linked to the reception afterwards
        (by the reception field or the analytic distribution) runs the budget check of
        posting: 12,000 of meals against a budget of 10,000 is refused and the line stays
        unlinked; 3,000 fits."""
        product_line = self._posted_bill(12000.0, linked=False).invoice_line_ids
        self.assertFalse(product_line.vip_reception_id)
        account = str(self.reception.vip_analytic_account_id.id)
        self.login(self.finance_1)
        self.assertRefused(r"Over budget \(R-COST-03\)", "account.move.line", "write",
                           [product_line.ids, {"vip_reception_id": self.reception.id}])
        self.assertRefused(r"Over budget \(R-COST-03\)", "account.move.line", "write",
                           [product_line.ids, {"analytic_distribution": {account: 100.0}}])
        self.assertFalse(product_line.vip_reception_id)
        self.assertFalse(product_line.analytic_distribution)
        self.assertEqual(self._actual(), [10000.0, 0.0])
        small = self._posted_bill(3000.0, linked=False)
        self.call_kw("account.move.line", "write",
                     [small.invoice_line_ids.ids, {"vip_reception_id": self.reception.id}])
        self.assertEqual(self._actual(), [10000.0, 3000.0])

    def test_charging_needs_read_access(self):
        """Issue 18 item 4, R-COST-02: a salesperson who cannot see the reception cannot charge
        an expense to it, neither by the reception field nor through its analytic account;
        nothing is created."""
        account = str(self.reception.vip_analytic_account_id.id)
        Expense = self.env["hr.expense"]
        before = Expense.search_count([])
        base = {
            "name": "Taxi", "employee_id": self.outsider_employee.id, "product_id": self.meals_product.id,
            "total_amount_currency": 500.0, "currency_id": self.cny.id, "date": "2026-12-02",
            "payment_mode": "own_account",
        }
        self.login(self.outsider)
        self.assertRefused(r"reception you cannot see", "hr.expense", "create",
                           [[{**base, "analytic_distribution": {account: 100.0}}]])
        self.assertRefused(r"reception you cannot see", "hr.expense", "create",
                           [[{**base, "vip_reception_id": self.reception.id}]])
        self.assertEqual(Expense.search_count([]), before)
        [expense_id] = self.call_kw("hr.expense", "create", [[base]])
        self.assertRefused(r"reception you cannot see", "hr.expense", "write",
                           [[expense_id], {"analytic_distribution": {account: 100.0}}])
        self.assertFalse(Expense.browse(expense_id).vip_reception_id)
        # The requester, who sees the reception, charges it.
        self.login(self.requester)
        [own_id] = self.call_kw("hr.expense", "create", [[{
            **base, "employee_id": self.requester_employee.id, "analytic_distribution": {account: 100.0},
        }]])
        self.assertEqual(Expense.browse(own_id).vip_reception_id, self.reception)

    def test_fx_vouchers_of_approved_expense_locked(self):
        """Issue 18 (Why), R-COST-06: the exchange vouchers of an approved expense cannot be
        removed, added or deleted."""
        expense = self._expense(100.0, currency=self.usd)
        sheet = self._approve_sheet(self._submit(self._sheet(expense)))
        self.assertEqual(expense.state, "approved")
        voucher = expense.vip_fx_voucher_ids
        self.assertEqual(len(voucher), 1)
        self.login(self.requester)
        self.assertRefused(r"evidence of an approved expense", "hr.expense", "write",
                           [expense.ids, {"vip_fx_voucher_ids": [Command.clear()]}])
        self.login(self.finance_1)
        self.assertRefused(r"evidence of an approved expense", "hr.expense", "write",
                           [expense.ids, {"vip_fx_voucher_ids": [Command.unlink(voucher.id)]}])
        self.assertRefused(r"exchange voucher of the approved expense", "ir.attachment", "unlink", [voucher.ids])
        self.assertEqual(expense.vip_fx_voucher_ids, voucher)
        self.assertTrue(voucher.exists())
        self.assertEqual(sheet.state, "approve")

    def test_expense_report_approval_not_written(self):
        """Issue 18 (Why), R-COST-03: an expense report's approval_state written directly
        (which would skip the over-budget check) is refused at creation and afterwards; the
        approval button checks the budget."""
        expense = self._expense(12000.0)
        Sheet = self.env["hr.expense.sheet"]
        before = Sheet.search_count([])
        self.login(self.requester)
        self.assertRefused(r"changes only through its buttons", "hr.expense.sheet", "create", [[{
            "name": "Forged", "employee_id": self.requester_employee.id,
            "expense_line_ids": [Command.set(expense.ids)], "approval_state": "approve",
        }]])
        self.assertEqual(Sheet.search_count([]), before)
        sheet = self._submit(self._sheet(expense))
        for user in (self.requester, self.finance_1):
            self.login(user)
            self.assertRefused(r"changes only through its buttons", "hr.expense.sheet", "write",
                               [sheet.ids, {"approval_state": "approve"}])
        self.assertEqual((sheet.approval_state, sheet.state), ("submit", "submit"))
        self.assertRefused(r"Over budget \(R-COST-03\)", "hr.expense.sheet", "action_approve_expense_sheets",
                           [sheet.ids])
        self.assertEqual(sheet.state, "submit")

    def test_supplement_requester_not_forged(self):
        """Issue 18 item 2, R-COST-03, R-APV-05: a supplementary budget filed "by" a colleague
        is refused for a salesperson; nothing is created."""
        Supplement = self.env["vip.reception.budget.supplement"]
        vals = {"reception_id": self.reception.id, "category": "meals", "amount": 5000.0, "reason": "More guests"}
        self.login(self.requester)
        self.assertRefused(r"filed in your own name", Supplement._name, "create", [[{**vals, "user_id": self.head.id}]])
        self.assertFalse(Supplement.search([("reception_id", "=", self.reception.id)]))
        [supplement_id] = self.call_kw(Supplement._name, "create", [[vals]])
        self.assertEqual(Supplement.browse(supplement_id).user_id, self.requester)

    def test_budget_increase_counts_once_approved(self):
        """Issue 18 item 8, R-COST-03: while a budget increase waits for its supplementary
        approval, bills are checked against the approved budget (meals 10,000), not the new
        total (20,000); once approved, the new budget counts."""
        line = self.reception.budget_line_ids.filtered(lambda b: b.category == "meals")
        self.login(self.marketing)
        self.call_kw("vip.reception.budget", "write", [line.ids, {"amount": 20000.0}])
        self.assertEqual((self.reception.state, line.amount, line.approved_amount), ("to_approve", 20000.0, 10000.0))
        self.assertEqual(self._actual(), [10000.0, 0.0])
        self.assertRefused(r"approved_amount|change only through its buttons", "vip.reception.budget", "write",
                           [line.ids, {"approved_amount": 20000.0}])
        bill = self._bill(12000.0)
        self.login(self.finance_1)
        self.assertRefused(r"(?s)Over budget \(R-COST-03\).*budget \D*10,000\.00, actual", "account.move",
                           "action_post", [bill.ids])
        self.assertEqual(bill.state, "draft")
        self.assertEqual(self._actual(), [10000.0, 0.0])
        for _step in range(6):
            if self.reception.state != "to_approve":
                break
            review = self.reception.review_ids.filtered(lambda r: r.status == "pending").sorted("sequence")[:1]
            self.login(review.reviewer_ids.sorted("id")[0])
            self.call_kw("vip.reception", "validate_tier", [self.reception.ids])
        self.assertEqual((self.reception.state, line.approved_amount), ("approved", 20000.0))
        self.login(self.finance_1)
        self.call_kw("account.move", "action_post", [bill.ids])
        self.assertEqual(self._actual(), [20000.0, 12000.0])
