# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, format_date, format_datetime
from odoo.tools.mail import generate_tracking_message_id

from .vip_guard_mixin import vip_in_workflow
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

ACTIVITY_TYPE = "vip_customer_care.mail_act_vip_approval"
# Issue 18 item 2: the role that may file a request on behalf of someone else (with a reason).
ON_BEHALF_GROUP = "vip_customer_care.group_vip_manager"


class VipWorkflowMixin(models.AbstractModel):
    """One approval machinery for every VIP document (receptions, visit appointments, and the
    coming budget changes, complaint solutions, reward campaigns).

    A model gets tier approvals by inheriting this mixin and listing its tiers under
    Configuration > Approval tiers. The mixin brings (following OCA base_tier_validation):

    - reviewers: the definition's reviewers, plus valid delegates (R-APV-06), only users of
      the document's company (R-SEC-02), never the requester (R-APV-05), never somebody who
      already signed another step of the same request (R-APV-02, one person one step);
    - routing that is checked when requested: a request nobody can sign is refused naming
      the missing role;
    - evidence: reviews are superseded (archived) on cancel, reset, restart or a
      supplementary approval, never deleted (R-APV-09); ``vip_review_history_ids`` shows them;
    - per-step deadlines (issue 19, R-APV-04, R-LOY-06): a step whose tier has its own duration
      (``vip_step_days``) is due that many working days after the moment it is reached; the
      other steps are due when the whole approval is (``_vip_due_field``);
    - whose turn it is: one activity per pending reviewer with the step's deadline, done when
      they act, cancelled when the request moves on; overdue steps (their own deadline) remind
      and escalate once to the reviewers' managers through the same activities (R-APV-04);
    - out-of-authority escalation to the definition's next level (R-APV-08).

    Hooks a model may set: ``_vip_requester_field``, ``_vip_business_type_field`` or
    ``_vip_business_type_xmlid`` (delegations are per business type), ``_vip_due_field``
    (deadline of the whole approval, and of the steps without a duration of their own),
    ``_vip_route_fields`` (frozen once submitted), ``_vip_reset_states``
    (states that discard pending reviews).
    """

    _name = "vip.workflow.mixin"
    _description = "VIP approval workflow"
    _inherit = ["vip.guard.mixin", "tier.validation", "mail.thread", "mail.activity.mixin"]

    # tier.validation settings shared by receptions and appointments.
    _state_from = ["to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancelled"
    _tier_validation_manual_config = True
    # State reached when a review is rejected (the approved state is _state_to[0]).
    _vip_rejected_state = "rejected"
    _vip_requester_field = "user_id"
    _vip_business_type_field = "business_type_id"
    # Business type of a model without a business type field (delegations are per type).
    _vip_business_type_xmlid = None
    _vip_due_field = "approval_due"
    _vip_route_fields = ()
    # Amount that routes the request (bands, double signature); None when amounts do not route.
    _vip_amount_field = None
    _vip_reset_states = ("draft",)
    # States in which the route is decided: route fields cannot change (reset to draft first).
    _vip_frozen_states = ("to_approve",)
    # States after approval in which a higher amount starts a supplementary approval.
    _vip_supplement_states = ("approved", "in_progress")

    escalated = fields.Boolean(readonly=True, copy=False)
    vip_routed_amount = fields.Float(
        string="Amount approved for", readonly=True, copy=False,
        help="Amount the current route was computed for; a later increase needs a supplementary approval.",
    )
    # Given once, at creation (written afterwards: refused in ``write``).
    vip_on_behalf_reason = fields.Text(
        string="Filed on behalf: reason", copy=False,
        help="Given by the VIP manager who filed this request in another person's name (issue 18); "
        "neither of them signs a step of it.",
    )
    vip_review_history_ids = fields.One2many(
        "tier.review", "res_id", string="Approval history", readonly=True,
        domain=lambda self: [("model", "=", self._name), ("active", "=", False)],
        context={"active_test": False},
        help="Reviews superseded by a cancel, a reset or a supplementary approval (R-APV-09).",
    )
    # Issue 23 (whose turn it is): the approval banner names the step, who signs it (a
    # delegate "as delegate of" the reviewer) and when it is due, in the user's time zone.
    vip_turn_banner = fields.Char(
        string="Whose turn", compute="_compute_vip_turn_banner",
        help="The step waiting for a signature, who signs it and when it is due (R-APV-04, R-APV-06).",
    )
    # Issue 23: the requester's own buttons (Submit, Cancel...) are shown to the requester only.
    vip_is_requester = fields.Boolean(string="Requester or filer", compute="_compute_vip_is_requester")

    # ------------------------------------------------------------------ helpers
    @api.model
    def _vip_workflow_model_names(self):
        """Every model approved through this machinery."""
        return sorted(
            name for name in self.env.registry.descendants(["vip.workflow.mixin"], "_inherit")
            if not self.env[name]._abstract
        )

    def _calendar(self):
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            raise UserError(self.env._("Set a working calendar on company %s.", self.company_id.name))
        return calendar

    def _vip_send_for_approval(self, days_field, stamp_submit=False):
        """Send these records to their approvers: state ``to_approve``, the approval deadline
        the company's ``days_field`` working days from now (company calendar), the submission
        time in ``submit_date`` when ``stamp_submit``, then the tier reviews requested."""
        now = fields.Datetime.now()
        for rec in self:
            company = rec.company_id
            vals = {
                "state": "to_approve",
                "approval_due": rec._calendar().vip_working_days_deadline(now, company[days_field], company),
            }
            if stamp_submit:
                vals["submit_date"] = now
            rec._vip_action_write(vals)
            rec.request_validation()

    @api.model
    def _overdue_domain(self):
        """Hook for an ``is_overdue`` field (compute ``_compute_is_overdue``, search
        ``_search_is_overdue``): the domain of the overdue records of the model."""
        return expression.FALSE_DOMAIN

    def _compute_is_overdue(self):
        self._vip_compute_flag("is_overdue", self._overdue_domain())

    def _search_is_overdue(self, operator, value):
        return self._vip_bool_search(self._overdue_domain(), operator, value)

    def _vip_composer_action(self, template_xmlid, **context):
        """The mail composer on this record with ``template_xmlid`` (PDF attached by the template)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            # Issue 23: a dialog title of its own, not the default "Odoo".
            "name": self.env._("Send by e-mail"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self.env.ref(template_xmlid).id,
                "default_composition_mode": "comment",
                **context,
            },
        }

    def _vip_requester(self):
        self.ensure_one()
        if self._vip_requester_field in self._fields:
            return self[self._vip_requester_field]
        return self.create_uid

    def _vip_non_signers(self):
        """Who asks (the requester) and who filed the request (``create_uid``, a VIP manager
        filing on behalf): neither signs a step of it (R-APV-05, issue 18)."""
        self.ensure_one()
        return self._vip_requester() | self.create_uid

    @api.model
    def _vip_check_requester(self, vals_list):
        """Issue 18 item 2, the one requester rule of every approval model: the requester is
        the logged-in user. Naming someone else (in the values or a ``default_`` context key)
        is refused, except for a VIP manager who gives a reason (kept on the record and
        posted in the chatter); the system and administrators (imports, demo data, the
        leaving-employee handover) are not asked. The requester field never changes after
        creation by a direct write. Returns {index in vals_list: requester id} of the
        requests filed on behalf, for ``_vip_log_on_behalf``."""
        field = self._vip_requester_field
        if field not in self._fields or self._fields[field].automatic or self._vip_is_action():
            return {}
        on_behalf = {}
        default = self.env.context.get(f"default_{field}")
        for index, vals in enumerate(vals_list):
            requester = vals.get(field, default)
            if isinstance(requester, models.BaseModel):
                requester = requester.id
            if not requester or requester == self.env.uid:
                if vals.get("vip_on_behalf_reason"):
                    raise UserError(self.env._("A reason for filing on behalf is only given when filing for someone else."))
                continue
            if not self.env.user.has_group(ON_BEHALF_GROUP):
                raise UserError(self.env._(
                    "%(model)s is filed in your own name: you cannot name %(user)s as the requester. "
                    "Only a VIP manager files on behalf of someone else, with a reason (issue 18).",
                    model=self._description, user=self.env["res.users"].browse(requester).sudo().name,
                ))
            if not (vals.get("vip_on_behalf_reason") or "").strip():
                raise UserError(self.env._(
                    "Filing %(model)s on behalf of %(user)s needs a reason (Filed on behalf: reason).",
                    model=self._description, user=self.env["res.users"].browse(requester).sudo().name,
                ))
            on_behalf[index] = requester
        return on_behalf

    def _vip_log_on_behalf(self, on_behalf):
        """Chatter note of each request filed on behalf (see ``_vip_check_requester``)."""
        bodies = {}
        for index, requester_id in on_behalf.items():
            rec = self[index]
            bodies[rec.id] = self.env._(
                "%(filer)s filed this request on behalf of %(requester)s. Reason: %(reason)s. "
                "Neither of them signs a step of it.",
                filer=self.env.user.name, requester=self.env["res.users"].browse(requester_id).sudo().name,
                reason=rec.vip_on_behalf_reason,
            )
        if bodies:
            self._message_log_batch(bodies)

    def _vip_business_type(self):
        self.ensure_one()
        if self._vip_business_type_field in self._fields:
            return self[self._vip_business_type_field]
        if self._vip_business_type_xmlid:
            # A reference record, the same for every document of the model: the cached xmlid
            # lookup, not env.ref (one existence query per call, per review when a
            # delegation or a group grant recomputes the reviewers; issue 14).
            res_id = self.env["ir.model.data"]._xmlid_to_res_id(self._vip_business_type_xmlid)
            return self.env["vip.business.type"].browse(res_id or [])
        return self.env["vip.business.type"]

    def _vip_step_deadline(self):
        """The deadline of the whole approval (R-APV-04): the deadline of every step whose tier
        has no duration of its own."""
        self.ensure_one()
        return self._vip_due_field in self._fields and self[self._vip_due_field]

    def _vip_stamp_step_deadlines(self):
        """Issue 19 (R-APV-04, R-LOY-06): every pending step gets its deadline (``vip_due``).

        A step whose tier has its own duration (``vip_step_days``) is due that many working days
        (company calendar: weekends and public holidays do not count) after the moment it is
        reached: now, the first time it is found pending (every transition of the workflow
        syncs the activities, which calls this). The other steps are due when the whole approval
        is, and follow that deadline while they are pending (R-APV-08 escalation moves it).
        Written as the workflow, one write per distinct deadline."""
        now = fields.Datetime.now()
        updates = {}
        for rec in self:
            pending = rec.review_ids.filtered(lambda r: r.status == "pending")
            if not pending:
                continue
            overall = rec._vip_step_deadline() or False
            for review in pending:
                days = review.definition_id.vip_step_days
                if days and review.vip_due:
                    continue
                due = rec._calendar().vip_working_days_deadline(now, days, rec.company_id) if days else overall
                if review.vip_due != due:
                    updates.setdefault(due, []).append(review.id)
        Review = self.env["tier.review"].with_env(self._vip_action_env().env)
        for due, ids in updates.items():
            Review.browse(ids).write({"vip_due": due})

    def _vip_company_users(self, users):
        """R-SEC-02: only users working for the document's company review it."""
        company = self.company_id
        return users.filtered(lambda u: company in u.company_ids and not u.share)

    def _vip_first_reviewer(self, candidates, last_resort=None, taken=None):
        """First candidate (a user, or a callable returning one) who is set and is not the
        requester: a request whose author is the step's reviewer goes one level up. ``last_resort`` (a callable returning users,
        e.g. the general managers) is only evaluated when no candidate fits. ``taken``: users
        who already sign another step of the request (one person signs one step, R-APV-02),
        passed over like the requester. Company membership is checked on the reviews
        (``_vip_review_candidates``)."""
        self.ensure_one()
        requester = self._vip_non_signers() | (taken or self.env["res.users"])
        for user in candidates:
            user = user() if callable(user) else user
            if user and user not in requester:
                return user
        for user in last_resort() if last_resort else ():
            if user not in requester and self.company_id in user.company_ids:
                return user
        return self.env["res.users"]

    def _vip_gm_users(self):
        return self.env.ref("vip_customer_care.group_vip_gm").users

    def _vip_manager_user(self, user):
        """The manager of ``user`` in this request's company (their employee's manager)."""
        self.ensure_one()
        employee = user.employee_ids.filtered(lambda e: e.company_id == self.company_id)[:1]
        return employee.parent_id.user_id

    def _vip_department_reviewers(self, department, both_steps=False):
        """R-APV-01 / R-APV-05: (department head, VP in charge) of ``department`` for this
        request; when the requester is that reviewer the step goes one level up (their
        manager, then the VP, then the general manager), never to an empty reviewer.

        ``both_steps``: the route has both steps (a reward campaign above the department
        head's limit, R-LOY-06). When the head's step went up to the VP, the VP's step goes
        up in turn (the VP's manager, then the general manager), as one person signs one
        step (R-APV-02, issue 23)."""
        self.ensure_one()
        head = department.manager_id
        vp = department.vip_vp_user_id
        head_step = self._vip_first_reviewer([head.user_id, lambda: head.parent_id.user_id, vp], self._vip_gm_users)
        vp_step = self._vip_first_reviewer(
            [vp, lambda: self._vip_manager_user(vp)], self._vip_gm_users, taken=head_step if both_steps else None,
        )
        return head_step, vp_step

    def _vip_amount_route(self, amount):
        """R-APV-03 / R-APV-02: the approval band of ``amount`` in this request's company
        (department head, VP, general manager) and whether finance signs twice."""
        self.ensure_one()
        company = self.company_id
        if amount <= company.vip_apv_dept_head_limit:
            band = "dept_head"
        elif amount < company.vip_apv_gm_from:
            band = "vp"
        else:
            band = "gm"
        return band, amount >= company.vip_apv_finance_double_from

    # ------------------------------------------------------------------ reviewers
    def _vip_review_candidates(self, review, reviewers, delegations=None):
        """Who may sign ``review`` of this record now (see the class docstring).
        ``delegations``: the delegations valid now, prefetched for a batch of reviews."""
        self.ensure_one()
        business_type = self._vip_business_type()
        if delegations is None:
            reviewers |= self.env["vip.approval.delegation"]._delegates_for(
                reviewers, business_type, self.company_id,
            )
        else:
            reviewers |= delegations.filtered(
                lambda d: d.delegator_id in reviewers and d.company_id == self.company_id
                and business_type & d.business_type_ids
            ).delegate_id
        reviewers = self._vip_company_users(reviewers) - self._vip_non_signers()
        signed = self.review_ids.filtered(lambda r: r.status == "approved" and r != review)
        # Whoever signed, in their own name or through a delegate, signs no other step.
        return reviewers - signed.done_by - signed.vip_on_behalf_of_id

    @api.model
    def _search_can_review(self, operator, value):
        """"To approve by me" in one SQL subquery (issue 14), the same answer as
        base_tier_validation's ``can_review`` (which computes it record by record): an open
        review of the record names the user among its reviewers and, when its tier approves
        in sequence, is the lowest open tier; the record has no rejected review."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This filter only supports true or false."))
        self.env["tier.review"].flush_model(["model", "res_id", "status", "sequence", "active", "reviewer_ids", "definition_id"])
        self.env["tier.definition"].flush_model(["approve_sequence"])
        subquery = SQL(
            """(SELECT r.res_id FROM tier_review r
                  JOIN res_users_tier_review_rel rel ON rel.tier_review_id = r.id AND rel.res_users_id = %(uid)s
                  LEFT JOIN tier_definition d ON d.id = r.definition_id
                 WHERE r.model = %(model)s AND r.active AND r.status IN ('waiting', 'pending')
                   AND (NOT COALESCE(d.approve_sequence, FALSE) OR r.sequence <= (
                        SELECT MIN(o.sequence) FROM tier_review o
                         WHERE o.model = r.model AND o.res_id = r.res_id AND o.active
                           AND o.status IN ('waiting', 'pending')))
                   AND NOT EXISTS (
                        SELECT 1 FROM tier_review x
                         WHERE x.model = r.model AND x.res_id = r.res_id AND x.active
                           AND x.status IN %(rejected)s))""",
            uid=self.env.uid, model=self._name, rejected=tuple(self._rejected_states()),
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", subquery)]

    def _vip_check_routable(self, reviews):
        """Refuse a request that cannot be routed: every step needs its own signer (one person
        signs at most one step), computed as a matching of steps to reviewers."""
        for rec in self:
            steps = reviews.filtered(lambda r, rec=rec: r.res_id == rec.id).sorted("sequence")
            holder = {}
            missing = steps.filtered(lambda step: not self._vip_assign_signer(step, holder, set()))
            if missing:
                raise UserError(self.env._(
                    "%(record)s cannot be sent for approval: nobody of %(company)s can sign "
                    "%(steps)s (the requester, a person who signs another step and users of "
                    "other companies are excluded). Set the missing approver first: %(where)s.",
                    record=rec.display_name, company=rec.company_id.name, steps=", ".join(missing.mapped("name")),
                    where="; ".join(dict.fromkeys(rec._vip_route_setup_hint(step) for step in missing)),
                ))

    @api.model
    def _vip_menu_path(self, xmlid):
        """The menu path of ``xmlid`` as the user reads it ("VIP Care > Configuration > Roles")."""
        menu = self.env.ref(xmlid, raise_if_not_found=False)
        names = []
        while menu:
            names.insert(0, menu.name)
            menu = menu.parent_id
        return " > ".join(names)

    def _vip_route_setup_hint(self, step):
        """Where an administrator sets the approver missing for ``step`` (issue 23): the role's
        members, the department's head and VP in charge, or the approval tier itself."""
        self.ensure_one()
        definition = step.definition_id
        if definition.review_type == "group":
            group = definition.reviewer_group_id
            vip_role = group.category_id == self.env.ref("vip_customer_care.module_category_vip_customer_care")
            return self.env._(
                "%(menu)s: give the role %(role)s to a colleague",
                menu=self._vip_menu_path("vip_customer_care.menu_vip_groups" if vip_role else "base.menu_action_res_users"),
                role=group.name,
            )
        if definition.review_type == "field" and "department_id" in self._fields and self.department_id:
            return self.env._(
                "%(menu)s > %(department)s: Manager and VP in charge",
                menu=self._vip_menu_path("hr.menu_hr_department_kanban"), department=self.department_id.display_name,
            )
        if definition.review_type == "field":
            return self.env._(
                "%(menu)s: the manager on the employee forms, and the general managers in %(roles)s",
                menu=self._vip_menu_path("hr.menu_hr_employee_user"),
                roles=self._vip_menu_path("vip_customer_care.menu_vip_groups"),
            )
        return self.env._(
            "%(menu)s: the reviewer of %(tier)s",
            menu=self._vip_menu_path("vip_customer_care.menu_vip_tier_definitions"), tier=definition.name,
        )

    @api.model
    def _vip_assign_signer(self, step, holder, seen):
        """Augmenting path of a bipartite matching: ``holder`` maps each user to the step
        they would sign."""
        for user in step.reviewer_ids:
            if user in seen:
                continue
            seen.add(user)
            if user not in holder or self._vip_assign_signer(holder[user], holder, seen):
                holder[user] = step
                return True
        return False

    # ------------------------------------------------------------------ tier.validation
    def request_validation(self):
        """Create the reviews as the workflow (reviews are written by actions only), refuse
        an unroutable request, and give each pending reviewer an activity."""
        me = self._vip_action_env()
        # Issue 19: ``need_validation`` (not stored, no dependencies) is computed for the whole
        # prefetch set at its first read: when several records are submitted in one call, the
        # others were still drafts then and would get no reviews. Read it afresh.
        self.invalidate_recordset(["need_validation"])
        # Every approval activity belongs to an open review (each transition syncs them): a
        # record without reviews has none to look up.
        first_request = not self.review_ids
        if self._vip_amount_field:
            for rec in me:
                rec.write({"vip_routed_amount": rec.sudo()[self._vip_amount_field]})
        reviews = super(VipWorkflowMixin, me).request_validation()
        # The first step turns pending in the reviews' stored compute (todo_by flushed with it).
        reviews.flush_recordset(["reviewer_ids", "can_review", "todo_by"])
        self._vip_check_routable(reviews)
        self._vip_sync_activities(existing=self.env["mail.activity"].sudo() if first_request else None)
        return reviews.with_env(self.env)

    def _tier_validation_check_write_allowed(self, vals):
        """The machinery's own bookkeeping (amount the route was computed for, escalation
        flag), written by its actions, is never a field under validation: skip the check
        and its search of the validation exceptions (one query per write)."""
        if set(vals) <= {"vip_routed_amount", "escalated"} and self._vip_is_action():
            return None
        if not self.review_ids:
            # Nothing under or after validation without reviews (validation_status "no"):
            # neither check of base can refuse, spare its exceptions search (submit path).
            return None
        return super()._tier_validation_check_write_allowed(vals)

    @api.model
    def _get_under_validation_exceptions(self):
        """Issue 18: the fields open while approvers sign come from the model's one lock
        declaration (``_vip_editable_fields`` of ``vip.guard.mixin``) for its current state
        (the approval states when asked without a record)."""
        return list(set(super()._get_under_validation_exceptions()) | set(self._vip_tier_exceptions(self._state_from)))

    @api.model
    def _get_after_validation_exceptions(self):
        return list(set(super()._get_after_validation_exceptions()) | set(
            self._vip_tier_exceptions(self._state_to + [self._cancel_state])
        ))

    @api.model
    def _vip_tier_exceptions(self, states):
        if not self._vip_lock_declared():
            return []
        if len(self) == 1:
            states = [self[self._vip_state_field]]
        return self._vip_editable_names(states)

    def evaluate_tier(self, tier):
        # A supplementary approval runs only the steps that decide on the amount.
        if self.env.context.get("vip_supplement") and not tier.vip_budget_tier:
            return self.browse()
        return super().evaluate_tier(tier)

    def _compute_next_review(self):
        # base_tier_validation's "Next: %s" is translated in its own module, which has no
        # Traditional Chinese; the add-on's own term reads in both (same result otherwise).
        for rec in self:
            review = rec.review_ids.sorted("sequence").filtered(lambda r: r.status == "pending")[:1]
            rec.next_review = review and self.env._("Next: %s", review.name or "")

    @api.depends_context("uid")
    def _compute_vip_is_requester(self):
        user = self.env.user
        for rec in self:
            # The requester first (read on the form): the filer (create_uid) only if needed,
            # which a form does not read otherwise (issue 21). Same as _vip_non_signers().
            rec.vip_is_requester = (
                not rec.id or user in rec.sudo()._vip_requester() or user in rec.sudo().create_uid
            )

    @api.depends_context("uid", "tz", "lang")
    @api.depends("review_ids.status", "review_ids.reviewer_ids", "review_ids.vip_due")
    def _compute_vip_turn_banner(self):
        for rec in self:
            rec.vip_turn_banner = rec._vip_turn_text() or False

    def _vip_pending_steps(self):
        self.ensure_one()
        return self.sudo().review_ids.filtered(lambda r: r.status == "pending").sorted("sequence").with_env(self.env)

    def _vip_signer_names(self, review):
        """Who signs ``review``: its reviewers, a delegate named "X as delegate of Y" (R-APV-06)."""
        self.ensure_one()
        review = review.sudo()
        own = review._vip_own_reviewers()
        business_type = self.sudo()._vip_business_type()
        Delegation = self.env["vip.approval.delegation"].sudo()
        names = []
        for user in review.reviewer_ids.sorted("name"):
            delegation = Delegation._delegation_for(user, own, business_type, self.company_id) if user not in own else None
            if delegation:
                names.append(self.env._("%(delegate)s as delegate of %(delegator)s",
                                        delegate=user.name, delegator=delegation[0].delegator_id.name))
            else:
                names.append(user.name)
        return names

    def _vip_format_due(self, moment):
        """``moment`` (UTC) as the user reads it: their time zone, no seconds."""
        tz = self.env.context.get("tz") or self.env.user.tz or self.company_id.resource_calendar_id.tz or "UTC"
        return format_datetime(self.env, moment, tz=tz, dt_format="short")

    def _vip_turn_text(self):
        """"Next: <step>, signed by <who>, due <when>" for each pending step (issue 23)."""
        self.ensure_one()
        lines = []
        for review in self._vip_pending_steps():
            values = {
                "step": review.name or "", "who": ", ".join(self._vip_signer_names(review)) or self.env._("nobody yet"),
            }
            if review.vip_due:
                lines.append(self.env._("Next: %(step)s, signed by %(who)s, due %(due)s",
                                        due=self._vip_format_due(review.vip_due), **values))
            else:
                lines.append(self.env._("Next: %(step)s, signed by %(who)s", **values))
        return "; ".join(lines)

    def _vip_next_step_text(self):
        """What happens next once this record was sent on (issue 23): the pending step, who
        signs it and when (``_vip_turn_text``), or the model's own next step
        (``_vip_next_step_hint``) when it is not under approval."""
        self.ensure_one()
        if self.state in self._state_from:
            text = self._vip_turn_text()
            if text:
                return text
        return self._vip_next_step_hint()

    def _vip_next_step_hint(self):
        """Hook: what happens next when the record is not waiting for a signature."""
        self.ensure_one()
        state = dict(self._fields["state"]._description_selection(self.env)).get(self.state, self.state)
        return self.env._("%(record)s is now %(state)s.", record=self.display_name, state=state)

    def _vip_next_step_action(self, title=None):
        """The notification the web client shows after Submit and the other "send on" buttons
        (issue 23): what happens next and who does it. A plain dict (XML-RPC marshals it); the
        form reloads afterwards (``soft_reload``)."""
        message = "\n".join(
            f"{rec.display_name}: {rec._vip_next_step_text()}" if len(self) > 1 else rec._vip_next_step_text()
            for rec in self
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title or self.env._("Sent for approval"),
                "message": message,
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _vip_check_amount_route(self):
        """Call from a constraint on the amount field (any path: form, RPC, lines)."""
        for rec in self:
            amount = rec.sudo()[rec._vip_amount_field]
            routed = rec.vip_routed_amount
            if not routed and not rec.review_ids:
                if rec.state in rec._vip_supplement_states:
                    # Recorded as approved without going through the approval (an import, the
                    # demo; only administrators may): approved at this amount from now on.
                    rec._vip_action_write({"vip_routed_amount": amount})
                continue  # otherwise not routed yet (the total is being computed while sending)
            diff = float_compare(amount, routed, precision_digits=2)
            if rec.state in rec._vip_frozen_states and diff:
                raise UserError(self.env._(
                    "The amount of %s decides its approval route and cannot change while it is "
                    "being approved; reset it to draft first.", rec.display_name,
                ))
            if rec.state in rec._vip_supplement_states and diff > 0:
                if not rec.review_ids:
                    # No approval route to supplement: the amount is frozen.
                    raise UserError(self.env._(
                        "%s was recorded as approved without an approval route: its amount cannot "
                        "grow. Create a new request for additional spending.", rec.display_name,
                    ))
                rec._vip_request_supplement(routed, amount)

    def _vip_request_supplement(self, old, new):
        """After approval, a higher amount goes back to approval by the steps that decide on
        the amount, routed by the new total; the earlier reviews stay as history."""
        self.ensure_one()
        self.message_post(body=self.env._(
            "The amount rose from %(old)s to %(new)s after approval: supplementary approval requested.",
            old=old, new=new,
        ))
        me = self._vip_action_env().with_context(skip_validation_check=True, vip_supplement=True)
        me.write({"state": self._state_from[0]})
        me.request_validation()

    def restart_validation(self):
        """R-APV-09: a restart supersedes the reviews instead of deleting them."""
        for rec in self.filtered(lambda r: r.review_ids):
            rec._vip_supersede_reviews()
            rec._notify_restarted_review()
        self._vip_sync_activities()

    def _tier_validation_check_write_remove_reviews(self, vals):
        """R-APV-09: cancel, reset to draft and re-submission supersede the reviews (kept
        with who/when/comment as history) instead of deleting them."""
        new_state = vals.get(self._state_field)
        for rec in self:
            if rec.review_ids and (rec._allow_to_remove_reviews(vals) or new_state in self._vip_reset_states):
                rec._vip_supersede_reviews()
                if new_state in self._vip_reset_states:
                    rec._vip_notify_requester(self.env._("%s was returned to draft.", rec.display_name))

    def _vip_supersede_reviews(self):
        self.ensure_one()
        reviews = self.review_ids.with_env(self._vip_action_env().env)
        reviews.filtered(lambda r: r.status in ("waiting", "pending")).write({"status": "cancel"})
        reviews.write({"active": False, "vip_superseded_date": fields.Datetime.now()})
        self._vip_action_write({"escalated": False, "vip_routed_amount": 0.0})
        self._vip_sync_activities()

    def validate_tier(self):
        self.ensure_one()
        had_turn = self._vip_had_turn()
        return super(VipWorkflowMixin, self.with_context(vip_counter_skip=True, vip_had_turn=had_turn)).validate_tier() or True

    def reject_tier(self):
        self.ensure_one()
        had_turn = self._vip_had_turn()
        return super(VipWorkflowMixin, self.with_context(vip_counter_skip=True, vip_had_turn=had_turn)).reject_tier() or True

    @api.model
    def _update_counter(self, review_counter):
        if self.env.context.get("vip_counter_skip"):
            # Statuses were moved on by _vip_after_review; the systray counter is updated
            # once by validate_tier/reject_tier when the user's turn really ended.
            return None
        return super(VipWorkflowMixin, self._vip_action_env())._update_counter(review_counter)

    def _vip_update_counter(self, had_turn):
        """The systray counter goes down only when this record left the user's to-do list
        (it showed -1 when a finance officer could not sign the second signature). Called by
        ``_vip_after_review`` while the reviews are still in cache (``had_turn`` comes from
        validate_tier/reject_tier through the context)."""
        if not had_turn or self._get_sequences_to_approve(self.env.user):
            return None
        # base's _update_counter recomputes can_review first: done just before by
        # _vip_after_review (``_vip_refresh_can_review``), so only the systray is told.
        self.env.user.partner_id._bus_send("base.tier.validation/updated", {"review_deleted": True})
        return None

    def _vip_check_turn(self):
        """The caller must be a reviewer of the current step right now (R-APV-05/06)."""
        self.ensure_one()
        user = self.env.user
        if user in self._vip_non_signers():
            # The requester, or the person who filed it on their behalf (issue 18).
            raise UserError(self.env._("You cannot approve or reject your own request (R-APV-05)."))
        # Two reviewers pressing the button on the same step at once: the second waits here
        # for the first; once the first commits, PostgreSQL refuses the second (serialization
        # failure), Odoo retries it and the retry says it is no longer their turn, instead of
        # failing further on a follower row the first one added (issue 14 load test).
        self.env["tier.review"].flush_model(["model", "res_id", "status"])
        self.env.cr.execute(
            """SELECT id FROM tier_review WHERE model = %s AND res_id = %s AND status IN ('waiting', 'pending')
               ORDER BY id
               FOR NO KEY UPDATE""",
            [self._name, self.id],
        )
        reviews = self.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        # Delegation windows change with time: check the current step at this moment.
        if reviews:
            step = min(reviews.mapped("sequence"))
            reviews.filtered(lambda r: r.sequence == step).with_env(self._vip_action_env().env)._vip_live_reviewers()
        if self.state not in self._state_from or not self._get_sequences_to_approve(user):
            if self.state in self._state_from:
                self._vip_raise_ended_delegation()
            raise UserError(self.env._(
                "%s is not waiting for your approval: it is not your turn, or you are not (or "
                "no longer) a reviewer of this step.", self.display_name,
            ))

    def _vip_had_turn(self):
        """Whether the request was on the user's to-do list. R-APV-06: a delegate whose
        delegation ended may no longer be able to read the request at all (they read it as
        a reviewer): name the delegation and its end instead of a generic access error."""
        try:
            return bool(self.can_review)
        except AccessError:
            self._vip_raise_ended_delegation()
            raise

    def _vip_raise_ended_delegation(self):
        """Raise a clear error when the current user was a delegate for the current step
        and their delegation no longer applies (ended, lapsed or not started)."""
        self.ensure_one()
        record = self.sudo()
        user = self.env.user
        reviews = record.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        business_type = record._vip_business_type()
        if not reviews or not business_type:
            return
        step = reviews.filtered(lambda r: r.sequence == min(reviews.mapped("sequence")))
        delegators = self.env["res.users"].union(*(review._vip_own_reviewers() for review in step))
        Delegation = self.env["vip.approval.delegation"].sudo().with_context(active_test=False)
        delegations = Delegation.search([
            ("delegate_id", "=", user.id), ("delegator_id", "in", delegators.ids),
            ("company_id", "=", record.company_id.id), ("business_type_ids", "in", business_type.ids),
        ], order="date_to desc, id desc")
        if not delegations or delegations.filtered_domain(
            [("active", "=", True), *Delegation._active_domain()]
        ):
            return
        delegation = delegations[0]
        values = {
            "record": record.display_name, "delegation": delegation.display_name,
            "delegator": delegation.delegator_id.name,
            "date_from": format_date(self.env, delegation.date_from),
            "date_to": format_date(self.env, delegation.date_to),
        }
        if delegation.state == "expired":
            message = self.env._(
                "Your delegation %(delegation)s ended on %(date_to)s (R-APV-06): you can no "
                "longer approve %(record)s for %(delegator)s.", **values,
            )
        elif delegation.state == "lapsed":
            message = self.env._(
                "Your oral delegation %(delegation)s was not confirmed in writing in time "
                "(R-APV-06): you can no longer approve %(record)s for %(delegator)s.", **values,
            )
        elif delegation.state == "scheduled":
            message = self.env._(
                "Your delegation %(delegation)s starts on %(date_from)s (R-APV-06): you cannot "
                "approve %(record)s for %(delegator)s yet.", **values,
            )
        else:
            message = self.env._(
                "Your delegation %(delegation)s was withdrawn (R-APV-06): you can no longer "
                "approve %(record)s for %(delegator)s.", **values,
            )
        raise UserError(message)

    def _validate_tier(self, tiers=False):
        return self._vip_sign(tiers, "approved")

    def _rejected_tier(self, tiers=False):
        return self._vip_sign(tiers, "rejected")

    def _vip_sign(self, tiers, status):
        """Around base_tier_validation's own signing: the turn check, the reviews this user may
        sign, who they sign for (delegation), then the activities and notices."""
        self._vip_check_turn()
        reviews = self._vip_signable(tiers or self.review_ids)
        if not reviews:
            return None
        on_behalf = self._vip_on_behalf(reviews)
        me = self._vip_action_env()
        base = super(VipWorkflowMixin, me)
        sign = base._validate_tier if status == "approved" else base._rejected_tier
        res = sign(reviews.with_env(me.env))
        me._vip_after_review(on_behalf, status)
        return res

    def _vip_signable(self, reviews):
        """The open reviews the user signs now: one per request (one person one step)."""
        user = self.env.user
        mine = reviews.filtered(lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids)
        return mine.sorted("sequence")[:1]

    def _vip_on_behalf(self, reviews):
        """{review: delegation} for the reviews the user acts on only as a delegate (R-APV-06),
        with the delegation valid at this moment."""
        Delegation = self.env["vip.approval.delegation"]
        result = {}
        for review in reviews.filtered(lambda r: self.env.user in r.reviewer_ids):
            delegation = Delegation._delegation_for(
                self.env.user, review._vip_own_reviewers(), self._vip_business_type(), self.company_id,
            )
            if delegation:
                result[review] = delegation
        return result

    def _vip_after_review(self, on_behalf, status):
        user = self.env.user
        for review, delegation in on_behalf.items():
            review = review.with_env(self.env)
            if review.status == status and review.done_by == user:
                review.write({
                    "vip_on_behalf_of_id": delegation.delegator_id.id, "vip_delegation_id": delegation.id,
                })
                self.message_post(body=self.env._(  # R-APV-09, issue 18: who, for whom, under which delegation
                    "%(user)s %(action)s tier “%(tier)s” on behalf of %(delegator)s (delegation %(delegation)s).",
                    user=user.name, tier=review.name, delegator=delegation.delegator_id.name,
                    delegation=delegation.sudo().display_name,
                    action=self.env._("approved") if status == "approved" else self.env._("rejected"),
                ))
        # Next step turns pending; the signer may not sign another step (one person one step).
        self.review_ids._vip_refresh_can_review()
        self.review_ids.filtered(
            lambda r: r.status in ("waiting", "pending") and user in r.reviewer_ids
        )._vip_live_reviewers()
        self._after_tier_change()
        if "vip_had_turn" in self.env.context:
            self._vip_update_counter(self.env.context["vip_had_turn"])
        self._vip_sync_activities()

    def _after_tier_change(self):
        """Move on once every review is approved, or one is rejected."""
        # need_validation is cached from before the reviews existed; the state write re-reads it.
        self.invalidate_recordset(["need_validation"])
        for rec in self.filtered(lambda r: r.state in r._state_from):
            if rec.validation_status == "validated":
                rec.with_context(skip_validation_check=True)._vip_action_write({"state": rec._state_to[0]})
                rec._on_approved()
                rec._vip_notify_requester(self.env._("%s was approved.", rec.display_name))
            elif rec.validation_status == "rejected":
                rec.with_context(skip_validation_check=True)._vip_action_write({"state": rec._vip_rejected_state})
                rec._vip_notify_requester(self.env._("%s was rejected.", rec.display_name))

    def _on_approved(self):
        """Hook: what happens once the document is approved."""

    def _vip_notify_requester(self, body):
        """The requester hears of approval, rejection and return in their inbox."""
        requester = self._vip_requester()
        if requester:
            self.message_post(body=body, partner_ids=requester.partner_id.ids, subtype_xmlid="mail.mt_comment")

    # ------------------------------------------------------------------ activities
    def _vip_sync_activities(self, existing=None):
        """One approval activity per pending reviewer due on the step's own deadline (set here
        when the step is reached, ``_vip_stamp_step_deadlines``); marked done for whoever
        signed, cancelled (unlinked) for the others once the step moved on.

        Runs as the system: activities are the workflow's bookkeeping on other users' to-do
        lists, which a reviewer may not edit with their own rights.

        Batched (query budget of the hot paths): one search of the open activities, one
        unlink for the done and the cancelled ones, one follower batch and one ``create`` for
        the new ones."""
        if not self:
            return
        self._vip_stamp_step_deadlines()
        Activity = self.env["mail.activity"].sudo()
        act_type_id = self.env["ir.model.data"]._xmlid_to_res_id(ACTIVITY_TYPE)
        if existing is None:
            existing = Activity.search([
                ("res_model", "=", self._name), ("res_id", "in", self.ids), ("vip_review_id", "!=", False),
            ])
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        assignees = {}
        done = {}
        to_cancel = Activity.browse()
        moved = {}
        for rec in self:
            pending = rec.review_ids.filtered(lambda r: r.status == "pending")
            # Issue 19: each step's activities are due on that step's own deadline.
            due_dates = {
                review: fields.Date.context_today(rec, review.vip_due) if review.vip_due
                else fields.Date.context_today(rec)
                for review in pending
            }
            keep = set()
            for act in existing.filtered(lambda a, rec=rec: a.res_id == rec.id):
                review = act.vip_review_id
                if review in pending and (act.vip_escalation or act.user_id in review.reviewer_ids):
                    keep.add((review.id, act.user_id.id))
                    if not act.vip_escalation and review.vip_due and act.date_deadline != due_dates[review]:
                        # The step's deadline moved (R-APV-08 escalation moves the approval's).
                        moved.setdefault(due_dates[review], Activity.browse())
                        moved[due_dates[review]] |= act
                elif review.status in ("approved", "rejected") and act.user_id == review.done_by:
                    done[act] = review.comment or review.display_status
                else:
                    to_cancel |= act
            for review in pending:
                for user in review.reviewer_ids:
                    if (review.id, user.id) not in keep:
                        assignees.setdefault(rec, {}).setdefault(review, self.env["res.users"])
                        assignees[rec][review] |= user
                        vals_list.append({
                            "res_model_id": model_id, "res_id": rec.id, "activity_type_id": act_type_id,
                            "user_id": user.id, "vip_review_id": review.id,
                            # Stored computes of mail.activity given here, from records in
                            # cache, instead of computed and flushed in a second UPDATE.
                            "res_name": rec.sudo().display_name,
                            "user_tz": user.sudo().tz, "date_done": False,
                            "summary": _lt("Approve: %s", review.name),
                            "date_deadline": due_dates[review],
                        })
        for date_deadline, acts in moved.items():
            acts.write({"date_deadline": date_deadline})
        self._vip_post_activities_done(done)
        if vals_list:
            self._vip_create_activities(assignees, vals_list)
        # Last: unlink invalidates the whole cache, everything above reads warm records.
        # As the workflow: approval activities of open steps are closed by it only (issue 23).
        (to_cancel | Activity.union(*done)).with_env(self._vip_action_env().sudo().env).unlink()

    def _vip_create_activities(self, assignees, vals_list):
        """Create the new approval activities (see ``_vip_sync_activities``); ``assignees``:
        {record: {review: users}}.

        The activity is how a reviewer learns that it is their turn (one mechanism, issue 8
        point 13): it appears in their activity menu and to-do list with the step's deadline
        (Odoo's bus updates the counter of activities due today), and the reviewer follows
        the record. No separate inbox message is posted for it."""
        Activity = self.env["mail.activity"].sudo()
        # Creating the activities subscribes the reviewers to the record: one follower batch
        # per record here instead of one message_subscribe per reviewer in mail.activity.create
        # (as the system, active partners only, like message_subscribe; reviewers are internal
        # users, so no partner search for the customers' subtypes).
        subscribed = set()
        for rec, steps in assignees.items():
            partners = self.env["res.users"].union(*steps.values()).sudo().partner_id.filtered("active")
            rec.sudo()._message_subscribe(partner_ids=partners.ids, customer_ids=[])
            subscribed.update(partners.ids)
        Activity.with_context(
            mail_activity_quick_update=True, vip_subscribed_partner_ids=frozenset(subscribed),
        ).create(vals_list)

    @api.model
    def _vip_post_activities_done(self, done):
        """Mark ``done`` ({activity: feedback}) as done with the chatter message of
        ``mail.activity.action_feedback`` (template ``mail.message_activity_done``, author the
        signer, subtype "Activities", the activity type); the caller removes them with the
        cancelled ones in a single unlink. Files the signer attached to the activity move to
        that message, as in ``_action_done``.

        The message is logged like ``_message_log`` does (no notification: the "Activities"
        subtype is internal and nobody follows it by default, as with Odoo's own done
        messages), which spares the approve path the recipients, parent, alias and reply-to
        look-ups of ``message_post`` (reply-to: the signer). Who must hear of the outcome is told separately (the
        requester on approval, rejection and return; the next reviewer by their activity)."""
        if not done:
            return
        attachments = {}
        for row in self.env["ir.attachment"].sudo().search_read([
            ("res_model", "=", "mail.activity"), ("res_id", "in", [act.id for act in done]),
        ], ["res_id"]):
            attachments.setdefault(row["res_id"], []).append(row["id"])
        author = self.env.user.partner_id
        view_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.message_activity_done")
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_activities")
        for act, feedback in done.items():
            record = self.env[act.res_model].sudo().browse(act.res_id)
            body = self.env["mail.render.mixin"]._render_template_qweb_view(
                view_id, record._name, record.ids, add_context={
                    "activity": act, "feedback": feedback, "display_assignee": act.user_id != self.env.user,
                },
            )[record.id]
            message = record._message_create([{
                "author_id": author.id, "email_from": author.email_formatted,
                "model": record._name, "res_id": record.id, "record_name": record.display_name,
                "record_company_id": record.company_id.id,
                "body": body, "message_type": "notification", "subtype_id": subtype_id,
                "mail_activity_type_id": act.activity_type_id.id,
                # Never e-mailed: replies would go to the signer (no catchall look-up).
                "reply_to": author.email_formatted,
                "email_add_signature": False, "message_id": generate_tracking_message_id("message-notify"),
            }])
            if attachments.get(act.id):
                files = self.env["ir.attachment"].sudo().browse(attachments[act.id])
                files.write({"res_model": message._name, "res_id": message.id})
                message.attachment_ids = files

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Followers already added in batch by ``_vip_sync_activities`` are not subscribed
        again one by one by ``mail.activity.create``."""
        batch = self.env.context.get("vip_subscribed_partner_ids")
        if batch and not subtype_ids and partner_ids and set(partner_ids) <= batch:
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    # ------------------------------------------------------------------ overdue (R-APV-04)
    @api.model
    def _vip_overdue_steps_domain(self):
        """The pending steps of this model's requests under approval whose own deadline has
        passed and that were not escalated yet (issue 19): one indexed search
        (``tier_review_vip_due_idx``), the requests' state as a subquery."""
        return [
            ("model", "=", self._name), ("status", "=", "pending"),
            ("vip_due", "<", fields.Datetime.now()), ("vip_escalated", "=", False),
            ("res_id", "in", self.sudo().with_context(active_test=False)._search(
                [(self._state_field, "in", self._state_from)],
            )),
        ]

    @api.model
    def _cron_overdue(self):
        """R-APV-04 / R-LOY-06: a step whose own deadline passed (issue 19: counted from the
        moment the step was reached when its tier has a duration of its own) reminds its
        reviewers and escalates once to the reviewers' managers, through the approval
        activities (closed with the step). The next step has its own deadline and is
        reminded and escalated on its own.

        Issue 14: only the overdue steps (indexed search), one batch per run, the managers
        read in one search and the escalations created in one ``create``; the scheduler
        commits and runs again while some remain."""
        Review = self.env["tier.review"].sudo()
        Activity = self.env["mail.activity"]
        domain = self._vip_overdue_steps_domain()
        reviews = Review.search(domain, limit=Activity._vip_cron_batch_size(), order="vip_due, id")
        if not reviews:
            return
        overdue = self.browse(list(dict.fromkeys(reviews.mapped("res_id"))))
        model_id = self.env["ir.model"]._get_id(self._name)
        act_type = self.env.ref(ACTIVITY_TYPE)
        employees = self.env["hr.employee"].sudo().search([
            ("user_id", "in", reviews.reviewer_ids.ids), ("company_id", "in", overdue.company_id.ids),
        ])
        employees.parent_id.user_id.fetch(["company_ids", "share"])
        vals_list = []
        for rec in overdue:
            tz = rec.company_id.resource_calendar_id.tz or "UTC"
            for review in reviews.filtered(lambda r, rec=rec: r.res_id == rec.id):
                due = format_datetime(self.env, review.vip_due, tz=tz, dt_format="short")
                rec.message_post(
                    body=self.env._("Reminder: the step “%(step)s” of %(record)s was due on %(due)s.",
                                    step=review.name, record=rec.display_name, due=due),
                    partner_ids=review.reviewer_ids.partner_id.ids, subtype_xmlid="mail.mt_comment",
                )
                managers = employees.filtered(
                    lambda e, rec=rec, review=review: e.user_id in review.reviewer_ids and e.company_id == rec.company_id
                ).parent_id.user_id - review.reviewer_ids
                for manager in rec._vip_company_users(managers):
                    vals_list.append({
                        "res_model_id": model_id, "res_id": rec.id, "activity_type_id": act_type.id,
                        "user_id": manager.id, "vip_review_id": review.id, "vip_escalation": True,
                        "summary": _lt("Escalation: overdue approval %s", review.name),
                        "note": _lt("The step was due on %s.", review.vip_due),
                        "date_deadline": fields.Date.context_today(rec),
                    })
        reviews.with_env(overdue._vip_action_env().env).write({"vip_escalated": True})
        overdue._vip_action_write({"escalated": True})
        Activity._vip_create_batch(vals_list)
        Activity._vip_notify_cron_progress(len(reviews), Review.search_count(domain))

    @api.ondelete(at_uninstall=False)
    def _unlink_never_routed(self):
        """R-APV-09 / R-PII-06: a request that went to approval keeps its reviews."""
        if self.with_context(active_test=False).review_ids:
            raise UserError(self.env._(
                "Only draft requests that never went to approval can be deleted; cancel or archive "
                "the others (their approvals are kept, R-APV-09)."
            ))

    # ------------------------------------------------------------------ requester (issue 18)
    @api.model_create_multi
    def create(self, vals_list):
        on_behalf = self._vip_check_requester(vals_list)
        records = super().create(vals_list)
        if on_behalf:
            records._vip_log_on_behalf(on_behalf)
        return records

    # ------------------------------------------------------------------ routing freeze
    def write(self, vals):
        requester = self._vip_requester_field
        field = self._fields.get(requester)
        if (requester in vals or "vip_on_behalf_reason" in vals) and field and not field.automatic \
                and not self._vip_is_action():
            if "vip_on_behalf_reason" in vals or any(rec[requester].id != vals.get(requester, rec[requester].id) for rec in self):
                raise UserError(self.env._(
                    "Who filed %(record)s is fixed at its creation (issue 18): the requester and the "
                    "reason for filing on behalf cannot be changed.", record=self[:1].display_name,
                ))
        route = [name for name in self._vip_route_fields if name in vals]
        # Action methods may complete the route (e.g. staff departments joining as cooperating).
        if route and not vip_in_workflow(self.env):
            submitted = self.filtered(lambda r: r.state not in r._vip_reset_states)
            if submitted:
                labels = ", ".join(self._fields[name]._description_string(self.env) for name in route)
                raise UserError(self.env._(
                    "%(fields)s decide the approval route and are frozen once %(record)s is "
                    "submitted; reset it to draft to change them.",
                    fields=labels, record=submitted[0].display_name,
                ))
        return super().write(vals)

    # ------------------------------------------------------------------ escalation (R-APV-08)
    def action_escalate(self):
        """R-APV-08: a reviewer who finds the request beyond their authority signs their level
        and passes it to the next level; it must finish within N working days."""
        self.ensure_one()
        self._vip_check_turn()
        sequences = self._get_sequences_to_approve(self.env.user)
        review = self.review_ids.filtered(lambda r: r.sequence in sequences).sorted("sequence")[:1]
        target = review.definition_id.vip_escalate_to_id
        if not review or not target:
            raise UserError(self.env._("You have no review of this request that can be escalated."))
        if target in self.review_ids.definition_id:
            raise UserError(self.env._("The next level, %s, already reviews this request.", target.name))
        me = self._vip_action_env()
        Review = me.env["tier.review"]
        for other in self.review_ids.filtered(lambda r: r.sequence > review.sequence).sorted("sequence", reverse=True):
            other.with_env(me.env).sequence += 1
        new = Review.create(self._prepare_tier_review_vals(target, review.sequence + 1))
        review.with_env(me.env).comment = self.env._("Escalated to %s (beyond my authority).", target.name)
        self._validate_tier(review)
        self._vip_check_routable(new)
        vals = {}
        if "approval_due" in self._fields:
            vals["approval_due"] = self._calendar().vip_working_days_deadline(
                fields.Datetime.now(), self.company_id.vip_sla_escalation_days, self.company_id,
            )
            me._vip_action_write(vals)
        self.message_post(body=self.env._(
            "%(user)s escalated the approval to %(level)s.", user=self.env.user.name, level=target.name,
        ))
        self._vip_sync_activities()
        return True
