# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError

# R-PII-04: exporting customer or visitor data.
EXPORT_GROUP = "vip_customer_care.group_vip_data_export"


def export_reaches_people(records, fields_to_export):
    """Whether one of the export paths ``fields_to_export`` of ``records`` reads a VIP field
    of a customer, anything of a visitor, or a customer reached from a VIP Care document
    (``partner_ids/name`` on a reception)."""
    from_vip_document = records._name.startswith("vip.")
    for path in fields_to_export:
        model = records
        for step in path.split("/"):
            field = model._fields.get(step)
            if field is None:  # "id", ".id" and the like
                break
            if model._name == "res.partner" and step.startswith("vip_"):
                return True
            if not field.relational:
                break
            model = records.env[field.comodel_name]
            if model._name == "vip.visitor" or (model._name == "res.partner" and from_vip_document):
                return True
    return False


def restore_lost_extensions(env):
    """Extend again the models whose registry class lost this add-on's extension classes.

    Reloading one module into a live registry (OCA ``odoo_test_helper.FakeModelLoader`` does it
    for ``base_tier_validation``'s own test suite) rebuilds the models that module *defines*
    (``tier.review``, ``tier.definition``) from its classes alone: every extension by a module
    loaded later is dropped, and the registry set-up then fails on the add-on's fields
    (``vip.approval.delegation.review_ids`` and its inverse ``tier.review.vip_delegation_id``)
    or runs without the add-on's methods. Odoo itself never rebuilds a model that way, so on a
    normal load this finds nothing to do (one membership test per extension class)."""
    pool = env.registry
    for cls in models.MetaModel.module_to_models.get(Base._module, ()):
        if cls._name in cls._inherit and cls._name in pool and (
            cls not in pool[cls._name]._BaseModel__base_classes
        ):
            cls._build_model(pool, env.cr)


class Base(models.AbstractModel):
    """Exports of customer or visitor data need compliance's authorisation and are logged
    (R-PII-04). ``export_data`` is what the web client's export (CSV / XLSX, through
    ``/web/export/*``) and any RPC export call, so one check covers every path."""

    _inherit = "base"

    # ------------------------------------------------------------------ registry
    @api.model
    def _prepare_setup(self):
        # ``base`` is the first model of every registry set-up: the add-on's extensions lost to
        # a partial rebuild are put back before any model is set up (issue 24).
        if self._name == "base":
            restore_lost_extensions(self.env)
        return super()._prepare_setup()

    def _vip_export_needs_authorisation(self, fields_to_export):
        """Whether exporting ``fields_to_export`` of ``self`` exports customer or visitor
        data. Overridden on customers (VIP customers) and visitors (always)."""
        return export_reaches_people(self, fields_to_export)

    def export_data(self, fields_to_export):
        needs_authorisation = self._vip_export_needs_authorisation(fields_to_export)
        if needs_authorisation and not self.env.su and not self.env.user.has_groups(EXPORT_GROUP):
            raise AccessError(self.env._(
                "Exporting customer or visitor data needs the compliance-authorised group "
                "'Data export (compliance authorised)' (R-PII-04)."
            ))
        result = super().export_data(fields_to_export)
        if needs_authorisation:
            self.env["vip.data.export.log"]._vip_log_export(self, fields_to_export)
        return result
