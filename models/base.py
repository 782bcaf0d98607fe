# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
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


class Base(models.AbstractModel):
    """Exports of customer or visitor data need compliance's authorisation and are logged
    (R-PII-04). ``export_data`` is what the web client's export (CSV / XLSX, through
    ``/web/export/*``) and any RPC export call, so one check covers every path."""

    _inherit = "base"

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
