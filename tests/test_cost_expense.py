# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError

from .cost_common import CostCommon


class TestCostExpense(CostCommon):
    """R-COST-04 reimbursement checks, R-COST-06 exchange vouchers, R-APV-02 finance double
    signature on reception expenses from 50k."""

    def test_receipt_required(self):
        """R-COST-04: an expense report linked to a reception needs the receipt attached."""
        sheet = self._sheet(self._expense(100.0, receipt=False))
        with self.assertRaises(UserError) as err:
            self._submit(sheet)
        self.assertIn("attach the receipt", str(err.exception))
        self._attach(sheet.expense_line_ids, user=self.requester)
        self._submit(sheet)
        self.assertEqual(sheet.state, "submit")

    def test_approved_plan_required(self):
        """R-COST-04: no reimbursement against a reception whose plan is not approved."""
        draft = self._reception(1000.0)
        expense = self.env["hr.expense"].with_user(self.requester).create({
            "name": "Too early", "employee_id": self.requester_employee.id,
            "product_id": self.meals_product.id, "total_amount_currency": 100.0, "vip_reception_id": draft.id,
        })
        self._attach(expense, user=self.requester)
        with self.assertRaises(UserError) as err:
            self._submit(self._sheet(expense))
        self.assertIn("is not approved", str(err.exception))

    def test_unlinked_expense_unaffected(self):
        """R-COST-04: expenses without a reception follow Odoo's own flow."""
        expense = self.env["hr.expense"].with_user(self.requester).create({
            "name": "Taxi", "employee_id": self.requester_employee.id,
            "product_id": self.transport_product.id, "total_amount_currency": 80.0,
        })
        sheet = self._submit(self._sheet(expense))
        self._approve_sheet(sheet)
        self.assertEqual(sheet.state, "approve")

    def test_fx_voucher_required(self):
        """R-COST-06: a USD expense needs the exchange voucher; it converts at the expense date."""
        expense = self._expense(100.0, currency=self.usd, expense_date=date(2026, 12, 2), fx_voucher=False)
        self.assertAlmostEqual(expense.total_amount, 1000.0)
        sheet = self._sheet(expense)
        with self.assertRaises(UserError) as err:
            self._submit(sheet)
        self.assertIn("exchange voucher", str(err.exception))
        voucher = self._attach(expense, "fx.pdf", user=self.requester)
        expense.with_user(self.requester).write({"vip_fx_voucher_ids": [(4, voucher.id)]})
        self._submit(sheet)
        self._approve_sheet(sheet)
        sheet.with_user(self.finance_1).action_sheet_move_post()
        self.assertEqual(self.reception._vip_budget_vs_actual()[self.reception.id, "meals"], [10000.0, 1000.0])

    def test_double_signature_by_two_finance_users(self):
        """R-APV-02: a reception expense report of 50k or more needs two different finance
        signatures before approval; the employee cannot sign their own."""
        supplement = self._supplement(60000.0)
        supplement.with_user(self.requester).action_request()
        for user in (self.head, self.finance_1, self.finance_2):
            supplement.with_user(user).validate_tier()
        supplement.invalidate_recordset()
        self.assertEqual(supplement.state, "approved")
        sheet = self._submit(self._sheet(self._expense(55000.0)))
        self.assertTrue(sheet.vip_needs_double_sign)
        with self.assertRaises(UserError) as err:
            self._approve_sheet(sheet, self.finance_1)
        self.assertIn("two different finance signatures", str(err.exception))
        sheet.with_user(self.finance_1).action_vip_finance_sign()
        with self.assertRaises(UserError):
            sheet.with_user(self.finance_1).action_vip_finance_sign()
        with self.assertRaises(UserError):
            self._approve_sheet(sheet, self.finance_1)
        with self.assertRaises(UserError):
            sheet.with_user(self.requester).action_vip_finance_sign()
        sheet.with_user(self.finance_2).action_vip_finance_sign()
        self.assertEqual(sheet.vip_finance_signer1_id, self.finance_1)
        self.assertEqual(sheet.vip_finance_signer2_id, self.finance_2)
        self._approve_sheet(sheet, self.finance_1)
        self.assertEqual(sheet.state, "approve")

    def test_signature_not_forged(self):
        """R-APV-02: finance signatures are not written directly."""
        sheet = self._submit(self._sheet(self._expense(100.0)))
        with self.assertRaises(UserError):
            sheet.with_user(self.finance_1).write({"vip_finance_signer1_id": self.finance_1.id})

    def test_below_threshold_single_approval(self):
        """R-APV-02: below the threshold (setting) the usual single approval applies."""
        self.company.vip_cost_double_sign_from = 200.0
        sheet = self._submit(self._sheet(self._expense(150.0)))
        self.assertFalse(sheet.vip_needs_double_sign)
        self._approve_sheet(sheet)
        self.assertEqual(sheet.state, "approve")
