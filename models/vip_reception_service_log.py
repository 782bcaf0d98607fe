# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipReceptionServiceLog(models.Model):
    """Service details logged during the visit (R-REC-08)."""

    _name = "vip.reception.service.log"
    _description = "Reception service log"
    _inherit = ["vip.guard.mixin"]
    _order = "date desc, id desc"
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"
    # R-REC-08: an entry is logged in the name of whoever writes it.
    _vip_workflow_fields = ("user_id",)

    reception_id = fields.Many2one("vip.reception", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Logged by", default=lambda self: self.env.user)
    name = fields.Text(string="Service", required=True)
    media_reference = fields.Char(string="Video/photo reference")
