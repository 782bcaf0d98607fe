# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # R-APV-02: finance double signature on reception expenses.
    vip_cost_double_sign_from = fields.Monetary(
        string="Expense finance double signature from", default=50000.0,
    )
    # R-COST-05: monthly finance sample.
    vip_cost_sample_percent = fields.Float(string="Monthly expense sample (%)", default=50.0)

    @api.constrains("vip_cost_sample_percent", "vip_cost_double_sign_from")
    def _check_vip_cost_settings(self):
        for company in self:
            if not 0 <= company.vip_cost_sample_percent <= 100:
                raise ValidationError(self.env._("The expense sample is a percentage between 0 and 100."))
            if company.vip_cost_double_sign_from < 0:
                raise ValidationError(self.env._("The double signature threshold cannot be negative."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    vip_cost_double_sign_from = fields.Monetary(related="company_id.vip_cost_double_sign_from", readonly=False)
    vip_cost_sample_percent = fields.Float(related="company_id.vip_cost_sample_percent", readonly=False)
