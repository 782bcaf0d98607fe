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
