# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class VipComplaintSolution(models.Model):
    """The solution of a major complaint, approved by the general manager (R-CMP-05) through
    the shared approval machinery (``vip.workflow.mixin``: tiers under Configuration >
    Approval tiers, activities for the reviewers, evidence kept). Created by the complaint's
    "Propose solution" button; once approved the complaint can be replied to."""

    _name = "vip.complaint.solution"
    _description = "Major complaint solution approval"
    _inherit = ["vip.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _vip_workflow_fields = ("state", "ticket_id", "solution", "submit_date", "approval_due")
    _vip_retention = True
    _vip_requester_field = "create_uid"
    _vip_due_field = "approval_due"
    # Issue 18: the solution the GM reads is the solution the GM approved (the complaint's
    # copy is frozen with it, helpdesk.ticket ``_vip_frozen_fields``).
    _vip_editable_fields = {"to_approve": (), "approved": (), "rejected": (), "cancelled": ()}

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", required=True, ondelete="restrict", index=True, check_company=True,
    )
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    solution = fields.Html(string="Proposed solution", readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "Waiting for the GM"), ("approved", "Approved"),
         ("rejected", "Rejected"), ("cancelled", "Cancelled")],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    submit_date = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    approval_due = fields.Datetime(string="Approval due", readonly=True, copy=False)

    def _compute_display_name(self):
        for rec in self:
            rec.display_name = self.env._("Solution of %s", rec.ticket_id.display_name)

    def action_submit(self):
        """Send the solution to the GM; due within the complaint's solution deadline day."""
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only a draft solution can be sent for approval."))
            calendar = rec._calendar()
            rec._vip_action_write({
                "state": "to_approve", "submit_date": now,
                "approval_due": calendar.vip_working_days_deadline(now, 0, rec.company_id),
            })
            rec.request_validation()
        return self._vip_next_step_action()

    def _on_approved(self):
        self.ensure_one()
        self.ticket_id._vip_solution_ready()
        self.ticket_id.message_post(body=self.env._("The general manager approved the solution (R-CMP-05)."))

    def _after_tier_change(self):
        res = super()._after_tier_change()
        for rec in self.filtered(lambda r: r.state == "rejected"):
            # The rejected proposal no longer counts: the solution deadline is open again.
            rec.ticket_id._vip_action_write({"vip_solution_proposed_date": False})
            rec.ticket_id.message_post(body=self.env._(
                "The general manager rejected the solution: propose another one (R-CMP-05)."
            ))
        return res
