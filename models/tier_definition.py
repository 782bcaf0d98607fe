# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    vip_distinct_signer = fields.Boolean(
        string="Distinct signer",
        help="Reviews of definitions with this flag must each be signed by a different person "
        "(finance double signature, R-APV-02). Every step of a VIP request is signed by a "
        "different person anyway; the flag documents the double signature.",
    )
    vip_budget_tier = fields.Boolean(
        string="Budget authority",
        help="Step that decides on the amount: when an approved budget increases, a supplementary "
        "approval runs these steps again, routed by the new total (R-APV-01/02).",
    )
    vip_escalate_to_id = fields.Many2one(
        "tier.definition",
        string="Escalate to",
        domain="[('model', '=', model)]",
        help="Next level when a reviewer finds the request beyond their authority (R-APV-08).",
    )

    # Issue 19: per-step deadlines (R-APV-04, R-LOY-06).
    vip_step_days = fields.Integer(
        string="Step deadline (working days)",
        help="Working days the reviewers of this step have, counted from the moment the step is "
        "reached (the previous step signed), on the company calendar: weekends and public holidays "
        "do not count (R-APV-04, R-LOY-06). 0: the step is due when the whole approval is due.",
    )

    # Loyalty (issue 11)
    vip_skip_diamond_only = fields.Boolean(
        string="Skipped for diamond-only campaigns",
        help="R-LOY-06: reward campaigns that target diamond members only skip this step.",
    )

    @api.constrains("vip_step_days")
    def _check_vip_step_days(self):
        if any(definition.vip_step_days < 0 for definition in self):
            raise ValidationError(self.env._("A step deadline is a number of working days: 0 or more."))

    @api.model
    def _get_tier_validation_model_names(self):
        """Every model inheriting the VIP approval machinery (no model name written here)."""
        return super()._get_tier_validation_model_names() + self.env["vip.workflow.mixin"]._vip_workflow_model_names()
