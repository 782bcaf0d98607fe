# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourComplaintGm(HttpCase):
    """Issue 23, R-CMP-05 / R-APV-09: in the browser, in zh_CN, the general manager (demo user
    vip_gm) opens VIP Care > Complaints > Complaints, opens the major demo complaint (a diamond
    replaced during repair), follows its GM approval button to the proposed solution and
    approves it in the approval banner. The solution is approved, signed by the GM, the GM's
    approval activity is done and the complaint has its solution date."""

    def test_gm_approves_major_complaint_solution(self):
        ref = self.env.ref
        gm = ref("vip_customer_care.user_vip_gm")
        ticket = ref("vip_customer_care.complaint_demo_major")
        approval = ticket.vip_solution_approval_ids
        self.assertEqual(len(approval), 1)
        self.assertEqual(approval.state, "to_approve")
        self.assertIn(gm, approval.review_ids.reviewer_ids)
        self.assertFalse(ticket.vip_solution_date)
        self.env["res.lang"]._activate_lang("zh_CN")
        gm.lang = "zh_CN"

        self.start_tour("/odoo", "vip_complaint_gm_approves_solution", login=gm.login)

        approval.invalidate_recordset()
        ticket.invalidate_recordset()
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.review_ids.status, "approved")
        self.assertEqual(approval.review_ids.done_by, gm)
        self.assertTrue(approval.review_ids.reviewed_date)
        self.assertFalse(approval.activity_ids.filtered(lambda a: a.user_id == gm), "the GM's activity is done")
        self.assertEqual(ticket.vip_solution_approval_state, "approved")
        self.assertTrue(ticket.vip_solution_date)
