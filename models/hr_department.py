# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    vip_vp_user_id = fields.Many2one(
        "res.users",
        string="VP in charge",
        domain="[('share', '=', False)]",
        help="Vice-president in charge of this department: approves receptions between the "
        "department-head limit and the general-manager limit (R-APV-01).",
    )
