# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipAccessLog(models.Model):
    """Gate events (R-ACC-05..08): who, when, which gate and area, what was checked."""

    _name = "vip.access.log"
    _description = "Gate log"
    _inherit = ["vip.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # Issue 8 point 2: gate events are written by the gate screen's actions only.
    _vip_workflow_fields = (
        "pass_id", "code", "company_id", "visitor_id", "event", "reason", "date", "user_id", "gate_id", "area_id",
        "belongings_checked", "belongings_notes", "vehicle_plate", "vehicle_checked",
    )
    _vip_retention = True

    pass_id = fields.Many2one("vip.access.pass", ondelete="restrict", index="btree_not_null", check_company=True)
    code = fields.Char(string="Code scanned")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    visitor_id = fields.Many2one(related="pass_id.visitor_id", store=True)
    event = fields.Selection(
        [("check_in", "Check-in"), ("check_out", "Check-out"), ("denied", "Denied")], required=True,
    )
    reason = fields.Char(help="Why entry was denied.")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Guard", required=True, default=lambda self: self.env.user)
    gate_id = fields.Many2one("vip.access.gate", check_company=True)
    area_id = fields.Many2one("vip.access.area", check_company=True)
    belongings_checked = fields.Boolean()
    belongings_notes = fields.Char()
    vehicle_plate = fields.Char()
    vehicle_checked = fields.Boolean()
    active = fields.Boolean(default=True)
