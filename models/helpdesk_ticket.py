# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# Stages of the VIP customer service team (helpdesk_mgmt's own stages, data of that module).
STAGES = {
    "received": "helpdesk_mgmt.helpdesk_ticket_stage_new",
    "investigating": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "replied": "helpdesk_mgmt.helpdesk_ticket_stage_awaiting",
    "closed": "helpdesk_mgmt.helpdesk_ticket_stage_done",
    "invalid": "helpdesk_mgmt.helpdesk_ticket_stage_rejected",
}


class HelpdeskTicket(models.Model):
    """A VIP complaint is a helpdesk ticket of the "VIP customer service" team (sections 9 and
    10 of the rule book). helpdesk_mgmt brings the mail alias, portal, stages, teams and
    assignment; this extension adds what the rule book needs.

    Who does what:

    ================== ============================================================
    Customer service   records, validates, assigns, replies, records satisfaction
    Sales              reads and adds complaints of the customers they own
    Department manager alerted for major and overdue complaints (activities)
    General manager    approves solutions of major complaints, closes a complaint
                       the customer keeps refusing (with a reason)
    ================== ============================================================

    Deadlines (R-CMP-02/04) are stored fields computed on the company calendar with its
    public holidays (``resource.calendar.vip_working_days_deadline``), one cycle at a time:
    an unsatisfied customer reopens the complaint with a new cycle (R-CMP-06); every cycle
    is kept in ``vip_cycle_ids``. Workflow fields are written only by the buttons
    (``vip.guard.mixin``); complaints are kept 1 year, major ones 3 (R-CMP-07).
    """

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "vip.guard.mixin"]

    _vip_workflow_fields = (
        "vip_validity", "vip_received_date", "vip_answer_due", "vip_solution_due", "vip_reply_due",
        "vip_close_due", "vip_answered_date", "vip_solution_date", "vip_replied_date", "vip_cycle",
        "vip_solution_proposed_date",
        "vip_satisfaction", "vip_escalated", "vip_on_time", "vip_major_alerted", "vip_meeting_id",
        "vip_freeze_due", "vip_frozen_date", "vip_gm_closed", "vip_major_alerted_user_ids",
    )
    # R-CMP-07 (issue 19): a closed complaint keeps its investigation, assignment and outcome
    # as recorded; only its buttons (a reopening by the customer's answer) move it again.
    _vip_closed_locked_fields = (
        "vip_type", "vip_severity", "vip_department_id", "user_id", "team_id", "stage_id", "partner_id",
        "vip_validity_reason", "vip_special_case", "vip_special_reason", "vip_root_cause", "vip_solution",
        "vip_action_ids", "vip_close_reason",
    )
    _vip_retention = True
    # helpdesk.ticket has no "state": the guard's draft/final check does not apply.
    _vip_final_states = ()

    # ------------------------------------------------------------------ classification (R-CMP-01)
    vip_channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("walk_in", "Walk-in"), ("letter", "Letter"), ("web", "Web")],
        string="Received by", default="phone", tracking=True,
    )
    vip_type = fields.Selection(
        [("consultation", "Consultation"), ("suggestion", "Suggestion"), ("complaint", "Complaint")],
        string="Type", default="complaint", required=True, tracking=True, index=True,
    )
    vip_severity = fields.Selection(
        [("general", "Ordinary"), ("major", "Major")], string="Severity", default="general",
        required=True, tracking=True, index=True,
    )
    vip_is_vip_team = fields.Boolean(compute="_compute_vip_is_vip_team", store=True, index=True)
    vip_sales_user_id = fields.Many2one(
        "res.users", string="Customer's sales", related="partner_id.user_id", store=True, index="btree_not_null",
    )
    # ------------------------------------------------------------------ what it is about
    vip_reception_id = fields.Many2one("vip.reception", string="Reception", check_company=True, index="btree_not_null")
    vip_appointment_id = fields.Many2one(
        "vip.visit.appointment", string="Visit appointment", check_company=True, index="btree_not_null",
    )
    vip_handover_id = fields.Many2one(
        "vip.valuable.handover", string="Valuables handover", check_company=True, index="btree_not_null",
    )
    vip_loyalty_card_id = fields.Many2one("loyalty.card", string="Loyalty card", index="btree_not_null")
    vip_points_issue = fields.Boolean(
        string="Abnormal points",
        help="The customer reports abnormal points on the loyalty card: the card is frozen "
        "within the configured hours (R-LOY-05).",
    )
    vip_points_card_missing = fields.Boolean(
        string="No card to freeze", compute="_compute_vip_points_card_missing",
        help="Abnormal points are reported but the customer holds no VIP member card.",
    )
    vip_freeze_due = fields.Datetime(string="Card freeze due", readonly=True, copy=False)
    vip_frozen_date = fields.Datetime(string="Card frozen on", readonly=True, copy=False)
    # ------------------------------------------------------------------ validity (R-CMP-03)
    vip_validity = fields.Selection(
        [("pending", "To check"), ("valid", "Valid"), ("invalid", "Invalid")],
        string="Validity", default="pending", required=True, tracking=True, copy=False,
    )
    vip_validity_reason = fields.Text(string="Validity reasons", tracking=True)
    # ------------------------------------------------------------------ assignment and analysis (R-CMP-04/07)
    vip_department_id = fields.Many2one(
        "hr.department", string="Responsible department", check_company=True, tracking=True, index="btree_not_null",
    )
    vip_department_manager_id = fields.Many2one(
        "res.users", string="Department manager", compute="_compute_vip_department_manager", store=True,
    )
    vip_special_case = fields.Boolean(
        string="Special case", tracking=True,
        help="Closed within the special-case working days instead of the normal ones (R-CMP-04); give the reason.",
    )
    vip_special_reason = fields.Text(string="Special case reason", tracking=True)
    vip_root_cause = fields.Text(string="Root cause", tracking=True)
    vip_solution = fields.Html(string="Proposed solution")
    vip_action_ids = fields.One2many("vip.complaint.action", "ticket_id", string="Corrective and preventive actions")
    vip_solution_approval_ids = fields.One2many("vip.complaint.solution", "ticket_id", string="Solution approvals")
    vip_solution_approved = fields.Boolean(compute="_compute_vip_solution_approved")
    vip_solution_approval_state = fields.Selection(
        related="vip_solution_approval_ids.state", string="GM approval",
        help="State of the latest solution sent to the general manager (R-CMP-05).",
    )
    # ------------------------------------------------------------------ deadlines (R-CMP-02/04)
    vip_received_date = fields.Datetime(string="Cycle started on", readonly=True, copy=False)
    vip_answer_due = fields.Datetime(string="Answer due", readonly=True, copy=False)
    vip_solution_due = fields.Datetime(string="Solution due", readonly=True, copy=False)
    vip_reply_due = fields.Datetime(string="Reply due", readonly=True, copy=False)
    vip_close_due = fields.Datetime(string="Closing due", readonly=True, copy=False)
    vip_answered_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    vip_solution_proposed_date = fields.Datetime(
        string="Solution proposed on", readonly=True, copy=False,
        help="When the responsible person proposed the solution (R-CMP-04: within 1 working day). A major "
             "complaint's solution then waits for the GM's approval (R-CMP-05).",
    )
    vip_solution_date = fields.Datetime(
        string="Solution ready on", readonly=True, copy=False,
        help="When the solution could be given to the customer: when it was proposed, or for a major complaint "
             "when the general manager approved it.",
    )
    vip_replied_date = fields.Datetime(string="Replied on", readonly=True, copy=False)
    vip_next_due = fields.Datetime(
        string="Next deadline", compute="_compute_vip_next_due", store=True, index="btree_not_null",
    )
    vip_sla_state = fields.Selection(
        [("on_time", "On time"), ("due_soon", "Due soon"), ("late", "Late")],
        string="SLA", compute="_compute_vip_sla_state", search="_search_vip_sla_state",
    )
    vip_escalated = fields.Boolean(string="Escalated", readonly=True, copy=False)
    vip_on_time = fields.Float(
        string="On-time rate (%)", readonly=True, copy=False, aggregator="avg",
        help="100 when the complaint was closed by its deadline, 0 when late (set at closing).",
    )
    # ------------------------------------------------------------------ cycles (R-CMP-06)
    vip_cycle = fields.Integer(string="Cycle", default=1, readonly=True, copy=False)
    vip_cycle_ids = fields.One2many("vip.complaint.cycle", "ticket_id", string="Cycles", readonly=True)
    vip_satisfaction = fields.Selection(
        [("unknown", "Not asked yet"), ("satisfied", "Satisfied"), ("unsatisfied", "Unsatisfied")],
        string="Customer satisfaction", default="unknown", required=True, tracking=True, copy=False,
    )
    vip_gm_closed = fields.Boolean(string="Closed by the GM", readonly=True, copy=False)
    vip_close_reason = fields.Text(string="GM closing reason", tracking=True)
    # ------------------------------------------------------------------ major (R-CMP-05)
    vip_major_alerted = fields.Boolean(readonly=True, copy=False)
    vip_major_alerted_user_ids = fields.Many2many(
        "res.users", "vip_complaint_major_alerted_rel", "ticket_id", "user_id", string="Alerted",
        readonly=True, copy=False,
        help="Who was alerted of this major complaint (R-CMP-05): the GM at intake, the manager of each "
        "responsible department once it is known.",
    )
    vip_meeting_id = fields.Many2one("calendar.event", string="Emergency meeting", readonly=True, copy=False)
    vip_incident_ids = fields.One2many("vip.incident", "ticket_id", string="Incidents")

    _sql_constraints = [
        ("vip_on_time_range", "CHECK(vip_on_time >= 0 AND vip_on_time <= 100)", "The on-time rate is a percentage."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("team_id.vip_customer_service")
    def _compute_vip_is_vip_team(self):
        for rec in self:
            rec.vip_is_vip_team = rec.team_id.vip_customer_service

    @api.depends("team_id")
    def _compute_user_id(self):
        """R-CMP-04 (issue 19): the responsible person of a VIP complaint comes from its
        responsible department, not only from the customer service team (helpdesk_mgmt drops an
        assignee outside the team): any internal user of the complaint's company."""
        vip = self.filtered(lambda t: t.team_id.vip_customer_service)
        res = super(HelpdeskTicket, self - vip)._compute_user_id()
        for ticket in vip:
            if ticket.user_id and (ticket.user_id.share or ticket.company_id not in ticket.user_id.company_ids):
                ticket.user_id = False
        return res

    @api.depends("vip_department_id.manager_id.user_id")
    def _compute_vip_department_manager(self):
        for rec in self:
            rec.vip_department_manager_id = rec.vip_department_id.manager_id.user_id

    @api.depends("vip_points_issue", "vip_loyalty_card_id")
    def _compute_vip_points_card_missing(self):
        for rec in self:
            rec.vip_points_card_missing = rec.vip_points_issue and not rec.vip_loyalty_card_id

    @api.depends("vip_solution_approval_ids.state")
    def _compute_vip_solution_approved(self):
        for rec in self:
            rec.vip_solution_approved = "approved" in rec.vip_solution_approval_ids.mapped("state")

    @api.depends(
        "vip_type", "vip_validity", "stage_id.closed", "vip_answer_due", "vip_solution_due", "vip_reply_due",
        "vip_close_due", "vip_answered_date", "vip_solution_proposed_date", "vip_replied_date",
    )
    def _compute_vip_next_due(self):
        """The nearest deadline still open: what the SLA badge and the late filter look at."""
        for rec in self:
            if rec.stage_id.closed or rec.vip_validity == "invalid" or not rec.vip_received_date:
                rec.vip_next_due = False
            elif rec.vip_type != "complaint":
                rec.vip_next_due = not rec.vip_answered_date and rec.vip_answer_due
            elif not rec.vip_solution_proposed_date:
                # R-CMP-04: the proposal meets the solution deadline; a major complaint's GM
                # approval (R-CMP-05) must then come in time for the reply.
                rec.vip_next_due = rec.vip_solution_due
            elif not rec.vip_replied_date:
                rec.vip_next_due = rec.vip_reply_due
            else:
                rec.vip_next_due = rec.vip_close_due

    def _vip_due_soon_delta(self):
        return timedelta(hours=self.env.company.vip_cmp_due_soon_hours)

    @api.depends("vip_next_due")
    def _compute_vip_sla_state(self):
        now = fields.Datetime.now()
        soon = now + self._vip_due_soon_delta()
        for rec in self:
            due = rec.vip_next_due
            if not due:
                rec.vip_sla_state = False
            elif due < now:
                rec.vip_sla_state = "late"
            elif due <= soon:
                rec.vip_sla_state = "due_soon"
            else:
                rec.vip_sla_state = "on_time"

    def _search_vip_sla_state(self, operator, value):
        """Late means strictly past the deadline: at the deadline itself it is still due."""
        if operator not in ("=", "!=") or value not in ("on_time", "due_soon", "late"):
            raise ValidationError(self.env._("This filter only supports on time, due soon or late."))
        now = fields.Datetime.now()
        soon = now + self._vip_due_soon_delta()
        domain = {
            "late": [("vip_next_due", "<", now)],
            "due_soon": [("vip_next_due", ">=", now), ("vip_next_due", "<=", soon)],
            "on_time": [("vip_next_due", ">", soon)],
        }[value]
        return domain if operator == "=" else ["|", ("vip_next_due", "=", False), "!", *domain]

    # ------------------------------------------------------------------ checks
    @api.constrains("vip_special_case", "vip_special_reason")
    def _check_vip_special_reason(self):
        for rec in self:
            if rec.vip_special_case and not (rec.vip_special_reason or "").strip():
                raise ValidationError(self.env._(
                    "A special case is closed within more working days only with a reason (R-CMP-04)."
                ))

    @api.constrains("vip_loyalty_card_id", "partner_id")
    def _check_vip_card_customer(self):
        for rec in self:
            card = rec.vip_loyalty_card_id
            if card and rec.partner_id and card.partner_id and card.partner_id.commercial_partner_id != rec.partner_id.commercial_partner_id:
                raise ValidationError(self.env._("The loyalty card %s belongs to another customer.", card.display_name))

    # ------------------------------------------------------------------ points card (R-LOY-05)
    @api.model
    def _vip_customer_card(self, partner):
        """The customer's VIP member card (usable or frozen, not blocked), or an empty record."""
        partner = partner.commercial_partner_id if partner else partner
        if not partner:
            return self.env["loyalty.card"]
        return self.env["loyalty.card"].search([
            ("partner_id", "in", (partner | partner.child_ids).ids), ("vip_is_points", "=", True),
            ("vip_state", "!=", "blocked"),
        ], order="id desc", limit=1)

    @api.onchange("partner_id", "vip_points_issue")
    def _onchange_vip_points_card(self):
        """Issue 19 (R-LOY-05): a complaint about abnormal points takes the customer's card;
        the user is warned when the customer holds none."""
        if not self.vip_points_issue or not self.partner_id:
            return None
        card = self._vip_customer_card(self.partner_id)
        if card:
            self.vip_loyalty_card_id = card
            return None
        self.vip_loyalty_card_id = False
        return {"warning": {
            "title": self.env._("No member card"),
            "message": self.env._(
                "%s holds no VIP member card: no card can be frozen for these abnormal points (R-LOY-05). "
                "Check the customer.", self.partner_id.display_name,
            ),
        }}

    @api.model
    def _vip_default_points_card(self, vals):
        """The same default whatever the client (RPC, import, e-mail): the customer's card."""
        if vals.get("vip_points_issue") and not vals.get("vip_loyalty_card_id") and vals.get("partner_id"):
            card = self._vip_customer_card(self.env["res.partner"].browse(vals["partner_id"]))
            if card:
                vals["vip_loyalty_card_id"] = card.id

    # ------------------------------------------------------------------ CRUD
    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "team_id" in fields_list and not res.get("team_id") and self.env.context.get("vip_complaint"):
            team = self.env["helpdesk.ticket.team"]._vip_team_for_company(self.env.company)
            if team:
                res["team_id"] = team.id
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vip_default_points_card(vals)
        records = super().create(vals_list)
        vip = records.filtered("vip_is_vip_team")
        vip._vip_start_cycle()
        vip.filtered(lambda r: r.vip_severity == "major")._vip_alert_major()
        vip.filtered(lambda r: r.vip_points_issue and r.vip_loyalty_card_id)._vip_freeze_points_card()
        vip.filtered(lambda r: r.vip_channel == "web")._vip_notify_web_intake()
        return records

    def _vip_notify_web_intake(self):
        """Issue 22 (R-CMP-01/02/04): a complaint the customer filed on the portal reaches
        nobody by phone or e-mail: the members of its VIP team (else the customer service
        users of its company) get an inbox notification with its first deadline."""
        cs_group = self.env.ref("vip_customer_care.group_vip_customer_service")
        for rec in self:
            users = rec.team_id.user_ids.filtered(lambda u: u.active and not u.share)
            if not users:
                users = cs_group.users.filtered(lambda u, rec=rec: rec.company_id in u.company_ids and not u.share)
            if not users:
                continue
            rec.message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._("New complaint filed online: %s", rec.display_name),
                body=self.env._(
                    "%(customer)s filed %(ticket)s on the portal; first deadline: %(due)s (R-CMP-02/04).",
                    customer=rec.partner_id.display_name, ticket=rec.display_name,
                    due=fields.Datetime.to_string(rec.vip_next_due) if rec.vip_next_due else "-",
                ),
                model_description=self.env._("Complaint"),
            )

    def _vip_portal_deadlines(self):
        """Issue 22: the deadlines promised to the customer, as shown on the portal page (not
        the internal solution deadline): ``[(label, due, done)]``."""
        self.ensure_one()
        if self.vip_type != "complaint":
            return [(self.env._("Answer due"), self.vip_answer_due, self.vip_answered_date)]
        return [
            (self.env._("Our reply due"), self.vip_reply_due, self.vip_replied_date),
            (self.env._("Closing due"), self.vip_close_due, self.closed_date),
        ]

    def _vip_frozen_fields(self):
        # Issue 18: the solution sent to (or approved by) the general manager is not rewritten
        # on the complaint (R-CMP-05); a new solution is a new approval request.
        frozen = super()._vip_frozen_fields()
        if self.sudo().vip_solution_approval_ids.filtered(lambda s: s.state in ("to_approve", "approved")):
            frozen.append("vip_solution")
        return frozen

    def write(self, vals):
        if not self._vip_is_action():
            self._vip_check_complaint_lock(vals)
        special_before = {rec.id: rec.vip_special_case for rec in self} if "vip_special_case" in vals else {}
        if vals.get("vip_points_issue") and not vals.get("vip_loyalty_card_id") and len(self) == 1 \
                and not self.vip_loyalty_card_id:
            card = self._vip_customer_card(self.env["res.partner"].browse(vals.get("partner_id") or self.partner_id.id))
            if card:
                vals = dict(vals, vip_loyalty_card_id=card.id)
        res = super().write(vals)
        if vals.get("vip_severity") == "major":
            self.filtered(lambda r: r.vip_is_vip_team and not r.vip_major_alerted)._vip_alert_major()
        if "vip_department_id" in vals:
            # R-CMP-05 (issue 19): a major complaint whose department is known only after
            # intake alerts that department's manager then.
            self.filtered(lambda r: r.vip_is_vip_team and r.vip_major_alerted)._vip_alert_major_manager()
        if special_before:
            self.filtered(
                lambda r: r.vip_special_case != special_before[r.id] and r.vip_is_vip_team
                and r.vip_received_date and r.vip_type == "complaint" and not r.stage_id.closed
            )._vip_special_case_deadline()
        if vals.get("vip_points_issue") or vals.get("vip_loyalty_card_id"):
            self.filtered(
                lambda r: r.vip_is_vip_team and r.vip_points_issue and r.vip_loyalty_card_id and not r.vip_frozen_date
            )._vip_freeze_points_card()
        return res

    def _vip_check_complaint_lock(self, vals):
        """R-CMP-05/06, issue 18: an open VIP complaint is closed by its buttons only, whatever
        combination of fields is written directly (form, RPC or a route writing as the user):
        it does not leave the VIP team, does not stop being a complaint once checked, and a
        major complaint is not downgraded after its alerts went out (the GM's approval of its
        solution would be skipped)."""
        closed = self.filtered(lambda r: (r.vip_is_vip_team or r.vip_received_date) and r.stage_id.closed)
        locked = [name for name in self._vip_closed_locked_fields if name in vals]
        if closed and locked:
            changed = closed.filtered(lambda r: any(r._vip_value_changes(name, vals[name]) for name in locked))
            if changed:
                raise UserError(self.env._(
                    "%s is closed: its assignment, investigation, actions and outcome are kept as recorded "
                    "(R-CMP-07).", changed[0].display_name,
                ))
        vip = self.filtered(lambda r: (r.vip_is_vip_team or r.vip_received_date) and not r.stage_id.closed)
        if not vip:
            return
        # R-CMP-06 (issue 19): a complaint the customer reopened is closed by the customer's
        # satisfaction or by the general manager, whatever its type says now.
        complaints = vip.filtered(lambda r: r.vip_type == "complaint" or r.vip_cycle > 1)
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id") or [])
        if complaints and stage.exists() and stage.sudo().closed:
            raise UserError(self.env._(
                "%s is closed by its buttons: when the customer is satisfied, when it is invalid "
                "or by the general manager (R-CMP-06).", complaints[0].display_name,
            ))
        if "team_id" in vals and complaints:
            team = self.env["helpdesk.ticket.team"].browse(vals["team_id"] or [])
            leaving = complaints.filtered(
                lambda r: not team.vip_customer_service or (team.company_id and team.company_id != r.company_id)
            )
            if leaving:
                raise UserError(self.env._(
                    "%s is an open VIP complaint: it stays with the VIP customer service team of its company "
                    "until its buttons close it (R-CMP-05/06).", leaving[0].display_name,
                ))
        if vals.get("vip_type", "complaint") != "complaint":
            checked = complaints.filtered(lambda r: r.vip_validity != "pending" or r.vip_severity == "major")
            if checked:
                raise UserError(self.env._(
                    "%s was checked as a complaint: it stays a complaint until its buttons close it "
                    "(R-CMP-03/06).", checked[0].display_name,
                ))
        if vals.get("vip_severity", "major") != "major":
            alerted = vip.filtered(lambda r: r.vip_severity == "major" and r.vip_major_alerted)
            if alerted:
                raise UserError(self.env._(
                    "%s is a major complaint: the department manager and the GM were alerted, and its "
                    "solution needs the GM's approval; the severity is not lowered afterwards (R-CMP-05).",
                    alerted[0].display_name,
                ))

    def _vip_value_changes(self, name, value):
        """Whether writing ``value`` into field ``name`` changes this record (a form saving an
        unchanged value, or an empty list of line commands, changes nothing)."""
        self.ensure_one()
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return bool(value)
        current = self[name]
        if field.type == "many2one":
            return current.id != (value.id if isinstance(value, models.BaseModel) else (value or False))
        return (current or False) != (value or False)

    def _vip_retention_until(self):
        """R-CMP-07: complaints are kept N years (major ones M years) from their creation."""
        until = {}
        for rec in self.filtered("create_date"):
            company = rec.company_id or self.env.company
            major = rec.vip_severity == "major"
            years = company.vip_cmp_major_retention_years if major else company.vip_cmp_retention_years
            until[rec.id] = rec.create_date + relativedelta(years=years)
        return until

    def _vip_check_retention(self):
        """R-CMP-07: complaints are kept N years (major ones M years) from their creation."""
        for rec in self:
            company = rec.company_id or self.env.company
            major = rec.vip_severity == "major"
            years = company.vip_cmp_major_retention_years if major else company.vip_cmp_retention_years
            if rec.create_date and rec.create_date > fields.Datetime.now() - relativedelta(years=years):
                raise UserError(self.env._(
                    "%(record)s is kept for %(years)s years (R-CMP-07) and cannot be deleted; archive it instead.",
                    record=rec.display_name, years=years,
                ))

    # ------------------------------------------------------------------ mail gateway
    @api.model
    def message_new(self, msg, custom_values=None):
        """E-mails to a VIP customer service alias become complaints received by e-mail, for
        the customer found from the sender (helpdesk_mgmt sets partner_id from the author).
        Issue 19 (R-CMP-01, R-SEC-02): the complaint belongs to the customer's company, in
        that company's VIP team (its own, or the one shared by every company), whichever VIP
        alias received it; its deadlines then run on that company's calendar. A customer
        shared by every company stays with the team that received the e-mail. Only the mail
        gateway creates them this way (issue 18: ``mail.thread._vip_check_gateway``)."""
        self.env["mail.thread"]._vip_check_gateway()
        custom_values = dict(custom_values or {})
        Team = self.env["helpdesk.ticket.team"]
        team = Team.browse(custom_values.get("team_id") or [])
        customer_company = self.env["res.company"]
        if team.vip_customer_service:
            custom_values.setdefault("vip_channel", "email")
            author = self.env["res.partner"].browse(msg.get("author_id") or [])
            customer_company = author.commercial_partner_id.company_id or author.company_id
            own_team = Team._vip_team_for_company(customer_company) if customer_company else Team
            if own_team:
                custom_values.update(team_id=own_team.id, company_id=customer_company.id)
        ticket = super().message_new(msg, custom_values=custom_values)
        if customer_company and ticket.company_id != customer_company:
            ticket.message_post(body=self.env._(
                "The customer belongs to %(customer_company)s, which has no VIP customer service team: "
                "the complaint stays with %(company)s, whose address received it.",
                customer_company=customer_company.name, company=ticket.company_id.name,
            ), subtype_xmlid="mail.mt_note")
        return ticket

    # ------------------------------------------------------------------ deadlines
    def _vip_calendar(self):
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            raise UserError(self.env._("Set a working calendar on company %s.", self.company_id.name))
        return calendar

    def _vip_cycle_deadlines(self, start):
        """Deadlines of a cycle starting at ``start`` (R-CMP-02 / R-CMP-04)."""
        self.ensure_one()
        company = self.company_id
        if self.vip_type != "complaint":
            return {"vip_answer_due": start + timedelta(hours=company.vip_cmp_consultation_hours)}
        calendar = self._vip_calendar()
        close_days = company.vip_cmp_special_close_days if self.vip_special_case else company.vip_cmp_close_days
        return {
            "vip_solution_due": calendar.vip_working_days_deadline(start, company.vip_cmp_solution_days, company),
            "vip_reply_due": calendar.vip_working_days_deadline(start, company.vip_cmp_reply_days, company),
            "vip_close_due": calendar.vip_working_days_deadline(start, close_days, company),
        }

    def _vip_start_cycle(self, start=None):
        """Open a cycle of deadlines (the first one at intake, a new one on each reopening)."""
        start = fields.Datetime.to_datetime(start) if start else fields.Datetime.now()
        cycles = []
        for rec in self:
            vals = {
                "vip_received_date": start, "vip_answer_due": False, "vip_solution_due": False,
                "vip_reply_due": False, "vip_close_due": False, "vip_answered_date": False,
                "vip_solution_date": False, "vip_solution_proposed_date": False, "vip_replied_date": False,
                "vip_escalated": False,
                "vip_satisfaction": "unknown",
            }
            vals.update(rec._vip_cycle_deadlines(start))
            rec._vip_action_write(vals)
            cycle_vals = {
                "ticket_id": rec.id, "sequence": rec.vip_cycle, "start_date": start,
                "answer_due": vals.get("vip_answer_due"), "solution_due": vals.get("vip_solution_due"),
                "reply_due": vals.get("vip_reply_due"), "close_due": vals.get("vip_close_due"),
            }
            current = rec.vip_cycle_ids.filtered(lambda c, rec=rec: c.sequence == rec.vip_cycle and c.outcome == "open")
            if current:  # the cycle's start was corrected (e.g. a letter dated earlier)
                current._vip_action_write(cycle_vals)
            else:
                cycles.append(cycle_vals)
            if rec.user_id:
                rec._vip_schedule_responsible()
        self.env["vip.complaint.cycle"]._vip_create(cycles)

    def _vip_schedule_responsible(self):
        """An activity for the responsible person, due on the next deadline's day."""
        for rec in self.filtered(lambda r: r.user_id and r.vip_next_due):
            rec.activity_unlink(["mail.mail_activity_data_todo"], user_id=rec.user_id.id)
            rec.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(rec, rec.vip_next_due),
                summary=_lt("Complaint due: %s", rec.display_name),
                note=_lt("Next deadline: %s (R-CMP-04).", rec.vip_next_due),
                user_id=rec.user_id.id,
            )

    def _vip_special_case_deadline(self):
        """R-CMP-04 (issue 19): a special case flagged (or unflagged) during the cycle closes
        within the special-case working days (the normal ones) counted from the cycle's start,
        on the company calendar; the cycle, the responsible person's activity and the chatter
        follow."""
        for rec in self:
            close_due = rec._vip_cycle_deadlines(rec.vip_received_date)["vip_close_due"]
            rec._vip_action_write({"vip_close_due": close_due})
            rec.vip_cycle_ids.filtered(
                lambda c, rec=rec: c.sequence == rec.vip_cycle and c.outcome == "open"
            )._vip_action_write({"close_due": close_due})
            days = rec.company_id.vip_cmp_special_close_days if rec.vip_special_case else rec.company_id.vip_cmp_close_days
            rec.message_post(body=self.env._(
                "%(case)s: the complaint is now to be closed within %(days)s working days, by %(due)s (R-CMP-04).",
                case=self.env._("Special case") if rec.vip_special_case else self.env._("No longer a special case"),
                days=days, due=fields.Datetime.to_string(close_due),
            ), subtype_xmlid="mail.mt_note")
            if rec.user_id:
                rec._vip_schedule_responsible()

    # ------------------------------------------------------------------ actions
    def _vip_set_stage(self, key):
        stage = self.env.ref(STAGES[key])
        self.with_context(vip_stage_action=True)._vip_action_write({"stage_id": stage.id})

    def _vip_check_open(self):
        for rec in self:
            if not rec.vip_is_vip_team:
                raise UserError(self.env._("%s is not a VIP customer service ticket.", rec.display_name))
            if rec.stage_id.closed:
                raise UserError(self.env._("%s is already closed.", rec.display_name))

    def action_vip_mark_valid(self):
        """R-CMP-03: the complaint is valid; it goes to investigation."""
        self._vip_check_open()
        for rec in self:
            rec._vip_action_write({"vip_validity": "valid"})
            if rec.user_id and rec.vip_department_id:
                rec._vip_set_stage("investigating")
        return True

    def action_vip_mark_invalid(self):
        """R-CMP-03: an invalid complaint is answered politely with the reasons (template)."""
        self._vip_check_open()
        for rec in self:
            if rec.vip_cycle > 1 or rec.vip_satisfaction == "unsatisfied":
                raise UserError(self.env._(
                    "%s was reopened because the customer is not satisfied: it is not closed as invalid. "
                    "It closes when the customer is satisfied, or by the general manager (R-CMP-06).",
                    rec.display_name,
                ))
            if rec.vip_validity == "valid":
                raise UserError(self.env._(
                    "%s was checked as valid: it is not closed as invalid afterwards (R-CMP-03/06).", rec.display_name,
                ))
            if not (rec.vip_validity_reason or "").strip():
                raise UserError(self.env._("Give the reasons why the complaint is not valid (R-CMP-03)."))
            rec._vip_action_write({"vip_validity": "invalid"})
            rec.message_post_with_source(
                "vip_customer_care.mail_template_vip_complaint_invalid",
                subtype_xmlid="mail.mt_comment",
            )
            rec._vip_set_stage("invalid")
        return True

    def action_vip_assign(self):
        """R-CMP-04: the responsible department and person are set; the person gets an activity."""
        self._vip_check_open()
        for rec in self:
            missing = []
            if not rec.vip_department_id:
                missing.append(self.env._("responsible department"))
            if not rec.user_id:
                missing.append(self.env._("responsible person"))
            if missing:
                raise UserError(self.env._("Set the %s first (R-CMP-04).", ", ".join(missing)))
            if rec.vip_type == "complaint" and rec.vip_validity == "pending":
                raise UserError(self.env._("Check whether the complaint is valid first (R-CMP-03)."))
            rec._vip_set_stage("investigating")
            rec._vip_schedule_responsible()
        return True

    def action_vip_answer(self):
        """R-CMP-02: a consultation (or suggestion) is answered and closed."""
        self._vip_check_open()
        now = fields.Datetime.now()
        for rec in self:
            if rec.vip_type == "complaint":
                raise UserError(self.env._("A complaint is replied to after its solution, not answered directly."))
            rec._vip_action_write({
                "vip_answered_date": now, "vip_on_time": 100.0 if now <= rec.vip_answer_due else 0.0,
            })
            rec._vip_close_cycle("satisfied")
            rec._vip_set_stage("closed")
            rec.activity_feedback(["mail.mail_activity_data_todo"], feedback=self.env._("Answered"))
        return True

    def action_vip_propose_solution(self):
        """R-CMP-04/05: the investigation ends with a proposed solution; a major complaint's
        solution goes to the GM through the shared approval machinery."""
        self._vip_check_open()
        approvals = self.env["vip.complaint.solution"]
        for rec in self:
            if rec.vip_type != "complaint":
                raise UserError(self.env._("Only complaints have a solution to propose."))
            if rec.vip_validity != "valid":
                raise UserError(self.env._("Only a valid complaint gets a solution (R-CMP-03)."))
            if not (rec.vip_root_cause or "").strip() or not rec.vip_solution:
                raise UserError(self.env._("Record the root cause and the proposed solution first (R-CMP-07)."))
            rec._vip_action_write({"vip_solution_proposed_date": fields.Datetime.now()})
            if rec.vip_severity == "major":
                pending = rec.vip_solution_approval_ids.filtered(lambda s: s.state == "to_approve")
                if pending:
                    raise UserError(self.env._("The solution is already waiting for the GM's approval."))
                # The approval request is the workflow's own record: created by this action.
                approval = self.env["vip.complaint.solution"]._vip_action_env().create({
                    "ticket_id": rec.id, "solution": rec.vip_solution, "company_id": rec.company_id.id,
                }).with_env(self.env)
                approvals |= approval
                approval.action_submit()
            else:
                rec._vip_solution_ready()
        if approvals:
            # Issue 23: the proposer is told who approves the solution next, and by when.
            return approvals._vip_next_step_action()
        return True

    def action_vip_open_solution_approval(self):
        """R-CMP-05 (issue 19): the latest solution sent to the GM, on its approval screen."""
        self.ensure_one()
        approval = self.vip_solution_approval_ids[:1]
        if not approval:
            raise UserError(self.env._("No solution of %s was sent to the general manager.", self.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Solution approval"),
            "res_model": approval._name,
            "res_id": approval.id,
            "view_mode": "form",
            "views": [(self.env.ref("vip_customer_care.view_vip_complaint_solution_form").id, "form")],
            "target": "current",
        }

    def _vip_solution_ready(self):
        """The solution is proposed (approved by the GM for a major complaint)."""
        for rec in self:
            rec._vip_action_write({"vip_solution_date": fields.Datetime.now()})
            rec._vip_schedule_responsible()

    def action_vip_reply(self):
        """R-CMP-04/06: the solution is given to the customer, who is then asked whether they are satisfied."""
        self._vip_check_open()
        for rec in self:
            if not rec.vip_solution_date:
                if rec.vip_severity == "major":
                    raise UserError(self.env._("A major complaint's solution needs the GM's approval first (R-CMP-05)."))
                raise UserError(self.env._("Propose the solution first (R-CMP-04)."))
            rec._vip_action_write({"vip_replied_date": fields.Datetime.now()})
            rec._vip_set_stage("replied")
            rec._vip_schedule_responsible()
        return True

    def action_vip_send_survey(self):
        """R-CMP-06: ask the customer by the satisfaction survey (composer of the survey invite)."""
        self.ensure_one()
        if not self.vip_replied_date or self.stage_id.closed:
            raise UserError(self.env._("The customer is asked for satisfaction after the reply (R-CMP-06)."))
        if not self.partner_id:
            raise UserError(self.env._("Set the customer first."))
        survey = self.env.ref("vip_customer_care.survey_vip_complaint_satisfaction")
        answer = survey._create_answer(partner=self.partner_id, check_attempts=False, vip_ticket_id=self.id)
        url = f"{self.get_base_url()}{answer.get_start_url()}"
        self.message_post(
            body=self.env._("Are you satisfied with our answer? Please tell us here: %s", url),
            partner_ids=self.partner_id.ids, subtype_xmlid="mail.mt_comment",
        )
        return True

    def action_vip_satisfied(self):
        return self._vip_record_satisfaction(True)

    def action_vip_unsatisfied(self):
        return self._vip_record_satisfaction(False)

    def _vip_record_satisfaction(self, satisfied):
        """R-CMP-06: the customer's answer (from the call, the rating or the survey).
        Satisfied closes the complaint; unsatisfied reopens it with a new cycle of deadlines."""
        self._vip_check_open()
        for rec in self:
            if not rec.vip_replied_date:
                raise UserError(self.env._("The customer is asked for satisfaction after the reply (R-CMP-06)."))
            if satisfied:
                rec._vip_action_write({"vip_satisfaction": "satisfied"})
                rec._vip_close("satisfied")
            else:
                rec._vip_close_cycle("unsatisfied")
                rec._vip_action_write({"vip_cycle": rec.vip_cycle + 1, "vip_satisfaction": "unsatisfied"})
                rec.message_post(body=self.env._(
                    "The customer is not satisfied: complaint reopened, cycle %s (R-CMP-06).", rec.vip_cycle,
                ))
                rec._vip_start_cycle()
                rec._vip_set_stage("investigating")
        return True

    def action_vip_gm_close(self):
        """R-CMP-06: the general manager closes a complaint the customer still refuses, with a reason."""
        if not self.env.user.has_group("vip_customer_care.group_vip_gm"):
            raise UserError(self.env._("Only the general manager closes a complaint without the customer's satisfaction."))
        self._vip_check_open()
        for rec in self:
            if not (rec.vip_close_reason or "").strip():
                raise UserError(self.env._("Give the reason for closing (R-CMP-06)."))
            rec._vip_action_write({"vip_gm_closed": True})
            rec._vip_close("gm_closed")
        return True

    def _vip_close(self, outcome):
        now = fields.Datetime.now()
        for rec in self:
            if rec.vip_close_due:
                rec._vip_action_write({"vip_on_time": 100.0 if now <= rec.vip_close_due else 0.0})
            rec._vip_close_cycle(outcome)
            rec._vip_set_stage("closed")
            rec.activity_feedback(["mail.mail_activity_data_todo"], feedback=self.env._("Closed"))

    def _vip_close_cycle(self, outcome):
        for rec in self:
            cycle = rec.vip_cycle_ids.filtered(lambda c: c.sequence == rec.vip_cycle and c.outcome == "open")
            cycle._vip_finish(outcome, rec)

    # ------------------------------------------------------------------ major (R-CMP-05)
    def _vip_alert_major(self):
        """The department manager and the GM are alerted at once (activity and inbox
        notification) and an emergency meeting is put in the calendar."""
        gms = self.env.ref("vip_customer_care.group_vip_gm").users
        for rec in self:
            users = rec._vip_alertable(rec.vip_department_manager_id | gms)
            rec._vip_notify_major(users)
            start = (fields.Datetime.now() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
            # Issue 23: the meeting (and its calendar activity) belongs to a person who calls it:
            # the department manager, else a general manager; never OdooBot when the complaint
            # came in by e-mail.
            organizer = rec._vip_alertable(rec.vip_department_manager_id)[:1] or rec._vip_alertable(gms)[:1]
            if not organizer and not self.env.user._is_superuser() and not self.env.user._is_public():
                organizer = self.env.user
            meeting = self.env["calendar.event"].with_context(
                no_mail_to_attendees=True, default_res_model=rec._name, default_res_id=rec.id,
            ).create({
                # Named in the organizer's language: the meeting's calendar activity shows its name.
                "name": self.with_context(lang=organizer.lang or self.env.lang).env._(
                    "Emergency meeting: %s", rec.display_name),
                "start": start, "stop": start + timedelta(hours=1),
                "user_id": organizer.id,
                "partner_ids": [(6, 0, (users | rec.user_id | organizer).partner_id.ids)],
                "res_model_id": self.env["ir.model"]._get_id(rec._name), "res_id": rec.id,
            })
            rec._vip_action_write({"vip_major_alerted": True, "vip_meeting_id": meeting.id})

    def _vip_alertable(self, users):
        """The internal users of the complaint's company among ``users``."""
        self.ensure_one()
        return users.filtered(lambda u: self.company_id in u.company_ids and not u.share)

    def _vip_notify_major(self, users):
        """The alert of a major complaint for ``users``: an activity each and one inbox
        notification; they are recorded as alerted (R-CMP-05)."""
        self.ensure_one()
        for user in users:
            self.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=_lt("Major complaint: %s", self.display_name),
                note=_lt("A major complaint was received; the solution needs the GM's approval (R-CMP-05)."),
                user_id=user.id,
            )
        if users:
            self.message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._("Major complaint: %s", self.display_name),
                body=self.env._("A major complaint from %(customer)s needs your attention (R-CMP-05).",
                                customer=self.partner_id.display_name or self.partner_name or ""),
            )
            self._vip_action_write({"vip_major_alerted_user_ids": [Command.link(user.id) for user in users]})

    def _vip_alert_major_manager(self):
        """R-CMP-05 (issue 19): the manager of a responsible department assigned after the
        intake of a major complaint is alerted then (once), and joins the emergency meeting."""
        for rec in self:
            manager = rec._vip_alertable(rec.vip_department_manager_id) - rec.vip_major_alerted_user_ids
            if not manager:
                continue
            rec._vip_notify_major(manager)
            if rec.vip_meeting_id:
                rec.vip_meeting_id.with_context(no_mail_to_attendees=True).partner_ids = [
                    Command.link(manager.partner_id.id)
                ]

    # ------------------------------------------------------------------ overdue
    @api.model
    def _cron_vip_overdue(self):
        """R-CMP-04: overdue complaints escalate once per cycle to the department manager (an
        activity on the complaint). Same batch machinery as the approval crons (issue 14): only
        the overdue complaints (indexed deadline), one batch per run, the activities in one
        ``create``; the scheduler commits and runs again while some remain."""
        domain = [
            ("vip_is_vip_team", "=", True), ("vip_next_due", "<", fields.Datetime.now()), ("vip_escalated", "=", False),
        ]

        def alerts(rec):
            return [(
                manager,
                _lt("Escalation: overdue complaint %s", rec.display_name),
                _lt("The deadline was %s (R-CMP-04).", rec.vip_next_due),
            ) for manager in rec.vip_department_manager_id]

        self.env["mail.activity"]._vip_cron_alerts(
            self, domain, "vip_next_due, id", "mail.mail_activity_data_warning", alerts, {"vip_escalated": True},
        )
        self._vip_count_open_late()

    @api.model
    def _vip_count_open_late(self):
        """Issue 23 (R-CMP-04): an open complaint past its closing deadline can no longer be
        closed on time: it counts as late (0 %) in the on-time rate of the complaint analysis
        now, not only once it is closed (closing sets the rate again). Open complaints within
        their deadline stay out of the average (NULL). One set-based statement."""
        self.flush_model(["vip_on_time", "vip_close_due", "vip_type", "stage_id", "team_id"])
        self.env.cr.execute("""
            UPDATE helpdesk_ticket ticket SET vip_on_time = 0
              FROM helpdesk_ticket_stage stage
             WHERE stage.id = ticket.stage_id AND NOT stage.closed
               AND ticket.vip_type = 'complaint' AND ticket.vip_on_time IS NULL
               AND ticket.vip_close_due < %s
         RETURNING ticket.id""", [fields.Datetime.now()])
        late = self.browse([row[0] for row in self.env.cr.fetchall()])
        late.invalidate_recordset(["vip_on_time"])
        return late

    # ------------------------------------------------------------------ points (R-LOY-05)
    def _vip_freeze_points_card(self):
        """R-LOY-05: a complaint about abnormal points freezes the customer's loyalty card
        (no earn, no redeem) within the configured hours; internal control investigates and
        unfreezes it (``loyalty.card._vip_freeze`` also gives internal control its
        investigation activity)."""
        now = fields.Datetime.now()
        for rec in self:
            card = rec.vip_loyalty_card_id
            if not rec.vip_freeze_due:
                rec._vip_action_write({"vip_freeze_due": now + timedelta(hours=rec.company_id.vip_cmp_freeze_hours)})
            reason = self.env._("Complaint %s: abnormal points (R-LOY-05).", rec.display_name)
            card._vip_freeze(reason, rec)
            rec._vip_action_write({"vip_frozen_date": fields.Datetime.now()})
            rec.message_post(body=self.env._("Loyalty card %s frozen (R-LOY-05).", card.display_name))
