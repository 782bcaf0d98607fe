# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    vip_tier_diamond_amount = fields.Monetary(
        related="company_id.vip_tier_diamond_amount", readonly=False
    )
    vip_tier_platinum_amount = fields.Monetary(
        related="company_id.vip_tier_platinum_amount", readonly=False
    )
    vip_tier_gold_amount = fields.Monetary(related="company_id.vip_tier_gold_amount", readonly=False)
    vip_tier_period = fields.Selection(related="company_id.vip_tier_period", readonly=False)
    vip_member_single_amount = fields.Monetary(
        related="company_id.vip_member_single_amount", readonly=False
    )
    vip_member_cumulative_amount = fields.Monetary(
        related="company_id.vip_member_cumulative_amount", readonly=False
    )
    vip_member_cumulative_months = fields.Integer(
        related="company_id.vip_member_cumulative_months", readonly=False
    )
