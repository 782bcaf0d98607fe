# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipIdentityCheckLog(models.Model):
    """One row per identity verification (R-PII-01): who asked whether a number is a
    person's document, about whom, when, and the answer. Written by the system only."""

    _name = "vip.identity.check.log"
    _description = "Identity check log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Checked by", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    res_name = fields.Char(string="Person", readonly=True)
    result = fields.Selection(
        [("match", "Match"), ("no_match", "No match")], required=True, readonly=True,
    )

    @api.model
    def _vip_log_check(self, record, match):
        """The one place where a check is written, as the system: users cannot create,
        edit or delete log rows."""
        company = record._fields.get("company_id") and record.sudo().company_id
        return self.sudo().create({
            "user_id": self.env.uid,
            "company_id": (company or self.env.company).id,
            "res_model": record._name,
            "res_id": record.id,
            "res_name": record.sudo().display_name,
            "result": "match" if match else "no_match",
        })


class VipDataExportLog(models.Model):
    """One row per export of customer or visitor data (R-PII-04): who, when, which model
    and fields, how many records, for what purpose. Written by the system only."""

    _name = "vip.data.export.log"
    _description = "Data export log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Exported by", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    model_name = fields.Char(string="Data", readonly=True)
    field_names = fields.Text(string="Fields", required=True, readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    purpose = fields.Char(readonly=True)

    @api.model
    def _vip_log_export(self, records, fields_to_export):
        """The one place where an export is written, as the system. The purpose comes
        from the context key ``vip_export_purpose`` (R-PII-04: statistics only)."""
        purpose = self.env.context.get("vip_export_purpose") or self.env._("Statistics")
        return self.sudo().create({
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
            "res_model": records._name,
            "model_name": records._description,
            "field_names": ", ".join(fields_to_export),
            "record_count": len(records),
            "purpose": purpose,
        })
