# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .reception_common import ReceptionCommon


@tagged("post_install", "-at_install")
class TestReceptionApprovalWalk(HttpCase, ReceptionCommon):
    """The whole path of one reception in the browser, each person logged in as themselves."""

    def _walk(self, reception, tour, login):
        self.start_tour(f"/odoo/action-vip_customer_care.action_vip_reception_all/{reception.id}", tour, login=login)
        reception.invalidate_recordset()
        reception.review_ids.invalidate_recordset()

    def test_walk_every_approval_step_to_done(self):
        """R-APV-01/02/03, R-REC-04, R-APV-05, R-APV-09: a foreign reception of 600k goes from
        submission through every step (marketing, administration, security, compliance, VP in
        charge, general manager, GM office meeting, two finance signatures), each approver
        pressing Approve in the browser with their own login, then to done; every signature is
        kept with who signed it, and nobody signed twice."""
        reception = self._reception(600000, partner=self.foreign_customer)
        self._prepare_submission(reception)
        self._walk(reception, "vip_reception_walk_submit", "rec_requester")
        self.assertEqual(reception.state, "planning")
        self._walk(reception, "vip_reception_walk_countersign", "rec_requester")
        self._walk(reception, "vip_reception_walk_send", "rec_requester")
        self.assertEqual(reception.state, "to_approve")

        signed = []
        for _step in range(len(reception.review_ids) + 1):
            if reception.state != "to_approve":
                break
            review = reception.review_ids.filtered(lambda r: r.status == "pending").sorted("sequence")[:1]
            self.assertTrue(review, "a reception under approval always has a pending step")
            candidates = review.reviewer_ids.filtered(lambda u: u.company_id == self.company)
            approver = (candidates - reception.user_id - reception.review_ids.done_by)[:1]
            self.assertTrue(approver, f"step {review.name} has a reviewer who has not signed yet")
            self._walk(reception, "vip_reception_walk_approve", approver.login)
            self.assertEqual(review.status, "approved", f"{approver.login} approved {review.name}")
            self.assertEqual(review.done_by, approver)
            signed.append((review.name, approver.login))
        self.assertEqual(reception.state, "approved", signed)
        self.assertEqual(len(signed), len(reception.review_ids))
        logins = [login for _name, login in signed]
        self.assertEqual(len(logins), len(set(logins)), f"one person signs one step: {signed}")
        for login in ("rec_marketing", "rec_admin_dept", "rec_guard", "rec_compliance", "rec_vp",
                      "rec_finance_1", "rec_finance_2"):
            self.assertIn(login, logins)

        self._prepare_visit(reception)
        self._walk(reception, "vip_reception_walk_start", "rec_requester")
        self._walk(reception, "vip_reception_walk_end", "rec_requester")
        reception.with_user(self.marketing).review_problems = "<p>Parking was full at arrival.</p>"
        self._walk(reception, "vip_reception_walk_done", "rec_requester")
        self.assertEqual(reception.state, "done")

    def _prepare_submission(self, reception):
        """What the request needs before it can be submitted (R-REC-01)."""

    def _prepare_visit(self, reception):
        """Venue confirmed, safety assessed, plan sent to the customer (R-REC-05/06)."""
        reception.with_user(self.admin_dept).action_confirm_venue()
        reception.with_user(self.guard).security_assessment = "Route checked; no risk found."
        reception.with_user(self.guard).action_security_assessed()
        action = reception.with_user(self.requester).action_send_plan()
        composer = self.env["mail.compose.message"].with_user(self.requester).with_context(
            action["context"]).create({})
        composer._action_send_mail()
        reception.invalidate_recordset()
        self.assertTrue(reception.plan_sent_date)
