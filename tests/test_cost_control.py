# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .cost_common import CostCommon


class TestCostOverBudget(CostCommon):
    """R-COST-03: spending beyond budget is blocked until a supplementary budget is approved."""

    def test_bill_over_budget_blocked_then_lifted(self):
        """R-COST-03: a vendor bill pushing meals beyond 10,000 is not posted; the error names
        reception, category, budget, actual and excess; an approved supplement lifts it."""
        self._bill(8000.0).with_user(self.finance_1).action_post()
        bill = self._bill(3000.0)
        with self.assertRaises(UserError) as err:
            bill.with_user(self.finance_1).action_post()
        message = str(err.exception)
        for part in (self.reception.name, "Meals", "10,000.00", "8,000.00", "1,000.00"):
            self.assertIn(part, message)
        self.assertEqual(bill.state, "draft")
        supplement = self._supplement(1000.0)
        supplement.with_user(self.requester).action_request()
        # Still waiting: still blocked.
        with self.assertRaises(UserError):
            bill.with_user(self.finance_1).action_post()
        # Department head band, then one finance signature (below the double signature), named
        # as what it is (issue 23: not "1 of 2").
        self.assertEqual(supplement.approval_band, "dept_head")
        self.assertEqual(supplement.review_ids.sorted("sequence").mapped("name"),
                         ["Department head approval", "Finance signature"])
        for user in (self.head, self.finance_1):
            supplement.with_user(user).validate_tier()
            supplement.invalidate_recordset()
        self.assertEqual(supplement.state, "approved")
        bill.with_user(self.finance_1).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(self.reception._vip_budget_vs_actual()[self.reception.id, "meals"], [11000.0, 11000.0])

    def test_expense_report_over_budget_blocked(self):
        """R-COST-03: an expense report that would exceed the category is not approved."""
        sheet = self._submit(self._sheet(self._expense(6000.0, product=self.transport_product)))
        with self.assertRaises(UserError) as err:
            self._approve_sheet(sheet)
        self.assertIn("Transport", str(err.exception))
        self.assertIn("1,000.00", str(err.exception))
        self.assertEqual(sheet.state, "submit")

    def test_approved_expenses_count_against_bills(self):
        """R-COST-03: an approved, not yet posted expense report already uses the budget."""
        sheet = self._submit(self._sheet(self._expense(4000.0, product=self.transport_product)))
        self._approve_sheet(sheet)
        with self.assertRaises(UserError):
            self._bill(1500.0, product=self.transport_product).with_user(self.finance_1).action_post()
        self._bill(1000.0, product=self.transport_product).with_user(self.finance_1).action_post()

    def test_supplement_double_signature_distinct(self):
        """R-COST-03 / R-APV-02: a supplementary budget from 50k needs the VP and two different
        finance signers; one finance user cannot sign both."""
        supplement = self._supplement(120000.0)
        supplement.with_user(self.requester).action_request()
        self.assertEqual(supplement.approval_band, "vp")
        supplement.with_user(self.vp).validate_tier()
        supplement.with_user(self.finance_1).validate_tier()
        supplement.invalidate_recordset()
        with self.assertRaises(UserError):
            supplement.with_user(self.finance_1).validate_tier()
        supplement.with_user(self.finance_2).validate_tier()
        supplement.invalidate_recordset()
        self.assertEqual(supplement.state, "approved")
        self.assertEqual(set(supplement.review_ids.done_by.ids), {self.vp.id, self.finance_1.id, self.finance_2.id})

    def test_supplement_state_not_writable(self):
        """R-COST-03: a supplementary budget is approved only through its approval."""
        supplement = self._supplement(1000.0)
        with self.assertRaises(UserError):
            supplement.with_user(self.requester).write({"state": "approved"})
        with self.assertRaises(UserError):
            self._supplement(500.0).with_user(self.requester).create({
                "reception_id": self.reception.id, "category": "meals", "amount": 10.0,
                "reason": "x", "state": "approved",
            })

    def test_supplement_needs_approved_reception(self):
        """R-COST-03: a reception still in draft changes its budget lines instead."""
        draft = self._reception(1000.0)
        supplement = self._supplement(100.0, reception=draft)
        with self.assertRaises(UserError):
            supplement.with_user(self.requester).action_request()

    def test_submit_several_supplements_at_once(self):
        """R-COST-03 / R-APV-01 / issue 19: several supplementary budgets requested in one call
        (a list action, or RPC on several ids) each get their own reviews and activities."""
        supplements = self._supplement(1000.0) | self._supplement(500.0, category="transport")
        supplements.with_user(self.requester).action_request()
        for supplement in supplements:
            self.assertEqual(supplement.state, "to_approve")
            pending = supplement.review_ids.filtered(lambda r: r.status == "pending")
            self.assertEqual(pending.reviewer_ids, self.head)
            self.assertTrue(supplement.activity_ids.filtered(lambda a: a.user_id == self.head))
