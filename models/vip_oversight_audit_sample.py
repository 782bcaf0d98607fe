# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_oversight_rectification import COMPLIANCE_GROUP

# The receptions internal control samples: those that took place (R-OVS-03).
SAMPLED_RECEPTION_STATES = ("approved", "in_progress", "review", "done")
# The checklist of each sampled reception, in the order internal control checks it.
CHECKS = ("identity_ok", "approvals_ok", "costs_ok", "records_ok", "satisfaction_ok")


class VipAuditSample(models.Model):
    """Internal control's monthly sample (R-OVS-03): a reproducible random share of last month's
    receptions (company setting, 10 %, at least one), drawn once per company and month with the
    mechanism of finance's expense sample (vip.sample.mixin). Each sampled reception is checked
    against a checklist; a finding becomes a rectification item (R-OVS-04)."""

    _name = "vip.audit.sample"
    _description = "Audit sample"
    _inherit = ["vip.sample.mixin", "vip.guard.mixin", "mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True
    _vip_workflow_fields = ("company_id", "month", "percent", "population_count")
    _vip_retention = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the sampled month.")
    percent = fields.Float(string="Share sampled (%)", readonly=True)
    population_count = fields.Integer(string="Receptions in the month", readonly=True)
    line_ids = fields.One2many("vip.audit.sample.line", "sample_id", string="Sampled receptions")
    line_count = fields.Integer(string="Sampled", compute="_compute_counts", store=True)
    pending_count = fields.Integer(string="To check", compute="_compute_counts", store=True)
    finding_count = fields.Integer(string="Findings", compute="_compute_counts", store=True)

    _sql_constraints = [
        ("company_month_unique", "UNIQUE(company_id, month)", "A company's month is sampled once."),
    ]

    @api.depends("month")
    def _compute_name(self):
        for rec in self:
            rec.name = rec.month and self.env._("Audit sample %s", rec.month.strftime("%Y-%m"))

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for rec in self:
            results = rec.line_ids.mapped("result")
            rec.line_count = len(results)
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
        percent = company.vip_ovs_audit_sample_percent
        # R-OVS-03: 10 % (setting), at least one; seeded by company and month ("audit": not the
        # expenses finance samples).
        chosen = self._vip_sample_ids(company, month, population, percent, minimum=1, salt="audit")
        if not chosen:
            return existing
        return self._vip_action_env().create({
            "company_id": company.id, "month": month, "percent": percent, "population_count": len(population),
            "line_ids": [fields.Command.create({"reception_id": reception_id}) for reception_id in chosen],
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
    """One sampled reception and internal control's checklist (R-OVS-03)."""

    _name = "vip.audit.sample.line"
    _description = "Audited reception"
    _inherit = ["vip.guard.mixin"]
    _order = "sample_id desc, id"
    _check_company_auto = True
    _vip_workflow_fields = ("sample_id", "reception_id", "result", "reviewer_id", "review_date", "rectification_id")
    _vip_retention = True
    # A decided line keeps its checklist and its finding.
    _vip_state_field = "result"
    _vip_draft_state = "pending"
    _vip_editable_fields = {"pass": (), "finding": ()}

    sample_id = fields.Many2one("vip.audit.sample", string="Audit sample", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="sample_id.company_id", store=True, index=True)
    month = fields.Date(related="sample_id.month", store=True)
    reception_id = fields.Many2one("vip.reception", required=True, ondelete="restrict", index=True, check_company=True)
    partner_ids = fields.Many2many(related="reception_id.partner_ids", string="Customers")
    requester_id = fields.Many2one(related="reception_id.user_id", string="Requested by")
    identity_ok = fields.Boolean(string="Identity verified")
    approvals_ok = fields.Boolean(string="Approvals complete and in time")
    costs_ok = fields.Boolean(string="Costs matched with vouchers")
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
    ]

    def _vip_check_compliance(self):
        if not self.env.user.has_group(COMPLIANCE_GROUP):
            raise UserError(self.env._("Only internal control (compliance) checks sampled receptions (R-OVS-03)."))
        if any(rec.result != "pending" for rec in self):
            raise UserError(self.env._("This reception was already checked: its result stands."))

    def action_pass(self):
        self._vip_check_compliance()
        for rec in self:
            if not all(rec[name] for name in CHECKS):
                raise UserError(self.env._(
                    "%s passes with every check ticked; otherwise record a finding.", rec.reception_id.display_name,
                ))
        self._vip_action_write({"result": "pass", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()})
        return True

    def action_finding(self):
        """R-OVS-03: a finding becomes a rectification item (source: audit finding), assigned
        to an owner by internal control (R-OVS-04); the reception's requester by default."""
        self._vip_check_compliance()
        if any(not (rec.finding_note or "").strip() for rec in self):
            raise UserError(self.env._("Describe the finding first."))
        labels = {name: self._fields[name]._description_string(self.env) for name in CHECKS}
        Rectification = self.env["vip.rectification"]._vip_action_env()
        for rec in self:
            missed = [labels[name] for name in CHECKS if not rec[name]]
            description = rec.finding_note.strip()
            if missed:
                description += "\n" + self.env._("Checks not met: %s", ", ".join(missed))
            rectification = Rectification.create({
                "company_id": rec.company_id.id, "source": "audit", "level": "general",
                "title": self.env._("Audit %(month)s: %(reception)s", month=rec.month.strftime("%Y-%m"),
                                    reception=rec.reception_id.display_name),
                "description": description, "reception_id": rec.reception_id.id,
                "owner_id": rec.reception_id.user_id.id, "audit_line_id": rec.id,
            })
            rec._vip_action_write({
                "result": "finding", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now(),
                "rectification_id": rectification.id,
            })
        return True

