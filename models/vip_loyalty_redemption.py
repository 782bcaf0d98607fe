# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# R-LOY-07: exchanges whose discount counts on the purchase (all but the refused ones).
DISCOUNT_STATES = ("to_approve", "approved", "done")


class VipLoyaltyRedemption(models.Model):
    """R-LOY-03 / R-LOY-07: an exchange of points for a reward. Identity is verified when it
    is recorded; the points are deducted at once (after the GM's approval from 5,000 points)
    and an exchange is never reversed."""

    _name = "vip.loyalty.redemption"
    _description = "VIP points exchange"
    _inherit = ["vip.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _vip_workflow_fields = (
        "state", "card_id", "partner_id", "reward_id", "points", "discount_amount", "consumption_move_id",
        "identity_method", "identity_checked_by_id", "identity_checked_date", "needs_gm_approval",
        "done_date", "approval_due", "discount_state", "discount_method", "discount_move_id",
        "discount_booked_date", "discount_booked_by_id",
    )
    _vip_retention = True
    _vip_final_states = ("done", "cancelled", "rejected")
    # Issue 18: every field is written by the wizard and the buttons; nothing changes after draft.
    _vip_editable_fields = {"to_approve": (), "approved": (), "done": (), "rejected": (), "cancelled": ()}
    _vip_requester_field = "user_id"
    _vip_due_field = "approval_due"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Recorded by", default=lambda self: self.env.user, readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"), ("to_approve", "Waiting for GM approval"), ("approved", "Approved"),
            ("done", "Done"), ("rejected", "Rejected"), ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    card_id = fields.Many2one("loyalty.card", string="Member card", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True)
    reward_id = fields.Many2one("loyalty.reward", required=True, readonly=True)
    reward_type = fields.Selection(related="reward_id.reward_type")
    points = fields.Float(required=True, readonly=True)
    discount_amount = fields.Monetary(string="Discount", readonly=True)
    consumption_move_id = fields.Many2one(
        "account.move", string="Consumption record", readonly=True,
        help="R-LOY-07: the customer invoice a discount applies to.",
    )
    identity_method = fields.Selection(
        [
            ("id_number", "ID type and complete number matched"),
            # Before issue 18: the last digits, which the masked number shows every VIP user.
            ("id_digits", "ID type and last digits matched"),
            ("original_seen", "Original ID seen"),
        ],
        string="Identity verified by", required=True, readonly=True,
    )
    identity_checked_by_id = fields.Many2one("res.users", string="Identity checked by", readonly=True)
    identity_checked_date = fields.Datetime(string="Identity checked on", readonly=True)
    needs_gm_approval = fields.Boolean(string="Needs GM approval", readonly=True, index=True)
    approval_due = fields.Datetime(readonly=True)
    done_date = fields.Datetime(string="Points deducted on", readonly=True)
    # Issue 19: a points discount is an accounting fact on the consumption record: a discount
    # line on the unpaid invoice, or a credit note on a paid one, booked by finance (or at once
    # when the exchange is recorded by someone with invoicing rights).
    discount_state = fields.Selection(
        [("none", "No discount"), ("to_book", "To book by finance"), ("booked", "Booked")],
        string="Discount booking", default="none", required=True, readonly=True, copy=False, index=True,
    )
    discount_method = fields.Selection(
        [("invoice_line", "Discount line on the unpaid invoice"), ("credit_note", "Credit note on the paid invoice")],
        string="Booked as", readonly=True, copy=False,
    )
    discount_move_id = fields.Many2one(
        "account.move", string="Accounting document", readonly=True, copy=False, index="btree_not_null",
        help="The invoice that carries the discount line, or the credit note of the discount.",
    )
    discount_booked_date = fields.Datetime(string="Discount booked on", readonly=True, copy=False)
    discount_booked_by_id = fields.Many2one("res.users", string="Discount booked by", readonly=True, copy=False)

    @api.depends("partner_id", "points")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = self.env._(
                "Exchange %(id)s: %(customer)s, %(points)s points",
                id=rec.id or "", customer=rec.partner_id.name or "", points=int(rec.points),
            )

    def _vip_execute(self):
        """R-LOY-03: deduct the points at once; the exchange is final. A discount is then
        booked on the consumption record (issue 19)."""
        for rec in self:
            card = rec.card_id.sudo()
            card._vip_can_use(raise_error=True)
            card._vip_move_points(
                0, rec.points, "redeem",
                _lt("Exchange for %(reward)s", reward=rec.reward_id.description or rec.reward_id.display_name),
                rec,
            )
            rec._vip_action_write({"state": "done", "done_date": fields.Datetime.now()})
        discounts = self.filtered(lambda r: r.reward_id.reward_type == "discount" and r.consumption_move_id)
        if discounts:
            discounts._vip_action_write({"discount_state": "to_book"})
            if self.env.user.has_group("account.group_account_invoice"):
                discounts._vip_book_discount()
            else:
                discounts._vip_ask_finance()
        return True

    def _on_approved(self):
        """GM approved an exchange of 5,000 points or more: the points go at once."""
        self._vip_execute()

    # ------------------------------------------------------------------ discount (R-LOY-07, issue 19)
    @api.model
    def _vip_purchase_figures(self, move, exclude=None):
        """What the customer is charged for the purchase ``move`` (an invoice or its
        consumption record, same id; tax included): the list price, the other discounts on it
        (line discounts, negative lines such as a sales discount) and the points discounts of
        the exchanges on it (booked or not, but ``exclude``). Read from the consumption record
        with the user's own rights (issue 23: no invoicing rights needed at the counter)."""
        record = self.env["vip.consumption.record"].browse(move.id)
        exchanges = self.search([
            ("consumption_move_id", "=", move.id), ("state", "in", DISCOUNT_STATES),
            ("id", "not in", (exclude or self.browse()).ids),
        ])
        return {
            "name": record.name, "currency": record.currency_id, "full": record.list_amount,
            "other": record.other_discount, "points": sum(exchanges.mapped("discount_amount")),
        }

    @api.model
    def _vip_discount_base(self, move):
        """The price still charged for ``move``: what a percentage reward applies to."""
        figures = self._vip_purchase_figures(move)
        return figures["full"] - figures["other"] - figures["points"]

    @api.model
    def _vip_check_discount_floor(self, move, discount, company, exclude=None):
        """R-LOY-07, issue 19: every discount on one purchase together (line discounts, other
        discount lines, every points exchange on it and this one) keeps the price at or above
        the floor price (setting, % of the list price)."""
        figures = self._vip_purchase_figures(move, exclude=exclude)
        floor = figures["full"] * company.vip_discount_floor_pct / 100.0
        charged = figures["full"] - figures["other"] - figures["points"] - discount
        if float_compare(charged, floor, precision_rounding=figures["currency"].rounding or 0.01) < 0:
            raise UserError(self.env._(
                "All discounts on %(invoice)s together would take the price below the floor price of %(floor)s "
                "(R-LOY-07): list price %(full)s, other discounts %(other)s, earlier points discounts %(points)s, "
                "this discount %(discount)s.",
                invoice=figures["name"], floor=round(floor, 2), full=round(figures["full"], 2),
                other=round(figures["other"], 2), points=round(figures["points"], 2), discount=round(discount, 2),
            ))

    def _vip_finance_users(self):
        self.ensure_one()
        return self.env.ref("vip_customer_care.group_vip_finance").users.filtered(
            lambda u: not u.share and self.company_id in u.company_ids
        )

    def _vip_ask_finance(self):
        """An activity for the company's finance users: book the discount (issue 19)."""
        model_id = self.env["ir.model"]._get_id(self._name)
        act_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        self.env["mail.activity"]._vip_create_batch([{
            "res_model_id": model_id, "res_id": rec.id, "activity_type_id": act_type.id, "user_id": user.id,
            "date_deadline": today, "automated": True,
            "summary": _lt("Book the points discount"),
            "note": _lt(
                "Discount of %(amount)s on %(invoice)s for exchange %(exchange)s (R-LOY-07).",
                amount=rec.discount_amount, exchange=rec.display_name,
                invoice=self.env["vip.consumption.record"].browse(rec.consumption_move_id.id).name,
            ),
        } for rec in self for user in rec._vip_finance_users()])

    def action_vip_book_discount(self):
        """Finance books the points discount on the consumption record."""
        return self._vip_book_discount()

    def _vip_book_discount(self):
        """Issue 19 (R-LOY-07): the points discount becomes an accounting fact, with the
        user's own invoicing rights: on an invoice nothing was paid on yet, a discount line
        (the invoice is reset to draft, gets the line and is posted again, so the customer is
        charged less and the tax base falls with it); on an invoice already (partly) paid, or
        one that cannot be reopened (secured, locked period), a credit note on it, reconciled
        with what is still due. Both lower the spend (R-TIER-03) and the points the purchase
        earns (R-LOY-01) alike."""
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only finance (invoicing rights) books a points discount."))
        for rec in self:
            if rec.state != "done" or rec.discount_state != "to_book":
                raise UserError(self.env._("%s has no points discount waiting to be booked.", rec.display_name))
            move = rec.consumption_move_id
            if move.state != "posted" or move.move_type != "out_invoice":
                raise UserError(self.env._(
                    "%s is no longer a posted customer invoice: the discount cannot be booked on it.", move.display_name,
                ))
            rec._vip_check_discount_floor(move, 0.0, rec.company_id)
            booked = rec._vip_book_on_invoice(move) if move.payment_state == "not_paid" else False
            method = "invoice_line"
            if not booked:
                booked, method = rec._vip_book_credit_note(move), "credit_note"
            rec._vip_action_write({
                "discount_state": "booked", "discount_method": method, "discount_move_id": booked.id,
                "discount_booked_date": fields.Datetime.now(), "discount_booked_by_id": self.env.uid,
            })
            label = dict(self._fields["discount_method"]._description_selection(self.env))[method]
            rec.message_post(body=self.env._(
                "Discount of %(amount)s booked: %(how)s %(document)s.",
                amount=rec.discount_amount, how=label, document=booked.name,
            ))
            rec.activity_feedback(["mail.mail_activity_data_todo"], user_id=self.env.uid, feedback=booked.name)
            rec.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _vip_discount_label(self):
        return self.env._(
            "Points discount: %(points)s points, %(exchange)s", points=int(self.points), exchange=self.display_name,
        )

    def _vip_discount_line_commands(self, move, sign):
        """Discount lines for ``move``'s purchase: the discount (tax included) shared over the
        taxes of the purchase lines in proportion, so each tax base falls with it."""
        self.ensure_one()
        currency = move.currency_id
        groups = defaultdict(float)
        for line in move.invoice_line_ids.filtered(
            lambda l: l.display_type == "product" and not l.vip_redemption_id and l.price_total > 0
        ):
            groups[line.tax_ids] += line.price_total
        if not groups:
            groups[self.env["account.tax"]] = 1.0
        total = sum(groups.values())
        product = self.env.ref("vip_customer_care.product_vip_points_discount")
        commands, remaining = [], self.discount_amount
        items = list(groups.items())
        for index, (taxes, part) in enumerate(items):
            share = remaining if index == len(items) - 1 else currency.round(self.discount_amount * part / total)
            remaining -= share
            price = share
            if taxes:
                details = taxes._get_tax_details(
                    share, 1.0, precision_rounding=currency.rounding, special_mode="total_included",
                )
                price = details["total_excluded"] + sum(
                    data["tax_amount"] for data in details["taxes_data"] if data["tax"].price_include
                )
            commands.append(Command.create({
                "product_id": product.id, "name": self._vip_discount_label(), "quantity": 1.0,
                "price_unit": sign * price, "tax_ids": [Command.set(taxes.ids)], "vip_redemption_id": self.id,
            }))
        return commands

    def _vip_book_on_invoice(self, move):
        """A discount line on the unpaid invoice; False when the invoice cannot be reopened."""
        self.ensure_one()
        if not move.show_reset_to_draft_button:
            return False
        try:
            with self.env.cr.savepoint():
                move.button_draft()
                move.write({"invoice_line_ids": self._vip_discount_line_commands(move, -1)})
                move.action_post()
        except UserError:
            return False  # a locked period: the credit note below
        move.message_post(body=self.env._(
            "Points discount of %(amount)s (exchange %(exchange)s) added as a discount line.",
            amount=self.discount_amount, exchange=self.display_name,
        ))
        return move

    def _vip_book_credit_note(self, move):
        """A credit note of the discount on ``move``, reconciled with what is still due."""
        self.ensure_one()
        refund = self.env["account.move"].create({
            "move_type": "out_refund",
            "partner_id": move.partner_id.id,
            "company_id": move.company_id.id,
            "journal_id": move.journal_id.id,
            "currency_id": move.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "reversed_entry_id": move.id,
            "invoice_origin": move.name,
            "ref": self._vip_discount_label(),
            "vip_redemption_id": self.id,
            "invoice_line_ids": self._vip_discount_line_commands(move, 1),
        })
        refund.action_post()
        if move.amount_residual > 0:
            (move.line_ids | refund.line_ids).filtered(
                lambda l: l.account_id.account_type == "asset_receivable" and not l.reconciled
            ).reconcile()
        return refund

    def action_cancel(self):
        """Only an exchange that did not happen yet is cancelled (R-LOY-03: irreversible)."""
        for rec in self:
            if rec.state in ("done", "rejected", "cancelled"):
                raise UserError(self.env._("An exchange that is done is final and cannot be cancelled (R-LOY-03)."))
            rec._vip_action_write({"state": "cancelled"})
        return True


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    vip_redemption_ids = fields.One2many("vip.loyalty.redemption", "card_id", string="Exchanges", readonly=True)

    def action_vip_redeem(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exchange VIP points"),
            "res_model": "vip.loyalty.redeem.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id},
        }
