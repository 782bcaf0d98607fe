# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare
from odoo.tools.translate import LazyTranslate

# Definitions and units are lazy terms, resolved in the reader's language when the dashboard
# is built (module level: no environment yet).
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# Receptions that took place (or are approved to take place) in a period: the base of the
# per-reception rates.
HELD_STATES = ("approved", "in_progress", "review", "done")

# R-OVS-01: code, label, unit, direction ("min": at least the target, "max": at most), the
# company setting holding the target, and what the figure is (shown on the dashboard line).
KPIS = (
    ("plan_days", "Plan confirmation time", _lt("working days"), "max", "vip_kpi_plan_days",
     _lt("Average working days from the request's submission to its complete plan going for approval "
         "(receptions submitted in the period, emergencies excluded; R-REC-02).")),
    ("on_site", "On-site response rate", "%", "min", "vip_kpi_on_site_rate",
     _lt("Incidents of the period whose 'Security on site' step was recorded within its target "
         "minutes, among those recorded or past their target (R-INC-02).")),
    ("satisfaction", "Customer satisfaction", _lt("points"), "min", "vip_kpi_satisfaction",
     _lt("Average satisfaction score (0-100) of the receptions of the period under review or done "
         "that have a score (R-REC-11).")),
    ("major_complaint", "Major-complaint rate", "%", "max", "vip_kpi_major_complaint_rate",
     _lt("Valid major VIP complaints received in the period per reception held in the period (R-CMP-05).")),
    ("cost_control", "Cost control rate", "%", "max", "vip_kpi_cost_control_rate",
     _lt("Actual cost divided by the approved budget (supplements included) of the receptions held in "
         "the period (R-COST-02).")),
    ("appointment", "Appointment success rate", "%", "min", "vip_kpi_appointment_rate",
     _lt("Visit appointments planned in the period that were approved or done, among all submitted ones "
         "(R-ACC-01..03).")),
    ("safety_incident", "Safety incident rate", "%", "max", "vip_kpi_safety_incident_rate",
     _lt("Incidents detected in the period (complaint escalations and cancelled incidents excluded) per "
         "reception held in the period (R-INC-01).")),
    ("approval_on_time", "Approvals on time", "%", "min", "vip_kpi_approval_rate",
     _lt("Approval steps signed or rejected in the period by their step deadline (R-APV-04).")),
    ("complaint_on_time", "Complaints closed on time", "%", "min", "vip_kpi_complaint_rate",
     _lt("VIP complaints closed in the period by their closing deadline (R-CMP-04).")),
    ("incident_step_on_time", "Incident steps on time", "%", "min", "vip_kpi_incident_step_rate",
     _lt("Timeline steps of the period's incidents recorded by their target, among those recorded or "
         "past their target (R-INC-02).")),
)
KPI_CODES = [(kpi[0], kpi[1]) for kpi in KPIS]
# The company settings holding the targets (res.company, R-OVS-01).
KPI_TARGET_FIELDS = [kpi[4] for kpi in KPIS]


