# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipReferenceMixin(models.AbstractModel):
    """A reference taken from the ``ir.sequence`` whose code is the model's name
    (``REC/2026/00001`` style; the sequences are data, editable by administrators)."""

    _name = "vip.reference.mixin"
    _description = "VIP sequence reference"

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/", index="trigram")

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = vals.get("company_id") or self.env.company.id
                vals["name"] = Sequence.with_company(company).next_by_code(self._name) or "/"
        return super().create(vals_list)
