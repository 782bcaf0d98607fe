# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipIdentityCheck(models.TransientModel):
    """Front desk and gate: "is this the person's document?" answered match / no match
    (R-PII-01), through :meth:`vip.identity.mixin.vip_verify_identity` (logged)."""

    _name = "vip.identity.check"
    _description = "Verify an identity document"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    res_name = fields.Char(string="Person", compute="_compute_res_name")
    id_number = fields.Char(string="ID number shown", required=True)
    result = fields.Selection([("match", "Match"), ("no_match", "No match")], readonly=True)

    @api.depends("res_model", "res_id")
    def _compute_res_name(self):
        for check in self:
            check.res_name = check.res_model and self.env[check.res_model].browse(check.res_id).display_name

    def action_verify(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        match = record.vip_verify_identity(self.id_number)
        self.write({"result": "match" if match else "no_match", "id_number": False})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Verify ID"),
        }
