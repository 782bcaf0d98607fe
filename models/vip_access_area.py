# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipAccessArea(models.Model):
    """An area of the premises a temporary pass may open (R-ACC-06)."""

    _name = "vip.access.area"
    _description = "Access area"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    sensitivity = fields.Selection(
        [("public", "Public"), ("restricted", "Restricted"), ("sensitive", "Sensitive")],
        required=True, default="public",
        help="Sensitive areas (production, vault, R&D) are opened only with a named escort.",
    )
    escort_required = fields.Boolean(compute="_compute_escort_required", store=True, readonly=False)
    is_premium_room = fields.Boolean(
        string="Premium room", help="Given to special-grade visitors (R-ACC-10).",
    )
    active = fields.Boolean(default=True)

    @api.depends("sensitivity")
    def _compute_escort_required(self):
        for area in self:
            area.escort_required = area.sensitivity == "sensitive"
