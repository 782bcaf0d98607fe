# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .reception_common import FRIDAY, ReceptionCommon


@tagged("post_install", "-at_install")
class TestDelegation(ReceptionCommon):
    def _delegation(self, **vals):
        values = {
            "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
            "business_type_ids": [Command.set(self.business.ids)],
            "date_from": date(2026, 11, 20), "date_to": date(2026, 11, 30), "reason": "Business trip",
        }
        values.update(vals)
        return self.env["vip.approval.delegation"].with_user(self.head).create(values)

    def _at_head_review(self):
        reception = self._to_approval(self._reception(10000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
        return reception

    @freeze_time(FRIDAY)
    def test_delegate_acts_inside_window_on_behalf(self):
        """R-APV-06 / R-APV-09: inside the window the delegate approves the delegator's review
        and the approval records 'on behalf of'."""
        self._delegation()
        reception = self._at_head_review()
        review = reception.review_ids.sorted("sequence")[-1]
        self.assertEqual(review.reviewer_ids, self.head | self.deputy)
        self._approve_next(reception, self.deputy)
        self.assertEqual(reception.state, "approved")
        self.assertEqual(review.done_by, self.deputy)
        self.assertEqual(review.vip_on_behalf_of_id, self.head)
        self.assertIn("on behalf of", reception.message_ids[:3].mapped("body")[0] + "".join(reception.message_ids.mapped("body")))

    @freeze_time(FRIDAY)
    def test_delegate_cannot_act_outside_window(self):
        """R-APV-06: before or after the window the delegate has no rights; expiry applies by
        itself through the hourly refresh."""
        delegation = self._delegation(date_from=date(2026, 11, 25), date_to=date(2026, 11, 28))
        reception = self._at_head_review()
        review = reception.review_ids.sorted("sequence")[-1]
        self.assertEqual(review.reviewer_ids, self.head)
        self.assertFalse(reception.with_user(self.deputy).can_review)
        self.assertEqual(delegation.state, "scheduled")
        delegation.write({"date_from": date(2026, 11, 10), "date_to": date(2026, 11, 19)})
        self.assertEqual(delegation.state, "expired")
        self.assertEqual(review.reviewer_ids, self.head)

    @freeze_time(FRIDAY)
    def test_other_business_type_not_delegated(self):
        """R-APV-06: a delegation covers only its business types."""
        self._delegation(business_type_ids=[Command.set(self.env.ref("vip_customer_care.business_type_after_sales").ids)])
        reception = self._at_head_review()
        self.assertEqual(reception.review_ids.sorted("sequence")[-1].reviewer_ids, self.head)

    def test_across_departments_refused(self):
        """R-APV-06: the delegate must be in the delegator's department."""
        with self.assertRaisesRegex(ValidationError, "same department"):
            self._delegation(delegate_id=self.outsider.id)
        with self.assertRaisesRegex(ValidationError, "themselves"):
            self._delegation(delegate_id=self.head.id)

    def test_at_most_thirty_days(self):
        """R-APV-06: 30 days are allowed, 31 are not; the end cannot precede the start."""
        self.assertTrue(self._delegation(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)))
        with self.assertRaisesRegex(ValidationError, "30 days"):
            self._delegation(date_from=date(2026, 11, 1), date_to=date(2026, 12, 1))
        with self.assertRaisesRegex(ValidationError, "end before"):
            self._delegation(date_from=date(2026, 11, 5), date_to=date(2026, 11, 4))

    def test_oral_delegation_lapses_without_writing(self):
        """R-APV-06: an oral delegation must be put in writing within 1 working day or lapses."""
        with freeze_time(FRIDAY):
            oral = self._delegation(confirmation="oral")
            self.assertEqual(oral.state, "active")
            reception = self._at_head_review()
            review = reception.review_ids.sorted("sequence")[-1]
            self.assertIn(self.deputy, review.reviewer_ids)
        with freeze_time(FRIDAY + timedelta(days=5)):
            oral.invalidate_recordset(["state"])
            self.assertEqual(oral.state, "lapsed")
            self.env["vip.approval.delegation"]._cron_refresh()
            self.env.flush_all()
            review.invalidate_recordset()
            self.assertEqual(review.reviewer_ids, self.head)
            oral.with_user(self.head).action_confirm_in_writing()
            oral.invalidate_recordset(["state"])
            self.assertEqual(oral.state, "active")
            self.env.flush_all()
            review.invalidate_recordset()
            self.assertIn(self.deputy, review.reviewer_ids)

    def test_delegation_visibility(self):
        """R-APV-06 / R-SEC-01: delegations are visible to delegator and delegate only."""
        delegation = self._delegation()
        Delegation = self.env["vip.approval.delegation"]
        self.assertEqual(Delegation.with_user(self.deputy).search([("id", "=", delegation.id)]), delegation)
        self.assertFalse(Delegation.with_user(self.sales_other).search([("id", "=", delegation.id)]))
