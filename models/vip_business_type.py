# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipBusinessType(models.Model):
    """Business type of a reception (R-REC-01); delegations are limited to business
    types (R-APV-06)."""

    _name = "vip.business.type"
    _description = "Reception business type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The business type code must be unique."),
    ]
