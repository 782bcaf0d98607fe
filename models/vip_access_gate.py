# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipAccessGate(models.Model):
    """A gate where security checks visitors in and out (R-ACC-05..08)."""

    _name = "vip.access.gate"
    _description = "Gate"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    area_id = fields.Many2one(
        "vip.access.area", string="Leads into", check_company=True,
        help="Area a visitor enters through this gate; the guard may choose another one the pass opens.",
    )
    active = fields.Boolean(default=True)
