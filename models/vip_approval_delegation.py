# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_DAYS = 30


class VipApprovalDelegation(models.Model):
    """Delegation of approval rights for leave or travel (R-APV-06): written, to a colleague
    of the same department, for given business types, at most 30 days; an oral delegation
    lapses unless confirmed in writing within 1 working day."""

    _name = "vip.approval.delegation"
    _description = "Approval delegation"
    _inherit = ["vip.guard.mixin", "mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    # Issue 8 point 2: the written confirmation and the oral deadline come from actions.
    _vip_workflow_fields = ("written_confirmation_date", "oral_confirmation_due")
    _vip_retention = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    delegator_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, tracking=True,
    )
    delegate_id = fields.Many2one("res.users", required=True, tracking=True,
                                  domain="[('share', '=', False)]")
    business_type_ids = fields.Many2many("vip.business.type", string="Business types", required=True)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    reason = fields.Text(required=True)
    confirmation = fields.Selection(
        [("written", "Written"), ("oral", "Oral (emergency)")], required=True, default="written", tracking=True,
    )
    written_confirmation_date = fields.Datetime(tracking=True, copy=False)
    oral_confirmation_due = fields.Datetime(readonly=True, copy=False)
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        [("scheduled", "Scheduled"), ("active", "Active"), ("lapsed", "Lapsed"), ("expired", "Expired")],
        compute="_compute_state", search="_search_state",
    )

    @api.depends("delegator_id", "delegate_id")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._("%(from)s → %(to)s", **{"from": rec.delegator_id.name or "", "to": rec.delegate_id.name or ""})

    @api.depends("date_from", "date_to", "confirmation", "written_confirmation_date", "oral_confirmation_due")
    def _compute_state(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for rec in self:
            if rec.date_to and rec.date_to < today:
                rec.state = "expired"
            elif rec._is_lapsed(now):
                rec.state = "lapsed"
            elif rec.date_from and rec.date_from > today:
                rec.state = "scheduled"
            else:
                rec.state = "active"

    def _is_lapsed(self, now):
        return (
            self.confirmation == "oral"
            and not self.written_confirmation_date
            and self.oral_confirmation_due
            and self.oral_confirmation_due < now
        )

    def _search_state(self, operator, value):
        if operator != "=" or value != "active":
            raise ValidationError(self.env._("Only the 'active' state can be searched."))
        return self._active_domain()

    @api.model
    def _active_domain(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        return [
            ("date_from", "<=", today), ("date_to", ">=", today),
            "|", "|", ("confirmation", "=", "written"), ("written_confirmation_date", "!=", False),
            ("oral_confirmation_due", ">=", now),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        now = fields.Datetime.now()
        for rec in records.filtered(lambda r: r.confirmation == "oral" and not r.written_confirmation_date):
            calendar = rec.company_id.resource_calendar_id
            rec._vip_action_write({"oral_confirmation_due": calendar.vip_working_days_deadline(now, 1, rec.company_id)})
        records._recompute_open_reviews()
        return records

    def write(self, vals):
        res = super().write(vals)
        self._recompute_open_reviews()
        return res

    def action_confirm_in_writing(self):
        self._vip_action_write({"confirmation": "written", "written_confirmation_date": fields.Datetime.now()})

    @api.constrains("date_from", "date_to")
    def _check_window(self):
        for rec in self:
            if rec.date_to < rec.date_from:
                raise ValidationError(self.env._("A delegation cannot end before it starts."))
            if (rec.date_to - rec.date_from).days + 1 > MAX_DAYS:
                raise ValidationError(
                    self.env._("A delegation lasts at most %s days (R-APV-06).", MAX_DAYS)
                )

    @api.constrains("delegator_id", "delegate_id", "company_id")
    def _check_same_department(self):
        # hr.employee.public is a view over hr.employee: flush pending employee changes first.
        self.env["hr.employee"].flush_model(["user_id", "department_id", "company_id"])
        Employee = self.env["hr.employee.public"]
        for rec in self:
            if rec.delegator_id == rec.delegate_id:
                raise ValidationError(self.env._("Nobody can delegate to themselves."))
            departments = {
                e.user_id: e.department_id
                for e in Employee.search([
                    ("user_id", "in", (rec.delegator_id | rec.delegate_id).ids),
                    ("company_id", "=", rec.company_id.id),
                ])
            }
            dept = departments.get(rec.delegator_id)
            if not dept or departments.get(rec.delegate_id) != dept:
                raise ValidationError(
                    self.env._("The delegate must be a colleague of the same department (R-APV-06).")
                )

    @api.model
    def _delegates_for(self, users, business_type):
        """Users acting right now for ``users`` on ``business_type``."""
        if not users or not business_type:
            return self.env["res.users"]
        delegations = self.search([
            ("delegator_id", "in", users.ids), ("business_type_ids", "in", business_type.ids),
            *self._active_domain(),
        ])
        return delegations.delegate_id

    def _recompute_open_reviews(self):
        """reviewer_ids of tier reviews are stored: refresh the open ones of receptions."""
        # System maintenance of a stored compute over every open reception review.
        reviews = self.env["tier.review"].sudo().search([
            ("model", "=", "vip.reception"), ("status", "in", ("waiting", "pending")),
        ])
        self.env.add_to_compute(reviews._fields["reviewer_ids"], reviews)

    @api.model
    def _cron_refresh(self):
        """Delegations start, expire and lapse with time: refresh open reviews daily/hourly."""
        self._recompute_open_reviews()

    def _delegator_for(self, user, reviewers, business_type):
        """The reviewer ``user`` acts for, or an empty recordset when acting in own name."""
        if user in reviewers:
            return self.env["res.users"]
        delegation = self.search([
            ("delegate_id", "=", user.id), ("delegator_id", "in", reviewers.ids),
            ("business_type_ids", "in", business_type.ids), *self._active_domain(),
        ], limit=1)
        return delegation.delegator_id
