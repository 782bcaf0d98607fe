# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# R-INC-02: the timeline, as (code, company setting, unit); labels in STEP_LABELS.
STEP_TARGETS = (
    ("security", "vip_inc_security_minutes", "minutes"),
    ("gm", "vip_inc_gm_minutes", "minutes"),
    ("reassure", "vip_inc_reassure_minutes", "minutes"),
    ("review", "vip_inc_review_hours", "hours"),
)


class VipIncident(models.Model):
    """An incident (突發事件, R-INC-01..03): detected at a moment, followed by a timeline of
    steps against targets counted in minutes from detection (security on site, GM informed,
    customer reassured, review), then the crisis follow-up: investigation within N days,
    compensation plan approved by the GM, customer sign-off, archive.

    Security guards record the steps ("Record now", usable on a phone); customer service
    and the GM office follow up."""

    _name = "vip.incident"
    _description = "Incident"
    _inherit = ["vip.reference.mixin", "vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "detected_date desc, id desc"
    _check_company_auto = True

    _vip_workflow_fields = (
        "state", "investigation_due", "compensation_approved_by_id", "compensation_approved_date",
        "signoff_date", "late_step_count",
    )
    _vip_retention = True
    _vip_final_states = ("closed", "cancelled")
    # Issue 18: what may still change (vip.guard.mixin; the README's table). The detection time
    # and the steps' times are evidence from the start (they decide which step was late); the
    # GM-approved compensation plan is frozen (``_vip_frozen_fields``); a closed incident's
    # papers (attachments included) no longer change.
    _vip_editable_fields = {
        "open": (
            "incident_type", "title", "place", "description", "partner_ids", "partner_id", "reception_id",
            "appointment_id", "ticket_id", "handover_id", "step_ids.note",
        ),
        "follow_up": (
            "incident_type", "title", "place", "description", "partner_ids", "partner_id", "reception_id",
            "appointment_id", "ticket_id", "handover_id", "step_ids.note", "investigation", "compensation_plan",
        ),
        "closed": (),
        "cancelled": (),
    }

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True, tracking=True)
    incident_type = fields.Selection(
        [("illness", "Customer illness"), ("lost_item", "Lost item"), ("security", "Security breach"),
         ("complaint", "Complaint escalation"), ("other", "Other")],
        string="Type", required=True, default="other", tracking=True, index=True,
    )
    title = fields.Char(required=True, tracking=True)
    detected_date = fields.Datetime(string="Detected at", required=True, default=fields.Datetime.now, tracking=True)
    place = fields.Char(tracking=True)
    description = fields.Text()
    partner_ids = fields.Many2many("res.partner", string="People involved", check_company=True)
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True, tracking=True, index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Reported by", default=lambda self: self.env.user, tracking=True)
    reception_id = fields.Many2one("vip.reception", check_company=True, index="btree_not_null")
    appointment_id = fields.Many2one("vip.visit.appointment", string="Visit appointment", check_company=True, index="btree_not_null")
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", check_company=True, index="btree_not_null")
    handover_id = fields.Many2one("vip.valuable.handover", string="Valuables handover", check_company=True, index="btree_not_null")
    step_ids = fields.One2many("vip.incident.step", "incident_id", string="Timeline")
    # Issue 23: the list's count is the form's red rows, whatever wrote the steps (buttons,
    # imports, demo data): computed from the steps, not counted by the buttons.
    late_step_count = fields.Integer(
        string="Late steps", compute="_compute_late_step_count", store=True, copy=False, aggregator="sum",
    )
    has_late_step = fields.Boolean(string="Late step", compute="_compute_has_late_step", search="_search_has_late_step")
    state = fields.Selection(
        [("open", "Open"), ("follow_up", "Crisis follow-up"), ("closed", "Closed"), ("cancelled", "Cancelled")],
        default="open", required=True, tracking=True, index=True, copy=False, group_expand=True,
    )
    # R-INC-03 crisis follow-up
    investigation_due = fields.Datetime(string="Investigation due", readonly=True, copy=False)
    investigation = fields.Text(string="Investigation findings")
    compensation_plan = fields.Text(string="Compensation plan")
    compensation_approved_by_id = fields.Many2one("res.users", string="Compensation approved by", readonly=True, copy=False)
    compensation_approved_date = fields.Datetime(string="Compensation approved on", readonly=True, copy=False)
    signoff_date = fields.Datetime(string="Customer signed off on", readonly=True, copy=False)

    # ------------------------------------------------------------------ timeline
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._vip_create_steps()
        return records

    def _vip_create_steps(self):
        labels = dict(self.env["vip.incident.step"]._fields["code"]._description_selection(self.env))
        vals_list = []
        for rec in self:
            company = rec.company_id
            for sequence, (code, setting, unit) in enumerate(STEP_TARGETS, start=1):
                minutes = company[setting] * (60 if unit == "hours" else 1)
                vals_list.append({
                    "incident_id": rec.id, "sequence": sequence, "code": code, "name": labels[code],
                    "target_minutes": minutes,
                })
        self.env["vip.incident.step"]._vip_action_env().create(vals_list)

    def _vip_record_step(self, code, when=None):
        """Record the step ``code`` as done at ``when`` (now by default) by the current user
        (imports and the demo give the time; the guard's button records the present)."""
        for rec in self:
            step = rec.step_ids.filtered(lambda s, code=code: s.code == code)
            step._vip_action_write({
                "done_date": fields.Datetime.to_datetime(when) if when else fields.Datetime.now(),
                "done_by_id": self.env.uid,
            })

    @api.depends("step_ids.is_late")
    def _compute_late_step_count(self):
        for rec in self:
            rec.late_step_count = len(rec.step_ids.filtered("is_late"))

    @api.depends("step_ids.is_late", "step_ids.target_date", "step_ids.done_date")
    def _compute_has_late_step(self):
        now = fields.Datetime.now()
        for rec in self:
            rec.has_late_step = any(s.is_late or (not s.done_date and s.target_date < now) for s in rec.step_ids)

    def _search_has_late_step(self, operator, value):
        now = fields.Datetime.now()
        domain = [("step_ids", "any", ["|", ("is_late", "=", True), "&", ("done_date", "=", False), ("target_date", "<", now)])]
        return self._vip_bool_search(domain, operator, value)

    # ------------------------------------------------------------------ follow-up (R-INC-03)
    def action_start_follow_up(self):
        for rec in self:
            if rec.state != "open":
                raise UserError(self.env._("Only an open incident goes to crisis follow-up."))
            due = fields.Datetime.now() + timedelta(days=rec.company_id.vip_inc_investigation_days)
            rec._vip_action_write({"state": "follow_up", "investigation_due": due})
            rec.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=fields.Date.context_today(rec, due),
                summary=_lt("Investigate incident %s", rec.name), user_id=rec.user_id.id or self.env.uid,
            )
        return True

    def action_approve_compensation(self):
        """R-INC-03: the compensation plan is approved by the general manager."""
        if not self.env.user.has_group("vip_customer_care.group_vip_gm"):
            raise UserError(self.env._("Only the general manager approves a compensation plan (R-INC-03)."))
        for rec in self:
            if rec.state != "follow_up" or not (rec.compensation_plan or "").strip():
                raise UserError(self.env._("Write the compensation plan during the follow-up first."))
            rec._vip_action_write({
                "compensation_approved_by_id": self.env.uid, "compensation_approved_date": fields.Datetime.now(),
            })
        return True

    def action_customer_signoff(self):
        for rec in self:
            if not rec.compensation_approved_date:
                raise UserError(self.env._("The customer signs off an approved compensation plan (R-INC-03)."))
            rec._vip_action_write({"signoff_date": fields.Datetime.now()})
        return True

    def action_close(self):
        """Close and archive the papers (R-INC-03): every step recorded; a crisis follow-up
        needs the findings, the approved plan and the customer's sign-off."""
        for rec in self:
            missing = rec.step_ids.filtered(lambda s: not s.done_date)
            if missing:
                # The steps by their kind in the reader's language (issue 23: the stored label is
                # in the language of whoever opened the incident).
                labels = dict(missing._fields["code"]._description_selection(self.env))
                raise UserError(self.env._(
                    "Record every step of the timeline first: %s.", ", ".join(labels[step.code] for step in missing),
                ))
            if rec.state == "follow_up" and not (
                (rec.investigation or "").strip() and rec.compensation_approved_date and rec.signoff_date
            ):
                raise UserError(self.env._(
                    "A crisis closes with the investigation, the GM-approved compensation and the customer's sign-off (R-INC-03)."
                ))
            rec._vip_action_write({"state": "closed"})
        return True

    def _vip_frozen_fields(self):
        # R-INC-03: the plan the general manager approved is the plan the customer signs.
        frozen = super()._vip_frozen_fields()
        if any(rec.compensation_approved_date for rec in self):
            frozen.append("compensation_plan")
        return frozen

    def action_cancel(self):
        for rec in self:
            if rec.state == "closed":
                raise UserError(self.env._("A closed incident cannot be cancelled."))
            rec._vip_action_write({"state": "cancelled"})
        return True
