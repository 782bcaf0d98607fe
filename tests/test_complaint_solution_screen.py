# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import HttpCase, tagged

from .complaint_common import ComplaintCommon

SOLUTION_FORM = "vip_customer_care.view_vip_complaint_solution_form"


@tagged("post_install", "-at_install")
class TestComplaintSolutionScreen(HttpCase, ComplaintCommon):
    """Issue 19 (R-CMP-05): the GM approves or rejects a major complaint's solution from a
    screen, like every other approval: a form with the approval banner and its buttons, an
    approval activity of the GM that opens it, a button on the complaint that opens it."""

    def _major_solution(self):
        ticket = self._solve(self._investigate(self._complaint(vip_department_id=self.sales_dept.id, vip_severity="major")))
        approval = ticket.vip_solution_approval_ids
        self.assertEqual(approval.state, "to_approve")
        return ticket, approval

    def test_gm_activity_and_complaint_open_the_approval_screen(self):
        """R-CMP-05: the GM's approval activity points at the solution, whose form (the one Odoo
        opens for it) shows the banner with Approve / Reject; the complaint's "GM approval"
        button opens the same screen for customer service; "To approve by me" lists it for the
        GM only."""
        ticket, approval = self._major_solution()
        activity = approval.activity_ids.filtered(lambda a: a.user_id == self.gm)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.res_model, activity.res_id), ("vip.complaint.solution", approval.id))
        self.assertIn("Approve", activity.summary)
        form_view = self.env.ref(SOLUTION_FORM)
        form = approval.with_user(self.gm).get_views([(approval.get_formview_id(), "form")])["views"]["form"]
        self.assertEqual(form["id"], form_view.id)
        arch = etree.fromstring(form["arch"])
        banner = arch.xpath("//div[contains(@class, 'alert-warning')]")[0]
        self.assertEqual(banner.xpath(".//button/@name"), ["validate_tier", "reject_tier"])
        self.assertIn("general manager's approval", "".join(banner.itertext()))
        self.assertTrue(approval.with_user(self.gm).can_review)
        self.assertFalse(approval.with_user(self.cs).can_review)
        # From the complaint.
        self.assertEqual(ticket.with_user(self.cs).vip_solution_approval_state, "to_approve")
        action = ticket.with_user(self.cs).action_vip_open_solution_approval()
        self.assertEqual((action["res_model"], action["res_id"]), ("vip.complaint.solution", approval.id))
        self.assertEqual(action["views"], [(form_view.id, "form")])
        # The "Solution approvals" menu, filtered "To approve by me".
        Solution = self.env["vip.complaint.solution"]
        self.assertIn(approval, Solution.with_user(self.gm).search([("can_review", "=", True)]))
        self.assertNotIn(approval, Solution.with_user(self.cs).search([("can_review", "=", True)]))

    def test_gm_approves_on_the_screen(self):
        """R-CMP-05: the GM opens the solution and presses Approve in the banner (browser): the
        solution is approved, the GM's activity is done, the complaint can be replied to."""
        ticket, approval = self._major_solution()
        self.start_tour(f"/odoo/action-vip_customer_care.action_vip_complaint_solution/{approval.id}",
                        "vip_complaint_solution_approve", login=self.gm.login)
        approval.invalidate_recordset()
        ticket.invalidate_recordset()
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.review_ids.done_by, self.gm)
        self.assertFalse(approval.activity_ids.filtered(lambda a: a.user_id == self.gm))
        self.assertTrue(ticket.vip_solution_date)
        ticket.with_user(self.cs).action_vip_reply()
        self.assertTrue(ticket.vip_replied_date)

    def test_gm_rejects_on_the_screen(self):
        """R-CMP-05: the GM presses Reject in the banner (browser): the solution is rejected, the
        complaint says so and gets no solution date; a new solution goes to the GM again."""
        ticket, approval = self._major_solution()
        self.start_tour(f"/odoo/action-vip_customer_care.action_vip_complaint_solution/{approval.id}",
                        "vip_complaint_solution_reject", login=self.gm.login)
        approval.invalidate_recordset()
        ticket.invalidate_recordset()
        self.assertEqual(approval.state, "rejected")
        self.assertFalse(ticket.vip_solution_date)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "rejected the solution" in (m.body or "")))
        ticket.with_user(self.cs).write({"vip_solution": "<p>Full refund</p>"})
        ticket.with_user(self.cs).action_vip_propose_solution()
        ticket.invalidate_recordset()
        self.assertEqual(ticket.vip_solution_approval_ids.mapped("state"), ["to_approve", "rejected"])
        self.assertEqual(ticket.vip_solution_approval_state, "to_approve")
