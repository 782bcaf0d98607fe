# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression


class VipWorkflowMixin(models.AbstractModel):
    """Plumbing shared by the documents approved through tier validation under working-time
    deadlines (receptions, visit appointments): calendar, state moves after each review,
    deadline filters and the mail composer."""

    _name = "vip.workflow.mixin"
    _description = "VIP approval workflow"

    # tier.validation settings shared by receptions and appointments.
    _state_from = ["to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancelled"
    _tier_validation_manual_config = True
    # State reached when a review is rejected (the approved state is _state_to[0]).
    _vip_rejected_state = "rejected"

    def _calendar(self):
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            raise UserError(self.env._("Set a working calendar on company %s.", self.company_id.name))
        return calendar

    @api.model
    def _vip_bool_search(self, domain, operator, value):
        """Search method body for a boolean computed from ``domain``."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This filter only supports true or false."))
        domain = expression.normalize_domain(domain)
        return domain if (operator == "=") == value else ["!", *domain]

    def _vip_composer_action(self, template_xmlid, **context):
        """The mail composer on this record with ``template_xmlid`` (PDF attached by the template)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self.env.ref(template_xmlid).id,
                "default_composition_mode": "comment",
                **context,
            },
        }

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        self._after_tier_change()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        self._after_tier_change()
        return res

    def _after_tier_change(self):
        """Move on once every review is approved, or one is rejected."""
        # need_validation is cached from before the reviews existed; the state write re-reads it.
        self.invalidate_recordset(["need_validation"])
        for rec in self.filtered(lambda r: r.state in r._state_from):
            if rec.validation_status == "validated":
                rec._vip_action_env().with_context(skip_validation_check=True).state = rec._state_to[0]
                rec._on_approved()
            elif rec.validation_status == "rejected":
                rec._vip_action_env().with_context(skip_validation_check=True).state = rec._vip_rejected_state

    def _on_approved(self):
        """Hook: what happens once the document is approved."""
