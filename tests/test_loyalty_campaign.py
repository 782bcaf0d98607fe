# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .common import pdf_text
from .loyalty_common import LoyaltyCommon


class TestRewardCampaign(LoyaltyCommon):
    """R-LOY-06 / R-LOY-08: routing by amount and tier, target customers, closing deadline and
    its alerts, KH numbers per company and year."""

    def _campaign(self, budget, campaign_type="points_exchange", target_tier="gold", **vals):
        return self.env["vip.reward.campaign"].with_user(self.requester).create({
            "name": f"Campaign {budget}",
            "company_id": self.company.id,
            "department_id": self.sales_dept.id,
            "campaign_type": campaign_type,
            "target_tier": target_tier,
            "budget": budget,
            "expected_effect": "More repeat purchases",
            "date_start": date(2026, 12, 1),
            "date_end": date(2026, 12, 4),
            **vals,
        })

    def _steps(self, campaign):
        campaign.invalidate_recordset()
        return campaign.review_ids.sorted("sequence").mapped("definition_id")

    def test_routing_by_amount(self):
        """R-LOY-06: ≤ 10k department head; 10k–100k adds the VP; > 100k the GM office —
        always after internal control and finance."""
        ref = self.env.ref
        head = ref("vip_customer_care.tier_campaign_dept_head")
        ic = ref("vip_customer_care.tier_campaign_compliance")
        fin = ref("vip_customer_care.tier_campaign_finance")
        vp = ref("vip_customer_care.tier_campaign_vp")
        gm = ref("vip_customer_care.tier_campaign_gm_office")
        expected = {10000: head | ic | fin, 10000.01: head | ic | fin | vp, 100001: head | ic | fin | vp | gm}
        for budget, steps in expected.items():
            campaign = self._campaign(budget)
            campaign.with_user(self.requester).action_submit()
            self.assertEqual(self._steps(campaign), steps, budget)
            self.assertEqual(list(self._steps(campaign)), list(steps.sorted(lambda d: -d.sequence)))

    def test_type_must_match_tier(self):
        """R-LOY-06 / R-TIER-04: a birthday perk is for diamond members only."""
        campaign = self._campaign(5000, campaign_type="birthday_perk", target_tier="gold")
        with self.assertRaises(ValidationError):
            campaign.with_user(self.requester).action_submit()
        campaign = self._campaign(5000, campaign_type="birthday_perk", target_tier="diamond")
        campaign.with_user(self.requester).action_submit()
        self.assertEqual(campaign.state, "to_approve")

    def test_type_tier_mapping_is_a_setting(self):
        """R-LOY-06 / R-TIER-04: the lowest tier per campaign type is a company setting with the
        rule book's defaults; changing it changes what a submission accepts."""
        defaults = {
            campaign_type: self.company[f"vip_campaign_min_tier_{campaign_type}"]
            for campaign_type in ("points_exchange", "birthday_perk", "exclusive_discount", "product_trial",
                                  "appreciation_event")
        }
        self.assertEqual(defaults, {
            "points_exchange": "all", "birthday_perk": "diamond", "exclusive_discount": "gold",
            "product_trial": "platinum", "appreciation_event": "platinum",
        })
        gold_trial = self._campaign(5000, campaign_type="product_trial", target_tier="gold")
        with self.assertRaises(ValidationError):
            gold_trial.with_user(self.requester).action_submit()
        settings = self.env["res.config.settings"].create({"vip_campaign_min_tier_product_trial": "gold"})
        settings.execute()
        self.assertEqual(self.company.vip_campaign_min_tier_product_trial, "gold")
        gold_trial.with_user(self.requester).action_submit()
        self.assertEqual(gold_trial.state, "to_approve")
        self.company.vip_campaign_min_tier_exclusive_discount = "platinum"
        gold_discount = self._campaign(5000, campaign_type="exclusive_discount", target_tier="gold")
        with self.assertRaises(ValidationError):
            gold_discount.with_user(self.requester).action_submit()
        every_member = self._campaign(5000, campaign_type="points_exchange", target_tier="all")
        every_member.with_user(self.requester).action_submit()
        self.assertEqual(every_member.state, "to_approve")

    def test_diamond_only_skips_configured_steps(self):
        """R-LOY-06: diamond-only campaigns skip the steps the configuration marks."""
        fin = self.env.ref("vip_customer_care.tier_campaign_finance")
        fin.vip_skip_diamond_only = True
        diamond = self._campaign(5000, target_tier="diamond")
        diamond.with_user(self.requester).action_submit()
        self.assertNotIn(fin, self._steps(diamond))
        gold = self._campaign(5000, target_tier="gold")
        gold.with_user(self.requester).action_submit()
        self.assertIn(fin, self._steps(gold))

    def test_full_walk_close_and_archive(self):
        """R-LOY-06/08: head → internal control → finance; finance closes; sales archives
        with a KH number; compliance review due in 1 working day, closing 10 working days after the end."""
        campaign = self._campaign(8000)
        campaign.with_user(self.requester).action_submit()
        self.assertTrue(campaign.approval_due)
        for user in (self.head, self.compliance, self.finance_1):
            self._rpc(campaign, user, "validate_tier")
        self.assertEqual(campaign.state, "approved")
        self.assertEqual(campaign.closing_due, date(2026, 12, 18))
        with self.assertRaises(UserError):
            campaign.with_user(self.requester).action_close_reimbursement()
        campaign.with_user(self.finance_1).action_close_reimbursement()
        campaign.with_user(self.requester).action_archive_campaign()
        year = fields.Date.context_today(campaign).year
        self.assertRegex(campaign.archive_number, rf"^KH{year}-\d{{4}}$")
        with self.assertRaises(UserError):
            campaign.with_user(self.requester).write({"archive_number": "KH2026-9999"})

    def test_kh_numbers_gap_free(self):
        """R-LOY-08: archive numbers are taken at archiving only, unique and gap-free per year."""
        campaigns = self._campaign(1000) | self._campaign(2000) | self._campaign(3000)
        cancelled = self._campaign(4000)
        cancelled.with_user(self.requester).action_cancel()
        for campaign in campaigns:
            campaign._vip_action_write({"state": "closed"})
        self.assertFalse(any(campaigns.mapped("archive_number")))
        for campaign in campaigns:
            campaign.with_user(self.requester).action_archive_campaign()
        numbers = campaigns.mapped("archive_number")
        serials = [int(n.split("-")[1]) for n in numbers]
        self.assertEqual(serials, list(range(serials[0], serials[0] + 3)))
        self.assertFalse(cancelled.archive_number)
        year = fields.Date.context_today(campaigns).year
        self.assertTrue(all(n.startswith(f"KH{year}-") for n in numbers))

    def test_access_per_group(self):
        """R-SEC-01: sales see their own campaigns; marketing and internal control see all;
        a plain employee sees none."""
        mine = self._campaign(1000)
        Campaign = self.env["vip.reward.campaign"]
        self.assertIn(mine, Campaign.with_user(self.requester).search([]))
        self.assertNotIn(mine, Campaign.with_user(self.outsider).search([]))
        self.assertIn(mine, Campaign.with_user(self.marketing).search([]))
        self.assertIn(mine, Campaign.with_user(self.compliance).search([]))
        with self.assertRaises(UserError):
            mine.with_user(self.requester).write({"state": "approved"})

    def test_approval_form_content(self):
        """R-LOY-06: the campaign approval form PDF (回馈活动审批表) shows the campaign and its
        approval steps, in Chinese."""
        campaign = self._campaign(50000)
        campaign.with_user(self.requester).action_submit()
        text = pdf_text(self.env, "vip_customer_care.action_vip_campaign_approval_report", campaign, lang="zh_CN")
        self.assertIn("回馈活动审批表", text)
        self.assertIn(re.sub(r"\s+", "", campaign.name), text)
        self.assertIn(re.sub(r"\s+", "", campaign.with_context(lang="zh_CN").review_ids.sorted("sequence")[0].name), text)

    def test_submit_several_at_once(self):
        """R-APV-01 / issue 19: several campaigns submitted in one call (a list action, or RPC on
        several ids) each get their own reviews and approval activities, not only the first."""
        campaigns = self._campaign(5000) | self._campaign(50000)
        campaigns.with_user(self.requester).action_submit()
        for campaign, budget in zip(campaigns, (5000, 50000)):
            self.assertEqual(campaign.state, "to_approve", budget)
            steps = self._steps(campaign)
            self.assertEqual(len(steps), 3 if budget == 5000 else 4, budget)
            pending = campaign.review_ids.filtered(lambda r: r.status == "pending")
            self.assertEqual(len(pending), 1, budget)
            self.assertTrue(campaign.activity_ids.filtered(lambda a: a.user_id in pending.reviewer_ids), budget)

    # ------------------------------------------------------------------ issue 19
    def test_target_customers_belong_to_target_tier(self):
        """R-LOY-06, issue 19: the listed target customers belong to the target tier (that tier
        or above; "all members": a tier or a member card); the refusal names those who do not,
        when the list is saved and again at submission (tiers move with spend)."""
        Partner = self.env["res.partner"]
        self.member.sudo().vip_loyalty_tier = "gold"
        self.member_2.sudo().vip_loyalty_tier = "diamond"
        walk_in = Partner.create({"name": "Walk-in Sun", "company_id": self.company.id, "user_id": self.requester.id})
        with self.assertRaisesRegex(ValidationError, r"for Platinum members and above.*: Member Wang\. Remove") as caught:
            self._campaign(5000, campaign_type="exclusive_discount", target_tier="platinum",
                           partner_ids=[(6, 0, (self.member | self.member_2).ids)])
        self.assertNotIn("Member Zhao", str(caught.exception))
        gold = self._campaign(5000, campaign_type="exclusive_discount", target_tier="gold",
                              partner_ids=[(6, 0, (self.member | self.member_2).ids)])
        with self.assertRaisesRegex(ValidationError, "Walk-in Sun"), self.env.cr.savepoint():
            gold.with_user(self.requester).write({"partner_ids": [(4, walk_in.id)]})
        self.env.invalidate_all()
        with self.assertRaisesRegex(ValidationError, "neither a tier nor a member card: Walk-in Sun"):
            self._campaign(5000, target_tier="all", partner_ids=[(6, 0, walk_in.ids)])
        self._paid_invoice(walk_in, 1500)  # a member card (R-TIER-06), still no tier
        every_member = self._campaign(5000, target_tier="all", partner_ids=[(6, 0, walk_in.ids)])
        self.assertEqual(every_member.partner_ids, walk_in)
        # The yearly review lowered Member Wang before the campaign was sent.
        self.member.sudo().vip_loyalty_tier = "none"
        with self.assertRaisesRegex(ValidationError, "below that tier: Member Wang"):
            gold.with_user(self.requester).action_submit()
        self.assertEqual(gold.state, "draft")
        gold.with_user(self.requester).write({"partner_ids": [(3, self.member.id)]})
        gold.with_user(self.requester).action_submit()
        self.assertEqual(gold.state, "to_approve")

    def test_kh_numbers_per_company_and_year(self):
        """R-LOY-08 / R-SEC-02, issue 19: each company numbers its archives from KH<year>-0001,
        gap-free, restarting every year; a company that already took numbers continues after
        them."""
        company_b = self.env["res.company"].create({"name": "Campaign Test Textile B"})
        dept_b = self.env["hr.department"].create({"name": "Sales B", "company_id": company_b.id})
        sales_b = new_test_user(self.env, login="cmp_sales_b", groups="base.group_user,vip_customer_care.group_vip_user",
                                company_id=company_b.id, company_ids=[company_b.id])

        def closed(budget, user, company=None, department=None):
            company = company or self.company
            campaign = self.env["vip.reward.campaign"].with_user(user).with_context(allowed_company_ids=company.ids).create({
                "name": f"Campaign {budget}", "company_id": company.id,
                "department_id": (department or self.sales_dept).id, "campaign_type": "points_exchange",
                "target_tier": "gold", "budget": budget, "expected_effect": "More visits",
                "date_start": date(2026, 11, 2), "date_end": date(2026, 11, 6),
            })
            campaign._vip_action_write({"state": "closed"})
            return campaign

        with freeze_time("2026-12-10 09:00"):
            a1, a2 = closed(1000, self.requester), closed(2000, self.requester)
            b1 = closed(3000, sales_b, company_b, dept_b)
            for campaign, user in ((a1, self.requester), (b1, sales_b), (a2, self.requester)):
                campaign.with_user(user).with_context(allowed_company_ids=campaign.company_id.ids).action_archive_campaign()
        self.assertEqual((a1.archive_number, a2.archive_number, b1.archive_number),
                         ("KH2026-0001", "KH2026-0002", "KH2026-0001"))
        with freeze_time("2027-01-04 09:00"):
            a3 = closed(4000, self.requester)
            a3.with_user(self.requester).action_archive_campaign()
        self.assertEqual(a3.archive_number, "KH2027-0001")
        # A company that took KH2026-0007 from the shared sequence before continues with 0008.
        company_c = self.env["res.company"].create({"name": "Campaign Test Trading C"})
        dept_c = self.env["hr.department"].create({"name": "Sales C", "company_id": company_c.id})
        sales_c = new_test_user(self.env, login="cmp_sales_c", groups="base.group_user,vip_customer_care.group_vip_user",
                                company_id=company_c.id, company_ids=[company_c.id])
        with freeze_time("2026-12-10 09:00"):
            old = closed(5000, sales_c, company_c, dept_c)
            old._vip_action_write({"state": "archived", "archive_number": "KH2026-0007"})
            c1 = closed(6000, sales_c, company_c, dept_c)
            c1.with_user(sales_c).with_context(allowed_company_ids=company_c.ids).action_archive_campaign()
        self.assertEqual(c1.archive_number, "KH2026-0008")

    def test_closing_overdue_alerts_finance_and_sales(self):
        """R-LOY-08, issue 19: a campaign ending on Friday 20 November 2026 is closed within 10
        working days, the weekend and the Monday public holiday not counted: by Monday
        7 December. On that day nothing happens; the day after, finance (reimbursement not
        closed) and the requester (archiving) get one activity each, once. A campaign finance
        already closed alerts only sales."""
        friday_end = {"date_start": date(2026, 11, 16), "date_end": date(2026, 11, 20)}
        open_one = self._campaign(8000, **friday_end)
        finance_closed = self._campaign(9000, **friday_end)
        for campaign in open_one | finance_closed:
            campaign.with_user(self.requester).action_submit()
            for user in (self.head, self.compliance, self.finance_1):
                self._rpc(campaign, user, "validate_tier")
            self.assertEqual((campaign.state, campaign.closing_due), ("approved", date(2026, 12, 7)))
        finance_closed.with_user(self.finance_2).action_close_reimbursement()
        Campaign = self.env["vip.reward.campaign"]

        def alerts(campaign):
            return self.env["mail.activity"].search([
                ("res_model", "=", campaign._name), ("res_id", "=", campaign.id),
                ("summary", "=", f"Campaign closing overdue: {campaign.name}"),
            ])

        with freeze_time("2026-12-07 16:00"):
            Campaign._cron_vip_closing_overdue()
            self.assertFalse(alerts(open_one) | alerts(finance_closed))
            self.assertFalse(open_one.with_user(self.requester).closing_overdue)
        with freeze_time("2026-12-08 08:00"):
            Campaign._cron_vip_closing_overdue()
            Campaign._cron_vip_closing_overdue()
            self.env.invalidate_all()  # a new request on the next day
            self.assertTrue(open_one.with_user(self.requester).closing_overdue)
            self.assertIn(open_one, Campaign.with_user(self.finance_1).search([("closing_overdue", "=", True)]))
        self.assertEqual(alerts(open_one).user_id, self.requester | self.finance_1 | self.finance_2)
        self.assertEqual(len(alerts(open_one)), 3)
        # Issue 23: the date in the assignee's language format (English here).
        self.assertIn("both were due by 12/07/2026", alerts(open_one)[0].note)
        self.assertEqual(alerts(finance_closed).user_id, self.requester)
        self.assertEqual(alerts(open_one).activity_type_id, self.env.ref("mail.mail_activity_data_warning"))
        finance_closed.with_user(self.requester).action_archive_campaign()
        self.assertFalse(finance_closed.closing_overdue)
