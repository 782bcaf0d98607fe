# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round, html_escape

from .vip_oversight_kpi import KPIS

EVALUATOR_GROUPS = "vip_customer_care.group_vip_compliance,vip_customer_care.group_vip_manager"
# R-OVS-05 grades of the weighted total (0-100): A from 90, B from 75, C from 60, D below.
GRADE_THRESHOLDS = (("a", 90.0), ("b", 75.0), ("c", 60.0))


class VipEvaluation(models.Model):
    """Quarterly evaluation of a department or a salesperson (R-OVS-05).

    - Quantitative score (0-100), derived, never typed: the share of the measured KPIs of the
      quarter on target, x 100 (``vip.oversight.kpi._vip_kpi_compute``: a KPI with no data,
      status "warning", is not measured and does not count; none measured: 0, shown as 0 of 0
      KPIs measured to the general manager who signs). The KPIs are the subject's, against the
      company's targets (issue 20): a department's are those of the users of its active
      employees and of its sub-departments', a salesperson's those of that user (the KPI
      scope, ``vip.oversight.kpi``'s docstring says who answers for which record); the KPI
      lines are kept on the evaluation, as shown.
    - Qualitative score (0-100): typed by the evaluator (internal control or a VIP manager),
      with a comment.
    - Total = quantitative x weight + qualitative x weight (company settings, 60 % / 40 % by
      default, summing to 100 %), stored; grade A/B/C/D by ``GRADE_THRESHOLDS``.
    - The KPIs and weights are taken when the evaluation is created or refreshed in draft and
      are frozen once it is submitted; the general manager approves it through the shared
      approval machinery (``vip.workflow.mixin``, tier "General manager approval").
    """

    _name = "vip.evaluation"
    _description = "Quarterly evaluation"
    _inherit = ["vip.workflow.mixin"]
    _order = "year desc, quarter desc, id desc"
    _check_company_auto = True

    _vip_requester_field = "evaluator_id"
    _vip_route_fields = ("company_id",)
    _vip_workflow_fields = (
        "state", "approval_due", "quantitative_score", "kpi_measured_count", "kpi_on_target_count",
        "kpi_lines", "kpi_date", "weight_quantitative", "weight_qualitative", "total_score", "grade",
        "date_from", "date_to",
    )
    _vip_retention = True
    _vip_final_states = ("approved", "cancelled")
    _vip_supplement_states = ()
    # Scores, subject and period are what the general manager signs: nothing changes once submitted.
    _vip_editable_fields = {"to_approve": (), "approved": (), "rejected": (), "cancelled": ()}

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    quarter = fields.Selection(
        [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")], required=True,
        default=lambda self: str((fields.Date.context_today(self).month - 1) // 3 + 1),
    )
    date_from = fields.Date(string="From", compute="_compute_dates", store=True)
    date_to = fields.Date(string="To", compute="_compute_dates", store=True)
    subject_type = fields.Selection(
        [("department", "Department"), ("salesperson", "Salesperson")], string="Evaluated",
        required=True, default="department",
    )
    department_id = fields.Many2one("hr.department", check_company=True, index=True)
    salesperson_id = fields.Many2one(
        "res.users", index=True, domain="[('share', '=', False)]",
    )
    evaluator_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To approve"), ("approved", "Approved"),
         ("rejected", "Rejected"), ("cancelled", "Cancelled")],
        string="Status", default="draft", required=True, tracking=True, index=True, copy=False,
    )
    approval_due = fields.Datetime(string="Approval due", readonly=True, copy=False)
    # Derived from the KPIs (R-OVS-01), written by the evaluation's own actions only.
    kpi_lines = fields.Json(string="KPIs", readonly=True, copy=False)
    kpi_date = fields.Datetime(string="KPIs taken on", readonly=True, copy=False)
    kpi_measured_count = fields.Integer(string="KPIs measured", readonly=True, copy=False)
    kpi_on_target_count = fields.Integer(string="KPIs on target", readonly=True, copy=False)
    quantitative_score = fields.Float(
        digits=(16, 2), readonly=True, copy=False,
        help="Share of the quarter's measured KPIs on target, x 100 (a KPI without data is not measured).",
    )
    kpi_html = fields.Html(string="KPI table", compute="_compute_kpi_html", sanitize=True)
    qualitative_score = fields.Float(digits=(16, 2), help="Typed by the evaluator, 0 to 100.")
    qualitative_comment = fields.Text(string="Evaluator's comment")
    weight_quantitative = fields.Float(string="Quantitative weight (%)", digits=(16, 2), readonly=True, copy=False)
    weight_qualitative = fields.Float(string="Qualitative weight (%)", digits=(16, 2), readonly=True, copy=False)
    total_score = fields.Float(
        string="Total score", digits=(16, 2), compute="_compute_total", store=True,
        help="Quantitative score x its weight + qualitative score x its weight (R-OVS-05).",
    )
    grade = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")], compute="_compute_total", store=True,
        help="A: 90 and above, B: 75 and above, C: 60 and above, D: below 60.",
    )

    _sql_constraints = [
        ("subject_unique", "UNIQUE NULLS NOT DISTINCT (company_id, year, quarter, department_id, salesperson_id)",
         "A department or salesperson is evaluated once per quarter and company."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("year", "quarter")
    def _compute_dates(self):
        for rec in self:
            if rec.year and rec.quarter:
                rec.date_from = date(rec.year, (int(rec.quarter) - 1) * 3 + 1, 1)
                rec.date_to = rec.date_from + relativedelta(months=3, days=-1)
            else:
                rec.date_from = rec.date_to = False

    @api.depends("year", "quarter", "department_id.name", "salesperson_id.name")
    def _compute_name(self):
        for rec in self:
            subject = rec.department_id.name or rec.salesperson_id.name or ""
            rec.name = f"{rec.year} Q{rec.quarter or ''} {subject}".strip()

    @api.depends("quantitative_score", "qualitative_score", "weight_quantitative", "weight_qualitative")
    def _compute_total(self):
        for rec in self:
            total = float_round(
                (rec.quantitative_score * rec.weight_quantitative + rec.qualitative_score * rec.weight_qualitative) / 100.0,
                precision_digits=2,
            )
            rec.total_score = total
            rec.grade = next((grade for grade, floor in GRADE_THRESHOLDS if total >= floor), "d")

    def _vip_kpi_report_lines(self):
        """The KPI lines kept on the evaluation, labels and statuses in the reader's language."""
        self.ensure_one()
        Line = self.env["vip.kpi.dashboard.line"]
        labels = dict(Line._fields["code"]._description_selection(self.env))
        statuses = dict(Line._fields["status"]._description_selection(self.env))
        # Lazy units resolve in the language of this frame's env (not inside a comprehension).
        units = {}
        for kpi in KPIS:
            units[kpi[0]] = str(kpi[2])
        lines = []
        for line in self.kpi_lines or []:
            unit = units.get(line["code"], line["unit"])
            lines.append(dict(
                line, label=labels.get(line["code"], line["label"]), status_label=statuses.get(line["status"], ""),
                value_text="-" if line["value"] is None else "%.2f %s" % (line["value"], unit),
                target_text="%.2f %s" % (line["target"], unit),
            ))
        return lines

    @api.depends("kpi_lines")
    def _compute_kpi_html(self):
        for rec in self:
            rows = "".join(
                "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % tuple(
                    html_escape(line[key]) for key in ("label", "value_text", "target_text", "status_label")
                ) for line in rec._vip_kpi_report_lines()
            )
            rec.kpi_html = rows and (
                "<table class='table table-sm'><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>" % (
                    self.env._("KPI"), self.env._("Value"), self.env._("Target"), self.env._("Status"), rows,
                )
            )

    # ------------------------------------------------------------------ constraints
    @api.constrains("subject_type", "department_id", "salesperson_id")
    def _check_subject(self):
        for rec in self:
            if (rec.subject_type == "department") != bool(rec.department_id) or \
                    (rec.subject_type == "salesperson") != bool(rec.salesperson_id):
                raise ValidationError(self.env._(
                    "An evaluation is of one department or of one salesperson: choose the one evaluated."
                ))

    @api.constrains("qualitative_score")
    def _check_qualitative_score(self):
        for rec in self:
            if not 0 <= rec.qualitative_score <= 100:
                raise ValidationError(self.env._("The qualitative score is between 0 and 100."))

    @api.constrains("year")
    def _check_year(self):
        for rec in self:
            if not 2000 <= rec.year <= 2100:
                raise ValidationError(self.env._("The year of an evaluation is between 2000 and 2100."))

    # ------------------------------------------------------------------ KPIs
    def _vip_take_kpis(self):
        """Derive the quantitative score of these evaluations from their subject's KPIs of their
        quarter (one KPI computation per company, quarter and subject, with the user's rights)
        and take the company's weights."""
        Kpi = self.env["vip.oversight.kpi"]
        now = fields.Datetime.now()
        cache = {}
        for rec in self:
            key = (rec.company_id, rec.date_from, rec.date_to, rec.department_id, rec.salesperson_id)
            if key not in cache:
                cache[key] = Kpi._vip_kpi_compute(
                    rec.company_id, rec.date_from, rec.date_to,
                    users=Kpi._vip_kpi_scope_users(rec.department_id, rec.salesperson_id) or Kpi.env["res.users"],
                )
            lines = [{
                "code": kpi["code"], "label": kpi["label"], "unit": kpi["unit"], "value": kpi["value"],
                "target": kpi["target"], "status": kpi["status"], "count": kpi["count"],
            } for kpi in cache[key]]
            measured = [line for line in lines if line["status"] in ("ok", "bad")]
            on_target = [line for line in measured if line["status"] == "ok"]
            rec._vip_action_write({
                "kpi_lines": lines, "kpi_date": now, "kpi_measured_count": len(measured),
                "kpi_on_target_count": len(on_target),
                "quantitative_score": float_round(len(on_target) * 100.0 / len(measured), precision_digits=2)
                if measured else 0.0,
                "weight_quantitative": rec.company_id.vip_eval_weight_quantitative,
                "weight_qualitative": rec.company_id.vip_eval_weight_qualitative,
            })

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._vip_take_kpis()
        return records

    def write(self, vals):
        res = super().write(vals)
        if {"year", "quarter", "company_id", "subject_type", "department_id", "salesperson_id"} & set(vals):
            self.filtered(lambda r: r.state == "draft")._vip_take_kpis()
        return res

    # ------------------------------------------------------------------ actions
    def _vip_check_evaluator(self):
        if not self.env.user.has_groups(EVALUATOR_GROUPS):
            raise UserError(self.env._("Only internal control or a VIP manager evaluates (R-OVS-05)."))

    def action_refresh_kpis(self):
        """Take the subject's KPIs of the quarter and the company's weights again (draft only)."""
        self._vip_check_evaluator()
        if any(rec.state != "draft" for rec in self):
            raise UserError(self.env._("The KPIs of a submitted evaluation are frozen."))
        self._vip_take_kpis()
        return True

    def action_submit(self):
        self._vip_check_evaluator()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only draft evaluations can be submitted."))
            if not (rec.qualitative_comment or "").strip():
                raise UserError(self.env._("Give the qualitative score's comment before submitting."))
        # A quarter without any measured KPI scores 0 (shown as 0 of 0 KPIs measured to the GM).
        self._vip_take_kpis()
        self._vip_send_for_approval("vip_sla_approval_days")
        return self._vip_next_step_action(self.env._("Submitted"))

    def action_reset_draft(self):
        self._vip_check_evaluator()
        for rec in self:
            if rec.state != "rejected":
                raise UserError(self.env._("Only rejected evaluations return to draft."))
            rec._vip_action_write({"state": "draft"})
        return True

    def action_cancel(self):
        self._vip_check_evaluator()
        for rec in self:
            if rec.state in ("approved", "cancelled"):
                raise UserError(self.env._("An approved evaluation cannot be cancelled."))
            rec._vip_action_env().with_context(skip_validation_check=True).write({"state": "cancelled"})
        return True

    def _on_approved(self):
        self.ensure_one()
        self.message_post(body=self.env._(
            "Evaluation approved: total %(total)s, grade %(grade)s.",
            total=self.total_score, grade=dict(self._fields["grade"]._description_selection(self.env)).get(self.grade),
        ))
