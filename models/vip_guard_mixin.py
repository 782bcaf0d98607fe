# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

# Marks writes made by an action method. A plain object cannot travel through JSON-RPC or
# XML-RPC, so a client cannot forge it by passing a context key of its own.
_WORKFLOW = object()


class VipGuardMixin(models.AbstractModel):
    """Fields that only action methods may write.

    A model lists its workflow fields (state, outcome, reviewers, verifiers, timestamps,
    confirmations...) in ``_vip_workflow_fields``. ``create``/``write`` by anyone but the
    superuser or an administrator (``base.group_system``) refuse them, unless the write
    comes from an action method through ``_vip_action_write`` / ``_vip_action_env``.
    On ``create`` a workflow field may only carry its default (or an empty) value.
    """

    _name = "vip.guard.mixin"
    _description = "VIP workflow fields written by actions only"

    _vip_workflow_fields = ()

    # ------------------------------------------------------------------ API
    def _vip_action_env(self):
        """These records, allowed to write their workflow fields (use in action methods)."""
        return self.with_context(vip_workflow=_WORKFLOW)

    def _vip_action_write(self, vals):
        return self._vip_action_env().write(vals)

    def _vip_is_action(self):
        return (
            self.env.su
            or self.env.context.get("vip_workflow") is _WORKFLOW
            or self.env.user._is_admin()
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if self._vip_workflow_fields and not self._vip_is_action():
            # The fields' own defaults, not default_get(): a client controls default_* context keys.
            defaults = {
                name: field.default(self) if field.default else False
                for name, field in self._fields.items() if name in self._vip_workflow_fields
            }
            for vals in vals_list:
                forged = [
                    name for name in self._vip_workflow_fields
                    if name in vals and vals[name] and vals[name] != defaults[name]
                ]
                self._vip_refuse(forged)
        return super().create(vals_list)

    def write(self, vals):
        if self._vip_workflow_fields and not self._vip_is_action():
            self._vip_refuse([name for name in self._vip_workflow_fields if name in vals])
        return super().write(vals)

    def _vip_refuse(self, names):
        if not names:
            return
        labels = ", ".join(self._fields[name]._description_string(self.env) for name in names)
        raise UserError(self.env._(
            "%(fields)s on %(model)s change only through the document's buttons (actions), "
            "not by editing them directly.",
            fields=labels, model=self._description,
        ))
