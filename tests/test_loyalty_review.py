# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .loyalty_common import LoyaltyCommon


class TestLoyaltyTierReview(LoyaltyCommon):
    """R-TIER-05: the January review: proposals from spend, sales confirms, internal control
    approves, every change kept with old and new tier, spend, who and when."""

    def test_review_walk(self):
        self._invoice(self.member, 210000, invoice_date=date(2025, 6, 1))
        self.member.sudo().vip_loyalty_tier = "gold"
        review = self.env["vip.loyalty.tier.review"].with_user(self.requester).create({
            "year": 2025, "company_id": self.company.id,
        })
        review.action_propose()
        line = review.line_ids.filtered(lambda l: l.partner_id == self.member)
        self.assertEqual((line.current_tier, line.proposed_tier, line.spend, line.direction),
                         ("gold", "platinum", 210000, "up"))
        with self.assertRaises(UserError):
            review.with_user(self.compliance).action_approve()  # not confirmed yet
        review.with_user(self.requester).action_confirm()
        with self.assertRaises(UserError):
            review.with_user(self.requester).action_approve()  # sales cannot approve
        with self.assertRaises(UserError):
            review.with_user(self.requester).write({"state": "approved"})
        review.with_user(self.compliance).action_approve()
        self.assertEqual(review.state, "approved")
        self.member.invalidate_recordset()
        self.assertEqual(self.member.vip_loyalty_tier, "platinum")
        change = self.member.vip_loyalty_tier_change_ids.filtered(lambda c: c.source == "review")
        self.assertEqual((change.old_tier, change.new_tier, change.spend, change.user_id),
                         ("gold", "platinum", 210000, self.compliance))

    def _approved_review(self, year):
        review = self.env["vip.loyalty.tier.review"].with_user(self.requester).create({
            "year": year, "company_id": self.company.id,
        })
        review.action_propose()
        review.with_user(self.requester).action_confirm()
        review.with_user(self.compliance).action_approve()
        return review

    def _tier(self, partner):
        partner.invalidate_recordset()
        return partner.vip_loyalty_tier

    def test_reviewed_tier_holds_until_next_review(self):
        """R-TIER-05 over R-TIER-03: the tier approved by the yearly review holds until the next
        approved review; the nightly recompute raises a customer above it, never below it."""
        Partner = self.env["res.partner"]
        self._invoice(self.member, 210000, invoice_date=date(2025, 3, 1))
        self._invoice(self.member_2, 60000, invoice_date=date(2025, 3, 1))
        self.company.vip_tier_period = "calendar_year"
        self._approved_review(2025)
        self.assertEqual((self._tier(self.member), self._tier(self.member_2)), ("platinum", "gold"))
        self.assertEqual((self.member.vip_loyalty_review_tier, self.member_2.vip_loyalty_review_tier),
                         ("platinum", "gold"))
        # January 2026: the calendar year restarts at zero spend, the reviewed tiers hold.
        Partner._vip_recompute_loyalty_tiers([self.member.id, self.member_2.id], today=date(2026, 1, 20))
        self.assertEqual((self._tier(self.member), self._tier(self.member_2)), ("platinum", "gold"))
        self.assertEqual(self.member.vip_loyalty_spend, 0)
        self.assertFalse(self.member.vip_loyalty_tier_change_ids.filtered(lambda c: c.source == "recompute"
                                                                          and c.new_tier == "none"))
        # During the year more spend raises the tier above the reviewed one.
        self._invoice(self.member_2, 250000, invoice_date=date(2026, 5, 1))
        Partner._vip_recompute_loyalty_tiers([self.member_2.id], today=date(2026, 5, 2))
        self.assertEqual(self._tier(self.member_2), "platinum")
        # The next review (spend of 2026) lowers the member whose spend fell and confirms the
        # unchanged tier of the other; the floor moves with it.
        review = self._approved_review(2026)
        line = review.line_ids.filtered(lambda l: l.partner_id == self.member)
        self.assertEqual((line.current_tier, line.proposed_tier, line.direction), ("platinum", "none", "down"))
        Partner._vip_recompute_loyalty_tiers([self.member.id, self.member_2.id], today=date(2027, 1, 20))
        self.assertEqual((self._tier(self.member), self._tier(self.member_2)), ("none", "platinum"))
        self.assertEqual(self.member_2.vip_loyalty_review_tier, "platinum")

    def test_scheduler_starts_review_in_january(self):
        """R-TIER-05, issue 19: in January the scheduler starts the review of last year for the
        company, with the proposals from spend, and gives each salesperson of a reviewed
        customer one activity naming their customers (the sales head for a customer without a
        salesperson); it does so once, not in other months, and in the month set in the
        settings."""
        Review = self.env["vip.loyalty.tier.review"]
        self.company.vip_sales_department_id = self.sales_dept
        colleague_customer = self.env["res.partner"].create({
            "name": "Customer Qian", "company_id": self.company.id, "user_id": self.sales_other.id,
        })
        orphan = self.env["res.partner"].create({"name": "Customer Sun", "company_id": self.company.id})
        self._invoice(self.member, 210000, invoice_date=date(2025, 6, 1))
        self._invoice(self.member_2, 60000, invoice_date=date(2025, 6, 1))
        self._invoice(colleague_customer, 55000, invoice_date=date(2025, 9, 1))
        self._invoice(orphan, 52000, invoice_date=date(2025, 9, 1))

        def reviews():
            return Review.search([("company_id", "=", self.company.id)])

        with freeze_time("2025-12-31 10:00"):
            Review._cron_vip_yearly_review()
        self.assertFalse(reviews(), "not in December")
        with freeze_time("2026-01-05 02:00"):
            Review._cron_vip_yearly_review()
            Review._cron_vip_yearly_review()
        review = reviews()
        self.assertEqual((len(review), review.year, review.state), (1, 2025, "draft"))
        self.assertEqual(review.line_ids.partner_id, self.member | self.member_2 | colleague_customer | orphan)
        activities = review.activity_ids
        self.assertEqual(activities.user_id, self.requester | self.sales_other | self.head)
        mine = activities.filtered(lambda a: a.user_id == self.requester).with_user(self.requester)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.summary, "Tier review 2025: check your customers")
        self.assertIn("2 of your customers: Member Wang, Member Zhao", mine.note)
        self.assertEqual(mine.date_deadline, date(2026, 1, 31))
        self.assertIn("Customer Sun", activities.filtered(lambda a: a.user_id == self.head).note)
        # The salesperson finds it in their to-do list and confirms after checking.
        self.assertIn(review, Review.with_user(self.requester).search([("activity_user_id", "=", self.requester.id)]))
        review.with_user(self.requester).action_confirm()
        self.assertFalse(review.activity_ids, "the checks end with the confirmation")
        # Another month in the settings: nothing in January, the review comes in March.
        self._invoice(self.member, 80000, invoice_date=date(2026, 5, 1))
        self.company.vip_tier_review_month = 3
        with freeze_time("2027-01-05 02:00"):
            Review._cron_vip_yearly_review()
        self.assertEqual(reviews(), review)
        with freeze_time("2027-03-01 02:00"):
            Review._cron_vip_yearly_review()
        self.assertEqual(reviews().mapped("year"), [2026, 2025])
