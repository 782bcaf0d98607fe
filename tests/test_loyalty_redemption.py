# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .common import OTHER_PRC_ID, VALID_PRC_ID
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
        """R-LOY-03, issue 18: no exchange without identity verification; the masked number's
        last four characters, a wrong number or a wrong type are refused and the failed
        checks are logged."""
        with self.assertRaisesRegex(UserError, "Verify the customer's identity"):
            self._wizard(self.fixed, consumption_move_id=self.invoice.id).action_confirm()
        with self.assertRaisesRegex(UserError, "complete ID number"):
            self._wizard(self.fixed, consumption_move_id=self.invoice.id, id_type="prc_id",
                         id_number="1101**********002X").action_confirm()
        Log = self.env["vip.identity.check.log"]
        for id_type, number in (("prc_id", "002X"), ("prc_id", OTHER_PRC_ID), ("passport", VALID_PRC_ID)):
            wizard = self._wizard(self.fixed, consumption_move_id=self.invoice.id, id_type=id_type, id_number=number)
            action = wizard.action_confirm()
            self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
            self.assertIn("does not match", wizard.identity_error)
            self.assertFalse(wizard.id_number, "the typed number is not kept")
        logs = Log.search([("res_model", "=", "res.partner"), ("res_id", "=", self.member.id)])
        self.assertEqual(logs.mapped("result"), ["no_match"] * 3)
        self.assertEqual(logs.user_id, self.requester)
        self.assertEqual(self.card.points, 8000)
        self.assertFalse(self.env["vip.loyalty.redemption"].search([("card_id", "=", self.card.id)]))

    def test_exchange_deducts_at_once_and_is_irreversible(self):
        """R-LOY-03: the points go at once, with a history entry; the exchange is final."""
        action = self._wizard(self.fixed, consumption_move_id=self.invoice.id, id_type="prc_id",
                              id_number=VALID_PRC_ID.lower()).action_confirm()
        redemption = self.env["vip.loyalty.redemption"].browse(action["res_id"])
        self.assertEqual(redemption.state, "done")
        self.assertEqual(redemption.identity_method, "id_number")
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
        """R-LOY-07, issue 18: a reward of 4,999 points is exchanged without the GM; typing
        4,999 points for the 5,000-point gift changes nothing (the reward's points count)."""
        small_gift = self.pendant.copy({"required_points": 4999})
        redemption = self.env["vip.loyalty.redemption"].browse(
            self._wizard(small_gift, original_id_seen=True).action_confirm()["res_id"]
        )
        self.assertEqual((redemption.state, redemption.points, redemption.review_ids), (
            "done", 4999, self.env["tier.review"]))
        self.assertEqual(self.card.points, 3001)
        self._paid_invoice(self.member, 500000)  # 5,000 more points
        typed = self._wizard(self.pendant, original_id_seen=True, points=4999)
        self.assertEqual(typed.points, 5000, "a typed number of points is not taken")
        redemption = self.env["vip.loyalty.redemption"].browse(typed.action_confirm()["res_id"])
        self.assertEqual((redemption.state, redemption.points), ("to_approve", 5000))

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
