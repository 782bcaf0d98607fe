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
    card_points = fields.Float(related="card_id.points", string="Balance")
    company_id = fields.Many2one(related="card_id.company_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    reward_id = fields.Many2one(
        "loyalty.reward", required=True, domain="[('program_id', '=', program_id)]",
    )
    program_id = fields.Many2one(related="card_id.program_id")
    reward_type = fields.Selection(related="reward_id.reward_type")
    points = fields.Float(compute="_compute_points", store=True, readonly=False, required=True, precompute=True)
    consumption_move_id = fields.Many2one(
        "account.move", string="Consumption record",
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
        help="R-LOY-07: the customer invoice the discount applies to.",
    )
    discount_amount = fields.Monetary(compute="_compute_discount_amount", store=True, readonly=False, precompute=True)
    id_type = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["vip_id_type"].selection,
        string="ID document type",
    )
    id_last_digits = fields.Char(string="Last digits of the ID number", help="At least the last 4 characters.")
    original_id_seen = fields.Boolean(
        string="Original ID seen", help="The staff member checked the customer's original identity document.",
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = (wizard.company_id or self.env.company).currency_id

    @api.depends("reward_id")
    def _compute_points(self):
        for wizard in self:
            wizard.points = wizard.reward_id.required_points

    @api.depends("reward_id", "consumption_move_id", "points")
    def _compute_discount_amount(self):
        for wizard in self:
            reward = wizard.reward_id
            amount = 0.0
            if reward.reward_type == "discount":
                base = wizard.consumption_move_id.amount_total
                if reward.discount_mode == "percent":
                    amount = base * reward.discount / 100.0
                elif reward.discount_mode == "per_point":
                    amount = wizard.points * reward.discount
                else:
                    amount = reward.discount
            wizard.discount_amount = amount

    def _check_identity(self):
        """R-LOY-03: real-name check, the ID type and the last digits match the customer's
        record, or the original document was seen. The full number is read by the system for
        the comparison only; it is never shown."""
        self.ensure_one()
        if self.original_id_seen:
            return "original_seen"
        digits = (self.id_last_digits or "").strip().upper()
        partner = self.partner_id.commercial_partner_id.sudo()
        number = (partner.vip_id_number or "").upper()
        if not self.id_type or len(digits) < 4 or not number:
            raise UserError(self.env._(
                "Verify the customer's identity first: the ID type and at least the last 4 characters "
                "of the ID number, or tick “Original ID seen” (R-LOY-03)."
            ))
        if partner.vip_id_type != self.id_type or not number.endswith(digits):
            raise UserError(self.env._(
                "The identity does not match the member's record: no exchange (R-LOY-03)."
            ))
        return "id_digits"

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("vip_customer_care.group_vip_user"):
            raise UserError(self.env._("Only VIP staff record exchanges."))
        card = self.card_id
        if card.partner_id != self.partner_id or not card.vip_is_points:
            raise UserError(self.env._("Choose the customer's VIP member card."))
        card.sudo()._vip_can_use(raise_error=True)
        method = self._check_identity()
        if self.points <= 0 or float_compare(self.points, card.sudo().points, precision_digits=2) > 0:
            raise UserError(self.env._(
                "The card has %(balance)s points: an exchange of %(points)s points is not possible.",
                balance=card.sudo().points, points=self.points,
            ))
        if self.reward_id.program_id != card.program_id:
            raise UserError(self.env._("The reward belongs to another program."))
        company = card.company_id or self.env.company
        if self.reward_type == "discount":
            move = self.consumption_move_id
            if not move or move.commercial_partner_id != self.partner_id.commercial_partner_id or move.state != "posted":
                raise UserError(self.env._("A discount must match a posted invoice of this customer (R-LOY-07)."))
            floor = move.amount_total * company.vip_discount_floor_pct / 100.0
            if float_compare(move.amount_total - self.discount_amount, floor, precision_digits=2) < 0:
                raise UserError(self.env._(
                    "The discount would take the price below the floor price of %(floor)s (R-LOY-07).",
                    floor=round(floor, 2),
                ))
        needs_gm = self.points >= company.vip_redeem_gm_points
        Redemption = self.env["vip.loyalty.redemption"]._vip_action_env()
        redemption = Redemption.create({
            "company_id": company.id,
            "card_id": card.id,
            "partner_id": self.partner_id.id,
            "reward_id": self.reward_id.id,
            "points": self.points,
            "discount_amount": self.discount_amount,
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
        return {
            "type": "ir.actions.act_window",
            "res_model": "vip.loyalty.redemption",
            "res_id": redemption.id,
            "view_mode": "form",
        }
