# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

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
