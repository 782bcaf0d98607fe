# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from .vip_guard_mixin import ALL
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

ON_BEHALF_GROUPS = "hr.group_hr_manager,vip_customer_care.group_vip_manager"


class VipApprovalDelegation(models.Model):
    """Delegation of approval rights for leave or travel (R-APV-06): written, to a colleague
    of the same department, for given business types, at most 30 days; an oral delegation
    lapses unless confirmed in writing within 1 working day."""

    _name = "vip.approval.delegation"
    _description = "Approval delegation"
    _inherit = ["vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    # Issue 8 point 2: the written confirmation and the oral deadline come from actions; the
    # lapse flag from the scheduler; the usage from the reviews signed with the delegation.
    _vip_workflow_fields = ("written_confirmation_date", "oral_confirmation_due", "oral_lapsed", "usage_state")
    _vip_retention = True
    # Issue 18 (R-APV-06, R-APV-09): the lock. The delegator, the delegate and the kind of
    # confirmation are fixed once recorded (an oral delegation becomes written only through
    # "Confirm in writing"); once a review was signed with it, the delegation is evidence: it
    # can only end earlier (date_to, moved back only, see write) or be archived.
    _vip_state_field = "usage_state"
    _vip_draft_state = "unused"
    _vip_editable_fields = {
        "unused": (ALL, "-delegator_id", "-delegate_id", "-confirmation"),
        "used": ("date_to",),
    }

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
    on_behalf_reason = fields.Text(
        string="Entered on behalf because", tracking=True,
        help="Required when an HR or approval administrator records the delegation for the delegator.",
    )
    oral_lapsed = fields.Boolean(
        string="Oral delegation not confirmed", readonly=True, copy=False, tracking=True,
        help="Set when an oral delegation was not confirmed in writing within 1 working day (R-APV-06).",
    )
    review_ids = fields.One2many(
        "tier.review", "vip_delegation_id", string="Used in reviews", readonly=True,
        context={"active_test": False},
    )
    usage_state = fields.Selection(
        [("unused", "Not used yet"), ("used", "Used to approve")], string="Usage",
        compute="_compute_usage_state", store=True, readonly=True, default="unused",
        help="Used to approve: a review was signed with this delegation; it is kept as it was.",
    )
    state = fields.Selection(
        [("scheduled", "Scheduled"), ("active", "Active"), ("lapsed", "Lapsed"), ("expired", "Expired")],
        compute="_compute_state", search="_search_state",
    )

    @api.depends("delegator_id", "delegate_id")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._("%(from)s → %(to)s", **{"from": rec.delegator_id.name or "", "to": rec.delegate_id.name or ""})

    @api.depends("review_ids")
    def _compute_usage_state(self):
        # The reviews are read whatever the user's rights (evidence, not a display).
        used = set(self.env["tier.review"].sudo().with_context(active_test=False).search(
            [("vip_delegation_id", "in", self.ids)]).vip_delegation_id.ids) if self.ids else set()
        for rec in self:
            rec.usage_state = "used" if rec.id in used else "unused"

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
        for vals in vals_list:
            self._check_creator(vals)
        # Our own creation message instead of the generic one (issue 18, R-APV-09).
        records = super(VipApprovalDelegation, self.with_context(mail_create_nolog=True)).create(vals_list)
        records = records.with_env(self.env)
        records._vip_log_creation()
        now = fields.Datetime.now()
        for rec in records.filtered(lambda r: r.confirmation == "oral" and not r.written_confirmation_date):
            calendar = rec.company_id.resource_calendar_id
            rec._vip_action_write({"oral_confirmation_due": calendar.vip_working_days_deadline(now, 1, rec.company_id)})
        records._recompute_open_reviews()
        return records

    def _vip_log_creation(self):
        """R-APV-06 / R-APV-09 (issue 18): the creation is logged by the user who recorded it
        (not the system), naming the delegator, the delegate, the window and, when entered on
        behalf of the delegator, that fact and its reason."""
        creator = self.env.user
        for rec in self:
            body = self.env._(
                "%(creator)s recorded a delegation of approval rights from %(delegator)s to %(delegate)s "
                "for %(types)s, from %(from)s to %(to)s (%(confirmation)s).",
                creator=creator.name, delegator=rec.delegator_id.name, delegate=rec.delegate_id.name,
                types=", ".join(rec.business_type_ids.mapped("name")),
                confirmation=dict(rec._fields["confirmation"]._description_selection(self.env))[rec.confirmation],
                **{"from": rec.date_from, "to": rec.date_to},
            )
            if rec.delegator_id != creator:
                body += " " + self.env._(
                    "Entered on behalf of %(delegator)s: %(reason)s",
                    delegator=rec.delegator_id.name, reason=rec.on_behalf_reason or "",
                )
            rec._message_log(body=body, author_id=creator.partner_id.id)

    def _check_creator(self, vals):
        """R-APV-06: the delegator delegates; an HR or approval administrator may enter it on
        their behalf with a recorded reason."""
        if self.env.su:
            return
        delegator = vals.get("delegator_id", self.env.uid)
        if delegator == self.env.uid:
            return
        if not self.env.user.has_groups(ON_BEHALF_GROUPS):
            raise AccessError(self.env._("Only the approver delegates their own approval rights (R-APV-06)."))
        if not (vals.get("on_behalf_reason") or "").strip():
            raise UserError(self.env._(
                "Say why you record this delegation on behalf of the approver (R-APV-06)."
            ))

    def write(self, vals):
        if vals.get("date_to") and not self._vip_is_action():
            new_end = fields.Date.to_date(vals["date_to"])
            if any(rec.usage_state == "used" and new_end > rec.date_to for rec in self):
                raise UserError(self.env._(
                    "This delegation was used to approve; it is kept as it was (R-APV-09). "
                    "You can only end it earlier or archive it."
                ))
        res = super().write(vals)
        self._recompute_open_reviews()
        return res

    def action_confirm_in_writing(self):
        if any(self.env.user != rec.delegator_id and not self.env.user.has_groups(ON_BEHALF_GROUPS)
               for rec in self):
            raise AccessError(self.env._("Only the delegator confirms the delegation in writing."))
        self._vip_action_write({
            "confirmation": "written", "written_confirmation_date": fields.Datetime.now(), "oral_lapsed": False,
        })
        return True

    @api.constrains("date_from", "date_to")
    def _check_window(self):
        for rec in self:
            if rec.date_to < rec.date_from:
                raise ValidationError(self.env._("A delegation cannot end before it starts."))
            max_days = rec.company_id.vip_apv_delegation_max_days
            if (rec.date_to - rec.date_from).days + 1 > max_days:
                raise ValidationError(
                    self.env._("A delegation lasts at most %s days (R-APV-06).", max_days)
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
    def _valid_domain(self, business_type, company=None):
        """Delegations valid at this moment for ``business_type`` (R-APV-06). The approval
        machinery reads them as the system: who may sign is not a matter of who looks."""
        domain = [("business_type_ids", "in", business_type.ids), *self._active_domain()]
        if company:
            domain.append(("company_id", "=", company.id))
        return domain

    @api.model
    def _delegates_for(self, users, business_type, company=None):
        """Users acting right now for ``users`` on ``business_type``."""
        if not users or not business_type:
            return self.env["res.users"]
        delegations = self.sudo().search([
            ("delegator_id", "in", users.ids), *self._valid_domain(business_type, company),
        ])
        return delegations.delegate_id.with_env(self.env)

    @api.model
    def _valid_delegations_of(self, delegators):
        """Delegations valid now given by ``delegators`` (any business type or company)."""
        if not delegators:
            return self.browse()
        return self.sudo().search([("delegator_id", "in", delegators.ids), *self._active_domain()])

    @api.model
    def _delegation_for(self, user, reviewers, business_type, company=None):
        """The delegation ``user`` acts under for ``reviewers`` now, or an empty recordset
        when acting in their own name (or without a valid delegation)."""
        if user in reviewers or not business_type:
            return self.browse()
        return self.sudo().search([
            ("delegate_id", "=", user.id), ("delegator_id", "in", reviewers.ids),
            *self._valid_domain(business_type, company),
        ], limit=1).with_env(self.env)

    def _recompute_open_reviews(self):
        """reviewer_ids of tier reviews are stored: refresh the open reviews these delegations
        concern (their delegators review them, or their delegates are listed), set-based
        (issue 14: not every open review of the company, nor every open review of the
        delegator: the business types narrow the search in SQL)."""
        if not self:
            return
        delegations = self.sudo()
        reviews = self.env["tier.review"]._vip_reviews_of_users(
            delegations.delegator_id, listed=delegations.delegate_id, domain=delegations._vip_concern_domain(),
        )
        reviews = delegations._vip_filter_computed_types(reviews)
        if reviews:
            self.env.add_to_compute(reviews._fields["reviewer_ids"], reviews)

    def _vip_business_type_sources(self):
        """{approval model: (kind, value)}: where its documents' business type comes from:
        ``("stored", field)``, ``("constant", business type)`` (one reference type for the whole
        model) or ``("computed", field)`` (read per document)."""
        result = {}
        for model in self.env["vip.workflow.mixin"]._vip_workflow_model_names():
            Doc = self.env[model]
            field = Doc._vip_business_type_field
            if field in Doc._fields:
                result[model] = ("stored" if Doc._fields[field].store else "computed", field)
            else:
                xmlid = Doc._vip_business_type_xmlid
                res_id = self.env["ir.model.data"]._xmlid_to_res_id(xmlid) if xmlid else None
                result[model] = ("constant", self.env["vip.business.type"].browse(res_id or []))
        return result

    def _vip_concern_domain(self):
        """Review domain of what these delegations can change (R-APV-06): the documents of
        their business types (a subquery per model with a stored type, the whole model when its
        reference type is one of them, the whole model narrowed by
        ``_vip_filter_computed_types`` when the type is computed) and the reviews listing a
        delegate now (to add or drop them)."""
        types = self.business_type_ids
        parts = [self.env["tier.review"]._vip_listing_domain(self.delegate_id)] if self.delegate_id else []
        if types:
            for model, (kind, value) in self._vip_business_type_sources().items():
                if kind == "stored":
                    Doc = self.env[model].sudo().with_context(active_test=False)
                    parts.append([("model", "=", model), ("res_id", "in", Doc._search([(value, "in", types.ids)]))])
                elif kind == "computed" or value & types:
                    parts.append([("model", "=", model)])
        return expression.OR(parts) if parts else expression.FALSE_DOMAIN

    def _vip_filter_computed_types(self, reviews):
        """Of ``reviews`` (already within ``_vip_concern_domain``), drop those of documents
        whose computed business type is not one of these delegations' (unless they list a
        delegate). One query per model."""
        computed = {model for model, (kind, _v) in self._vip_business_type_sources().items() if kind == "computed"}
        Review = self.env["tier.review"].sudo()
        loose = reviews.sudo().filtered(lambda r: r.model in computed) if computed else Review
        if not loose:
            return reviews
        types = self.business_type_ids
        keep = Review.search([("id", "in", loose.ids), ("reviewer_ids", "in", self.delegate_id.ids)])
        by_model = {}
        for review in loose - keep:
            by_model.setdefault(review.model, {}).setdefault(review.res_id, []).append(review.id)
        for model, docs in by_model.items():
            Doc = self.env[model].sudo().with_context(active_test=False)
            matching = [doc.id for doc in Doc.browse(list(docs)) if types and doc._vip_business_type() & types]
            keep |= Review.browse([rid for res_id in matching for rid in docs[res_id]])
        return (reviews - loose) | keep

    def _vip_concerned(self, reviews):
        """Of the open ``reviews``, those these delegations can change (see
        ``_vip_concern_domain``)."""
        Review = self.env["tier.review"].sudo()
        if not reviews:
            return Review
        return self._vip_filter_computed_types(Review.search([("id", "in", reviews.ids), *self._vip_concern_domain()]))

    @api.model
    def _cron_refresh(self):
        """Delegations start, expire and lapse with time: hourly, refresh the open reviews of
        the delegations whose window opened or closed since the previous day (nothing else
        changed: writes refresh their own reviews), and flag and notify oral delegations not
        confirmed in writing in time (R-APV-06)."""
        today = fields.Date.context_today(self)
        yesterday = today - relativedelta(days=1)
        changed = self.sudo().search([
            "|", "|", "&", ("date_from", ">=", yesterday), ("date_from", "<=", today),
            "&", ("date_to", ">=", yesterday - relativedelta(days=1)), ("date_to", "<", today),
            "&", ("confirmation", "=", "oral"), ("oral_confirmation_due", ">=", fields.Datetime.now() - relativedelta(days=1)),
        ])
        changed._recompute_open_reviews()
        now = fields.Datetime.now()
        lapsed = self.search([
            ("confirmation", "=", "oral"), ("written_confirmation_date", "=", False),
            ("oral_confirmation_due", "<", now), ("oral_lapsed", "=", False),
        ])
        for rec in lapsed:
            rec.oral_lapsed = True
            body = _lt(
                "The oral delegation from %(delegator)s to %(delegate)s was not confirmed in writing "
                "by %(due)s: it no longer applies (R-APV-06).",
                delegator=rec.delegator_id.name, delegate=rec.delegate_id.name, due=rec.oral_confirmation_due,
            )
            rec.message_post(
                body=self.env["mail.activity"]._vip_text(body), partner_ids=(rec.delegator_id | rec.delegate_id).partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            rec.activity_schedule(
                "mail.mail_activity_data_todo", user_id=rec.delegator_id.id,
                summary=_lt("Confirm the delegation in writing"), note=body,
            )
