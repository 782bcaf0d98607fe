# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class VipComplaintAction(models.Model):
    """Corrective or preventive action of a complaint, with its owner and due date (R-CMP-07)."""

    _name = "vip.complaint.action"
    _description = "Complaint corrective / preventive action"
    _inherit = ["vip.guard.mixin"]
    _order = "ticket_id, due_date, id"
    _check_company_auto = True

    _vip_workflow_fields = ("done_date",)
    _vip_retention = True

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    kind = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")], required=True, default="corrective",
    )
    name = fields.Char(string="Action", required=True)
    owner_id = fields.Many2one("res.users", required=True, domain="[('share', '=', False)]")
    due_date = fields.Date(string="Due on", required=True)
    done_date = fields.Datetime(string="Done on", readonly=True, copy=False)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late")

    @api.depends("due_date", "done_date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for rec in self:
            done = rec.done_date and fields.Date.context_today(rec, rec.done_date)
            rec.is_late = bool(rec.due_date) and (done or today) > rec.due_date

    def action_done(self):
        for rec in self:
            if rec.done_date:
                raise UserError(self.env._("This action is already done."))
            rec._vip_action_write({"done_date": fields.Datetime.now()})
        return True
