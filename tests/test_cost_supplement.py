# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19, costs: a supplementary budget is routed by the reception's new total and reviewed
one level up for a department head."""
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .cost_common import CostCommon

SUPPLEMENT = "vip.reception.budget.supplement"
# The steps that decide on the amount, as named on the reviews of both models.
VP_STEP = "VP in charge approval"
GM_STEP = "General manager approval"
HEAD_STEP = "Department head approval"
LOCKED = "change only through its buttons|can no longer be changed"


class SupplementCommon(CostCommon):
    """The cost fixtures with lower approval limits set in the settings (department head up to
    50,000, general manager from 80,000, two finance signatures from 50,000) and a reception
    approved at 30,000 (meals 20,000, transport 10,000)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.config.settings"].with_company(cls.company).create({
            "vip_apv_dept_head_limit": 50000.0, "vip_apv_gm_from": 80000.0, "vip_apv_finance_double_from": 50000.0,
        }).execute()
        cls.reception_30k = cls._approved_reception(meals=20000.0, transport=10000.0)

    def _band(self, amount):
        """The band the company's settings give ``amount`` (R-APV-01)."""
        return self.env[SUPPLEMENT].new({"reception_id": self.reception_30k.id})._vip_amount_route(amount)[0]

    def _sign_all(self, record):
        """Every pending step signed by its first reviewer, as they would from their activity."""
        for _step in range(8):
            record.invalidate_recordset()
            if record.state != "to_approve":
                break
            review = record.review_ids.filtered(lambda r: r.status == "pending").sorted("sequence")[:1]
            record.with_user(review.reviewer_ids.sorted("id")[0]).validate_tier()
        record.invalidate_recordset()
        return record

    def _steps(self, record):
        record.invalidate_recordset()
        return set(record.review_ids.mapped("name"))


@tagged("post_install", "-at_install")
class TestSupplementRouting(SupplementCommon):
    """R-COST-03 / R-APV-01 / R-APV-02: routed by the reception's new total."""

    def test_split_reaches_vp_then_gm_like_one_increase(self):
        """R-COST-03, R-APV-01: 60,000 split into two supplementary budgets of 30,000 on a
        reception of 30,000: the first is routed by 60,000 (VP in charge, two finance
        signatures), the second by 90,000 (VP then general manager), as one increase of the
        reception's budget from 30,000 to 90,000 is; either part alone would stay with the
        department head."""
        company = self.company
        self.assertEqual(self._band(30000.0), "dept_head", "each part alone is within the head's limit")
        self.assertEqual(self._band(60000.0), "vp")
        self.assertEqual(self._band(90000.0), "gm")
        first = self._supplement(30000.0, reception=self.reception_30k)
        first.with_user(self.requester).action_request()
        self.assertEqual(first.vip_route_total, 60000.0)
        self.assertEqual(first.approval_band, "vp")
        self.assertTrue(first.needs_finance_double_sign, "60,000 >= %s" % company.vip_apv_finance_double_from)
        self.assertIn(VP_STEP, self._steps(first))
        self.assertNotIn(HEAD_STEP, self._steps(first))
        self._sign_all(first)
        self.assertEqual(first.state, "approved")
        self.assertEqual(self.reception_30k.vip_cost_budget, 60000.0)

        second = self._supplement(30000.0, category="transport", reception=self.reception_30k)
        second.with_user(self.requester).action_request()
        self.assertEqual(second.vip_route_total, 90000.0)
        self.assertGreaterEqual(second.vip_route_total, company.vip_apv_gm_from)
        self.assertEqual(second.approval_band, "gm")
        self.assertTrue({VP_STEP, GM_STEP} <= self._steps(second))
        self._sign_all(second)
        self.assertEqual(second.state, "approved")
        self.assertTrue(second.review_ids.done_by & (self.gm | self.gm_office), "a general manager signed")
        self.assertIn(self.vp, second.review_ids.done_by)

        # The same 60,000 as one increase of another reception of 30,000.
        other = self._approved_reception(meals=20000.0, transport=10000.0)
        line = other.budget_line_ids.filtered(lambda b: b.category == "meals")
        line.with_user(self.marketing).write({"amount": 80000.0})
        other.invalidate_recordset()
        self.assertEqual((other.state, other.amount_total, other.approval_band), ("to_approve", 90000.0, "gm"))
        self.assertTrue({VP_STEP, GM_STEP} <= self._steps(other))
        self.assertEqual(second.approval_band, other.approval_band)

    def test_sent_together_counted_together(self):
        """R-COST-03, R-APV-01: two supplementary budgets sent in one call count each other
        (a supplement waiting for approval is part of the new total): 60,000 then 90,000."""
        both = self._supplement(30000.0, reception=self.reception_30k) | self._supplement(
            30000.0, category="transport", reception=self.reception_30k)
        both.with_user(self.requester).action_request()
        first, second = both.sorted("id")
        self.assertEqual((first.vip_route_total, first.approval_band), (60000.0, "vp"))
        self.assertEqual((second.vip_route_total, second.approval_band), (90000.0, "gm"))

    def test_pending_route_frozen(self):
        """R-COST-03, R-APV-01: the total a pending request was routed by stays as it was
        sent: approving (or rejecting) another supplementary budget afterwards changes
        neither its total, nor its band, nor its steps; a rejected one sent again is routed
        by the total of that moment."""
        small = self._supplement(5000.0, reception=self.reception_30k)
        small.with_user(self.requester).action_request()
        self.assertEqual((small.vip_route_total, small.approval_band), (35000.0, "dept_head"))
        big = self._supplement(30000.0, category="transport", reception=self.reception_30k)
        big.with_user(self.requester).action_request()
        self.assertEqual((big.vip_route_total, big.approval_band), (65000.0, "vp"))
        steps = self._steps(big)
        self._sign_all(small)
        self.assertEqual(small.state, "approved")
        big.invalidate_recordset()
        self.assertEqual((big.vip_route_total, big.approval_band, big.state), (65000.0, "vp", "to_approve"))
        self.assertEqual(self._steps(big), steps)
        # Rejected, back to draft (no route), sent again: 30,000 + 5,000 approved + 30,000.
        big.with_user(self.vp).reject_tier()
        big.invalidate_recordset()
        self.assertEqual(big.state, "rejected")
        big.with_user(self.requester).action_reset_draft()
        self.assertEqual((big.vip_route_total, big.approval_band), (0.0, False))
        big.with_user(self.requester).action_request()
        self.assertEqual((big.vip_route_total, big.approval_band), (65000.0, "vp"))

    def test_route_total_not_written_by_hand(self):
        """R-COST-03: the total a request is routed by is written by the request only."""
        supplement = self._supplement(1000.0, reception=self.reception_30k)
        with self.assertRaisesRegex(UserError, LOCKED):
            supplement.with_user(self.requester).write({"vip_route_total": 1.0})
        supplement.with_user(self.requester).action_request()
        with self.assertRaisesRegex(UserError, LOCKED):
            supplement.with_user(self.finance_1).write({"vip_route_total": 1.0})
        self.assertEqual(supplement.vip_route_total, 31000.0)


