# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

from . import vip_visibility
from .vip_grouped_read import vip_group_part, vip_grouped_read

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

BUDGET_GROUPS = "vip_customer_care.group_vip_user"
# Documents of visitors from outside the mainland (R-REC-04).
FOREIGN_ID_TYPES = ("passport", "hk_macau", "taiwan")
OPEN_STATES = ("planning", "to_approve", "approved")


class VipReception(models.Model):
    """A VIP reception from request to review (rule book sections 3, 4 and 6)."""

    _name = "vip.reception"
    _description = "VIP reception"
    # The workflow mixin brings the guard, tier validation, chatter and activities.
    _inherit = ["vip.reference.mixin", "vip.workflow.mixin"]
    _order = "date_start desc, id desc"
    # Issue 23: a reception is found by its number, its customers or its purpose.
    _rec_names_search = ["name", "partner_ids.name", "purpose"]
    _check_company_auto = True
    # R-APV-01..05: what decides the route is frozen once submitted (reset to draft to change).
    _vip_route_fields = (
        "user_id", "company_id", "partner_ids", "is_foreign", "department_id", "cooperating_department_ids",
        "business_type_id",
    )
    _vip_amount_field = "amount_total"

    # Issue 8 point 2: written only by the action methods below (or the system).
    _vip_workflow_fields = (
        "state", "submit_date", "plan_due", "approval_due", "venue_due", "review_due", "survey_due",
        "escalated", "sales_countersigned", "venue_confirmed_date", "security_assessed_date", "plan_sent_date",
        "security_due", "plan_send_due", "stay_days", "amount_total", "approval_band",
        "needs_finance_double_sign", "dept_head_user_id", "vp_user_id", "is_foreign", "satisfaction_score",
        "cancel_user_id", "cancel_date",
    )
    # R-REC-04: compliance (where its rights allow writing) and VIP managers may override
    # "foreign"; R-REC-11: customer service (marketing) records a score given outside the survey.
    _vip_workflow_field_groups = {
        "is_foreign": "vip_customer_care.group_vip_compliance,vip_customer_care.group_vip_manager",
        "satisfaction_score": "vip_customer_care.group_vip_officer",
    }
    _vip_retention = True
    # Issue 18: what may still change once submitted (vip.guard.mixin; the README's table).
    # While approvers sign (base_tier_validation's exceptions come from here): confirmations,
    # deadlines and the safety assessment continue. Lines follow: schedule, staff and
    # materials are the approved plan; the budget grows only through a supplementary approval.
    _vip_editable_fields = {
        "planning": ("*", "-is_emergency"),
        "to_approve": (
            "venue_confirmed_date", "security_assessed_date", "security_assessment", "approval_due",
            "escalated", "cooperating_department_ids", "contact_ids", "cancel_reason",
        ),
        "approved": ("security_assessment", "contact_ids", "lead_user_id", "cancel_reason", "budget_line_ids"),
        "in_progress": (
            "contact_ids", "cancel_reason", "budget_line_ids", "service_log_ids", "minutes",
            "media_references", "services_delivered",
        ),
        "review": (
            "minutes", "media_references", "services_delivered", "review_problems", "action_ids",
            "satisfaction_score",
        ),
        "done": ("satisfaction_score",),
        "rejected": ("cancel_reason",),
    }

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("planning", "Planning"),
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("in_progress", "In progress"),
            ("review", "Review"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
        group_expand=True,  # kanban columns in workflow order (issue 9.5)
    )
    # R-REC-01 request
    user_id = fields.Many2one(
        "res.users", string="Requested by", required=True, default=lambda self: self.env.user,
        tracking=True, index=True, domain="[('share', '=', False)]",
    )
    department_id = fields.Many2one(
        "hr.department", string="Requesting department", compute="_compute_department_id",
        store=True, precompute=True, readonly=False, check_company=True, tracking=True,
    )
    partner_ids = fields.Many2many(
        "res.partner", "vip_reception_partner_rel", "reception_id", "partner_id",
        string="Customers", required=True, check_company=True,
    )
    contact_ids = fields.Many2many(
        "res.partner", "vip_reception_contact_rel", "reception_id", "partner_id",
        string="Customer contacts", check_company=True,
    )
    # "Visit appointment" is the business type of appointments' approvals (delegations), not a reception's.
    business_type_id = fields.Many2one(
        "vip.business.type", string="Business type", required=True, tracking=True, domain=[("code", "!=", "visit")],
    )
    purpose = fields.Text(required=True)
    date_start = fields.Datetime(string="Visit start", required=True, tracking=True)
    date_end = fields.Datetime(string="Visit end", required=True, tracking=True)
    stay_days = fields.Integer(string="Length of stay (days)", compute="_compute_stay_days", store=True, precompute=True)
    visitor_count = fields.Integer(string="Number of visitors", default=1)
    companion_count = fields.Integer(string="Companions")
    escort_needs = fields.Text(string="Escort needs")
    is_foreign = fields.Boolean(
        string="Foreign visitors", compute="_compute_is_foreign", store=True, readonly=False, precompute=True,
        help="Derived from the customers' nationality (or their foreign or Hong Kong, Macau, Taiwan "
        "document when no nationality is known); only a VIP manager can override it (R-REC-04).",
    )
    lead_user_id = fields.Many2one(
        "res.users", string="Lead person", tracking=True, domain="[('share', '=', False)]", index="btree_not_null",
    )
    # Issue 23: the reception's own team (requester, lead person, marketing) sees the buttons
    # that move the visit on (send the plan, start, end, close); finance and the others do not.
    vip_is_planner = fields.Boolean(string="On the reception team", compute="_compute_vip_is_planner")
    cooperating_department_ids = fields.Many2many(
        "hr.department", string="Cooperating departments", check_company=True,
    )
    # R-PII-02: only security, compliance and whoever uploaded a copy see it (file name
    # included); the others see that copies are attached (``id_copy_attached``).
    id_copy_ids = fields.Many2many(
        "ir.attachment", "vip_reception_id_copy_rel", "reception_id", "attachment_id",
        string="ID copies", groups="vip_customer_care.group_vip_security,vip_customer_care.group_vip_compliance,vip_customer_care.group_vip_user",
        domain=lambda self: self.env["ir.attachment"]._vip_visible_id_copy_domain(), depends_context=("uid",),
    )
    id_copy_attached = fields.Boolean(
        string="ID copy attached", compute="_compute_id_copy_attached", compute_sudo=True,
        help="Whether copies of the customers' ID documents are attached (R-REC-01); the copies "
        "themselves are visible to security and compliance only (R-PII-02).",
    )
    # R-REC-02 plan
    schedule_line_ids = fields.One2many("vip.reception.schedule", "reception_id", string="Schedule", copy=True)
    staff_line_ids = fields.One2many("vip.reception.staff", "reception_id", string="Staff", copy=True)
    material_line_ids = fields.One2many("vip.reception.material", "reception_id", string="Materials", copy=True)
    budget_line_ids = fields.One2many(
        "vip.reception.budget", "reception_id", string="Budget", copy=True, groups=BUDGET_GROUPS,
    )
    venue = fields.Char()
    vehicles = fields.Text()
    meals_lodging = fields.Text(string="Meals and lodging")
    dietary_notes = fields.Text(string="Dietary notes")
    contingencies = fields.Text(help="Itinerary change, weather, equipment failure.")
    amount_total = fields.Monetary(
        string="Budget total", compute="_compute_amount_total", store=True, precompute=True, tracking=True,
        groups=BUDGET_GROUPS,
    )
    # Approval routing (R-APV-01/02/03), stored so that tier definitions can filter on them.
    approval_band = fields.Selection(
        [("dept_head", "Department head"), ("vp", "VP in charge"), ("gm", "General manager")],
        compute="_compute_approval_routing", store=True, precompute=True,
    )
    needs_finance_double_sign = fields.Boolean(compute="_compute_approval_routing", store=True, precompute=True)
    dept_head_user_id = fields.Many2one(
        "res.users", string="Department head", compute="_compute_approvers", store=True, precompute=True,
    )
    vp_user_id = fields.Many2one(
        "res.users", string="VP in charge", compute="_compute_approvers", store=True, precompute=True,
    )
    # R-APV-07 emergency
    is_emergency = fields.Boolean(string="Emergency", tracking=True)
    emergency_trigger = fields.Selection([("complaint", "Complaint"), ("incident", "Incident")], tracking=True)
    # Issue 12: the trigger is a link to the complaint or the incident; the reference is theirs.
    emergency_complaint_id = fields.Many2one(
        "helpdesk.ticket", string="Triggering complaint", check_company=True, index="btree_not_null", tracking=True,
    )
    emergency_incident_id = fields.Many2one(
        "vip.incident", string="Triggering incident", check_company=True, index="btree_not_null", tracking=True,
    )
    emergency_reference = fields.Char(
        string="Complaint / incident reference", tracking=True,
        compute="_compute_emergency_reference", store=True, precompute=True, readonly=True,
        help="Reference of the complaint or incident that triggers the emergency (R-APV-07).",
    )
    emergency_reason = fields.Text()
    # Countersign and confirmations (R-REC-03/05/06)
    sales_countersigned = fields.Boolean(string="Countersigned by sales", tracking=True, copy=False)
    venue_confirmed_date = fields.Datetime(string="Venue confirmed on", tracking=True, copy=False)
    security_assessed_date = fields.Datetime(string="Security assessment on", tracking=True, copy=False)
    security_assessment = fields.Text(copy=False)
    plan_sent_date = fields.Datetime(string="Plan sent to customer on", tracking=True, copy=False)
    # Deadlines (working days on the company calendar), stored.
    submit_date = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    plan_due = fields.Datetime(string="Plan due", readonly=True, copy=False)
    approval_due = fields.Datetime(string="Approval due", readonly=True, copy=False, index=True)
    venue_due = fields.Datetime(string="Venue confirmation due", readonly=True, copy=False)
    security_due = fields.Datetime(
        string="Security assessment due", compute="_compute_visit_deadlines", store=True, precompute=True,
    )
    plan_send_due = fields.Datetime(
        string="Plan to customer due", compute="_compute_visit_deadlines", store=True, precompute=True,
    )
    review_due = fields.Datetime(string="Review due", readonly=True, copy=False)
    survey_due = fields.Datetime(string="Survey due", readonly=True, copy=False)
    escalated = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    # For the record rules only (security/vip_reception_rules.xml, R-PII-02): the users who
    # see the reception (requester, lead person, staff, reviewers). Searched as one
    # index range of the visibility table (issues 14, 21), see ``_vip_rule_reception_sql``.
    vip_rule_user_ids = fields.Many2many(
        "res.users", string="Involved users (access)", compute="_compute_vip_rule_user_ids",
        search="_search_vip_rule_user_ids", groups="base.group_system",
    )
    # Execution and review (R-REC-08..12)
    service_log_ids = fields.One2many("vip.reception.service.log", "reception_id", string="Service log")
    minutes = fields.Html(string="Meeting minutes")
    media_references = fields.Text(string="Video and photo references")
    services_delivered = fields.Text()
    review_problems = fields.Html(string="Problems found")
    action_ids = fields.One2many("vip.reception.action", "reception_id", string="Improvement and follow-up")
    satisfaction_score = fields.Float(string="Satisfaction (0-100)", tracking=True, copy=False)
    # Cancellation (issue 8 point 7): who, when and why, kept on the record.
    cancel_reason = fields.Text(
        string="Cancellation reason", tracking=True, copy=False,
        help="Required when marketing or administration cancels a reception.",
    )
    cancel_user_id = fields.Many2one("res.users", string="Cancelled by", readonly=True, copy=False)
    cancel_date = fields.Datetime(string="Cancelled on", readonly=True, copy=False)
    handover_ids = fields.One2many("vip.valuable.handover", "reception_id", string="Valuables handovers")
    survey_answer_ids = fields.One2many(
        "survey.user_input", "vip_reception_id", string="Survey answers", groups="survey.group_survey_user",
    )
    survey_answer_count = fields.Integer(
        compute="_compute_survey_answer_count", groups="survey.group_survey_user",
    )
    handover_count = fields.Integer(compute="_compute_counts")
    event_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_end >= date_start)", "The visit cannot end before it starts."),
        ("counts_positive", "CHECK(visitor_count > 0 AND companion_count >= 0)",
         "A reception has at least one visitor and no negative number of companions."),
        ("score_range", "CHECK(satisfaction_score >= 0 AND satisfaction_score <= 100)",
         "The satisfaction score is between 0 and 100."),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "id_copy_ids" in vals:
            # id_copy_ids reads per user (R-PII-02): drop its value in every environment (the
            # system's check at submission included), not only in the writer's.
            self.invalidate_recordset(["id_copy_ids"])
        return res

    # ------------------------------------------------------------------ compute
    @api.depends("id_copy_ids")
    def _compute_id_copy_attached(self):
        for rec in self:
            rec.id_copy_attached = bool(rec.id_copy_ids)

    @api.depends("user_id", "company_id")
    def _compute_department_id(self):
        employees = self.env["hr.employee"].search([
            ("user_id", "in", self.user_id.ids), ("company_id", "in", self.company_id.ids),
        ])
        by_user = {(e.user_id.id, e.company_id.id): e.department_id for e in employees}
        for rec in self:
            rec.department_id = by_user.get((rec.user_id.id, rec.company_id.id), rec.department_id)

    @api.depends("date_start", "date_end")
    def _compute_stay_days(self):
        for rec in self:
            if rec.date_start and rec.date_end:
                rec.stay_days = (rec.date_end.date() - rec.date_start.date()).days + 1
            else:
                rec.stay_days = 0

    @api.depends("partner_ids.vip_nationality_id", "partner_ids.vip_id_type", "company_id.country_id")
    def _compute_is_foreign(self):
        """R-REC-04: a customer of another nationality, or without a known nationality but with
        a passport or a Hong Kong/Macau/Taiwan permit, makes the visit foreign (涉外)."""
        for rec in self:
            home = rec.company_id.country_id
            rec.is_foreign = any(
                (partner.vip_nationality_id and partner.vip_nationality_id != home)
                or (not partner.vip_nationality_id and partner.vip_id_type in FOREIGN_ID_TYPES)
                for partner in rec.partner_ids
            ) if home else False

    @api.depends("name", "partner_ids.name", "purpose", "amount_total")
    @api.depends_context("vip_reception_detail")
    def _compute_display_name(self):
        """Issue 23: where a reception is picked far from its form (bills, expenses), the
        ``vip_reception_detail`` context shows the customers, the purpose and the budget with
        the number, e.g. "REC/2026/00012 · 刘德明 · Collection preview · ¥10,000.00"."""
        if not self.env.context.get("vip_reception_detail"):
            return super()._compute_display_name()
        see_budget = self.env.user.has_group(BUDGET_GROUPS)
        for rec in self:
            purpose = (rec.purpose or "").strip().splitlines()[0] if rec.purpose else ""
            parts = [rec.name, ", ".join(rec.partner_ids.mapped("name")), purpose[:40]]
            if see_budget and rec.amount_total:
                parts.append(rec.currency_id.format(rec.amount_total))
            rec.display_name = " · ".join(part for part in parts if part)

    @api.depends("budget_line_ids.amount")
    def _compute_amount_total(self):
        totals = dict(self.env["vip.reception.budget"]._read_group(
            [("reception_id", "in", self.ids)], ["reception_id"], ["amount:sum"],
        ))
        for rec in self:
            # Unsaved records (onchange) are not in the database yet: add their lines up.
            rec.amount_total = totals.get(rec, 0.0) if rec.id else sum(rec.budget_line_ids.mapped("amount"))

    @api.depends(
        "amount_total", "company_id.vip_apv_dept_head_limit", "company_id.vip_apv_gm_from",
        "company_id.vip_apv_finance_double_from",
    )
    def _compute_approval_routing(self):
        for rec in self:
            rec.approval_band, rec.needs_finance_double_sign = rec._vip_amount_route(rec.amount_total)

    @api.depends(
        "department_id.manager_id.user_id", "department_id.manager_id.parent_id.user_id",
        "department_id.vip_vp_user_id", "user_id", "company_id",
    )
    def _compute_approvers(self):
        """R-APV-01 / R-APV-05: department head and VP of the requesting department; when the
        requester is that reviewer the step goes one level up (their manager, then the VP,
        then the general manager), never to an empty reviewer."""
        for rec in self:
            rec.dept_head_user_id, rec.vp_user_id = rec._vip_department_reviewers(rec.department_id)

    @api.depends("date_start")
    def _compute_visit_deadlines(self):
        for rec in self:
            due = rec.date_start and rec.date_start - timedelta(days=1)
            rec.security_due = due
            rec.plan_send_due = due

    @api.model
    def _overdue_domain(self):
        now = fields.Datetime.now()
        open_states = ("planning", "to_approve", "approved")
        return expression.OR([
            [("state", "=", "planning"), ("plan_due", "<", now)],
            [("state", "=", "to_approve"), ("approval_due", "<", now)],
            [("state", "=", "review"), ("review_due", "<", now)],
            [("state", "in", open_states), ("venue_confirmed_date", "=", False), ("venue_due", "<", now)],
            [("state", "in", open_states), ("security_assessed_date", "=", False), ("security_due", "<", now)],
            [("state", "=", "approved"), ("plan_sent_date", "=", False), ("plan_send_due", "<", now)],
        ])

    @api.depends("user_id", "lead_user_id", "staff_line_ids.employee_id.user_id", "review_ids.reviewer_ids")
    def _compute_vip_rule_user_ids(self):
        # Through the ORM: Odoo checks created and written receptions and lines against the
        # rule in Python, with these values already in cache (the customers' side reads them
        # in SQL, ``res.partner._compute_vip_rule_user_ids``).
        # Issue 21: receptions read from the database (a form's lines, a copy) whose staff and
        # reviews are not in cache read who sees them in the visibility table (one query, the
        # statement the triggers keep, ``models/vip_visibility.py``).
        records = self.sudo()
        cache = self.env.cache
        rule_fields = [records._fields[name] for name in ("user_id", "lead_user_id", "staff_line_ids", "review_ids")]
        stored = records.filtered(lambda rec: rec.id and not all(cache.contains(rec, f) for f in rule_fields))
        if stored:
            users = vip_visibility.users_of(self.env, "vip_reception_visibility", "reception_id", stored.ids)
            for rec in stored:
                rec.vip_rule_user_ids = self.env["res.users"].browse(users.get(rec.id, ()))
        for rec in records - stored:
            rec.vip_rule_user_ids = (
                rec.user_id | rec.lead_user_id | rec.staff_line_ids.employee_id.user_id | rec.review_ids.reviewer_ids
            )

    def _search_vip_rule_user_ids(self, operator, value):
        if operator not in ("in", "="):
            raise ValidationError(self.env._("This filter only supports 'in' a list of users."))
        return [("id", "in", self._vip_rule_reception_sql(value))]

    @api.model
    def _vip_rule_reception_sql(self, users):
        """SQL selecting the receptions that ``users`` (ids) request, lead, staff or review:
        the statement of the reception rule (R-PII-02).

        One index range of ``vip_reception_visibility`` (issue 21, ``models/vip_visibility.py``),
        kept by triggers where the requester, lead person, staff, employees' users and reviewers
        change: the planner estimates it at the rows it returns (issue 14) and no longer unions
        four lookups. As with the ORM paths, superseded reviews count only with
        ``active_test=False`` (the staff employee counts archived or not)."""
        return vip_visibility.visible_sql(self.env, "vip_reception_visibility", "reception_id", users)

    def _compute_survey_answer_count(self):
        answers = dict(self.env["survey.user_input"]._read_group(
            [("vip_reception_id", "in", self.ids)], ["vip_reception_id"], ["__count"],
        ))
        for rec in self:
            rec.survey_answer_count = answers.get(rec, 0)

    def _compute_counts(self):
        # Issue 21: both counts in one statement, under the reader's rules (as _read_group).
        ids = [rid for rid in self.ids if rid]
        parts = {}
        if ids and self.env["vip.valuable.handover"].has_access("read"):
            parts["handover"] = vip_group_part(
                self.env["vip.valuable.handover"], [("reception_id", "in", ids)], "reception_id",
            )
        if ids and self.env["calendar.event"].has_access("read"):
            parts["event"] = vip_group_part(
                self.env["calendar.event"], [("res_model", "=", self._name), ("res_id", "in", ids)], "res_id",
            )
        counts = vip_grouped_read(self.env, parts)
        for rec in self:
            rec.handover_count = counts["handover"].get(rec.id, 0)
            rec.event_count = counts["event"].get(rec.id, 0)

    # ------------------------------------------------------------------ CRUD
    # R-PII-06: receptions are kept for the retention period (vip.guard.mixin); archive them.

    @api.constrains("satisfaction_score")
    def _check_satisfaction_after_visit(self):
        for rec in self:
            if rec.satisfaction_score and rec.state not in ("review", "done"):
                raise ValidationError(self.env._("The satisfaction score is recorded after the visit (R-REC-11)."))

    @api.depends("emergency_trigger", "emergency_complaint_id", "emergency_incident_id")
    def _compute_emergency_reference(self):
        for rec in self:
            if rec.emergency_trigger == "complaint":
                rec.emergency_reference = rec.emergency_complaint_id.number or False
            elif rec.emergency_trigger == "incident":
                rec.emergency_reference = rec.emergency_incident_id.name or False
            else:
                rec.emergency_reference = False

    @api.constrains("is_emergency", "emergency_trigger", "emergency_complaint_id", "emergency_incident_id")
    def _check_emergency_link(self):
        for rec in self.filtered("is_emergency"):
            link = rec.emergency_complaint_id if rec.emergency_trigger == "complaint" else rec.emergency_incident_id
            if rec.emergency_trigger and not link:
                raise ValidationError(self.env._(
                    "An emergency reception links the complaint or the incident that triggers it (R-APV-07)."
                ))

    @api.constrains("is_emergency", "emergency_trigger", "emergency_reason", "emergency_reference")
    def _check_emergency(self):
        for rec in self:
            if rec.is_emergency and not (
                rec.emergency_trigger and (rec.emergency_reference or "").strip() and rec.emergency_reason
            ):
                raise ValidationError(self.env._(
                    "An emergency reception is triggered by a complaint or an incident: give the trigger, "
                    "its reference and an explanation (R-APV-07)."
                ))

    @api.constrains("amount_total")
    def _check_amount_route(self):
        """R-APV-01/02: the budget total is frozen while the route runs; an increase after
        approval starts a supplementary approval routed by the new total."""
        self._vip_check_amount_route()

    # ------------------------------------------------------------------ helpers
    def _can_read_budget(self):
        return self.env.user.has_groups(BUDGET_GROUPS)

    def _report_lang(self):
        """Reports and mails speak the customer's language (zh_CN, zh_TW or English)."""
        self.ensure_one()
        return self.partner_ids[:1].lang or self.env.lang

    def _working_deadline(self, start, days):
        return self._calendar().vip_working_days_deadline(start, days, self.company_id)

    # ------------------------------------------------------------------ workflow
    def action_submit(self):
        """Sales submits the request; marketing has N working days for the plan (R-REC-02),
        the approval must end within N working days (R-APV-04), the venue be confirmed
        within N working days (R-REC-05). An emergency goes straight to approval (R-APV-07)."""
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only draft receptions can be submitted."))
            errors = rec._submit_errors()
            if errors:
                raise UserError(
                    self.env._("The request cannot be submitted yet. Missing:\n- %s", "\n- ".join(errors))
                )
            company = rec.company_id
            vals = {
                "state": "planning",
                "submit_date": now,
                "plan_due": rec._working_deadline(now, company.vip_sla_plan_days),
                "approval_due": rec._working_deadline(now, company.vip_sla_approval_days),
                "venue_due": rec._working_deadline(now, company.vip_sla_venue_days),
            }
            if rec.is_emergency:
                vals["approval_due"] = now + timedelta(hours=company.vip_sla_emergency_hours)
            rec._vip_action_write(vals)
            if rec.is_emergency:
                rec._start_emergency()
        return self._vip_next_step_action(self.env._("Submitted"))

    @api.depends("user_id", "lead_user_id")
    @api.depends_context("uid")
    def _compute_vip_is_planner(self):
        marketing = self.env.user.has_group("vip_customer_care.group_vip_officer")
        for rec in self:
            rec.vip_is_planner = marketing or self.env.user in (rec.user_id | rec.lead_user_id)

    def _vip_next_step_hint(self):
        """Issue 23: after Submit, marketing plans (by the plan deadline), sales countersigns,
        then the plan goes to approval."""
        self.ensure_one()
        if self.state == "planning":
            return self.env._(
                "Marketing (%(who)s) prepares the plan by %(due)s; you countersign it for sales, then "
                "marketing sends it for approval.",
                who=self.lead_user_id.name or self.env._("the VIP officers"),
                due=self._vip_format_due(self.plan_due) if self.plan_due else "-",
            )
        return super()._vip_next_step_hint()

    def _start_emergency(self):
        """R-APV-07: marketing confirms on site, the GM approves within the hour; the
        written paperwork (補批) follows within N working days."""
        self.ensure_one()
        self._vip_action_write({"state": "to_approve", "sales_countersigned": True})
        self.request_validation()
        deadline = self._working_deadline(fields.Datetime.now(), self.company_id.vip_sla_paperwork_days)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.context_today(self, deadline),
            summary=_lt("Emergency paperwork (補批)"),
            note=_lt("Complete the written approval and explain the emergency."),
            user_id=self.user_id.id,
        )

    def _submit_errors(self):
        """What keeps the request from being submitted (R-REC-01)."""
        self.ensure_one()
        errors = []
        # Only whether copies exist: the copies themselves stay readable by their groups only.
        if not self.sudo().id_copy_ids:
            errors.append(self.env._("a copy of the customers' ID documents (R-REC-01)"))
        if self.cooperating_department_ids and not self.lead_user_id:
            errors.append(self.env._("a lead person (multi-department reception)"))
        return errors

    def _staff_departments_missing(self):
        """Departments of the plan's staff that are neither the requesting nor a cooperating one."""
        self.ensure_one()
        return self.staff_line_ids.employee_id.department_id - self.department_id - self.cooperating_department_ids

    def _add_staff_departments(self):
        """R-REC-01/07: the departments the plan's staff come from cooperate (and are told of
        the approval): they are added to the cooperating departments when the plan is complete."""
        for rec in self:
            missing = rec._staff_departments_missing()
            if missing:
                # Frozen for the user once submitted (route field): the action completes it.
                rec._vip_action_write({"cooperating_department_ids": [Command.link(dept.id) for dept in missing]})

    def _department_errors(self):
        """R-REC-01: a multi-department reception (cooperating departments, or staff from other
        departments) names a lead person."""
        self.ensure_one()
        if (self.cooperating_department_ids or self._staff_departments_missing()) and not self.lead_user_id:
            return [self.env._("a lead person (multi-department reception)")]
        return []

    def _language_errors(self):
        """R-REC-04: for a foreign visit, each foreign customer's language (their language
        setting) is spoken by someone on the staff."""
        self.ensure_one()
        if not self.is_foreign:
            return []
        home = self.company_id.country_id
        spoken = set(self.staff_line_ids.language_ids.mapped("code"))
        missing = []
        for partner in self.partner_ids:
            if partner.vip_nationality_id == home or (
                not partner.vip_nationality_id and partner.vip_id_type not in FOREIGN_ID_TYPES
            ):
                continue
            lang = partner.lang
            if not lang:
                missing.append(self.env._("%s: set the customer's language", partner.name))
            elif lang not in spoken and lang.split("_")[0] not in {code.split("_")[0] for code in spoken}:
                missing.append(partner.name)
        if missing:
            return [self.env._(
                "a staff member speaking the language of %s (foreign visit, R-REC-04)", ", ".join(missing)
            )]
        return []

    def _check_can_countersign(self):
        for rec in self:
            if rec.state != "planning":
                raise UserError(self.env._("Sales countersigns the plan while it is being planned."))
            if rec.sales_countersigned:
                raise UserError(self.env._("The plan is already countersigned by sales."))
            if self.env.user != rec.user_id and not self.env.user.has_group("vip_customer_care.group_vip_manager"):
                raise UserError(self.env._("Only the requester countersigns for sales."))

    def _check_can_confirm_venue(self):
        if not self.env.user.has_group("vip_customer_care.group_vip_administration"):
            raise UserError(self.env._("Only administration confirms the venue (R-REC-05)."))
        for rec in self:
            if rec.state not in OPEN_STATES:
                raise UserError(self.env._("The venue is confirmed between submission and the visit."))
            if rec.venue_confirmed_date:
                raise UserError(self.env._("The venue of %s is already confirmed.", rec.name))

    def _check_can_assess_security(self):
        if not self.env.user.has_group("vip_customer_care.group_vip_security"):
            raise UserError(self.env._("Only security records the safety assessment (R-REC-05)."))
        for rec in self:
            if rec.state not in OPEN_STATES:
                raise UserError(self.env._("The safety assessment is recorded between submission and the visit."))
            if rec.security_assessed_date:
                raise UserError(self.env._("The safety assessment of %s is already recorded.", rec.name))
            if not rec.security_assessment:
                raise UserError(self.env._("Write the safety assessment first."))

    def action_countersign_sales(self):
        self._check_can_countersign()
        self._vip_action_write({"sales_countersigned": True})
        return True

    def action_confirm_venue(self):
        self._check_can_confirm_venue()
        self._vip_action_write({"venue_confirmed_date": fields.Datetime.now()})
        return True

    def action_security_assessed(self):
        self._check_can_assess_security()
        self._vip_action_write({"security_assessed_date": fields.Datetime.now()})
        return True

    def _plan_errors(self):
        """What keeps the plan from going to approval (R-REC-02/03/04)."""
        self.ensure_one()
        errors = []
        if not self.schedule_line_ids:
            errors.append(self.env._("a day-by-day schedule"))
        if not self.staff_line_ids:
            errors.append(self.env._("the staff and their roles"))
        if not self.budget_line_ids:
            errors.append(self.env._("a budget by category"))
        if not self.venue:
            errors.append(self.env._("the venue"))
        if not self.sales_countersigned:
            errors.append(self.env._("the countersignature of sales"))
        errors += self._language_errors()
        errors += self._department_errors()
        return errors

    def action_send_for_approval(self):
        for rec in self:
            if rec.state != "planning":
                raise UserError(self.env._("Only receptions in planning can be sent for approval."))
            errors = rec._plan_errors()
            if errors:
                raise UserError(
                    self.env._("The plan is not complete. Missing:\n- %s", "\n- ".join(errors))
                )
            rec._add_staff_departments()
            rec._vip_action_write({"state": "to_approve"})
            rec.request_validation()
        return self._vip_next_step_action()

    def _validated_states(self):
        return ["approved"]

    def _on_approved(self):
        """R-REC-07: cooperating departments, finance and administration get the approved
        request; the schedule goes to the staff's calendars."""
        self.ensure_one()
        users = (
            self.env["hr.department"].browse(self.cooperating_department_ids.ids).manager_id.user_id
            | self.env.ref("vip_customer_care.group_vip_finance").users
            | self.env.ref("vip_customer_care.group_vip_administration").users
        ).filtered(lambda u: self.company_id in u.company_ids)
        self.message_subscribe(partner_ids=users.partner_id.ids)
        self.message_post(
            body=self.env._("Reception %s approved.", self.name),
            partner_ids=users.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        self.schedule_line_ids._create_calendar_events()

    def action_start(self):
        for rec in self:
            if rec.state != "approved":
                raise UserError(self.env._("Only approved receptions can start."))
            if not rec.plan_sent_date:
                raise UserError(self.env._("Send the confirmed plan to the customer first (R-REC-06)."))
            if not rec.security_assessed_date:
                raise UserError(self.env._("The visit cannot start before security's safety assessment (R-REC-05)."))
        self._vip_action_write({"state": "in_progress"})
        return True

    def action_end_visit(self):
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "in_progress":
                raise UserError(self.env._("Only receptions in progress can end."))
            rec._vip_action_write({
                "state": "review",
                "review_due": rec._working_deadline(now, rec.company_id.vip_sla_review_days),
                "survey_due": rec._working_deadline(now, rec.company_id.vip_sla_survey_days),
            })
        return True

    def action_done(self):
        for rec in self:
            if rec.state != "review":
                raise UserError(self.env._("Only receptions under review can be closed."))
            if not rec.review_problems and not rec.action_ids:
                raise UserError(self.env._("Record the review (problems and actions) first (R-REC-10)."))
        self._vip_action_write({"state": "done"})
        return True

    def _vip_frozen_fields(self):
        # The reason of a cancellation is kept as it was given.
        frozen = super()._vip_frozen_fields()
        if any(rec.state == "cancelled" for rec in self):
            frozen.append("cancel_reason")
        return frozen

    def _check_can_cancel(self):
        """The requester cancels before approval; marketing or administration cancel with a
        reason kept on the record; nobody else."""
        user = self.env.user
        staff = user.has_groups("vip_customer_care.group_vip_officer,vip_customer_care.group_vip_administration")
        for rec in self:
            if rec.state in ("done", "cancelled"):
                raise UserError(self.env._("Done or cancelled receptions cannot be cancelled."))
            if user == rec.user_id and rec.state in ("draft", "planning", "to_approve", "rejected"):
                continue
            if not staff:
                raise UserError(self.env._(
                    "Only the requester (before approval) or marketing and administration cancel a reception."
                ))
            if not (rec.cancel_reason or "").strip():
                raise UserError(self.env._("Give the reason for cancelling %s first.", rec.name))

    def action_cancel(self):
        self._check_can_cancel()
        self._vip_action_write({
            "state": "cancelled", "cancel_user_id": self.env.uid, "cancel_date": fields.Datetime.now(),
        })
        for rec in self:
            rec.message_post(body=self.env._(
                "Cancelled by %(user)s. Reason: %(reason)s",
                user=self.env.user.name, reason=rec.cancel_reason or self.env._("withdrawn by the requester"),
            ))
        return True

    def action_reset_draft(self):
        # Done or cancelled receptions never return to draft (R-PII-06 evidence): duplicate them.
        if any(rec.state != "rejected" for rec in self):
            raise UserError(self.env._("Only rejected receptions return to draft; duplicate a cancelled one."))
        self._vip_action_write({"state": "draft", "sales_countersigned": False})
        return True

    def action_send_plan(self):
        """R-REC-06: e-mail the confirmed plan (PDF) to the customer."""
        self.ensure_one()
        if self.state not in ("approved", "in_progress"):
            raise UserError(self.env._("Only an approved plan can be sent to the customer."))
        return self._vip_composer_action(
            "vip_customer_care.mail_template_vip_reception_plan", vip_mark_plan_sent=True
        )

    def _message_post_after_hook(self, message, msg_vals):
        if (
            self.env.context.get("vip_mark_plan_sent") and not self.plan_sent_date
            and self.state in ("approved", "in_progress") and message.message_type == "comment"
            and message.attachment_ids and message.partner_ids & self.partner_ids
        ):
            # Only a message that really mailed an attachment to the customer marks the plan
            # as sent (a context key alone could be sent by any client).
            self._vip_action_write({"plan_sent_date": fields.Datetime.now()})
        return super()._message_post_after_hook(message, msg_vals)

    def action_send_survey(self):
        """R-REC-11: invite each customer to the satisfaction survey through Odoo's survey app."""
        survey = self.env.ref("vip_customer_care.survey_vip_reception_satisfaction")
        template = self.env.ref("survey.mail_template_user_input_invite")
        for rec in self:
            if rec.state not in ("review", "done"):
                raise UserError(self.env._("The survey is sent after the visit."))
            partners = rec.partner_ids.filtered("email")
            if not partners:
                raise UserError(self.env._("None of the customers has an e-mail address."))
            for partner in partners:
                answer = survey._create_answer(
                    partner=partner, check_attempts=False, vip_reception_id=rec.id,
                    deadline=rec.survey_due,
                )
                template.send_mail(answer.id, email_values={"model": False, "res_id": False})
            rec.message_post(body=self.env._(
                "Satisfaction survey sent to %s.", ", ".join(partners.mapped("name"))
            ))
        return True

    def _update_satisfaction(self):
        """Average score (0-100) of the completed satisfaction survey answers (R-REC-11)."""
        survey = self.env.ref("vip_customer_care.survey_vip_reception_satisfaction", raise_if_not_found=False)
        groups = dict(self.env["survey.user_input"]._read_group(
            [("vip_reception_id", "in", self.ids), ("state", "=", "done"), ("survey_id", "=", survey.id)],
            ["vip_reception_id"], ["scoring_percentage:avg"],
        )) if survey else {}
        for rec in self.filtered(lambda r: r.state in ("review", "done")):
            if rec in groups:
                rec._vip_action_write({"satisfaction_score": groups[rec]})

    # ------------------------------------------------------------------ smart buttons
    def action_view_handovers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("vip_customer_care.action_vip_valuable_handover")
        action["domain"] = [("reception_id", "=", self.id)]
        action["context"] = {"default_reception_id": self.id}
        return action

    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("survey.action_survey_user_input")
        action["domain"] = [("vip_reception_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("calendar.action_calendar_event")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action
