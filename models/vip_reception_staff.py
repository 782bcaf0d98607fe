# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from . import vip_visibility


class VipReceptionStaff(models.Model):
    """Staff of a reception with their role (R-REC-02); languages for foreign visits (R-REC-04)."""

    _name = "vip.reception.staff"
    _description = "Reception staff"
    _inherit = ["vip.guard.mixin"]
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"

    reception_id = fields.Many2one("vip.reception", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True)
    employee_id = fields.Many2one("hr.employee", required=True, check_company=True, index=True)
    role = fields.Selection(
        [
            ("lead", "Lead"),
            ("escort", "Escort"),
            ("attendant", "Dedicated attendant"),
            ("interpreter", "Interpreter"),
            ("driver", "Driver"),
            ("security", "Security"),
            ("other", "Other"),
        ],
        required=True, default="escort",
    )
    language_ids = fields.Many2many("res.lang", string="Languages spoken")

    def init(self):
        res = super().init()
        # Issue 21: the visibility tables' functions and triggers, (re)created on every update;
        # this model's table is the last of their sources to exist on a fresh install.
        vip_visibility.install_sql(self.env.cr)
        return res
