# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class VipComplaintAction(models.Model):
    """Corrective or preventive action of a complaint, with its owner and due date (R-CMP-07).

    Issue 19: whoever may edit the complaint (its responsible person, customer service, the
    customer's salesperson) defines its actions while it is open; each owner marks their own
    action done, nobody else (also after the complaint closed: a preventive action may be due
    later); a done action is kept as recorded."""

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
    owner_id = fields.Many2one("res.users", required=True, domain="[('share', '=', False)]", index=True)
    due_date = fields.Date(string="Due on", required=True)
    done_date = fields.Datetime(string="Done on", readonly=True, copy=False)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late")

    @api.depends("due_date", "done_date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for rec in self:
            done = rec.done_date and fields.Date.context_today(rec, rec.done_date)
            rec.is_late = bool(rec.due_date) and (done or today) > rec.due_date

    # ------------------------------------------------------------------ locks (issue 19)
    def _vip_check_complaint_editable(self, tickets):
        """The actions of a complaint are defined by whoever may edit the complaint, while it
        is open (R-CMP-04/07)."""
        closed = tickets.filtered(lambda t: t.stage_id.closed)
        if closed:
            raise UserError(self.env._(
                "%s is closed: its corrective and preventive actions are kept as recorded (R-CMP-07).",
                closed[0].display_name,
            ))
        try:
            tickets.check_access("write")
        except AccessError:
            raise AccessError(self.env._(
                "Only the complaint's responsible person and customer service define its corrective and "
                "preventive actions (R-CMP-04/07)."
            )) from None

    @api.model_create_multi
    def create(self, vals_list):
        if not self._vip_is_action():
            ticket_ids = {vals.get("ticket_id") for vals in vals_list} - {False, None}
            self._vip_check_complaint_editable(self.env["helpdesk.ticket"].browse(list(ticket_ids)))
        return super().create(vals_list)

    def write(self, vals):
        # Workflow fields (the done date) are refused by the guard itself (vip.guard.mixin).
        if not self._vip_is_action() and set(vals) - set(self._vip_workflow_fields):
            done = self.filtered("done_date")
            if done:
                raise UserError(self.env._(
                    "The action “%s” is done: it is kept as recorded (R-CMP-07).", done[0].name,
                ))
            tickets = self.ticket_id
            if vals.get("ticket_id"):
                tickets |= tickets.browse(vals["ticket_id"])
            self._vip_check_complaint_editable(tickets)
        return super().write(vals)

    def action_done(self):
        """R-CMP-07: the owner marks their own action done."""
        for rec in self:
            if rec.owner_id != self.env.user:
                raise UserError(self.env._(
                    "Only %(owner)s, who owns the action “%(action)s”, marks it done (R-CMP-07).",
                    owner=rec.owner_id.name, action=rec.name,
                ))
            if rec.done_date:
                raise UserError(self.env._("This action is already done."))
            rec._vip_action_write({"done_date": fields.Datetime.now()})
        return True