@tagged("post_install", "-at_install")
class TestSupplementReviewers(SupplementCommon):
    """R-APV-05: a department head's supplementary budget goes one level up."""

    def test_head_supplement_signed_by_vp_then_manager(self):
        """R-APV-05, R-APV-01: the department head (lead person of the reception) files a
        supplementary budget: the department-head step goes to the VP in charge while the
        head has no manager, to their manager once they have one; never to themselves. A
        salesperson's request still goes to the head."""
        own = self._supplement(2000.0, reception=self.reception_30k, user=self.head)
        self.assertEqual((own.dept_head_user_id, own.vp_user_id), (self.vp, self.vp))
        own.with_user(self.head).action_request()
        self.assertEqual(own.approval_band, "dept_head")
        with self.assertRaisesRegex(UserError, "R-APV-05"):
            own.with_user(self.head).validate_tier()
        self.assertEqual(self._pending(own).reviewer_ids, self.vp)
        self._sign_all(own)
        self.assertEqual(own.state, "approved")
        self.assertNotIn(self.head, own.review_ids.done_by)
        self.assertIn(self.vp, own.review_ids.done_by)

        director = new_test_user(
            self.env, login="cost_director", groups="base.group_user,vip_customer_care.group_vip_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        self.head_employee.parent_id = self.env["hr.employee"].create({
            "name": "Sales director", "user_id": director.id, "company_id": self.company.id,
            "department_id": self.sales_dept.id,
        })
        second = self._supplement(1000.0, category="transport", reception=self.reception_30k, user=self.head)
        second.with_user(self.head).action_request()
        self.assertEqual(second.dept_head_user_id, director)
        self.assertEqual(self._pending(second).reviewer_ids, director)
        self._sign_all(second)
        self.assertEqual(second.state, "approved")
        self.assertEqual(second.review_ids.done_by & (self.head | director), director)

        sales = self._supplement(1000.0, category="meals", reception=self.reception_30k)
        self.assertEqual(sales.dept_head_user_id, self.head)
