# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .loyalty_common import LoyaltyCommon


class TestLoyaltyRedemption(LoyaltyCommon):
    """R-LOY-03 / R-LOY-07: identity-checked, irreversible exchanges; GM from 5,000 points;
    discounts above the floor price."""

    def setUp(self):
        super().setUp()
        self.invoice = self._paid_invoice(self.member, 800000)  # 8,000 points
        self.card = self._card(self.member)
        rewards = self.program.reward_ids
        self.pendant = rewards.filtered(lambda r: r.reward_type == "product")
        self.fixed = rewards.filtered(lambda r: r.discount_mode == "per_order")

    def _wizard(self, reward, user=None, **vals):
        Wizard = self.env["vip.loyalty.redeem.wizard"].with_user(user or self.requester)
        return Wizard.create({"card_id": self.card.id, "reward_id": reward.id, **vals})

    def test_identity_required(self):
        """R-LOY-03: no exchange without identity verification; wrong digits refused."""
        with self.assertRaisesRegex(UserError, "Verify the customer's identity"):
            self._wizard(self.fixed, consumption_move_id=self.invoice.id).action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.fixed, consumption_move_id=self.invoice.id, id_type="prc_id",
                         id_last_digits="9999").action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.fixed, consumption_move_id=self.invoice.id, id_type="passport",
                         id_last_digits="002X").action_confirm()
        self.assertEqual(self.card.points, 8000)
        self.assertFalse(self.env["vip.loyalty.redemption"].search([("card_id", "=", self.card.id)]))

    def test_exchange_deducts_at_once_and_is_irreversible(self):
        """R-LOY-03: the points go at once, with a history entry; the exchange is final."""
        action = self._wizard(self.fixed, consumption_move_id=self.invoice.id, id_type="prc_id",
                              id_last_digits="002x").action_confirm()
        redemption = self.env["vip.loyalty.redemption"].browse(action["res_id"])
        self.assertEqual(redemption.state, "done")
        self.assertEqual(redemption.identity_method, "id_digits")
        self.assertEqual(self.card.points, 7000)
        entry = self.card.history_ids.filtered(lambda h: h.vip_reason == "redeem")
        self.assertEqual((entry.used, entry.order_model, entry.order_id), (1000, "vip.loyalty.redemption", redemption.id))
        with self.assertRaises(UserError):
            redemption.with_user(self.requester).action_cancel()
        with self.assertRaises(UserError):
            redemption.with_user(self.requester).write({"state": "cancelled"})
        with self.assertRaises(UserError):
            redemption.with_user(self.requester).write({"points": 1})
        with self.assertRaises(UserError):
            redemption.unlink()
        self.assertEqual(self.card.points, 7000)

    def test_gm_approval_from_5000(self):
        """R-LOY-07: exchanges of 5,000 points or more wait for the GM; points go on approval."""
        action = self._wizard(self.pendant, original_id_seen=True).action_confirm()
        redemption = self.env["vip.loyalty.redemption"].browse(action["res_id"])
        self.assertEqual(redemption.state, "to_approve")
        self.assertEqual(self.card.points, 8000)
        self.assertEqual(redemption.review_ids.reviewer_ids & self.gm, self.gm)
        with self.assertRaises(UserError):
            redemption.with_user(self.requester).validate_tier()
        redemption.with_user(self.gm).validate_tier()
        self.assertEqual(redemption.state, "done")
        self.assertEqual(self.card.points, 3000)

    def test_below_5000_needs_no_approval(self):
        """R-LOY-07: 4,999 points are exchanged without the GM."""
        redemption = self.env["vip.loyalty.redemption"].browse(
            self._wizard(self.pendant, original_id_seen=True, points=4999).action_confirm()["res_id"]
        )
        self.assertEqual((redemption.state, redemption.review_ids), ("done", self.env["tier.review"]))

    def test_discount_floor_price(self):
        """R-LOY-07: a discount matches a consumption record and keeps the floor price."""
        small = self._paid_invoice(self.member, 1000)
        with self.assertRaises(UserError):
            self._wizard(self.fixed, original_id_seen=True).action_confirm()
        with self.assertRaises(UserError):
            self._wizard(self.fixed, consumption_move_id=small.id, original_id_seen=True).action_confirm()
        self.assertEqual(self.card.points, 8010, "refused exchanges take no points (the small invoice earned 10)")
        self._wizard(self.fixed, consumption_move_id=self.invoice.id, original_id_seen=True).action_confirm()

    def test_frozen_card_cannot_redeem(self):
        """R-LOY-05: a frozen card redeems nothing."""
        self.card._vip_freeze("Abnormal points")
        with self.assertRaisesRegex(UserError, "frozen"):
            self._wizard(self.pendant, original_id_seen=True, points=100).action_confirm()
        self.assertEqual(self.card.points, 8000)
