# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDiscountExchangeTour(HttpCase):
    def test_vip_manager_records_a_discount_exchange_in_chinese(self):
        """Issue 23 / R-LOY-07 / R-LOY-03: in the browser, in zh_CN, the VIP manager opens Zhang
        Wei's card, presses *Exchange points*, chooses a discount by its Chinese name, picks his October invoice from
        the drop-down (without invoicing rights), ticks the original ID seen and exchanges: the
        exchange is done on that invoice, by the manager, and the points are gone from the card."""
        env = self.env
        manager = env.ref("vip_customer_care.user_vip_manager")
        env["res.lang"]._activate_lang("zh_CN")
        manager.lang = "zh_CN"
        card = env.ref("vip_customer_care.loyalty_card_vip_zhang_wei")
        reward = env["loyalty.reward"].search([
            ("program_id", "=", card.program_id.id), ("reward_type", "=", "discount"),
            ("discount_mode", "=", "per_order"), ("discount", "=", 500),
        ], limit=1)
        invoice = env["account.move"].search([("name", "=", "INV/2026/00007")])
        self.assertEqual(reward.with_context(lang="zh_CN").description, "单笔消费立减 500")
        self.assertEqual(invoice.commercial_partner_id, card.partner_id.commercial_partner_id)
        self.assertFalse(manager.has_group("account.group_account_invoice"), "no invoicing rights")
        points = card.points
        action = env.ref("vip_customer_care.action_vip_loyalty_cards")
        self.start_tour(f"/odoo/action-{action.id}/{card.id}", "vip_loyalty_discount_exchange", login=manager.login)
        exchange = env["vip.loyalty.redemption"].search([("card_id", "=", card.id)], order="id desc", limit=1)
        self.assertEqual((exchange.state, exchange.reward_id, exchange.consumption_move_id, exchange.discount_amount),
                         ("done", reward, invoice, 500.0))
        self.assertEqual((exchange.user_id, exchange.identity_method), (manager, "original_seen"))
        card.invalidate_recordset()
        self.assertEqual(card.points, points - reward.required_points)
