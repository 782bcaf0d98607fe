# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journal entries: reception cost control on bills (issue 10, R-COST-03) and VIP points on
paid customer invoices and credit notes (issue 11, R-LOY-01, R-TIER-06). One class per
inherited model (pylint-odoo), one section per area."""
import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from .vip_guard_mixin import _WORKFLOW
from .vip_loyalty_account import PAID_STATES

# Points-history descriptions are lazy terms, written in the card holder's language by
# loyalty.card._vip_move_points (issue 23).
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------ loyalty (R-LOY-01)
    vip_points_card_id = fields.Many2one(
        "loyalty.card", string="VIP card credited", readonly=True, copy=False, index="btree_not_null",
    )
    vip_points_credited = fields.Float(string="VIP points credited", readonly=True, copy=False)
    vip_points_reversed = fields.Float(string="VIP points reversed", readonly=True, copy=False)
    # Issue 19 (R-LOY-07): the credit note that books a points discount on a paid invoice.
    vip_redemption_id = fields.Many2one(
        "vip.loyalty.redemption", string="Points exchange", readonly=True, copy=False, index="btree_not_null",
        ondelete="restrict",
    )
    vip_points_held = fields.Float(
        string="VIP points held", readonly=True, copy=False,
        help="R-LOY-05: points of an invoice paid while the card was frozen; credited to the card "
        "when internal control lifts the freeze.",
    )

    def _post(self, soft=True):
        self._vip_check_bill_budgets()
        posted = super()._post(soft)
        refunds = posted.filtered(lambda m: m.move_type == "out_refund" and m.reversed_entry_id.vip_points_card_id)
        if refunds:
            refunds._vip_loyalty_reverse()
        return posted

    # ------------------------------------------------------------------ costs (R-COST-03)
    def _vip_is_vendor_bill(self):
        """A vendor bill or refund (expense reports post vendor-bill-like entries too)."""
        self.ensure_one()
        return self.move_type in ("in_invoice", "in_refund") and not self.expense_sheet_id

    def _vip_check_bill_budgets(self, with_expenses=False):
        """R-COST-03: a bill (or any entry) that would push a reception category beyond its
        approved budget is not posted. Expense reports were checked at approval; a posted line
        of either linked to a reception afterwards is checked again (``with_expenses``,
        issue 18)."""
        moves = self if with_expenses else self.filtered(lambda m: not m.expense_sheet_id)
        lines = moves.line_ids.filtered(lambda line: line.analytic_distribution and line.display_type == "product")
        if lines:
            keys = {int(i) for line in lines for key in line.analytic_distribution for i in key.split(",")}
            mapping = self.env["account.analytic.account"]._vip_reception_map(keys)
            if mapping:
                Reception = self.env["vip.reception"]
                amounts = defaultdict(float)
                for line in lines:
                    category = line.product_id.vip_cost_category or line.account_id.vip_cost_category or "other"
                    for key, percent in line.analytic_distribution.items():
                        for account_id in key.split(","):
                            reception_id = mapping.get(int(account_id))
                            if reception_id:
                                amounts[Reception.browse(reception_id), category] += line.balance * percent / 100.0
                Reception._vip_check_budget(amounts, exclude_move_ids=moves.ids)

    def button_draft(self):
        """Issue 18 item 4 / R-COST-02: the posted actual cost of a reception changes only by a
        reversal or credit note; resetting the entry to draft would delete its analytic lines."""
        if not self.env.su:
            lines = self.env["account.analytic.line"].sudo().search(
                [("move_line_id.move_id", "in", self.filtered(lambda m: m.state == "posted").ids),
                 ("vip_reception_id", "!=", False)], limit=1,
            )
            if lines:
                raise UserError(self.env._(
                    "%(move)s is posted actual cost of VIP reception %(reception)s (R-COST-02): it "
                    "cannot be reset to draft or cancelled; reverse it with a credit note instead.",
                    move=lines.move_line_id.move_id.display_name, reception=lines.vip_reception_id.display_name,
                ))
        return super().button_draft()

    # ------------------------------------------------------------------ earn (R-LOY-01)
    def _vip_loyalty_on_paid(self):
        """R-LOY-01 / R-TIER-06: once a customer invoice is paid (reconciled), the customer
        qualifies for a member card if they do not hold one yet, and the card earns points by the
        VIP program's rule (double in the birthday month for diamond members). Bookkeeping of
        the system: the payment was registered with the user's own rights."""
        invoices = self.sudo().filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
            and m.payment_state in PAID_STATES and not m.vip_points_card_id
        )
        if not invoices:
            return
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(self)
        for company, moves in invoices.grouped("company_id").items():
            program = self.env["loyalty.program"].sudo()._vip_points_program(company)
            if not program:
                continue
            partners = moves.commercial_partner_id
            cards = Partner._vip_loyalty_cards(partners, company)
            missing = partners.filtered(lambda p, cards=cards: p.id not in cards)
            if missing:
                cards.update(moves._vip_membership_entry(missing, company, program))
            for move in moves:
                card = cards.get(move.commercial_partner_id.id)
                if not card:
                    continue
                frozen = card.vip_state == "frozen" and not card.vip_is_expired
                if not frozen and not card._vip_can_use():
                    card._vip_system().message_post(body=self.env._(
                        "%(invoice)s was paid while the card is %(state)s: no points earned (R-LOY-04/05).",
                        invoice=move.name, state=card.vip_state if card.vip_state != "active" else self.env._("expired"),
                    ))
                    continue
                partner = move.commercial_partner_id
                points = program._vip_points_for(move._vip_points_paid_amount())
                reason = "earn"
                if partner.vip_loyalty_tier == "diamond" and partner.vip_birth_month == str(today.month):
                    points = math.floor(points * company.vip_points_birthday_factor)
                    reason = "birthday"
                if frozen:
                    # R-LOY-05: no earning while frozen; the points wait on the invoice and are
                    # credited when internal control lifts the freeze (action_vip_unfreeze).
                    card._vip_system().message_post(body=self.env._(
                        "%(invoice)s was paid while the card is frozen: %(points)s points are held until "
                        "internal control lifts the freeze (R-LOY-05).", invoice=move.name, points=points,
                    ))
                    move.write({"vip_points_card_id": card.id, "vip_points_credited": points, "vip_points_held": points})
                    continue
                description = (
                    _lt("Paid invoice %s, birthday month (diamond)", move.name) if reason == "birthday"
                    else _lt("Paid invoice %s", move.name)
                )
                if points > 0:
                    card._vip_move_points(points, 0, reason, description, move)
                move.write({"vip_points_card_id": card.id, "vip_points_credited": points})

    def _vip_points_paid_amount(self):
        """R-LOY-01: the amount paid for the invoice: its total less the points discounts booked
        as credit notes on it (issue 19; a discount line already lowered the total)."""
        self.ensure_one()
        discounts = self.reversal_move_ids.filtered(lambda m: m.vip_redemption_id and m.state == "posted")
        return self.amount_total_signed + sum(discounts.mapped("amount_total_signed"))

    def _vip_membership_entry(self, partners, company, program):
        """R-TIER-06: a single paid invoice ≥ 1,000 or paid invoices ≥ 2,000 within six months
        (settings) give the customer a member card on the VIP points program."""
        since = fields.Date.context_today(self) - relativedelta(months=company.vip_member_cumulative_months)
        groups = self.env["account.move"].sudo()._read_group(
            [
                ("commercial_partner_id", "in", partners.ids), ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                ("payment_state", "in", PAID_STATES), ("invoice_date", ">=", since),
            ],
            ["commercial_partner_id"], ["amount_total_signed:sum", "amount_total_signed:max"],
        )
        qualified = [
            partner for partner, total, single in groups
            if single >= company.vip_member_single_amount or total >= company.vip_member_cumulative_amount
        ]
        if not qualified:
            return {}
        Card = self.env["loyalty.card"].sudo().with_context(vip_workflow=_WORKFLOW, loyalty_no_mail=True)
        cards = Card.create([{"program_id": program.id, "partner_id": partner.id} for partner in qualified])
        for card in cards:
            card.message_post(body=self.env._("Member card issued: the customer qualified by paid purchases (R-TIER-06)."))
        return {card.partner_id.id: card for card in cards}

    # ------------------------------------------------------------------ refund (R-LOY-01)
    def _vip_loyalty_reverse(self):
        """A posted credit note takes back the points its invoice earned, in proportion."""
        for refund in self.sudo():
            invoice = refund.reversed_entry_id
            card = invoice.vip_points_card_id
            remaining = invoice.vip_points_credited - invoice.vip_points_reversed
            if remaining <= 0:
                continue
            total = abs(invoice.amount_total_signed)
            ratio = min(1.0, abs(refund.amount_total_signed) / total) if total else 1.0
            points = min(remaining, math.ceil(round(invoice.vip_points_credited * ratio, 6)))
            # Points still held by a freeze (R-LOY-05) are cancelled first: they never reached the card.
            from_held = min(points, invoice.vip_points_held)
            points_on_card = points - from_held
            taken = min(points_on_card, card.points)
            description = (
                _lt("Credit note %(refund)s for %(invoice)s (%(spent)s points were already spent)",
                    refund=refund.name, invoice=invoice.name, spent=points_on_card - taken)
                if taken < points_on_card
                else _lt("Credit note %(refund)s for %(invoice)s", refund=refund.name, invoice=invoice.name)
            )
            if taken > 0:
                card._vip_move_points(0, taken, "refund", description, refund)
            invoice.write({
                "vip_points_reversed": invoice.vip_points_reversed + points,
                "vip_points_held": invoice.vip_points_held - from_held,
            })
