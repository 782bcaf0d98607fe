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
        if any(vals.get("name", "/") == "/" for vals in vals_list):
            # Gap-free sequences lock their row with NOWAIT: under concurrent creation the
            # second request failed after Odoo's few retries (issue 14 load test). Wait for the
            # row lock here instead, so that concurrent creations queue for their number.
            self.env.cr.execute(
                "SELECT id FROM ir_sequence WHERE code = %s AND implementation = 'no_gap' FOR UPDATE",
                [self._name],
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = vals.get("company_id") or self.env.company.id
                vals["name"] = Sequence.with_company(company).next_by_code(self._name) or "/"
        return super().create(vals_list)
