# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .approval_common import BASE, ApprovalCommon


@tagged("post_install", "-at_install")
class TestApprovalRights(ApprovalCommon):
    """Point 1 and 3 of issue 8: every approver approves with their own rights; reviews are
    evidence that nobody forges, edits or deletes."""

    def test_every_band_approved_by_its_approvers_cold_cache(self):
        """R-APV-01 / R-APV-02 / R-APV-03: each band walks to 'approved' with every approver
        pressing Approve with their own rights and an empty cache (the department head and VP
        used to hit an access error on ir.model.fields)."""
        bands = {
            10000: ([*BASE, "dept_head"], [self.head]),
            60000: ([*BASE, "dept_head", "finance_1", "finance_2"], [self.head, self.finance_1, self.finance_2]),
            200000: ([*BASE, "vp", "finance_1", "finance_2"], [self.vp, self.finance_1, self.finance_2]),
            600000: ([*BASE, "vp", "gm", "gm_office", "finance_1", "finance_2"],
                     [self.vp, self.gm, self.gm_office, self.finance_1, self.finance_2]),
        }
        for amount, (tiers, approvers) in bands.items():
            with self.subTest(amount=amount):
                reception = self._to_approval(self._reception(amount))
                self.assertEqual(self._tiers(reception), tiers)
                signers = [self.marketing, self.admin_dept, self.guard, *approvers]
                for user in signers:
                    self.assertEqual(reception.state, "to_approve")
                    self._rpc(reception, user, "validate_tier")
                self.assertEqual(reception.state, "approved")
                self.assertEqual(
                    reception.review_ids.sorted("sequence").done_by.ids, [u.id for u in signers],
                )

    def test_compliance_approves_foreign_visit(self):
        """R-REC-04 / R-APV-03: compliance signs foreign visits with its own rights."""
        reception = self._to_approval(self._reception(10000, partner=self.foreign_customer))
        for user in (self.marketing, self.admin_dept, self.guard, self.compliance, self.head):
            self._rpc(reception, user, "validate_tier")
        self.assertEqual(reception.state, "approved")

    def test_every_approver_rejects(self):
        """R-APV-03 / R-APV-09: each approver can reject at their step; the rejection is kept
        with who and when, and the requester is told."""
        path = [self.marketing, self.admin_dept, self.guard, self.compliance, self.vp, self.gm, self.gm_office,
                self.finance_1, self.finance_2]
        for index, rejecter in enumerate(path):
            with self.subTest(rejecter=rejecter.login):
                reception = self._to_approval(self._reception(600000, partner=self.foreign_customer))
                for user in path[:index]:
                    self._rpc(reception, user, "validate_tier")
                self._rpc(reception, rejecter, "reject_tier")
                self.assertEqual(reception.state, "rejected")
                rejected = reception.review_ids.filtered(lambda r: r.status == "rejected")
                self.assertEqual(rejected.done_by, rejecter)
                self.assertTrue(rejected.reviewed_date)
                notice = reception.message_ids.filtered(lambda m: "was rejected" in (m.body or ""))
                self.assertIn(self.requester.partner_id, notice.partner_ids)

    def test_only_the_current_reviewer_signs(self):
        """R-APV-05 / R-APV-09: only the reviewer of the current step signs their row; others
        (later steps, outsiders, the requester) get a clear refusal and nothing changes."""
        reception = self._to_approval(self._reception(60000))
        for user in (self.finance_1, self.outsider, self.requester, self.head):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self._rpc(reception, user, "validate_tier")
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self._rpc(reception, user, "reject_tier")
        self.assertEqual(reception.review_ids.mapped("status"), ["pending"] + ["waiting"] * 5)

    def test_forged_reviews_refused(self):
        """R-APV-09: nobody creates, edits or deletes tier.review rows over RPC: no forged
        signature, no erased rejection."""
        reception = self._to_approval(self._reception(10000))
        first = reception.review_ids.sorted("sequence")[0]
        Review = self.env["tier.review"]
        for user in (self.requester, self.marketing, self.head, self.gm):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Review.with_user(user).create({
                        "model": "vip.reception", "res_id": reception.id, "definition_id": first.definition_id.id,
                        "status": "approved", "done_by": user.id, "sequence": 99,
                    })
                with self.assertRaises(AccessError):
                    first.with_user(user).write({"status": "approved", "done_by": user.id})
                with self.assertRaises(UserError):
                    first.with_user(user).unlink()
        self._rpc(reception, self.marketing, "reject_tier")
        rejected = reception.review_ids.filtered(lambda r: r.status == "rejected")
        with self.assertRaises(AccessError):
            rejected.with_user(self.requester).write({"status": "approved"})
        with self.assertRaises(UserError):
            rejected.with_user(self.marketing).unlink()
        self.assertEqual(rejected.status, "rejected")
        self.assertEqual(reception.state, "rejected")

    def test_reviews_scoped_to_record_company(self):
        """R-SEC-02: reviews belong to the reception's company; a user of another company
        does not see them."""
        reception = self._to_approval(self._reception(10000))
        self.assertEqual(reception.review_ids.company_id, self.company)
        other = self.env["res.company"].create({"name": "Other Jewelry"})
        stranger = new_test_user(
            self.env, login="rec_stranger", groups="base.group_user,vip_customer_care.group_vip_gm",
            company_id=other.id, company_ids=[other.id],
        )
        found = self.env["tier.review"].with_user(stranger).search([("res_id", "=", reception.id),
                                                                     ("model", "=", "vip.reception")])
        self.assertFalse(found)

    def test_reviews_kept_after_reject_reset_and_cancel(self):
        """R-APV-09: rejecting, returning to draft, re-sending and cancelling keep every past
        review with who, when and comment (archived as history), and the new route starts
        afresh."""
        reception = self._to_approval(self._reception(10000))
        self._rpc(reception, self.marketing, "validate_tier")
        self._rpc(reception, self.admin_dept, "reject_tier")
        reception.with_user(self.requester).action_reset_draft()
        reception.invalidate_recordset()
        self.assertFalse(reception.review_ids)
        history = reception.vip_review_history_ids
        self.assertEqual(len(history), 4)
        self.assertEqual(history.filtered(lambda r: r.status == "approved").done_by, self.marketing)
        self.assertEqual(history.filtered(lambda r: r.status == "rejected").done_by, self.admin_dept)
        self.assertTrue(all(history.mapped("vip_superseded_date")))
        returned = reception.message_ids.filtered(lambda m: "returned to draft" in (m.body or ""))
        self.assertIn(self.requester.partner_id, returned.partner_ids)
        # Sent again: a fresh route; the history stays.
        self._to_approval(reception)
        self.assertEqual(self._tiers(reception), [*BASE, "dept_head"])
        self.assertEqual(set(reception.review_ids.mapped("status")), {"pending", "waiting"})
        self._rpc(reception, self.marketing, "validate_tier")
        reception.with_user(self.requester).action_cancel()
        reception.invalidate_recordset()
        self.assertFalse(reception.review_ids)
        self.assertEqual(len(reception.vip_review_history_ids), 8)
        self.assertEqual(
            reception.vip_review_history_ids.filtered(lambda r: r.status == "approved").done_by, self.marketing,
        )

    def test_restart_keeps_reviews(self):
        """R-APV-09: base_tier_validation's restart_validation supersedes instead of deleting."""
        reception = self._to_approval(self._reception(10000))
        self._rpc(reception, self.marketing, "validate_tier")
        reception.restart_validation()
        reception.invalidate_recordset()
        self.assertFalse(reception.review_ids)
        self.assertEqual(
            reception.vip_review_history_ids.filtered(lambda r: r.status == "approved").done_by, self.marketing,
        )

    def test_counter_never_below_zero(self):
        """R-APV-02: the systray counter goes down once per record leaving the user's list,
        never when the user had nothing to sign (it showed -1 with one finance user)."""
        reception = self._to_approval(self._reception(60000))
        for user in (self.marketing, self.admin_dept, self.guard, self.head):
            self._rpc(reception, user, "validate_tier")
        partner_id = self.finance_1.partner_id.id

        def decrements():
            # Bus notifications wait in the cursor's precommit data until the commit.
            return sum(
                1 for value in self.env.cr.precommit.data.get("bus.bus.values", [])
                if f'"res.partner",{partner_id}]' in value["channel"].replace(" ", "")
                and "review_deleted" in value["message"]
            )

        before = decrements()
        self._rpc(reception, self.finance_1, "validate_tier")
        self.assertEqual(decrements(), before + 1)
        # Pressing Approve again is refused (outside assertRaises: its savepoint rollback
        # would also drop the queued bus messages we count) and sends no decrement.
        refused = False
        try:
            self._rpc(reception, self.finance_1, "validate_tier")
        except UserError:
            refused = True
        self.assertTrue(refused)
        self.assertEqual(decrements(), before + 1)
        # With a single finance officer the double signature cannot be routed at all.
        self.finance_2.groups_id = [Command.unlink(self.env.ref("vip_customer_care.group_vip_finance").id)]
        with self.assertRaisesRegex(UserError, r"Finance signature \(2 of 2\)"):
            self._to_approval(self._reception(60000))
