# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .call_kw_common import CallKwCase

MODEL = "vip.reward.campaign"


@tagged("post_install", "-at_install")
class TestCampaignRouting(CallKwCase):
    """Issue 23, dead ends (R-LOY-06, R-APV-05, R-APV-02): a department head's own reward
    campaign above their limit goes up, as receptions do: the head's signature to the VP, the
    VP's approval to the general manager; and a campaign nobody can route is refused with
    the place where the missing approver is set. Over JSON-RPC as the web client, with the
    demo users (吴强, the sales department's head; 冯涛, VP in charge; 郑伟, general manager)."""

    def setUp(self):
        super().setUp()
        ref = self.env.ref
        self.head = ref("vip_customer_care.user_vip_manager")
        self.vp = ref("vip_customer_care.user_vip_vp")
        self.gm = ref("vip_customer_care.user_vip_gm")
        self.compliance = ref("vip_customer_care.user_vip_compliance")
        self.finance = ref("vip_customer_care.user_vip_finance")
        self.sales = ref("vip_customer_care.department_sales")
        self.assertEqual(self.sales.manager_id.user_id, self.head)
        self.assertEqual(self.sales.vip_vp_user_id, self.vp)

    def _rpc(self, route, model, method, args, kwargs, user):
        """As ``user``, in Chinese, as the web client calls it."""
        self.login(user)
        kwargs = {**kwargs, "context": {"lang": "zh_CN", "tz": "Asia/Shanghai", "uid": user.id,
                                        "allowed_company_ids": user.company_ids.ids}}
        return self.json_rpc(route, model, method, args, kwargs)

    def _press(self, user, campaign, method):
        with mute_logger("odoo.http"):
            return self._rpc("/web/dataset/call_button", MODEL, method, [campaign.ids], {}, user)

    def _file(self, budget, user=None):
        """The head fills in the campaign form and saves it."""
        user = user or self.head
        start = date.today() + timedelta(days=30)
        result, error = self._rpc("/web/dataset/call_kw", MODEL, "web_save", [[], {
            "name": f"Sales appreciation evening {budget}", "department_id": self.sales.id,
            "campaign_type": "appreciation_event", "target_tier": "platinum", "budget": budget,
            "expected_effect": "Retain platinum members", "date_start": start.isoformat(),
            "date_end": (start + timedelta(days=1)).isoformat(),
        }], {"specification": {}}, user)
        self.assertIsNone(error, error and error.get("message"))
        return self.env[MODEL].browse(result[0]["id"])

    def _step(self, campaign, xmlid):
        return campaign.review_ids.filtered(lambda r: r.definition_id == self.env.ref(f"vip_customer_care.{xmlid}"))

    def test_department_head_campaign_goes_up_to_the_gm(self):
        """Issue 23 / R-LOY-06 / R-APV-05 / R-APV-02: the sales head files a 20k campaign: the
        head's signature goes up to the VP and the VP's approval up to the general manager;
        each signs their step and the campaign is approved. The head signs nothing of it."""
        campaign = self._file(20000)
        _result, error = self._press(self.head, campaign, "action_submit")
        self.assertIsNone(error, error and error.get("message"))
        self.assertEqual(campaign.state, "to_approve")
        self.assertEqual(self._step(campaign, "tier_campaign_dept_head").reviewer_ids, self.vp)
        self.assertEqual(self._step(campaign, "tier_campaign_vp").reviewer_ids, self.gm)
        self.assertNotIn(self.head, campaign.review_ids.reviewer_ids)
        for user in (self.vp, self.compliance, self.finance, self.gm):
            _result, error = self._press(user, campaign, "validate_tier")
            self.assertIsNone(error, f"{user.login}: {error and error.get('message')}")
        self.assertEqual(campaign.state, "approved")
        signed = campaign.review_ids.sorted("sequence", reverse=True)
        self.assertEqual(signed.mapped("done_by"), self.vp | self.compliance | self.finance | self.gm)

    def test_department_head_campaign_in_the_gm_band(self):
        """Issue 23 / R-LOY-06 / R-APV-02: above 100k the head's campaign also reaches the GM
        office meeting, signed by another member of the GM office than the GM who took the
        VP's step."""
        campaign = self._file(150000)
        _result, error = self._press(self.head, campaign, "action_submit")
        self.assertIsNone(error, error and error.get("message"))
        self.assertEqual(self._step(campaign, "tier_campaign_dept_head").reviewer_ids, self.vp)
        self.assertEqual(self._step(campaign, "tier_campaign_vp").reviewer_ids, self.gm)
        for user in (self.vp, self.compliance, self.finance, self.gm):
            _result, error = self._press(user, campaign, "validate_tier")
            self.assertIsNone(error, f"{user.login}: {error and error.get('message')}")
        office = self._step(campaign, "tier_campaign_gm_office")
        self.assertEqual(office.status, "pending")
        self.assertTrue(office.reviewer_ids)
        self.assertNotIn(self.gm, office.reviewer_ids, "the GM signed the VP's step")
        _result, error = self._press(self.gm, campaign, "validate_tier")
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertEqual(campaign.state, "to_approve")

    def test_sales_campaign_keeps_head_and_vp(self):
        """R-LOY-06: a salesperson's campaign is signed by their head and the VP, as before."""
        campaign = self._file(20000, self.env.ref("vip_customer_care.user_vip_sales"))
        _result, error = self._press(self.env.ref("vip_customer_care.user_vip_sales"), campaign, "action_submit")
        self.assertIsNone(error, error and error.get("message"))
        self.assertEqual(self._step(campaign, "tier_campaign_dept_head").reviewer_ids, self.head)
        self.assertEqual(self._step(campaign, "tier_campaign_vp").reviewer_ids, self.vp)

    def _menu(self, xmlid):
        names, menu = [], self.env.ref(xmlid).with_context(lang="zh_CN")
        while menu:
            names.insert(0, menu.name)
            menu = menu.parent_id
        return " > ".join(names)

    def test_routing_refusal_says_where_to_set_the_approver(self):
        """Issue 23 / R-APV-01 / R-SEC-03: a campaign nobody can sign is refused naming the step
        and where the administrator sets the approver (in Chinese, with the menu path): the
        role's members for a group step, the department's manager and VP for the head's."""
        compliance_group = self.env.ref("vip_customer_care.group_vip_compliance")
        compliance_group.users = [Command.clear()]
        campaign = self._file(5000)
        _result, error = self._press(self.head, campaign, "action_submit")
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        message = error["message"]
        self.assertIn("请先设置缺少的审批人：", message)
        self.assertIn(self._step_name("tier_campaign_compliance"), message)
        roles = self._menu("vip_customer_care.menu_vip_groups")
        self.assertNotIn("Configuration", roles, "the path is read in Chinese")
        self.assertIn(f"{roles}：", message)
        self.assertIn(compliance_group.with_context(lang="zh_CN").name, message)
        self.assertEqual(campaign.state, "draft")

        # Nobody above the head: no VP in charge, no manager of the head, no general manager.
        # (Group membership is no dependency of the stored approvers: the groups change first.)
        compliance_group.users = [Command.link(self.compliance.id)]
        self.env.ref("vip_customer_care.group_vip_gm").users = [Command.clear()]
        self.sales.vip_vp_user_id = False
        self.sales.manager_id.parent_id = False
        _result, error = self._press(self.head, campaign, "action_submit")
        message = error["message"]
        self.assertIn(self._step_name("tier_campaign_dept_head"), message)
        self.assertIn(f"{self._menu('hr.menu_hr_department_kanban')} > {self.sales.display_name}", message)

    def _step_name(self, xmlid):
        return self.env.ref(f"vip_customer_care.{xmlid}").with_context(lang="zh_CN").name
