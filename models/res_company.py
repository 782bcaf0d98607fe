# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # R-TIER-03: loyalty tier thresholds on spend.
    vip_tier_diamond_amount = fields.Monetary(string="Diamond tier from", default=500000.0)
    vip_tier_platinum_amount = fields.Monetary(string="Platinum tier from", default=200000.0)
    vip_tier_gold_amount = fields.Monetary(string="Gold tier from", default=50000.0)
    vip_tier_period = fields.Selection(
        [("rolling", "Trailing 12 months"), ("calendar_year", "Calendar year")],
        string="Tier spend period",
        default="rolling",
        required=True,
    )
    # R-TIER-06: store membership entry.
    vip_member_single_amount = fields.Monetary(string="Member card: single purchase", default=1000.0)
    vip_member_cumulative_amount = fields.Monetary(
        string="Member card: cumulative purchases", default=2000.0
    )
    vip_member_cumulative_months = fields.Integer(string="Member card: within months", default=6)

    @api.constrains(
        "vip_tier_diamond_amount",
        "vip_tier_platinum_amount",
        "vip_tier_gold_amount",
        "vip_member_single_amount",
        "vip_member_cumulative_amount",
        "vip_member_cumulative_months",
    )
    def _check_vip_thresholds(self):
        for company in self:
            if not (
                company.vip_tier_diamond_amount
                > company.vip_tier_platinum_amount
                > company.vip_tier_gold_amount
                > 0
            ):
                raise ValidationError(
                    self.env._("Tier thresholds must be positive and ordered: diamond > platinum > gold.")
                )
            if company.vip_member_single_amount <= 0 or company.vip_member_cumulative_amount <= 0:
                raise ValidationError(self.env._("Member card amounts must be positive."))
            if not 1 <= company.vip_member_cumulative_months <= 24:
                raise ValidationError(self.env._("The member card period must be between 1 and 24 months."))
