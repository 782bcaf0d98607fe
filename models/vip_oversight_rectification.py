# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23).
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

COMPLIANCE_GROUP = "vip_customer_care.group_vip_compliance"
LATE_ACTIVITY = "mail.mail_activity_data_warning"
TODO_ACTIVITY = "mail.mail_activity_data_todo"


class VipRectification(models.Model):
    """A rectification item (整改, R-OVS-04): a finding of an audit, a complaint, an incident,
    a survey or a review, given to an owner with a deadline by level (general 7 working days,
    major 30 working days, urgent 24 hours: company settings, counted on the company calendar
    from the moment internal control assigns it). The owner writes the action plan and attaches
    the evidence; internal control (compliance) re-checks and closes it, or sends it back.

    The state changes through the buttons only (vip.guard.mixin); a rectification still open
    past its deadline alerts the owner's manager and internal control once (hourly cron)."""

    _name = "vip.rectification"
    _description = "Rectification"
    _inherit = ["vip.reference.mixin", "vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "deadline, id desc"
    _check_company_auto = True

    _vip_workflow_fields = (
        "state", "deadline", "start_date", "started_by_id", "submit_date", "recheck_user_id", "recheck_date",
        "close_date", "reopen_count", "late_alerted", "audit_line_id",
    )
    _vip_retention = True
    _vip_final_states = ("closed",)
    # Issue 18 per-state lock: the finding is fixed once assigned; the owner works on the plan and
    # the evidence while in progress; internal control writes its re-check note.
    _vip_editable_fields = {
        "in_progress": ("action_plan", "evidence_ids", "recheck_note"),
        "to_recheck": ("recheck_note",),
        "closed": (),
    }
    # Written by the owner only, once assigned.
    _vip_owner_fields = ("action_plan", "evidence_ids")

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    title = fields.Char(required=True, tracking=True)
    source = fields.Selection(
        [("audit", "Audit finding"), ("complaint", "Complaint"), ("incident", "Incident"),
         ("survey", "Survey"), ("review", "Review")],
        required=True, default="audit", tracking=True, index=True,
    )
    reception_id = fields.Many2one("vip.reception", check_company=True, index="btree_not_null")
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", check_company=True, index="btree_not_null")
    incident_id = fields.Many2one("vip.incident", check_company=True, index="btree_not_null")
    appointment_id = fields.Many2one(
        "vip.visit.appointment", string="Visit", check_company=True, index="btree_not_null",
        help="R-OVS-03: the sampled visit whose audit finding this rectification follows.",
    )
    audit_line_id = fields.Many2one(
        "vip.audit.sample.line", string="Audit sample line", readonly=True, index="btree_not_null", copy=False,
        help="R-OVS-03: the sampled reception or visit whose finding this rectification follows.",
    )
    level = fields.Selection(
        [("general", "General"), ("major", "Major"), ("urgent", "Urgent")],
        required=True, default="general", tracking=True, index=True,
        help="R-OVS-04: general within 7 working days, major within 30 working days, urgent within 24 hours "
        "(company settings).",
    )
    owner_id = fields.Many2one(
        "res.users", tracking=True, index=True, domain="[('share', '=', False)]",
        help="Rectifies: writes the action plan and attaches the evidence.",
    )
    manager_id = fields.Many2one(
        "res.users", string="Owner's manager", compute="_compute_manager_id", store=True, index="btree_not_null",
        help="Alerted when the rectification is late.",
    )
    description = fields.Text(string="Finding", required=True)
    action_plan = fields.Text()
    evidence_ids = fields.Many2many(
        "ir.attachment", "vip_rectification_evidence_rel", "rectification_id", "attachment_id",
    )
    recheck_note = fields.Text(string="Re-check note", help="Internal control's finding on the rectification.")
    state = fields.Selection(
        [("draft", "Draft"), ("in_progress", "In progress"), ("to_recheck", "To re-check"), ("closed", "Closed")],
        default="draft", required=True, tracking=True, index=True, copy=False, group_expand=True,
    )
    start_date = fields.Datetime(string="Assigned on", readonly=True, copy=False)
    started_by_id = fields.Many2one("res.users", string="Assigned by", readonly=True, copy=False)
    deadline = fields.Datetime(readonly=True, copy=False, index=True, tracking=True)
    submit_date = fields.Datetime(string="Submitted for re-check on", readonly=True, copy=False)
    recheck_user_id = fields.Many2one("res.users", string="Re-checked by", readonly=True, copy=False)
    recheck_date = fields.Datetime(string="Re-checked on", readonly=True, copy=False)
    close_date = fields.Datetime(string="Closed on", readonly=True, copy=False)
    reopen_count = fields.Integer(string="Failed re-checks", readonly=True, copy=False)
    late_alerted = fields.Boolean(string="Late alert sent", readonly=True, copy=False)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", search="_search_is_late")
    is_owner = fields.Boolean(compute="_compute_is_owner")

    # ------------------------------------------------------------------ computes
    @api.depends("owner_id", "company_id")
    def _compute_manager_id(self):
        for rec in self:
            employee = rec.owner_id.employee_ids.filtered(lambda e, c=rec.company_id: e.company_id == c)[:1]
            rec.manager_id = employee.parent_id.user_id

    @api.model
    def _late_domain(self):
        """Open past the deadline: not yet handed back to internal control (R-OVS-04)."""
        return [("state", "=", "in_progress"), ("deadline", "<", fields.Datetime.now())]

    @api.depends("state", "deadline")
    def _compute_is_late(self):
        self._vip_compute_flag("is_late", self._late_domain())

    def _search_is_late(self, operator, value):
        return self._vip_bool_search(self._late_domain(), operator, value)

    @api.depends_context("uid")
    @api.depends("owner_id")
    def _compute_is_owner(self):
        for rec in self:
            rec.is_owner = rec.owner_id == self.env.user

    # ------------------------------------------------------------------ locks
    def write(self, vals):
        # Who may write what is open in the state (the per-state lock refuses the rest).
        if not self._vip_is_action():
            working = self.filtered(lambda r: r.state == "in_progress")
            if any(name in vals for name in self._vip_owner_fields) and any(
                rec.owner_id != self.env.user for rec in working
            ):
                raise UserError(self.env._(
                    "Only the owner writes the action plan and the evidence of a rectification (R-OVS-04)."
                ))
            if "recheck_note" in vals and not self.env.user.has_group(COMPLIANCE_GROUP) and self.filtered(
                lambda r: r.state in ("in_progress", "to_recheck")
            ):
                raise UserError(self.env._("Only internal control (compliance) writes the re-check note (R-OVS-04)."))
        return super().write(vals)

    # ------------------------------------------------------------------ deadlines
    def _vip_deadline(self, start):
        """R-OVS-04: general and major in working days of the company calendar (public holidays
        skipped), urgent in clock hours."""
        self.ensure_one()
        company = self.company_id
        if self.level == "urgent":
            return start + timedelta(hours=company.vip_ovs_rect_urgent_hours)
        calendar = company.resource_calendar_id
        if not calendar:
            raise UserError(self.env._("Set a working calendar on company %s.", company.name))
        days = company.vip_ovs_rect_major_days if self.level == "major" else company.vip_ovs_rect_general_days
        return calendar.vip_working_days_deadline(start, days, company)

    # ------------------------------------------------------------------ actions
    def _vip_check_compliance(self):
        if not self.env.user.has_group(COMPLIANCE_GROUP):
            raise UserError(self.env._("Only internal control (compliance) assigns, re-checks and closes rectifications (R-OVS-04)."))

    def action_start(self):
        """Internal control assigns the rectification to its owner; the deadline starts."""
        self._vip_check_compliance()
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only a draft rectification is assigned."))
            if not rec.owner_id:
                raise UserError(self.env._("Choose the owner of %s first.", rec.display_name))
            deadline = rec._vip_deadline(now)
            rec._vip_action_write({
                "state": "in_progress", "start_date": now, "started_by_id": self.env.uid, "deadline": deadline,
            })
            rec._vip_action_env().activity_schedule(
                TODO_ACTIVITY, date_deadline=fields.Date.context_today(rec, deadline),
                summary=_lt("Rectify %s", rec.name),
                note=_lt("Write the action plan, attach the evidence and submit it for re-check by %s.", deadline),
                user_id=rec.owner_id.id,
            )
        return True

    def action_submit(self):
        """The owner hands the action plan and the evidence to internal control."""
        for rec in self:
            if rec.state != "in_progress":
                raise UserError(self.env._("Only a rectification in progress is submitted for re-check."))
            if rec.owner_id != self.env.user:
                raise UserError(self.env._("Only the owner of %s submits its action plan and evidence.", rec.display_name))
            if not (rec.action_plan or "").strip():
                raise UserError(self.env._("Write the action plan first."))
            if not rec.evidence_ids:
                raise UserError(self.env._("Attach the evidence of the rectification first."))
            rec._vip_action_write({"state": "to_recheck", "submit_date": fields.Datetime.now()})
            rec._vip_action_env().activity_feedback([TODO_ACTIVITY], user_id=rec.owner_id.id)
        return True

    def action_close(self):
        """Internal control's re-check passed: the rectification is closed."""
        self._vip_check_compliance()
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "to_recheck":
                raise UserError(self.env._("Only a submitted rectification is re-checked and closed."))
            rec._vip_action_write({
                "state": "closed", "recheck_user_id": self.env.uid, "recheck_date": now, "close_date": now,
            })
            rec.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(LATE_ACTIVITY)).sudo().action_feedback(
                feedback=self.env._("Closed after re-check."),
            )
        return True

    def action_reopen(self):
        """Internal control's re-check failed: back to the owner, with the reason."""
        self._vip_check_compliance()
        for rec in self:
            if rec.state != "to_recheck":
                raise UserError(self.env._("Only a submitted rectification is re-checked."))
            if not (rec.recheck_note or "").strip():
                raise UserError(self.env._("Say in the re-check note what is still missing."))
            rec._vip_action_write({
                "state": "in_progress", "recheck_user_id": self.env.uid, "recheck_date": fields.Datetime.now(),
                "reopen_count": rec.reopen_count + 1, "late_alerted": False,
            })
            rec._vip_action_env().activity_schedule(
                TODO_ACTIVITY, date_deadline=fields.Date.context_today(rec, max(rec.deadline, fields.Datetime.now())),
                summary=_lt("Rectify %s again", rec.name), note=_lt("Re-check failed: %s", rec.recheck_note),
                user_id=rec.owner_id.id,
            )
        return True

    # ------------------------------------------------------------------ late (cron)
    def _vip_late_recipients(self):
        """The owner's manager and who assigned it; internal control of the company otherwise."""
        self.ensure_one()
        users = (self.manager_id | self.started_by_id).filtered("active")
        if not users:
            users = self.env.ref(COMPLIANCE_GROUP).users.filtered(
                lambda u: not u.share and self.company_id in u.company_ids
            )
        return users

    @api.model
    def _cron_vip_late(self):
        """R-OVS-04: a rectification past its deadline alerts, once, the owner's manager and
        internal control (``mail.activity._vip_cron_alerts``: one batch per run, one create)."""
        def alerts(rec):
            summary = _lt("Rectification late: %s", rec.name)
            note = _lt("%(owner)s was to rectify “%(title)s” by %(deadline)s (R-OVS-04).",
                       owner=rec.owner_id.name, title=rec.title, deadline=rec.deadline)
            return [(user, summary, note) for user in rec._vip_late_recipients()]

        self.env["mail.activity"]._vip_cron_alerts(
            self, self._late_domain() + [("late_alerted", "=", False)], "deadline, id",
            LATE_ACTIVITY, alerts, {"late_alerted": True},
        )

    # ------------------------------------------------------------------ from a complaint or an incident
    @api.model
    def _vip_new_action(self, record, source, title, **links):
        """A new rectification form prefilled from ``record`` (a complaint or an incident)."""
        record.ensure_one()
        self.check_access("create")
        context = {
            "default_source": source, "default_company_id": record.company_id.id, "default_title": title,
            **{f"default_{name}": value.id for name, value in links.items() if value},
        }
        return {
            "type": "ir.actions.act_window", "name": self.env._("New rectification"), "res_model": self._name,
            "view_mode": "form", "views": [(False, "form")], "target": "current", "context": context,
        }


class VipIncident(models.Model):
    _inherit = "vip.incident"

    def action_vip_new_rectification(self):
        """R-OVS-04: internal control opens a rectification from the incident."""
        return self.env["vip.rectification"]._vip_new_action(
            self, "incident", self.title, incident_id=self, reception_id=self.reception_id,
        )


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def action_vip_new_rectification(self):
        """R-OVS-04: internal control opens a rectification from the complaint."""
        return self.env["vip.rectification"]._vip_new_action(self, "complaint", self.name, ticket_id=self)
