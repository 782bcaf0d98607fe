# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .call_kw_common import CallKwCase
from .common import OTHER_PRC_ID, VALID_PRC_ID
from .loyalty_common import LoyaltyCommon

WIZARD = "vip.loyalty.redeem.wizard"


@tagged("post_install", "-at_install")
class TestRedemptionOverRpc(CallKwCase, LoyaltyCommon):
    """Issue 18 item 3 (R-LOY-03, R-LOY-07): the points and the discount of an exchange come
    from the reward and the consumption record, whatever a client types over JSON-RPC; the
    identity check asks for what the mask hides, and failed checks are logged."""

    def setUp(self):
        super().setUp()
        self.invoice = self._paid_invoice(self.member, 800000)  # 8,000 points
        self.card = self._card(self.member)
        rewards = self.program.reward_ids
        self.pendant = rewards.filtered(lambda r: r.reward_type == "product")  # 5,000 points
        self.fixed = rewards.filtered(lambda r: r.discount_mode == "per_order")  # 1,000 points
        self.Redemption = self.env["vip.loyalty.redemption"]
        self.login(self.requester)

    def _exchanges(self):
        return self.Redemption.search([("card_id", "=", self.card.id)])

    def test_typed_points_do_not_skip_the_gm(self):
        """Issue 18 item 3, R-LOY-07: 4,999 points typed (at creation and by a later write) for
        the 5,000-point gift: the exchange is of 5,000 points and waits for the GM; the card
        keeps its points until then."""
        [wizard_id] = self.call_kw(WIZARD, "create", [[{
            "card_id": self.card.id, "reward_id": self.pendant.id, "points": 4999, "original_id_seen": True,
        }]])
        self.call_kw(WIZARD, "write", [[wizard_id], {"points": 4999}])
        action = self.call_kw(WIZARD, "action_confirm", [[wizard_id]])
        redemption = self.Redemption.browse(action["res_id"])
        self.assertEqual((redemption.points, redemption.state, redemption.needs_gm_approval), (5000, "to_approve", True))
        self.assertIn(self.gm, redemption.review_ids.reviewer_ids)
        self.assertEqual(self.card.points, 8000, "nothing deducted before the GM approves")

    def test_typed_discount_not_recorded(self):
        """Issue 18 item 3, R-LOY-07: a discount typed as 150,000 is recorded as the reward's
        discount on the consumption record."""
        [wizard_id] = self.call_kw(WIZARD, "create", [[{
            "card_id": self.card.id, "reward_id": self.fixed.id, "consumption_move_id": self.invoice.id,
            "discount_amount": 150000, "points": 1, "original_id_seen": True,
        }]])
        self.call_kw(WIZARD, "write", [[wizard_id], {"discount_amount": 150000}])
        action = self.call_kw(WIZARD, "action_confirm", [[wizard_id]])
        redemption = self.Redemption.browse(action["res_id"])
        self.assertEqual(redemption.discount_amount, self.fixed.discount)
        self.assertNotEqual(redemption.discount_amount, 150000)
        self.assertEqual((redemption.points, redemption.state), (1000, "done"))
        self.assertEqual(self.card.points, 7000)

    def test_identity_asks_what_the_mask_hides(self):
        """Issue 18 item 3, R-LOY-03, R-PII-01: the last four characters (shown by the mask to
        every VIP user) and the masked number itself are refused; a wrong number gives no
        exchange and is logged as a failed check; the complete number is accepted."""
        masked = self.member.with_user(self.requester).vip_id_number_display
        self.assertTrue(masked.endswith(VALID_PRC_ID[-4:]), "the mask shows the last four characters")
        Log = self.env["vip.identity.check.log"]
        logged = Log.search_count([("res_model", "=", "res.partner"), ("res_id", "=", self.member.id)])
        [wizard_id] = self.call_kw(WIZARD, "create", [[{
            "card_id": self.card.id, "reward_id": self.fixed.id, "consumption_move_id": self.invoice.id,
            "id_type": "prc_id", "id_number": masked,
        }]])
        self.assertRefused(r"complete ID number", WIZARD, "action_confirm", [[wizard_id]])
        for number in (VALID_PRC_ID[-4:], OTHER_PRC_ID):
            [wizard_id] = self.call_kw(WIZARD, "create", [[{
                "card_id": self.card.id, "reward_id": self.fixed.id, "consumption_move_id": self.invoice.id,
                "id_type": "prc_id", "id_number": number,
            }]])
            action = self.call_kw(WIZARD, "action_confirm", [[wizard_id]])
            self.assertEqual((action["res_model"], action["res_id"]), (WIZARD, wizard_id))
            [wizard] = self.call_kw(WIZARD, "read", [[wizard_id], ["identity_error", "id_number"]])
            self.assertIn("does not match", wizard["identity_error"])
            self.assertFalse(wizard["id_number"])
        self.assertFalse(self._exchanges(), "no exchange after a failed identity check")
        self.assertEqual(self.card.points, 8000)
        failed = Log.search([("res_model", "=", "res.partner"), ("res_id", "=", self.member.id)], order="id")[logged:]
        self.assertEqual((failed.mapped("result"), failed.user_id), (["no_match", "no_match"], self.requester))
        [wizard_id] = self.call_kw(WIZARD, "create", [[{
            "card_id": self.card.id, "reward_id": self.fixed.id, "consumption_move_id": self.invoice.id,
            "id_type": "prc_id", "id_number": VALID_PRC_ID,
        }]])
        action = self.call_kw(WIZARD, "action_confirm", [[wizard_id]])
        redemption = self.Redemption.browse(action["res_id"])
        self.assertEqual((redemption.identity_method, redemption.state), ("id_number", "done"))
