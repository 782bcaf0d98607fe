# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError

from .loyalty_common import LoyaltyCommon


class TestLoyaltyDiscount(LoyaltyCommon):
    """Issue 19, R-LOY-07: a points discount is an accounting fact on the consumption record,
    booked by finance (a discount line on an unpaid invoice, a credit note on a paid one), and
    every discount on one purchase together keeps the floor price."""

    def setUp(self):
        super().setUp()
        self._paid_invoice(self.member, 800000)  # 8,000 points
        self.card = self._card(self.member)
        rewards = self.program.reward_ids
        discounts = rewards.filtered(lambda r: r.reward_type == "discount")
        self.fixed = discounts.filtered(lambda r: r.discount_mode == "per_order")  # 500 for 1,000 points
        self.percent = discounts.filtered(lambda r: r.discount_mode == "percent")  # 10 % for 2,000 points

    def _exchange(self, invoice, reward=None, user=None):
        wizard = self.env["vip.loyalty.redeem.wizard"].with_user(user or self.requester).create({
            "card_id": self.card.id, "reward_id": (reward or self.fixed).id, "consumption_move_id": invoice.id,
            "original_id_seen": True,
        })
        return self.env["vip.loyalty.redemption"].browse(wizard.action_confirm()["res_id"])

    def _book_activities(self, redemption):
        return self.env["mail.activity"].search([
            ("res_model", "=", redemption._name), ("res_id", "=", redemption.id), ("summary", "=", "Book the points discount"),
        ])

    def test_discount_line_on_unpaid_invoice(self):
        """R-LOY-07, issue 19: sales exchanges 1,000 points for 500 off an unpaid invoice of
        3,000: the points go at once and finance is asked to book it; finance books a discount
        line on the invoice, which then charges 2,500 and earns points on 2,500 when paid.
        Sales cannot book it themselves."""
        invoice = self._invoice(self.member, 3000)
        redemption = self._exchange(invoice).with_user(self.requester)
        self.assertEqual((redemption.state, redemption.discount_state, self.card.points), ("done", "to_book", 7000))
        self.assertEqual(self._book_activities(redemption).user_id, self.finance_1 | self.finance_2)
        self.assertIn(redemption, self.env["vip.loyalty.redemption"].with_user(self.finance_1).search(
            [("discount_state", "=", "to_book")]))
        with self.assertRaisesRegex(UserError, "Only finance"):
            redemption.action_vip_book_discount()
        redemption.with_user(self.finance_1).action_vip_book_discount()
        self.assertEqual((redemption.discount_state, redemption.discount_method, redemption.discount_move_id,
                          redemption.discount_booked_by_id),
                         ("booked", "invoice_line", invoice, self.finance_1))
        self.assertEqual((invoice.state, invoice.amount_total, invoice.payment_state), ("posted", 2500, "not_paid"))
        line = invoice.invoice_line_ids.filtered("vip_redemption_id")
        self.assertEqual((line.price_total, line.product_id), (-500, self.env.ref("vip_customer_care.product_vip_points_discount")))
        self.assertIn("Points discount: 1000 points", line.name)
        self.assertFalse(self._book_activities(redemption))
        with self.assertRaisesRegex(UserError, "no points discount waiting"):
            redemption.with_user(self.finance_1).action_vip_book_discount()
        self._pay(invoice)
        self.assertEqual(self.card.points, 7025, "the paid 2,500 earn 25 points")

    def test_credit_note_on_paid_invoice(self):
        """R-LOY-07, issue 19: on a paid invoice finance books a credit note of the discount
        (an open credit for the customer); it takes back the points of the 500 like any credit
        note, so the purchase earns as if the customer had paid 49,500."""
        invoice = self._paid_invoice(self.member, 50000)  # 500 more points
        self.assertEqual(self.card.points, 8500)
        redemption = self._exchange(invoice)
        redemption.with_user(self.finance_2).action_vip_book_discount()
        refund = redemption.discount_move_id
        self.assertEqual((redemption.discount_method, refund.move_type, refund.state, refund.reversed_entry_id),
                         ("credit_note", "out_refund", "posted", invoice))
        self.assertEqual((refund.amount_total, refund.amount_residual, refund.vip_redemption_id), (500, 500, redemption))
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self.card.points, 8500 - 1000 - 5)
        self.assertIn(refund.name, redemption.message_ids[0].body)

    def test_partly_paid_invoice_credit_note_reconciled(self):
        """R-LOY-07, issue 19: on a partly paid invoice the credit note is reconciled with what
        is still due; the invoice then earns points on what was paid in money."""
        invoice = self._invoice(self.member, 3000)
        wizard = self.env["account.payment.register"].with_company(self.company).with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({"amount": 1000})
        wizard._create_payments()
        self.assertEqual(invoice.payment_state, "partial")
        redemption = self._exchange(invoice)
        redemption.with_user(self.finance_1).action_vip_book_discount()
        self.assertEqual(redemption.discount_method, "credit_note")
        self.assertEqual(invoice.amount_residual, 1500)
        self.assertEqual(redemption.discount_move_id.amount_residual, 0)
        self._pay(invoice)
        self.assertEqual(self.card.points, 7000 + 25, "2,500 paid in money earn 25 points")

    def test_finance_at_the_counter_books_at_once(self):
        """R-LOY-07, issue 19: an exchange recorded by finance (invoicing rights) is booked at once."""
        invoice = self._invoice(self.member, 3000)
        redemption = self._exchange(invoice, user=self.finance_1)
        self.assertEqual((redemption.discount_state, redemption.discount_method), ("booked", "invoice_line"))
        self.assertEqual(invoice.amount_total, 2500)
        self.assertFalse(self._book_activities(redemption))

    def test_floor_holds_for_the_sum_of_discounts(self):
        """R-LOY-07, issue 19: the floor price (80 % of the list price, setting) holds for all
        discounts on one purchase together: a 10 % line discount plus 500 points off 3,000 is
        refused; on 5,000, two exchanges of 500 reach the floor and a third is refused, though
        each alone is far above it. Nothing is deducted by a refused exchange."""
        discounted = self._invoice(self.member, 3000, post=False)
        discounted.invoice_line_ids.discount = 10
        discounted.action_post()
        with self.assertRaisesRegex(UserError, r"below the floor price of 2400\.0.*other discounts 300\.0.*this discount 500\.0"):
            self._exchange(discounted)
        self.assertEqual(self.card.points, 8000)
        invoice = self._invoice(self.member, 5000)
        first, second = self._exchange(invoice), self._exchange(invoice)
        first.with_user(self.finance_1).action_vip_book_discount()
        self.assertEqual(invoice.amount_total, 4500)
        with self.assertRaisesRegex(UserError, r"earlier points discounts 1000\.0, this discount 500\.0"):
            self._exchange(invoice)
        self.assertEqual(self.card.points, 6000)
        second.with_user(self.finance_1).action_vip_book_discount()
        self.assertEqual(invoice.amount_total, 4000)
        # A percentage applies to the price still charged.
        other = self._invoice(self.member, 20000)
        self.assertEqual(self._exchange(other, self.percent).discount_amount, 2000)
        self.assertEqual(self._exchange(other, self.fixed).discount_amount, 500)

    def test_discount_line_shares_the_taxes(self):
        """R-LOY-07, issue 19: on a taxed invoice the discount (tax included) lowers the tax
        base with it: 11,300 with 13 % VAT less 500 charges 10,800."""
        vat = self.env["account.tax"].create({
            "name": "VAT 13 %", "amount": 13, "type_tax_use": "sale", "company_id": self.company.id,
        })
        invoice = self.env["account.move"].with_company(self.company).create({
            "move_type": "out_invoice", "partner_id": self.member.id, "company_id": self.company.id,
            "invoice_line_ids": [Command.create({
                "product_id": self.product.id, "quantity": 1, "price_unit": 10000, "tax_ids": [Command.set(vat.ids)],
            })],
        })
        invoice.action_post()
        self._exchange(invoice, user=self.finance_1)
        self.assertEqual(invoice.amount_total, 10800)
        self.assertAlmostEqual(invoice.amount_tax, 1242.48, places=2)
        self.assertEqual(invoice.invoice_line_ids.filtered("vip_redemption_id").tax_ids, vat)
