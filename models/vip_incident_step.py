# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class VipIncidentStep(models.Model):
    """A step of an incident's timeline (R-INC-02): target minutes after detection, the
    actual time, who recorded it and whether it was late."""

    _name = "vip.incident.step"
    _description = "Incident timeline step"
    _inherit = ["vip.guard.mixin"]
    _order = "incident_id, sequence, id"

    _vip_workflow_fields = ("incident_id", "code", "target_minutes", "done_date", "done_by_id")
    _vip_retention = True
    # Issue 18: steps follow the incident's lock (only their note changes while it is open).
    _vip_parent_field = "incident_id"
    _vip_parent_locked_states = ("closed", "cancelled")

    incident_id = fields.Many2one("vip.incident", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="incident_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        [("security", "Security on site"), ("gm", "GM informed"), ("reassure", "Customer reassured"),
         ("review", "Incident review")],
        string="Step", required=True, readonly=True,
    )
    name = fields.Char(string="Label", required=True, readonly=True)
    target_minutes = fields.Integer(string="Target (minutes)", readonly=True)
    target_date = fields.Datetime(string="Due at", compute="_compute_target_date", store=True)
    done_date = fields.Datetime(string="Done at", readonly=True)
    done_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    note = fields.Char()
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", store=True, index=True)

    @api.depends("incident_id.detected_date", "target_minutes")
    def _compute_target_date(self):
        for rec in self:
            detected = rec.incident_id.detected_date
            rec.target_date = detected and detected + timedelta(minutes=rec.target_minutes)

    @api.depends("done_date", "target_date")
    def _compute_is_late(self):
        """Late when done after the target (at the target itself is on time)."""
        for rec in self:
            rec.is_late = bool(rec.done_date and rec.target_date and rec.done_date > rec.target_date)

    def action_record_now(self):
        """The guard taps "Record now" when the step is done."""
        for rec in self:
            if rec.done_date:
                raise UserError(self.env._("%s is already recorded.", rec.name))
            if rec.incident_id.state in ("closed", "cancelled"):
                raise UserError(self.env._("The incident is closed."))
            rec._vip_action_write({"done_date": fields.Datetime.now(), "done_by_id": self.env.uid})
            if rec.is_late:
                rec.incident_id.message_post(body=self.env._(
                    "%(step)s recorded late by %(user)s (R-INC-02).", step=rec.name, user=self.env.user.name,
                ))
        return True
