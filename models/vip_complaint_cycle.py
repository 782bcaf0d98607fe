# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipComplaintCycle(models.Model):
    """One round of a complaint: from intake (or reopening) to the customer's answer
    (R-CMP-06). Kept as history: written by the complaint's buttons only."""

    _name = "vip.complaint.cycle"
    _description = "Complaint cycle"
    _inherit = ["vip.guard.mixin"]
    _order = "ticket_id, sequence"

    _vip_workflow_fields = (
        "ticket_id", "sequence", "start_date", "answer_due", "solution_due", "reply_due", "close_due",
        "solution_date", "reply_date", "end_date", "outcome",
    )
    _vip_retention = True

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    sequence = fields.Integer(string="Cycle", readonly=True)
    start_date = fields.Datetime(string="Started on", readonly=True)
    answer_due = fields.Datetime(readonly=True)
    solution_due = fields.Datetime(readonly=True)
    reply_due = fields.Datetime(readonly=True)
    close_due = fields.Datetime(readonly=True)
    solution_date = fields.Datetime(string="Solution proposed on", readonly=True)
    reply_date = fields.Datetime(string="Replied on", readonly=True)
    end_date = fields.Datetime(string="Ended on", readonly=True)
    outcome = fields.Selection(
        [("open", "Open"), ("satisfied", "Satisfied"), ("unsatisfied", "Unsatisfied, reopened"),
         ("gm_closed", "Closed by the GM")],
        default="open", required=True, readonly=True,
    )

    @api.model
    def _vip_create(self, vals_list):
        return self._vip_action_env().create(vals_list) if vals_list else self.browse()

    def _vip_finish(self, outcome, ticket):
        self._vip_action_write({
            "outcome": outcome, "end_date": fields.Datetime.now(),
            "solution_date": ticket.vip_solution_date, "reply_date": ticket.vip_replied_date,
        })
