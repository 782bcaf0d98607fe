# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date

from odoo.exceptions import UserError

from .cost_common import CostCommon


class TestCostSample(CostCommon):
    """R-COST-05: finance samples 50 % (setting) of a month's reception expenses, reproducibly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expenses = cls.env["hr.expense"]
        for i in range(7):
            expense = cls.env["hr.expense"].with_user(cls.requester).create({
                "name": f"Dinner {i}", "employee_id": cls.requester_employee.id,
                "product_id": cls.meals_product.id, "total_amount_currency": 100.0 + i,
                "date": date(2026, 12, 2 + i), "vip_reception_id": cls.reception.id,
            })
            cls.env["ir.attachment"].create({
                "name": "r.pdf", "raw": b"r", "res_model": "hr.expense", "res_id": expense.id,
            })
            cls.expenses |= expense
        sheet = cls.env["hr.expense.sheet"].with_user(cls.requester).create({
            "name": "December", "employee_id": cls.requester_employee.id,
            "expense_line_ids": [(6, 0, cls.expenses.ids)],
        })
        sheet.with_user(cls.requester).action_submit_sheet()
        sheet.with_user(cls.finance_1).action_approve_expense_sheets()

    def test_sample_size_and_reproducible(self):
        """R-COST-05: ceil(50 % of 7) = 4 expenses; drawing the month again gives the same
        sample, and the same seed gives the same choice on a fresh draw."""
        Sample = self.env["vip.cost.sample"].with_user(self.finance_1)
        sample = Sample._vip_draw(self.company, date(2026, 12, 1))
        self.assertEqual(len(sample), math.ceil(7 * 0.5))
        self.assertTrue(set(sample.expense_id.ids) <= set(self.expenses.ids))
        again = Sample._vip_draw(self.company, date(2026, 12, 15))
        self.assertEqual(again, sample)
        chosen = sample.expense_id
        # Forget the stored sample (test only): a fresh draw picks the same expenses.
        self.env.cr.execute("DELETE FROM vip_cost_sample WHERE id IN %s", [tuple(sample.ids)])
        self.env.invalidate_all()
        self.assertEqual(Sample._vip_draw(self.company, date(2026, 12, 1)).expense_id, chosen)

    def test_sample_percentage_setting(self):
        """R-COST-05: the share is a company setting."""
        self.company.vip_cost_sample_percent = 100.0
        sample = self.env["vip.cost.sample"].with_user(self.finance_1)._vip_draw(self.company, date(2026, 12, 1))
        self.assertEqual(len(sample), 7)

    def test_review_pass_fail(self):
        """R-COST-05: finance marks each sampled expense pass or fail with comments; the result
        is written by the buttons only."""
        sample = self.env["vip.cost.sample"].with_user(self.finance_1)._vip_draw(self.company, date(2026, 12, 1))
        sample[0].action_pass()
        self.assertEqual(sample[0].result, "pass")
        self.assertEqual(sample[0].reviewer_id, self.finance_1)
        with self.assertRaises(UserError):
            sample[1].action_fail()
        sample[1].comment = "No contract for the banquet"
        sample[1].action_fail()
        self.assertEqual(sample[1].result, "fail")
        with self.assertRaises(UserError):
            sample[2].write({"result": "pass"})
        with self.assertRaises(UserError):
            sample[2].with_user(self.requester).action_pass()
