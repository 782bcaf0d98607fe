# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourActivityApproval(HttpCase):
    """Issue 23, R-APV-03 / R-APV-04 / R-APV-09: in the browser, in zh_CN, the marketing
    reviewer (demo user vip_marketing) finds the 30k demo reception (王建国) waiting for their
    review in the systray's activity menu, opens it and presses Approve; the reviews table shows
    the step approved, and the signature is recorded as theirs."""

    def test_reviewer_approves_from_the_activity_menu(self):
        ref = self.env.ref
        reception = ref("vip_customer_care.reception_band_dept_head")
        marketing = ref("vip_customer_care.user_vip_marketing")
        self.assertEqual(reception.state, "to_approve")
        step = reception.review_ids.filtered(lambda r: r.status == "pending")
        self.assertEqual(len(step), 1)
        self.assertIn(marketing, step.reviewer_ids)
        activity = reception.activity_ids.filtered(lambda a: a.user_id == marketing)
        self.assertEqual(len(activity), 1, "the reviewer's turn is an activity of theirs")
        self.env["res.lang"]._activate_lang("zh_CN")
        marketing.lang = "zh_CN"

        self.start_tour("/odoo", "vip_activity_menu_approve_reception", login=marketing.login)

        reception.invalidate_recordset()
        step.invalidate_recordset()
        self.assertEqual(step.status, "approved")
        self.assertEqual(step.done_by, marketing)
        self.assertTrue(step.reviewed_date)
        self.assertFalse(activity.exists(), "the reviewer's activity is done")
        self.assertEqual(reception.state, "to_approve")
        self.assertEqual(reception.review_ids.filtered(lambda r: r.status == "pending").definition_id,
                         ref("vip_customer_care.tier_reception_administration"),
                         "administration's countersign is next")
