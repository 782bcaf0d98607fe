# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .approval_common import ApprovalCommon
from .reception_common import FRIDAY


@tagged("post_install", "-at_install")
class TestApprovalDelegation(ApprovalCommon):
    """Point 5 of issue 8: delegation rules (R-APV-06)."""

    def _vals(self, **vals):
        values = {
            "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
            "business_type_ids": [Command.set(self.business.ids)],
            "date_from": date(2026, 11, 20), "date_to": date(2026, 11, 30), "reason": "Business trip",
        }
        values.update(vals)
        return values

    def _at_head_review(self):
        reception = self._to_approval(self._reception(10000))
        for user in (self.marketing, self.admin_dept, self.guard):
            self._rpc(reception, user, "validate_tier")
        return reception

    def test_only_delegator_creates(self):
        """R-APV-06: only the delegator delegates; a colleague cannot delegate in someone
        else's name; an approval administrator may, with a recorded reason."""
        Delegation = self.env["vip.approval.delegation"]
        with self.assertRaises(AccessError):
            Delegation.with_user(self.deputy).create(self._vals())
        manager = new_test_user(
            self.env, login="rec_vip_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        with self.assertRaisesRegex(UserError, "on behalf"):
            Delegation.with_user(manager).create(self._vals())
        delegation = Delegation.with_user(manager).create(self._vals(on_behalf_reason="Head in hospital, phoned HR"))
        self.assertEqual(delegation.delegator_id, self.head)
        self.assertEqual(delegation.on_behalf_reason, "Head in hospital, phoned HR")
        mine = Delegation.with_user(self.head).create(self._vals(date_from=date(2026, 12, 1), date_to=date(2026, 12, 5)))
        with self.assertRaises(UserError):
            mine.with_user(self.head).write({"delegate_id": self.sales_other.id})

    def test_maximum_days_is_a_setting(self):
        """R-APV-06: the 30-day maximum is a company setting."""
        self.company.vip_apv_delegation_max_days = 10
        Delegation = self.env["vip.approval.delegation"].with_user(self.head)
        self.assertTrue(Delegation.create(self._vals(date_from=date(2026, 11, 1), date_to=date(2026, 11, 10))))
        with self.assertRaisesRegex(ValidationError, "10 days"):
            Delegation.create(self._vals(date_from=date(2026, 11, 1), date_to=date(2026, 11, 11)))

    def test_validity_checked_at_approval(self):
        """R-APV-06: an expired delegation no longer approves, even before the hourly refresh
        ran; within its window the delegate approves on behalf of the delegator."""
        with freeze_time(FRIDAY):
            delegation = self.env["vip.approval.delegation"].with_user(self.head).create(
                self._vals(date_from=date(2026, 11, 20), date_to=date(2026, 11, 21)),
            )
            reception = self._at_head_review()
            self.assertIn(self.deputy, reception.review_ids.sorted("sequence")[-1].reviewer_ids)
        with freeze_time(FRIDAY + timedelta(days=3)):
            with self.assertRaisesRegex(UserError, "no longer") as caught:
                self._rpc(reception, self.deputy, "validate_tier")
            # The message names the delegation and its end, not a generic refusal.
            self.assertIn(delegation.display_name, str(caught.exception))
            self.assertIn("ended on 11/21/2026", str(caught.exception))
            self.assertEqual(reception.state, "to_approve")
            self._rpc(reception, self.head, "validate_tier")
        self.assertEqual(reception.state, "approved")
        self.assertFalse(reception.review_ids.vip_on_behalf_of_id)

    def test_expired_delegation_named_after_refresh(self):
        """R-APV-06: once the hourly refresh removed an expired delegate from the reviewers,
        they can no longer read the request; pressing Approve or Reject (an open form, RPC)
        names the delegation and its end date instead of a generic access error."""
        with freeze_time(FRIDAY):
            delegation = self.env["vip.approval.delegation"].with_user(self.head).create(
                self._vals(date_from=date(2026, 11, 20), date_to=date(2026, 11, 21)),
            )
            reception = self._at_head_review()
        with freeze_time(FRIDAY + timedelta(days=3)):
            self.env["vip.approval.delegation"]._cron_refresh()
            self.env.flush_all()
            self.assertNotIn(self.deputy, reception.review_ids.sorted("sequence")[-1].reviewer_ids)
            for method in ("validate_tier", "reject_tier"):
                with self.subTest(method=method), self.assertRaisesRegex(UserError, "ended on 11/21/2026") as caught:
                    self._rpc(reception, self.deputy, method)
                self.assertIn(delegation.display_name, str(caught.exception))
        self.assertEqual(reception.state, "to_approve")

    def test_used_delegation_is_kept(self):
        """R-APV-06 / R-APV-09: a delegation used to approve cannot be deleted or rewritten,
        only ended or archived; the review records the delegation."""
        with freeze_time(FRIDAY):
            delegation = self.env["vip.approval.delegation"].with_user(self.head).create(self._vals())
            reception = self._at_head_review()
            self._rpc(reception, self.deputy, "validate_tier")
        review = reception.review_ids.sorted("sequence")[-1]
        self.assertEqual(review.vip_delegation_id, delegation)
        self.assertEqual(review.vip_on_behalf_of_id, self.head)
        self.assertEqual(delegation.review_ids, review)
        manager = new_test_user(
            self.env, login="rec_vip_manager2", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        with self.assertRaisesRegex(UserError, "archive"):
            delegation.with_user(manager).unlink()
        with self.assertRaises(UserError):
            delegation.with_user(self.head).write({"reason": "Something else"})
        delegation.with_user(self.head).write({"active": False})
        self.assertFalse(delegation.active)
        unused = self.env["vip.approval.delegation"].with_user(self.head).create(
            self._vals(date_from=date(2026, 12, 10), date_to=date(2026, 12, 12)),
        )
        # Even an unused delegation is a record under retention (R-PII-06): archive it.
        with self.assertRaisesRegex(UserError, "retention"):
            unused.with_user(manager).unlink()
        unused.with_user(self.head).write({"active": False})
        self.assertFalse(unused.active)

    def test_oral_delegation_flagged_and_notified(self):
        """R-APV-06: an oral emergency delegation not confirmed in writing within 1 working day
        is flagged, and delegator and delegate are told; confirming it clears the flag."""
        with freeze_time(FRIDAY):
            oral = self.env["vip.approval.delegation"].with_user(self.head).create(self._vals(confirmation="oral"))
            self.env["vip.approval.delegation"]._cron_refresh()
            self.assertFalse(oral.oral_lapsed)
        with freeze_time(FRIDAY + timedelta(days=5)):
            self.env["vip.approval.delegation"]._cron_refresh()
            self.env["vip.approval.delegation"]._cron_refresh()
        self.assertTrue(oral.oral_lapsed)
        notices = oral.message_ids.filtered(lambda m: "not confirmed in writing" in (m.body or ""))
        self.assertEqual(len(notices), 1)
        self.assertEqual(notices.partner_ids, self.head.partner_id | self.deputy.partner_id)
        self.assertEqual(oral.activity_ids.user_id, self.head)
        with self.assertRaises(AccessError):
            oral.with_user(self.deputy).action_confirm_in_writing()
        oral.with_user(self.head).action_confirm_in_writing()
        self.assertFalse(oral.oral_lapsed)
