# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .vip_oversight_rectification import COMPLIANCE_GROUP

# The receptions internal control samples: those that took place (R-OVS-03).
SAMPLED_RECEPTION_STATES = ("approved", "in_progress", "review", "done")
# The visit appointments it samples: approved (the visit day came; the gate closes it) or done.
SAMPLED_VISIT_STATES = ("approved", "done")
# The checklist of each sampled reception or visit, in the order internal control checks it.
CHECKS = {
    "reception": ("identity_ok", "approvals_ok", "costs_ok", "records_ok", "satisfaction_ok"),
    "visit": ("identity_ok", "approvals_ok", "gate_ok", "records_ok"),
}
ALL_CHECKS = ("identity_ok", "approvals_ok", "costs_ok", "gate_ok", "records_ok", "satisfaction_ok")


class VipAuditSample(models.Model):
    """Internal control's monthly sample (R-OVS-03): a reproducible random share of last month's
    receptions and, drawn apart, the same share of last month's visit appointments (company
    setting, 10 %, at least one of each when there are any), drawn once per company and month
    with the mechanism of finance's expense sample (vip.sample.mixin). Each sampled reception or
    visit is checked against its checklist; a finding becomes a rectification item (R-OVS-04)."""

    _name = "vip.audit.sample"
    _description = "Audit sample"
    _inherit = ["vip.sample.mixin", "vip.guard.mixin", "mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True
    _vip_workflow_fields = ("company_id", "month", "percent", "population_count", "visit_population_count")
    _vip_retention = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the sampled month.")
    percent = fields.Float(string="Share sampled (%)", readonly=True)
    population_count = fields.Integer(string="Receptions in the month", readonly=True)
    visit_population_count = fields.Integer(string="Visits in the month", readonly=True)
    line_ids = fields.One2many("vip.audit.sample.line", "sample_id", string="Sampled receptions and visits")
    line_count = fields.Integer(string="Sampled", compute="_compute_counts", store=True)
    visit_line_count = fields.Integer(string="Sampled visits", compute="_compute_counts", store=True)
    pending_count = fields.Integer(string="To check", compute="_compute_counts", store=True)
    finding_count = fields.Integer(string="Findings", compute="_compute_counts", store=True)

    _sql_constraints = [
        ("company_month_unique", "UNIQUE(company_id, month)", "A company's month is sampled once."),
    ]

    @api.depends("month")
    def _compute_name(self):
        for rec in self:
            rec.name = rec.month and self.env._("Audit sample %s", rec.month.strftime("%Y-%m"))

    @api.depends("line_ids.result", "line_ids.kind")
    def _compute_counts(self):
        for rec in self:
            results = rec.line_ids.mapped("result")
            rec.line_count = len(results)
            rec.visit_line_count = rec.line_ids.mapped("kind").count("visit")
            rec.pending_count = results.count("pending")
            rec.finding_count = results.count("finding")

    @api.model
    def _vip_draw(self, company, month):
        """The audit sample of ``company`` for the month starting ``month`` (drawn once)."""
        month = month.replace(day=1)
        existing = self.search([("company_id", "=", company.id), ("month", "=", month)])
        if existing:
            return existing
        population = self.env["vip.reception"].search([
            ("company_id", "=", company.id), ("state", "in", SAMPLED_RECEPTION_STATES),
            ("date_start", ">=", month), ("date_start", "<", month + relativedelta(months=1)),
        ]).ids
        visits = self.env["vip.visit.appointment"].search([
            ("company_id", "=", company.id), ("state", "in", SAMPLED_VISIT_STATES),
            ("date_start", ">=", month), ("date_start", "<", month + relativedelta(months=1)),
        ]).ids
        percent = company.vip_ovs_audit_sample_percent
        # R-OVS-03: 10 % (setting), at least one; seeded by company and month ("audit": not the
        # expenses finance samples; "audit-visit": the visits, drawn apart from the receptions).
        chosen = self._vip_sample_ids(company, month, population, percent, minimum=1, salt="audit")
        chosen_visits = self._vip_sample_ids(company, month, visits, percent, minimum=1, salt="audit-visit")
        if not chosen and not chosen_visits:
            return existing
        Command = fields.Command
        return self._vip_action_env().create({
            "company_id": company.id, "month": month, "percent": percent, "population_count": len(population),
            "visit_population_count": len(visits),
            "line_ids": [Command.create({"reception_id": reception_id}) for reception_id in chosen]
            + [Command.create({"appointment_id": appointment_id}) for appointment_id in chosen_visits],
        }).with_env(self.env)

    def action_draw_last_month(self):
        """R-OVS-03: draw last month's audit sample of each allowed company.

        A list header button: the web client calls it with the selected samples, or with none
        (``display="always"``); the selection plays no part in the draw."""
        if not self.env.user.has_group(COMPLIANCE_GROUP):
            raise UserError(self.env._("Only internal control (compliance) draws the audit sample (R-OVS-03)."))
        return self._vip_draw_last_month("vip_customer_care.action_vip_audit_sample")

    def action_view_rectifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("vip_customer_care.action_vip_rectification")
        action["domain"] = [("audit_line_id.sample_id", "=", self.id)]
        action["context"] = {}
        return action


class VipAuditSampleLine(models.Model):
    """One sampled reception or visit and internal control's checklist (R-OVS-03): a line
    points to exactly one of them; the checks that do not apply to its kind stay unticked."""

    _name = "vip.audit.sample.line"
    _description = "Audited reception or visit"
    _inherit = ["vip.guard.mixin"]
    _order = "sample_id desc, id"
    _check_company_auto = True
    _vip_workflow_fields = (
        "sample_id", "reception_id", "appointment_id", "result", "reviewer_id", "review_date", "rectification_id",
    )
    _vip_retention = True
    # A decided line keeps its checklist and its finding.
    _vip_state_field = "result"
    _vip_draft_state = "pending"
    _vip_editable_fields = {"pass": (), "finding": ()}

    sample_id = fields.Many2one("vip.audit.sample", string="Audit sample", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="sample_id.company_id", store=True, index=True)
    month = fields.Date(related="sample_id.month", store=True)
    reception_id = fields.Many2one("vip.reception", ondelete="restrict", index="btree_not_null", check_company=True)
    appointment_id = fields.Many2one(
        "vip.visit.appointment", string="Visit", ondelete="restrict", index="btree_not_null", check_company=True,
    )
    kind = fields.Selection(
        [("reception", "Reception"), ("visit", "Visit")], compute="_compute_kind", store=True, index=True,
    )
    # Like related fields, read with the system's rights: whoever reads the line reads who it is about.
    partner_ids = fields.Many2many("res.partner", string="Customers", compute="_compute_people", compute_sudo=True)
    requester_id = fields.Many2one("res.users", string="Requested by", compute="_compute_people", compute_sudo=True)
    identity_ok = fields.Boolean(string="Identity verified")
    approvals_ok = fields.Boolean(string="Approvals complete and in time")
    costs_ok = fields.Boolean(string="Costs matched with vouchers")
    gate_ok = fields.Boolean(string="Pass returned, gate log complete")
    records_ok = fields.Boolean(string="Records attached")
    satisfaction_ok = fields.Boolean(string="Satisfaction recorded")
    finding_note = fields.Text(string="Finding")
    result = fields.Selection(
        [("pending", "To check"), ("pass", "Pass"), ("finding", "Finding")],
        default="pending", required=True, readonly=True, index=True,
    )
    reviewer_id = fields.Many2one("res.users", string="Checked by", readonly=True)
    review_date = fields.Datetime(string="Checked on", readonly=True)
    rectification_id = fields.Many2one("vip.rectification", readonly=True, index="btree_not_null")

    _sql_constraints = [
        ("sample_reception_unique", "UNIQUE(sample_id, reception_id)", "A reception is sampled once a month."),
        ("sample_appointment_unique", "UNIQUE(sample_id, appointment_id)", "A visit is sampled once a month."),
        ("reception_or_visit", "CHECK((reception_id IS NULL) <> (appointment_id IS NULL))",
         "A sampled line is either a reception or a visit."),
    ]

    @api.depends("appointment_id")
    def _compute_kind(self):
        for rec in self:
            rec.kind = "visit" if rec.appointment_id else "reception"

    @api.depends("reception_id.partner_ids", "reception_id.user_id", "appointment_id.partner_id",
                 "appointment_id.create_uid", "appointment_id.host_user_id")
    def _compute_people(self):
        for rec in self:
            rec.partner_ids = rec.reception_id.partner_ids or rec.appointment_id.partner_id
            rec.requester_id = rec._vip_requester()

    def _vip_subject(self):
        """The sampled reception or visit."""
        self.ensure_one()
        return self.appointment_id or self.reception_id

    def _vip_requester(self):
        """Who asked for the reception or booked the visit (the host when booked from outside)."""
        self.ensure_one()
        if self.appointment_id:
            booker = self.appointment_id.create_uid
            return booker if booker and not booker.share else self.appointment_id.host_user_id
        return self.reception_id.user_id

    @api.constrains("kind", *ALL_CHECKS)
    def _check_applicable_checks(self):
        """R-OVS-03: a line is ticked only on the checks of its kind (a visit has no vouchers
        nor satisfaction survey; a reception no gate pass)."""
        for rec in self:
            extra = [name for name in ALL_CHECKS if rec[name] and name not in CHECKS[rec.kind]]
            if extra:
                raise ValidationError(self.env._(
                    "%(checks)s: does not apply to %(line)s.",
                    checks=", ".join(self._fields[name]._description_string(self.env) for name in extra),
                    line=rec._vip_subject().display_name,
                ))

    def _vip_check_compliance(self):
        if not self.env.user.has_group(COMPLIANCE_GROUP):
            raise UserError(self.env._(
                "Only internal control (compliance) checks sampled receptions and visits (R-OVS-03).",
            ))
        if any(rec.result != "pending" for rec in self):
            raise UserError(self.env._("This reception or visit was already checked: its result stands."))

    def action_pass(self):
        self._vip_check_compliance()
        for rec in self:
            if not all(rec[name] for name in CHECKS[rec.kind]):
                raise UserError(self.env._(
                    "%s passes with every check ticked; otherwise record a finding.", rec._vip_subject().display_name,
                ))
        self._vip_action_write({"result": "pass", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()})
        return True

    def action_finding(self):
        """R-OVS-03: a finding becomes a rectification item (source: audit finding) linked to
        the reception or the visit, assigned to an owner by internal control (R-OVS-04); the
        reception's requester or the visit's booker by default."""
        self._vip_check_compliance()
        if any(not (rec.finding_note or "").strip() for rec in self):
            raise UserError(self.env._("Describe the finding first."))
        labels = {name: self._fields[name]._description_string(self.env) for name in ALL_CHECKS}
        Rectification = self.env["vip.rectification"]._vip_action_env()
        for rec in self:
            missed = [labels[name] for name in CHECKS[rec.kind] if not rec[name]]
            description = rec.finding_note.strip()
            if missed:
                description += "\n" + self.env._("Checks not met: %s", ", ".join(missed))
            rectification = Rectification.create({
                "company_id": rec.company_id.id, "source": "audit", "level": "general",
                "title": self.env._("Audit %(month)s: %(reception)s", month=rec.month.strftime("%Y-%m"),
                                    reception=rec._vip_subject().display_name),
                "description": description, "reception_id": rec.reception_id.id,
                "appointment_id": rec.appointment_id.id, "owner_id": rec._vip_requester().id,
                "audit_line_id": rec.id,
            })
            rec._vip_action_write({
                "result": "finding", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now(),
                "rectification_id": rectification.id,
            })
        return True

