# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged, users, warmup

from .reception_common import ReceptionCommon


@tagged("post_install", "-at_install")
class TestReceptionQueries(ReceptionCommon):
    """Query budgets of the hot paths (see the README for the recorded counts)."""

    @users("rec_requester")
    @warmup
    def test_create_submit_approve_queries(self):
        """R-REC-01 / R-APV-03: creating a reception with 10 schedule and 7 budget lines,
        submitting it and approving one tier stay within fixed query budgets."""
        with self.assertQueryCount(rec_requester=26):
            reception = self._reception(70000, budget_lines=7, schedule_lines=10)
        self.assertEqual(len(reception.schedule_line_ids), 10)
        self.assertEqual(reception.amount_total, 70000)
        # 49, as before issue 8, now including the routing check (every step has its own
        # signer, delegations read once) and the first step's approval activities (one create,
        # one follower batch) with one inbox notice (e-mail copy queued).
        with self.assertQueryCount(rec_requester=49):
            reception.action_submit()
            reception.action_countersign_sales()
            reception.action_send_for_approval()
        marketing_view = reception.with_user(self.marketing)
        marketing_view.review_ids.invalidate_recordset()
        # 24 before issue 8; now also: delegation validity at the moment of approval, the
        # signer's activity marked done (chatter message), the other reviewers' activities
        # cancelled (one unlink for all), the next step's activity with its follower row and
        # inbox notice (R-APV-04, issue 8 point 13): the README lists the 35 queries.
        with self.assertQueryCount(rec_requester=35):
            marketing_view.validate_tier()
        self.assertEqual(reception.review_ids.sorted("sequence")[0].status, "approved")
