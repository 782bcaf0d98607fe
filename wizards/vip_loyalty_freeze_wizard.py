# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipLoyaltyFreezeWizard(models.TransientModel):
    """R-LOY-05 / seed 001 §4.2.2: sales freezes a member card after a report of abnormal
    points. Collects the reason and when the report came in; the card's
    ``action_vip_freeze`` checks and records everything (the lock lives in the model)."""

    _name = "vip.loyalty.freeze.wizard"
    _description = "Freeze a VIP member card"

    card_id = fields.Many2one(
        "loyalty.card", string="Member card", required=True, domain=[("vip_is_points", "=", True)],
    )
    partner_id = fields.Many2one(related="card_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="card_id.company_id")
    reason = fields.Text(required=True, help="What the customer reported about the points.")
    requested_date = fields.Datetime(
        string="Abnormal points reported on", required=True, default=fields.Datetime.now,
        help="When the customer (or a colleague) reported the abnormal points: the freeze target counts from here.",
    )
    freeze_hours = fields.Float(related="card_id.company_id.vip_freeze_hours", string="Target (hours)")
    freeze_due = fields.Datetime(string="Freeze due by", compute="_compute_freeze_due")

    @api.depends("requested_date", "freeze_hours")
    def _compute_freeze_due(self):
        for wizard in self:
            wizard.freeze_due = wizard.requested_date and fields.Datetime.add(
                wizard.requested_date, hours=wizard.freeze_hours,
            )

    def action_confirm(self):
        self.ensure_one()
        self.card_id.action_vip_freeze(self.reason, self.requested_date)
        return {
            "type": "ir.actions.act_window", "res_model": "loyalty.card", "res_id": self.card_id.id,
            "view_mode": "form", "views": [(self.env.ref("vip_customer_care.view_vip_loyalty_card_form").id, "form")],
        }
