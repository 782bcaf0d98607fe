# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError

from .loyalty_common import LoyaltyCommon


class TestLoyaltyPoints(LoyaltyCommon):
    """R-LOY-01 / R-TIER-06: points on payment, birthday doubling, refunds, membership entry."""

    def test_points_only_on_payment(self):
        """R-LOY-01: nothing for a draft or an unpaid invoice; 1 point per 100 once paid, with
        a history entry naming the reason and the invoice."""
        draft = self._invoice(self.member, 12345, post=False)
        self.assertFalse(self._card(self.member))
        draft.action_post()
        self.assertFalse(self._card(self.member), "posted but unpaid: no card, no points")
        self._pay(draft)
        card = self._card(self.member)
        self.assertEqual(card.points, 123)
        history = card.history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual((history.issued, history.vip_reason, history.order_model, history.order_id),
                         (123, "earn", "account.move", draft.id))
        self.assertIn(draft.name, history.description)
        # Paying again (another reconciliation of the same invoice) never credits twice.
        draft._vip_loyalty_on_paid()
        self.assertEqual(card.points, 123)

    def test_history_in_card_holders_language(self):
        """R-LOY-01 (issue 23): the points-history description is written in the card holder's
        language, whoever's payment or refund recorded it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.member.lang = "zh_CN"
        invoice = self._paid_invoice(self.member, 10000)
        self._refund(invoice, 4000)
        history = self._card(self.member).history_ids
        earn = history.filtered(lambda h: h.vip_reason == "earn")
        refund = history.filtered(lambda h: h.vip_reason == "refund")
        self.assertEqual(earn.description, f"已付款发票 {invoice.name}")
        self.assertIn("的贷项通知单", refund.description)

    def test_refund_reverses_points(self):
        """R-LOY-01: a credit note takes back the points of its invoice, in proportion."""
        invoice = self._paid_invoice(self.member, 10000)
        card = self._card(self.member)
        self.assertEqual(card.points, 100)
        refund = self._refund(invoice, 4000)
        self.assertEqual(card.points, 60)
        entry = card.history_ids.filtered(lambda h: h.vip_reason == "refund")
        self.assertEqual((entry.used, entry.order_id), (40, refund.id))
        self._refund(invoice, 6000)
        self.assertEqual(card.points, 0)
        self.assertEqual(invoice.vip_points_reversed, 100)

    def _diamond(self, partner):
        # Tier from spend: the superuser stands in for the nightly recompute.
        partner.sudo().vip_loyalty_tier = "diamond"

    @freeze_time("2026-03-10")
    def test_birthday_double_for_diamond_in_birthday_month(self):
        """R-LOY-01 / R-TIER-04: diamond members earn double in their birthday month (March)."""
        self._diamond(self.member)
        self._paid_invoice(self.member, 5000)
        card = self._card(self.member)
        self.assertEqual(card.points, 100)
        self.assertEqual(card.history_ids.vip_reason, "birthday")

    @freeze_time("2026-04-10")
    def test_no_double_outside_birthday_month(self):
        """R-LOY-01: outside the birthday month a diamond member earns the normal rate."""
        self._diamond(self.member)
        self._paid_invoice(self.member, 5000)
        self.assertEqual(self._card(self.member).points, 50)

    @freeze_time("2026-03-10")
    def test_no_double_for_platinum(self):
        """R-LOY-01: only diamond members earn double in the birthday month."""
        self.member.sudo().vip_loyalty_tier = "platinum"
        self._paid_invoice(self.member, 5000)
        self.assertEqual(self._card(self.member).points, 50)

    def test_membership_single_purchase(self):
        """R-TIER-06: a single paid invoice of 1,000 gives a member card; 999.99 does not."""
        self._paid_invoice(self.member, 999.99)
        self.assertFalse(self._card(self.member))
        self._paid_invoice(self.member_2, 1000)
        card = self._card(self.member_2)
        self.assertEqual(card.program_id, self.program)
        self.assertEqual(card.points, 10)

    def test_membership_cumulative(self):
        """R-TIER-06: paid invoices of 2,000 within six months give a member card."""
        self._paid_invoice(self.member, 900)
        self._paid_invoice(self.member, 900)
        self.assertFalse(self._card(self.member))
        self._paid_invoice(self.member, 300)
        card = self._card(self.member)
        self.assertTrue(card)
        self.assertEqual(card.points, 3, "the invoice that qualifies earns; earlier ones had no card")

    def test_freeze_blocks_earning(self):
        """R-LOY-05: a frozen card earns nothing."""
        self._paid_invoice(self.member, 2000)
        card = self._card(self.member)
        card._vip_freeze("Abnormal points reported")
        self._paid_invoice(self.member, 5000)
        self.assertEqual(card.points, 20)

    def test_points_held_while_frozen_credited_on_unfreeze(self):
        """R-LOY-05: nothing is earned while the card is frozen; the invoices paid meanwhile are
        credited when internal control lifts the freeze, each with its invoice; a credit note
        during the freeze cancels the held points first."""
        self._paid_invoice(self.member, 2000)
        card = self._card(self.member)
        card._vip_freeze("Abnormal points reported")
        held = self._paid_invoice(self.member, 5000)
        refunded = self._paid_invoice(self.member, 3000)
        self._refund(refunded, 1000)
        self.assertEqual(card.points, 20)
        self.assertEqual((held.vip_points_held, refunded.vip_points_held), (50, 20))
        with self.assertRaises(UserError):
            card.with_user(self.requester).action_vip_unfreeze()
        card.with_user(self.compliance).action_vip_unfreeze("Points were correct")
        self.assertEqual(card.points, 20 + 50 + 20)
        entries = card.history_ids.filtered(lambda h: h.vip_reason == "held")
        self.assertEqual(sorted(entries.mapped("order_id")), sorted((held | refunded).ids))
        self.assertEqual(sorted(entries.mapped("issued")), [20, 50])
        self.assertEqual((held.vip_points_held, refunded.vip_points_held), (0, 0))
        # Credited once: another unfreeze cycle credits nothing more.
        card._vip_freeze("Second report")
        card.with_user(self.compliance).action_vip_unfreeze()
        self.assertEqual(card.points, 90)
        # After the unfreeze, a credit note takes the credited points back from the card.
        self._refund(held, 5000)
        self.assertEqual(card.points, 40)

    def test_points_not_written_by_hand(self):
        """R-LOY-01/02: the balance moves only through history entries."""
        self._paid_invoice(self.member, 2000)
        card = self._card(self.member)
        with self.assertRaises(UserError):
            card.with_user(self.marketing).write({"points": 100000})
