# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class VipLoyaltyRedeemWizard(models.TransientModel):
    """R-LOY-03 / R-LOY-07: exchange points for a gift or a discount at the counter."""

    _name = "vip.loyalty.redeem.wizard"
    _description = "Exchange VIP points"

    card_id = fields.Many2one("loyalty.card", string="Member card", required=True, domain=[("vip_is_points", "=", True)])
    partner_id = fields.Many2one(related="card_id.partner_id", string="Customer")
    commercial_partner_id = fields.Many2one(related="card_id.partner_id.commercial_partner_id")
    card_points = fields.Float(related="card_id.points", string="Balance")
    company_id = fields.Many2one(related="card_id.company_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    reward_id = fields.Many2one(
        "loyalty.reward", required=True, domain="[('program_id', '=', program_id)]",
    )
    program_id = fields.Many2one(related="card_id.program_id")
    reward_type = fields.Selection(related="reward_id.reward_type")
    # Issue 18 item 3: derived from the reward and the consumption record, never typed (a
    # typed value is discarded at create and recomputed by the action).
    points = fields.Float(compute="_compute_points", store=True, readonly=True, precompute=True)
    # Issue 23: picked among the card holder's posted invoices as VIP staff see them (number,
    # date, total), without invoicing rights; the id is the invoice's (recorded on the exchange).
    consumption_move_id = fields.Many2one(
        "vip.consumption.record", string="Consumption record",
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="R-LOY-07: the customer invoice the discount applies to.",
    )
    discount_amount = fields.Monetary(compute="_compute_discount_amount", store=True, readonly=True, precompute=True)
    id_type = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["vip_id_type"].selection,
        string="ID document type",
    )
    # R-LOY-03 / issue 18: the masked number shows every VIP user its first and last four
    # characters, so the complete number is asked and compared with the stored one.
    id_number = fields.Char(string="Complete ID number", help="The whole number read from the customer's document.")
    original_id_seen = fields.Boolean(
        string="Original ID seen", help="The staff member checked the customer's original identity document.",
    )
    identity_error = fields.Char(string="Identity check", readonly=True)

    @api.depends("company_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = (wizard.company_id or self.env.company).currency_id

    @api.depends("reward_id")
    def _compute_points(self):
        for wizard in self:
            wizard.points = wizard._vip_derived_amounts()[0]

    @api.depends("reward_id", "consumption_move_id")
    def _compute_discount_amount(self):
        for wizard in self:
            wizard.discount_amount = wizard._vip_derived_amounts()[1]

    def _vip_consumption(self):
        """The consumption record (a posted invoice of a VIP member, read with the user's own
        rights, issue 23); checked to be the card holder's in ``action_confirm``."""
        self.ensure_one()
        return self.consumption_move_id.exists()

    def _vip_derived_amounts(self):
        """(points, discount) of this exchange: the reward's points, and the discount the
        reward gives on the consumption record (R-LOY-07, issue 18: never typed)."""
        self.ensure_one()
        reward = self.reward_id
        points = reward.required_points
        amount = 0.0
        if reward.reward_type == "discount":
            # Issue 19: a percentage applies to the price still charged (after the discounts
            # already on the purchase).
            record = self._vip_consumption()
            base = self.env["vip.loyalty.redemption"]._vip_discount_base(record) if record else 0.0
            if reward.discount_mode == "percent":
                amount = base * reward.discount / 100.0
            elif reward.discount_mode == "per_point":
                amount = points * reward.discount
            else:
                amount = reward.discount
        return points, amount

    def _check_identity(self):
        """R-LOY-03: real-name check, the ID type and the complete ID number match the
        customer's record (compared and logged by ``vip_verify_identity``, which never shows
        the stored number), or the original document was seen. Returns the method, or False
        after a failed check (logged; the caller shows the refusal without rolling the log
        back)."""
        self.ensure_one()
        if self.original_id_seen:
            return "original_seen"
        partner = self.partner_id.commercial_partner_id
        number = (self.id_number or "").strip()
        if not self.id_type or not number or "*" in number:
            raise UserError(self.env._(
                "Verify the customer's identity first: the ID type and the complete ID number (the "
                "masked number shown on the customer proves nothing), or tick “Original ID seen” (R-LOY-03)."
            ))
        if not partner.vip_verify_identity(number, self.id_type):
            return False
        return "id_number"

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("vip_customer_care.group_vip_user"):
            raise UserError(self.env._("Only VIP staff record exchanges."))
        card = self.card_id
        if card.partner_id != self.partner_id or not card.vip_is_points:
            raise UserError(self.env._("Choose the customer's VIP member card."))
        card.sudo()._vip_can_use(raise_error=True)
        if self.reward_id.program_id != card.program_id:
            raise UserError(self.env._("The reward belongs to another program."))
        method = self._check_identity()
        if not method:
            # Logged by the check; no exception, so that the log is kept (issue 18).
            self.write({"id_number": False, "identity_error": self.env._(
                "The identity does not match the member's record: no exchange (R-LOY-03). The failed "
                "check was logged."
            )})
            return {
                "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new", "name": self.env._("Exchange VIP points"),
            }
        points, discount = self._vip_derived_amounts()
        if points <= 0 or float_compare(points, card.sudo().points, precision_digits=2) > 0:
            raise UserError(self.env._(
                "The card has %(balance)s points: an exchange of %(points)s points is not possible.",
                balance=card.sudo().points, points=points,
            ))
        company = card.company_id or self.env.company
        if self.reward_type == "discount":
            move = self._vip_consumption()
            if not move or move.partner_id != self.commercial_partner_id:
                raise UserError(self.env._("A discount must match a posted invoice of this customer (R-LOY-07)."))
            if move.currency_id != company.currency_id:
                raise UserError(self.env._(
                    "A points discount applies to an invoice in %s, the company's currency.", company.currency_id.name,
                ))
            # R-LOY-07, issue 19: every discount on the purchase together keeps the floor.
            self.env["vip.loyalty.redemption"]._vip_check_discount_floor(move, discount, company)
        # R-LOY-07: judged on the reward's points.
        needs_gm = points >= company.vip_redeem_gm_points
        Redemption = self.env["vip.loyalty.redemption"]._vip_action_env()
        redemption = Redemption.create({
            "company_id": company.id,
            "card_id": card.id,
            "partner_id": self.partner_id.id,
            "reward_id": self.reward_id.id,
            "points": points,
            "discount_amount": discount,
            "consumption_move_id": self.consumption_move_id.id,
            "identity_method": method,
            "identity_checked_by_id": self.env.uid,
            "identity_checked_date": fields.Datetime.now(),
            "needs_gm_approval": needs_gm,
        }).with_env(self.env)
        if needs_gm:
            calendar = company.resource_calendar_id
            due = calendar.vip_working_days_deadline(fields.Datetime.now(), company.vip_sla_approval_days, company) if calendar else False
            redemption._vip_action_write({"state": "to_approve", "approval_due": due})
            redemption.request_validation()
        else:
            redemption._vip_execute()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "vip.loyalty.redemption",
            "res_id": redemption.id,
            "view_mode": "form",
        }
        if needs_gm:
            # Issue 23: who approves the exchange next and by when (the exchange opens as before).
            params = redemption._vip_next_step_action()["params"]
            self.env.user._bus_send("simple_notification", {
                "title": params["title"], "message": params["message"], "type": "info",
            })
        return action
