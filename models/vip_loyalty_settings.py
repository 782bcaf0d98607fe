# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # R-LOY-01: birthday month multiplier for diamond members (the earn rate itself is the
    # rule of the "VIP points" loyalty program).
    vip_points_birthday_factor = fields.Float(string="Birthday month points factor (diamond)", default=2.0)
    # R-LOY-04
    vip_card_valid_years = fields.Integer(string="Member card valid for (years)", default=2)
    # R-LOY-07
    vip_redeem_gm_points = fields.Integer(string="Exchanges need GM approval from (points)", default=5000)
    vip_discount_floor_pct = fields.Float(
        string="Discount floor price (% of the consumption)", default=80.0,
        help="R-LOY-07: after a discount the customer pays at least this share of the consumption record.",
    )
    # R-LOY-05
    vip_freeze_hours = fields.Float(string="Freeze within (hours)", default=2.0)
    vip_freeze_investigation_days = fields.Integer(string="Freeze investigation within (working days)", default=3)
    # R-LOY-06 / R-LOY-08
    vip_campaign_vp_from = fields.Monetary(string="Campaigns: VP approves above", default=10000.0)
    vip_campaign_gm_from = fields.Monetary(string="Campaigns: GM office approves above", default=100000.0)
    vip_campaign_review_days = fields.Integer(string="Campaigns: compliance review within (working days)", default=1)
    vip_campaign_closing_days = fields.Integer(string="Campaigns: close within (working days after the end)", default=10)

    @api.constrains(
        "vip_points_birthday_factor", "vip_card_valid_years", "vip_redeem_gm_points", "vip_discount_floor_pct",
        "vip_freeze_hours", "vip_freeze_investigation_days", "vip_campaign_vp_from", "vip_campaign_gm_from",
        "vip_campaign_review_days", "vip_campaign_closing_days",
    )
    def _check_vip_loyalty_settings(self):
        for company in self:
            if company.vip_points_birthday_factor < 1 or not 1 <= company.vip_card_valid_years <= 50:
                raise ValidationError(self.env._(
                    "The birthday factor is at least 1 and cards are valid between 1 and 50 years."
                ))
            if company.vip_redeem_gm_points <= 0 or not 0 <= company.vip_discount_floor_pct <= 100:
                raise ValidationError(self.env._(
                    "The GM approval threshold must be positive and the floor price between 0 and 100 %."
                ))
            if min(company.vip_freeze_hours, company.vip_freeze_investigation_days,
                   company.vip_campaign_review_days, company.vip_campaign_closing_days) <= 0:
                raise ValidationError(self.env._("Loyalty durations must be positive."))
            if not 0 < company.vip_campaign_vp_from < company.vip_campaign_gm_from:
                raise ValidationError(self.env._("Campaign limits must be positive: VP < GM office."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    vip_points_birthday_factor = fields.Float(related="company_id.vip_points_birthday_factor", readonly=False)
    vip_card_valid_years = fields.Integer(related="company_id.vip_card_valid_years", readonly=False)
    vip_redeem_gm_points = fields.Integer(related="company_id.vip_redeem_gm_points", readonly=False)
    vip_discount_floor_pct = fields.Float(related="company_id.vip_discount_floor_pct", readonly=False)
    vip_freeze_hours = fields.Float(related="company_id.vip_freeze_hours", readonly=False)
    vip_freeze_investigation_days = fields.Integer(
        related="company_id.vip_freeze_investigation_days", readonly=False,
    )
    vip_campaign_vp_from = fields.Monetary(related="company_id.vip_campaign_vp_from", readonly=False)
    vip_campaign_gm_from = fields.Monetary(related="company_id.vip_campaign_gm_from", readonly=False)
    vip_campaign_review_days = fields.Integer(related="company_id.vip_campaign_review_days", readonly=False)
    vip_campaign_closing_days = fields.Integer(related="company_id.vip_campaign_closing_days", readonly=False)

    def action_vip_recompute_tiers(self):
        """R-TIER-03: recompute every customer's tier now (the same pass as the nightly cron)."""
        self.env["res.partner"].check_access("write")
        count = self.env["res.partner"]._vip_recompute_loyalty_tiers()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Loyalty tiers recomputed: %s customer(s) changed.", count),
            },
        }
