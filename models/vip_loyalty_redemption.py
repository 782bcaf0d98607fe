# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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
        "done_date", "approval_due",
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

    @api.depends("partner_id", "points")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = self.env._(
                "Exchange %(id)s: %(customer)s, %(points)s points",
                id=rec.id or "", customer=rec.partner_id.name or "", points=int(rec.points),
            )

    def _vip_execute(self):
        """R-LOY-03: deduct the points at once; the exchange is final."""
        for rec in self:
            card = rec.card_id.sudo()
            card._vip_can_use(raise_error=True)
            card._vip_move_points(
                0, rec.points, "redeem",
                self.env._("Exchange for %(reward)s", reward=rec.reward_id.description or rec.reward_id.display_name),
                rec,
            )
            rec._vip_action_write({"state": "done", "done_date": fields.Datetime.now()})
        return True

    def _on_approved(self):
        """GM approved an exchange of 5,000 points or more: the points go at once."""
        self._vip_execute()

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
            "res_model": "vip.loyalty.redeem.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id},
        }
