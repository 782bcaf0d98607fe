# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    vip_distinct_signer = fields.Boolean(
        string="Distinct signer",
        help="Reviews of definitions with this flag must each be signed by a different person "
        "(finance double signature, R-APV-02).",
    )

    vip_escalate_to_id = fields.Many2one(
        "tier.definition",
        string="Escalate to",
        domain="[('model', '=', model)]",
        help="Next level when a reviewer finds the request beyond their authority (R-APV-08).",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["vip.reception", "vip.visit.appointment"]