class VipOversightKpi(models.AbstractModel):
    """Core KPIs of the VIP service for a company and a period (R-OVS-01).

    Every KPI is a set-based figure: one or two grouped queries (``search_count``,
    ``_read_group``, or one SQL statement on the records the user may read), whatever the
    number of records; the number of queries depends on the number of KPIs only. Everything
    is read with the user's own rights (compliance, VIP managers and the GM read the
    receptions, complaints, incidents, appointments and cost figures of their companies).

    The period runs from ``date_from`` 00:00 to ``date_to`` 24:00 in the time zone of the
    company's working calendar. Definitions (each KPI's domain is its drill-down):

    - plan_days: receptions submitted in the period (not emergencies) whose plan went for
      approval (their approval steps exist): average number of working days of the company
      calendar (public holidays excluded) after the submission day up to the day the plan went
      for approval, i.e. the day of its first approval step (same count as the plan deadline:
      done on the 2nd working day after submission = 2).
    - on_site: "Security on site" steps of the period's incidents (not cancelled) recorded or
      past their target: share recorded by the target.
    - satisfaction: receptions whose visit starts in the period, under review or done, with a
      score above 0: average score.
    - major_complaint: valid (or not yet checked) major complaints of the VIP customer service
      received (created) in the period divided by the receptions held in the period (visit
      start in the period, approved or later).
    - cost_control: actual cost over approved budget of the receptions held in the period
      (``vip.reception.cost.analysis``).
    - appointment: appointments planned in the period and submitted: share approved or done.
    - safety_incident: incidents detected in the period, not cancelled and not complaint
      escalations, divided by the receptions held in the period.
    - approval_on_time: approval steps (any document of the company) approved or rejected in
      the period that had a step deadline: share signed by it.
    - complaint_on_time: VIP complaints closed in the period with a closing deadline: share
      closed by it (``vip_on_time`` = 100).
    - incident_step_on_time: timeline steps of the period's incidents (not cancelled) recorded
      or past their target: share recorded by the target.

    Not measurable with the data kept, hence not shown: none of the rule book's seven core
    KPIs is missing; an "open rectifications" figure belongs to the rectification items.

    Scope (issue 20, R-OVS-05): ``users`` (a ``res.users`` recordset) restricts every KPI to the
    records these users are responsible for, in the domain (a sub-query: the number of queries
    does not change). A salesperson is one user; a department is the users of its active
    employees and of its child departments' (``_vip_kpi_scope_users``). Without ``users`` the
    figures are the company's. Who is responsible for what:

    - receptions (plan_days, satisfaction, cost_control, and the "receptions held" divisor of
      major_complaint and safety_incident): the requester (``user_id``) or the lead person
      (``lead_user_id``): both answer for the visit, a reception counts for each of them.
    - complaints (major_complaint, complaint_on_time): the VIP customer's salesperson
      (``vip_sales_user_id``, the customer's ``user_id``), not the ticket's assigned user: the
      assignee is the complaint handler set at triage (often customer service, unset until
      then, changed on reassignment), while the salesperson answers for the service the
      customer received, and the rate's divisor (the salesperson's receptions) is the same
      population.
    - incidents (safety_incident) and their steps (on_site, incident_step_on_time): the
      requester or lead person of the incident's reception, or the host of its visit
      appointment; the incident's own user is only who reported it (a guard), not who answers
      for the visit.
    - appointments (appointment): the host (``host_user_id``), the salesperson receiving the
      visitor; the one who booked it (``create_uid``) is often the front desk.
    - approvals on time (approval_on_time): the steps signed or rejected by the scope's users
      (``done_by``, a delegate who signed included).

    Every KPI can thus be attributed to a person: none is left out of a scoped computation.
    Records attributed to nobody (an incident without reception or appointment, a complaint of a
    customer without salesperson) count in the company's figures only. A scope without any
    record of a KPI shows it as not measured (value None, status warning), never 0.
    """

    _name = "vip.oversight.kpi"
    _description = "VIP oversight KPIs"

    # ------------------------------------------------------------------ period
    @api.model
    def _vip_kpi_default_period(self):
        """Last calendar month (the dashboard's default)."""
        first = fields.Date.context_today(self).replace(day=1)
        return first - relativedelta(months=1), first - timedelta(days=1)

    @api.model
    def _vip_kpi_tz(self, company):
        return pytz.timezone(company.resource_calendar_id.tz or self.env.user.tz or "UTC")

    @api.model
    def _vip_kpi_bounds(self, company, date_from, date_to):
        """Naive UTC datetimes [start, stop) of the local days ``date_from`` .. ``date_to``."""
        tz = self._vip_kpi_tz(company)

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return fields.Datetime.to_string(utc(date_from)), fields.Datetime.to_string(utc(date_to + timedelta(days=1)))

    # ------------------------------------------------------------------ entry point
    @api.model
    def _vip_kpi_compute(self, company, date_from, date_to, users=None):
        """The KPI lines of ``company`` for ``date_from`` .. ``date_to`` (dates), each a dict:
        code, label, unit, direction, value (None without data), target, status (ok, bad,
        warning = nothing to measure), count (records measured), previous (the value of the
        period of the same length just before), trend (up, down, flat or False), model and
        domain (the records measured, for the drill-down). ``users`` (``res.users``, optional):
        only the records these users are responsible for (see the class docstring); ``None``:
        the whole company."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not (date_from and date_to) or date_to < date_from:
            raise UserError(self.env._("The period ends on or after its first day."))
        kpi_model = self.with_company(company)
        labels = dict(self.env["vip.kpi.dashboard.line"]._fields["code"]._description_selection(self.env))
        length = (date_to - date_from).days + 1
        prev_to = date_from - timedelta(days=1)
        prev_from = prev_to - timedelta(days=length - 1)
        bounds = self._vip_kpi_bounds(company, date_from, date_to)
        prev_bounds = self._vip_kpi_bounds(company, prev_from, prev_to)
        lines = []
        for code, _label, unit, direction, target_field, help_text in KPIS:
            method = getattr(kpi_model, f"_vip_kpi_{code}")
            value, count, model, domain = method(company, *bounds, users=users)
            previous = method(company, *prev_bounds, users=users)[0]
            target = company[target_field]
            lines.append({
                "code": code, "label": labels[code], "unit": str(unit), "direction": direction,
                "help": str(help_text), "value": value, "target": target, "count": count,
                "status": self._vip_kpi_status(value, target, direction),
                "previous": previous, "trend": self._vip_kpi_trend(value, previous),
                "model": model, "domain": domain,
            })
        return lines

    @api.model
    def _vip_kpi_status(self, value, target, direction):
        if value is None:
            return "warning"
        cmp = float_compare(value, target, precision_digits=4)
        return "ok" if (cmp >= 0 if direction == "min" else cmp <= 0) else "bad"

    @api.model
    def _vip_kpi_trend(self, value, previous):
        if value is None or previous is None:
            return False
        cmp = float_compare(value, previous, precision_digits=4)
        return {1: "up", -1: "down", 0: "flat"}[cmp]

    @api.model
    def _vip_kpi_domain(self, code, company, date_from, date_to, users=None):
        """(model, domain) of the records measured by KPI ``code`` (drill-down), restricted to
        ``users``' records as the KPI is."""
        if code not in dict(KPI_CODES):
            raise UserError(self.env._("Unknown KPI %s.", code))
        kpi_model = self.with_company(company)
        _value, _count, model, domain = getattr(kpi_model, f"_vip_kpi_{code}")(
            company, *self._vip_kpi_bounds(company, date_from, date_to), users=users,
        )
        return model, domain

    # ------------------------------------------------------------------ scope
    @api.model
    def _vip_kpi_scope_users(self, department=None, user=None):
        """The users a KPI scope measures: ``user`` (a salesperson), or the users of the active
        employees of ``department`` and its child departments (one query); ``None`` when
        neither is given (the whole company)."""
        if user:
            return user
        if not department:
            return None
        # hr.employee.public (readable by every internal user) is a view over hr.employee; read
        # in the department's company (the multi-company rule follows the active companies).
        self.env["hr.employee"].flush_model(["user_id", "department_id", "active"])
        Employee = self.env["hr.employee.public"]
        if department.company_id:
            Employee = Employee.with_company(department.company_id)
        employees = Employee.search([
            ("department_id", "child_of", department.ids), ("user_id", "!=", False),
        ])
        return employees.user_id

    @api.model
    def _vip_scope(self, users, *paths):
        """Domain: any of the fields ``paths`` (user fields, dotted paths allowed) is one of
        ``users``; empty (no restriction) without a scope."""
        if users is None:
            return []
        return ["|"] * (len(paths) - 1) + [(path, "in", users.ids) for path in paths]

    @api.model
    def _vip_reception_scope(self, users, prefix=""):
        """The receptions ``users`` requested or lead (``prefix``: the path to the reception)."""
        return self._vip_scope(users, f"{prefix}user_id", f"{prefix}lead_user_id")

    @api.model
    def _vip_incident_scope(self, users, prefix=""):
        """The incidents of ``users``' receptions (requester or lead person) or of the visit
        appointments they host (``prefix``: the path to the incident)."""
        return self._vip_scope(
            users, f"{prefix}reception_id.user_id", f"{prefix}reception_id.lead_user_id",
            f"{prefix}appointment_id.host_user_id",
        )

    # ------------------------------------------------------------------ helpers
    @api.model
    def _vip_rate(self, model, domain, good_domain):
        """(percentage of ``domain``'s records matching ``good_domain`` too, count): two counts."""
        Model = self.env[model]
        total = Model.search_count(domain)
        if not total:
            return None, 0
        return Model.search_count(domain + good_domain) * 100.0 / total, total

    @api.model
    def _vip_held_domain(self, company, start, stop, users=None):
        return [
            ("company_id", "=", company.id), ("date_start", ">=", start), ("date_start", "<", stop),
            ("state", "in", HELD_STATES),
        ] + self._vip_reception_scope(users)

    @api.model
    def _vip_per_reception(self, model, domain, company, start, stop, users=None):
        """(count of ``domain`` per 100 receptions held in the period (``users``' receptions
        with a scope), count)."""
        count = self.env[model].search_count(domain)
        receptions = self.env["vip.reception"].search_count(self._vip_held_domain(company, start, stop, users))
        if not receptions:
            return None, count
        return count * 100.0 / receptions, count

    # ------------------------------------------------------------------ KPIs
    def _vip_kpi_plan_days(self, company, start, stop, users=None):
        submitted = [
            ("company_id", "=", company.id), ("submit_date", ">=", start), ("submit_date", "<", stop),
            ("is_emergency", "=", False),
        ] + self._vip_reception_scope(users)
        # The drill-down's domain says "with approval steps"; the count gets it from the join
        # below: the ORM answers a one2many on an integer res_id by reading every step's
        # res_id in Python (a query per thousand steps, growing with the history).
        domain = submitted + [("review_ids", "!=", False)]
        Reception = self.env["vip.reception"]
        query = Reception._search(submitted)
        # The day the plan went for approval: the creation of its first approval step (tier
        # reviews of receptions are readable by every role that reads the reception).
        self.env["tier.review"].flush_model(["model", "res_id"])
        Reception.flush_model(["submit_date"])
        tz = self._vip_kpi_tz(company).zone
        sent_sql = SQL(
            """SELECT (rec.submit_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS submitted,
                      (MIN(review.create_date) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS sent
                 FROM vip_reception rec
                 JOIN tier_review review ON review.model = 'vip.reception' AND review.res_id = rec.id
                WHERE rec.id IN %(ids)s
                GROUP BY rec.id""",
            tz=tz, ids=query.subselect(),
        )
        self.env.cr.execute(SQL("SELECT MIN(submitted), MAX(sent), COUNT(*) FROM (%s) AS plan", sent_sql))
        first, last, count = self.env.cr.fetchone()
        if not count:
            return None, 0, "vip.reception", domain
        days = self._vip_working_dates(company, first, last)
        self.env.cr.execute(SQL(
            """SELECT AVG((SELECT COUNT(*) FROM unnest(%(days)s::date[]) AS day
                           WHERE day > plan.submitted AND day <= plan.sent))
                 FROM (%(plans)s) AS plan""",
            days=days or ["1900-01-01"], plans=sent_sql,
        ))
        return float(self.env.cr.fetchone()[0]), count, "vip.reception", domain

    @api.model
    def _vip_working_dates(self, company, first, last):
        """ISO dates of the working days of the company calendar from ``first`` to ``last``
        (local dates), public holidays excluded, make-up working days included."""
        calendar = company.resource_calendar_id
        if not calendar:
            raise UserError(self.env._("Set a working calendar on company %s.", company.name))
        tz = pytz.timezone(calendar.tz or "UTC")
        begin = tz.localize(datetime.combine(first, time.min))
        end = tz.localize(datetime.combine(last + timedelta(days=1), time.min))
        intervals = calendar._work_intervals_batch(begin, end, domain=calendar._vip_leave_domain(company), tz=tz)[False]
        return sorted({stop.astimezone(tz).date().isoformat() for _start, stop, _meta in intervals})

    def _vip_step_domain(self, company, start, stop, users=None):
        return [
            ("company_id", "=", company.id), ("incident_id.detected_date", ">=", start),
            ("incident_id.detected_date", "<", stop), ("incident_id.state", "!=", "cancelled"),
            "|", ("done_date", "!=", False), ("target_date", "<", fields.Datetime.to_string(fields.Datetime.now())),
        ] + self._vip_incident_scope(users, "incident_id.")

    def _vip_kpi_on_site(self, company, start, stop, users=None):
        domain = [("code", "=", "security")] + self._vip_step_domain(company, start, stop, users)
        value, count = self._vip_rate("vip.incident.step", domain, [("done_date", "!=", False), ("is_late", "=", False)])
        return value, count, "vip.incident.step", domain

    def _vip_kpi_satisfaction(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("date_start", ">=", start), ("date_start", "<", stop),
            ("state", "in", ("review", "done")), ("satisfaction_score", ">", 0),
        ] + self._vip_reception_scope(users)
        [(count, average)] = self.env["vip.reception"]._read_group(domain, [], ["__count", "satisfaction_score:avg"])
        return (average if count else None), count, "vip.reception", domain

    def _vip_kpi_major_complaint(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("vip_is_vip_team", "=", True), ("vip_type", "=", "complaint"),
            ("vip_severity", "=", "major"), ("vip_validity", "!=", "invalid"),
            ("create_date", ">=", start), ("create_date", "<", stop),
        ] + self._vip_scope(users, "vip_sales_user_id")
        value, count = self._vip_per_reception("helpdesk.ticket", domain, company, start, stop, users)
        return value, count, "helpdesk.ticket", domain

    def _vip_kpi_cost_control(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("date", ">=", start), ("date", "<", stop),
            ("reception_id.state", "in", HELD_STATES),
        ] + self._vip_reception_scope(users, "reception_id.")
        [(count, budget, actual)] = self.env["vip.reception.cost.analysis"]._read_group(
            domain, [], ["__count", "budget:sum", "actual:sum"],
        )
        value = actual * 100.0 / budget if budget else None
        return value, count, "vip.reception.cost.analysis", domain

    def _vip_kpi_appointment(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("date_start", ">=", start), ("date_start", "<", stop),
            ("state", "!=", "draft"),
        ] + self._vip_scope(users, "host_user_id")
        value, count = self._vip_rate("vip.visit.appointment", domain, [("state", "in", ("approved", "done"))])
        return value, count, "vip.visit.appointment", domain

    def _vip_kpi_safety_incident(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("detected_date", ">=", start), ("detected_date", "<", stop),
            ("state", "!=", "cancelled"), ("incident_type", "!=", "complaint"),
        ] + self._vip_incident_scope(users)
        value, count = self._vip_per_reception("vip.incident", domain, company, start, stop, users)
        return value, count, "vip.incident", domain

    def _vip_kpi_approval_on_time(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("reviewed_date", ">=", start), ("reviewed_date", "<", stop),
            ("status", "in", ("approved", "rejected")), ("vip_due", "!=", False),
        ] + self._vip_scope(users, "done_by")
        Review = self.env["tier.review"]
        query = Review._search(domain)
        Review.flush_model(["reviewed_date", "vip_due"])
        # A domain cannot compare two fields: one statement on the steps the user may read.
        self.env.cr.execute(SQL(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE reviewed_date <= vip_due) FROM tier_review WHERE id IN %s",
            query.subselect(),
        ))
        count, on_time = self.env.cr.fetchone()
        return (on_time * 100.0 / count if count else None), count, "tier.review", domain

    def _vip_kpi_complaint_on_time(self, company, start, stop, users=None):
        domain = [
            ("company_id", "=", company.id), ("vip_is_vip_team", "=", True), ("vip_type", "=", "complaint"),
            ("stage_id.closed", "=", True), ("closed_date", ">=", start), ("closed_date", "<", stop),
            ("vip_close_due", "!=", False),
        ] + self._vip_scope(users, "vip_sales_user_id")
        value, count = self._vip_rate("helpdesk.ticket", domain, [("vip_on_time", "=", 100.0)])
        return value, count, "helpdesk.ticket", domain

    def _vip_kpi_incident_step_on_time(self, company, start, stop, users=None):
        domain = self._vip_step_domain(company, start, stop, users)
        value, count = self._vip_rate("vip.incident.step", domain, [("done_date", "!=", False), ("is_late", "=", False)])
        return value, count, "vip.incident.step", domain


