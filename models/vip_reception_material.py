# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipReceptionMaterial(models.Model):
    """Materials prepared for a reception; confidential ones are flagged (R-REC-02)."""

    _name = "vip.reception.material"
    _description = "Reception material"
    _inherit = ["vip.guard.mixin"]
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"

    reception_id = fields.Many2one("vip.reception", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True)
    name = fields.Char(required=True)
    quantity = fields.Integer(default=1)
    confidential = fields.Boolean()
