# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourCampaignGm(HttpCase):
    """Issue 23, R-LOY-06 / R-APV-02 / R-APV-05 / R-APV-09: the sales department's head (demo
    user vip_manager, 吴强) files a 20k reward campaign; above 10k and filed by the head, the
    head's step goes up to the VP in charge (vip_vp) and the VP's step up to the general
    manager (vip_gm). The VP, internal control and finance sign in Python; then in the browser,
    in zh_CN, the GM opens VIP Care > Loyalty > Campaigns, opens the campaign and approves it.
    The campaign is approved, the last step signed by the GM, the head signed nothing."""

    def setUp(self):
        super().setUp()
        ref = self.env.ref
        self.head = ref("vip_customer_care.user_vip_manager")
        self.vp = ref("vip_customer_care.user_vip_vp")
        self.gm = ref("vip_customer_care.user_vip_gm")
        self.compliance = ref("vip_customer_care.user_vip_compliance")
        self.finance = ref("vip_customer_care.user_vip_finance")
        start = date.today() + timedelta(days=30)
        self.campaign = self.env["vip.reward.campaign"].with_user(self.head).create({
            "name": "Tour: sales appreciation evening",
            "department_id": ref("vip_customer_care.department_sales").id,
            "campaign_type": "appreciation_event", "target_tier": "platinum", "budget": 20000,
            "expected_effect": "Retain platinum members",
            "date_start": start, "date_end": start + timedelta(days=1),
        })
        self.campaign.with_user(self.head).action_submit()

    def _step(self, xmlid):
        return self.campaign.review_ids.filtered(
            lambda r: r.definition_id == self.env.ref(f"vip_customer_care.{xmlid}"))

    def test_gm_approves_the_head_campaign(self):
        campaign = self.campaign
        self.assertEqual(campaign.state, "to_approve")
        self.assertEqual(self._step("tier_campaign_dept_head").reviewer_ids, self.vp)
        gm_step = self._step("tier_campaign_vp")
        self.assertEqual(gm_step.reviewer_ids, self.gm, "the VP's step of the head's campaign is the GM's")
        for user in (self.vp, self.compliance, self.finance):
            campaign.with_user(user).validate_tier()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.review_ids.filtered(lambda r: r.status == "pending"), gm_step)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.gm.lang = "zh_CN"

        self.start_tour("/odoo", "vip_campaign_gm_approves", login=self.gm.login)

        campaign.invalidate_recordset()
        campaign.review_ids.invalidate_recordset()
        self.assertEqual(campaign.state, "approved")
        self.assertEqual(gm_step.status, "approved")
        self.assertEqual(gm_step.done_by, self.gm)
        self.assertTrue(gm_step.reviewed_date)
        self.assertEqual(set(campaign.review_ids.mapped("status")), {"approved"})
        self.assertEqual(campaign.review_ids.done_by, self.vp | self.compliance | self.finance | self.gm)
        self.assertNotIn(self.head, campaign.review_ids.done_by, "nobody approves their own request")