class VipKpiDashboard(models.TransientModel):
    """The KPI dashboard of internal control, VIP managers and the GM (R-OVS-01): a period
    (last month by default) and a company, one line per KPI with its target, status, the
    previous period and a drill-down to the records measured. Optionally a department or a
    salesperson (one or the other, issue 20): the lines and their drill-down are then that
    subject's (``vip.oversight.kpi`` scope)."""

    _name = "vip.kpi.dashboard"
    _description = "VIP KPI dashboard"

    def _default_date_from(self):
        return self.env["vip.oversight.kpi"]._vip_kpi_default_period()[0]

    def _default_date_to(self):
        return self.env["vip.oversight.kpi"]._vip_kpi_default_period()[1]

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    department_id = fields.Many2one(
        "hr.department", domain="[('company_id', 'in', [company_id, False])]",
        help="Only the records of this department's people (and of its sub-departments').",
    )
    salesperson_id = fields.Many2one(
        "res.users", domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Only the records this salesperson is responsible for.",
    )
    line_ids = fields.One2many("vip.kpi.dashboard.line", "dashboard_id", string="KPIs", readonly=True)

    _sql_constraints = [
        ("period_ordered", "CHECK(date_to >= date_from)", "The period ends on or after its first day."),
    ]

    @api.constrains("department_id", "salesperson_id")
    def _check_one_subject(self):
        if any(rec.department_id and rec.salesperson_id for rec in self):
            raise ValidationError(self.env._("Filter on a department or on a salesperson, not both."))

    def _vip_scope_users(self):
        """The users measured (None: the whole company)."""
        self.ensure_one()
        return self.env["vip.oversight.kpi"]._vip_kpi_scope_users(self.department_id, self.salesperson_id)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._vip_fill_lines()
        return records

    def _vip_fill_lines(self):
        Line = self.env["vip.kpi.dashboard.line"]
        for rec in self:
            rec.line_ids.unlink()
            kpis = self.env["vip.oversight.kpi"]._vip_kpi_compute(
                rec.company_id, rec.date_from, rec.date_to, users=rec._vip_scope_users(),
            )
            Line.create([{
                "dashboard_id": rec.id, "sequence": sequence, "code": kpi["code"],
                "has_value": kpi["value"] is not None, "value": kpi["value"] or 0.0,
                "target": kpi["target"], "unit": kpi["unit"], "direction": kpi["direction"],
                "status": kpi["status"], "record_count": kpi["count"],
                "has_previous": kpi["previous"] is not None, "previous_value": kpi["previous"] or 0.0,
                "trend": kpi["trend"], "definition": kpi["help"],
            } for sequence, kpi in enumerate(kpis, start=1)])

    def action_refresh(self):
        """Recompute the KPIs for the period, company and department or salesperson shown."""
        self._vip_fill_lines()
        return True

    def action_open_history(self):
        """The KPIs month after month (the monthly reports' figures) of the dashboard's company."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("vip_customer_care.action_vip_kpi_history")
        action["name"] = self.env._("KPI history: %s", self.company_id.name)
        action["domain"] = [("company_id", "=", self.company_id.id)]
        return action

    @api.model
    def action_open_dashboard(self):
        """The dashboard of last month for the current company (menu Oversight > KPI dashboard)."""
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("KPI dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(self.env.ref("vip_customer_care.view_vip_kpi_dashboard_form").id, "form")],
            "target": "current",
        }


class VipKpiDashboardLine(models.TransientModel):
    _name = "vip.kpi.dashboard.line"
    _description = "VIP KPI dashboard line"
    _order = "dashboard_id, sequence"

    dashboard_id = fields.Many2one("vip.kpi.dashboard", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="dashboard_id.company_id")
    sequence = fields.Integer()
    code = fields.Selection(KPI_CODES, string="KPI", required=True, readonly=True)
    definition = fields.Char(readonly=True)
    has_value = fields.Boolean(readonly=True)
    value = fields.Float(digits=(16, 2), readonly=True)
    unit = fields.Char(readonly=True)
    direction = fields.Selection([("min", "At least"), ("max", "At most")], string="Target is", readonly=True)
    target = fields.Float(digits=(16, 2), readonly=True)
    status = fields.Selection(
        [("ok", "On target"), ("warning", "No data"), ("bad", "Off target")], readonly=True,
    )
    record_count = fields.Integer(string="Records", readonly=True)
    has_previous = fields.Boolean(readonly=True)
    previous_value = fields.Float(string="Previous period", digits=(16, 2), readonly=True)
    trend = fields.Selection([("up", "↑"), ("down", "↓"), ("flat", "→")], readonly=True)

    def action_open_records(self):
        """Drill-down: the records the KPI measured (the department's or salesperson's when the
        dashboard is filtered), with the user's rights."""
        self.ensure_one()
        dashboard = self.dashboard_id
        model, domain = self.env["vip.oversight.kpi"]._vip_kpi_domain(
            self.code, dashboard.company_id, dashboard.date_from, dashboard.date_to,
            users=dashboard._vip_scope_users(),
        )
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["code"]._description_selection(self.env))[self.code],
            "res_model": model,
            "domain": domain,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
            "target": "current",
        }
