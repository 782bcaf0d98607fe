# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, create_index


class TierReview(models.Model):
    """Reviews are evidence (R-APV-09): written only by the approval actions of the
    documents (``vip.workflow.mixin``), never deleted; superseded reviews are archived."""

    _name = "tier.review"
    _inherit = ["tier.review", "vip.guard.mixin"]

    active = fields.Boolean(default=True, help="Unset when the review is superseded (kept as history).")
    vip_superseded_date = fields.Datetime(string="Superseded on", readonly=True)
    # R-SEC-02: the review belongs to the company of the reviewed document (the global
    # multi-company rule of base_tier_validation filters on this field).
    company_id = fields.Many2one(
        "res.company", compute="_compute_vip_company_id", store=True, related=False, index=True,
    )
    vip_on_behalf_of_id = fields.Many2one(
        "res.users", string="On behalf of", readonly=True,
        help="Set when a delegate approved or rejected in place of the reviewer (R-APV-06).",
    )
    vip_delegation_id = fields.Many2one(
        "vip.approval.delegation", string="Delegation used", readonly=True, index="btree_not_null",
    )
    vip_distinct_signer = fields.Boolean(related="definition_id.vip_distinct_signer")
    # Issue 19 (R-APV-04, R-LOY-06): each step's own deadline, set when the step is reached.
    vip_due = fields.Datetime(
        string="Step due", readonly=True, copy=False,
        help="When this step must be signed: its own working days counted from the moment it was "
        "reached (Step deadline of the approval tier), or the request's approval deadline. Overdue "
        "steps remind their reviewers and escalate to their managers (R-APV-04).",
    )
    vip_escalated = fields.Boolean(
        string="Escalated", readonly=True, copy=False,
        help="The step was overdue: its reviewers were reminded and their managers asked to follow up (R-APV-04).",
    )

    def init(self):
        res = super().init()
        # Issue 14: every search of open reviews (to approve, delegations, group grants,
        # overdue steps) reads only the open ones: a few thousand of the 25,000 reviews at
        # 100k customers instead of all of them.
        create_index(
            self.env.cr, "tier_review_vip_open_idx", self._table, ["model", "res_id"],
            where="active AND status IN ('waiting', 'pending')",
        )
        # Issue 19: the overdue cron searches the pending steps by their own deadline.
        create_index(
            self.env.cr, "tier_review_vip_due_idx", self._table, ["model", "vip_due"],
            where="active AND status = 'pending'",
        )
        return res

    @api.depends("model", "res_id", "definition_id.company_id")
    def _compute_vip_company_id(self):
        for review in self:
            record = review._vip_record()
            company = record and "company_id" in record._fields and record.sudo().company_id
            review.company_id = company or review.definition_id.company_id

    def _vip_record(self):
        self.ensure_one()
        if not self.model or not self.res_id or self.model not in self.env:
            return None
        return self.env[self.model].browse(self.res_id)

    # ------------------------------------------------------------------ reviewers
    def _vip_own_reviewers(self):
        """Reviewers the definition names (user, group, or a user field of the document).

        The one place where the reviewer lookup runs as the system: a field-type definition
        points at the document's field through ``ir.model.fields``, which ordinary users
        cannot read (R-APV-01: a department head or VP pressing Approve). Only user ids
        come back; nothing else is read or written with elevated rights."""
        return super(TierReview, self.sudo())._get_reviewers().with_env(self.env)

    def _get_reviewers(self, delegations=None):
        own = self._vip_own_reviewers()
        record = self._vip_record()
        if record is None or not hasattr(record, "_vip_review_candidates"):
            return own
        return record._vip_review_candidates(self, own, delegations)

    @api.model
    def _get_reviewer_fields(self):
        """Group membership is not a dependency (issue 14): granting a group would recompute
        every review ever made for that group, closed ones included. Group changes refresh
        only the open reviews of the groups concerned (``_vip_refresh_for_groups``)."""
        return [name for name in super()._get_reviewer_fields() if name != "reviewer_group_id.users"]

    def _vip_prefetch_documents(self):
        """Read, in a few queries for the whole batch, what computing the reviewers reads on
        each reviewed document (reviewer field, requester, company, business type, signed
        reviews): the per-review code below then works on cached records."""
        by_model = {}
        for review in self:
            if review.model and review.res_id and review.model in self.env:
                by_model.setdefault(review.model, set()).add(review.res_id)
        for model, ids in by_model.items():
            docs = self.env[model].sudo().browse(sorted(ids))
            names = {"company_id", "review_ids", "create_uid"} | {
                review.definition_id.reviewer_field_id.name for review in self
                if review.model == model and review.definition_id.reviewer_field_id
            }
            for hook in ("_vip_requester_field", "_vip_business_type_field"):
                names.add(getattr(docs, hook, None))
            names = [name for name in names if name and name in docs._fields]
            docs.fetch(names)
            if "review_ids" in names:
                docs.review_ids.fetch(["status", "done_by", "vip_on_behalf_of_id"])

    @api.depends(lambda self: self._get_reviewer_fields())
    def _compute_reviewer_ids(self):
        """Batch: the documents and the delegations valid now are read once for all the
        reviews computed (no query per review)."""
        self.definition_id.fetch(["reviewer_id", "reviewer_group_id", "reviewer_field_id", "review_type"])
        self.definition_id.reviewer_group_id.fetch(["users"])
        self._vip_prefetch_documents()
        owns = {review: review._vip_own_reviewers() for review in self}
        delegators = self.env["res.users"].union(*owns.values()) if owns else self.env["res.users"]
        delegations = self.env["vip.approval.delegation"]._valid_delegations_of(delegators)
        (delegators | delegations.delegate_id).mapped("company_ids")  # prefetch for the company filter
        values = []
        for review in self:
            record = review._vip_record()
            if record is None or not hasattr(record, "_vip_review_candidates"):
                values.append((review, owns[review]))
            else:
                values.append((review, record._vip_review_candidates(review, owns[review], delegations)))
        # One write for the batch (one INSERT into the relation instead of one per review);
        # stored and new (onchange) records are written separately, as the ORM requires.
        field = self._fields["reviewer_ids"]
        for stored in (True, False):
            batch = [(review, users) for review, users in values if bool(review.id) == stored]
            if batch:
                field.write_batch(batch)

    def _vip_refresh_can_review(self):
        """base_tier_validation's ``_compute_can_review`` as called after a signature (the
        next step turns pending, ``can_review`` follows), writing only the values that
        change instead of every review of the request (fewer UPDATEs on the approve path)."""
        open_reviews = self.filtered(lambda r: r.status in ("waiting", "pending"))
        if open_reviews:
            next_seq = min(open_reviews.mapped("sequence"))
            turning = open_reviews.filtered(
                lambda r: r.status == "waiting" and (not r.approve_sequence or r.sequence == next_seq)
            )
            if turning:
                turning.write({"status": "pending"})
            for review in open_reviews.filtered(
                lambda r: r.status == "pending" and r.definition_id.notify_on_pending
            ):
                review._notify_pending_status(review)
        for value in (True, False):
            changed = self.filtered(lambda r, value=value: bool(r._can_review_value()) == value and r.can_review != value)
            if changed:
                changed.write({"can_review": value})
    @api.model
    def _vip_open_domain(self):
        return [
            ("model", "in", self.env["vip.workflow.mixin"]._vip_workflow_model_names()),
            ("status", "in", ("waiting", "pending")),
        ]

    @api.model
    def _vip_reviewer_group_members(self):
        """{group id: sorted user ids} of the groups that tier definitions name as reviewers
        (one query): what a group write can change in the reviewers of open reviews."""
        self.env["res.groups"].flush_model(["users"])
        self.env["res.users"].flush_model(["groups_id"])
        self.env["tier.definition"].flush_model(["reviewer_group_id"])
        self.env.cr.execute("""
            SELECT rel.gid, array_agg(rel.uid ORDER BY rel.uid)
              FROM res_groups_users_rel rel
             WHERE rel.gid IN (SELECT reviewer_group_id FROM tier_definition WHERE reviewer_group_id IS NOT NULL)
             GROUP BY rel.gid
        """)
        return dict(self.env.cr.fetchall())

    @api.model
    def _vip_refresh_for_groups(self, groups):
        """Group membership changed for ``groups``: recompute the reviewers of the open
        reviews whose tier is reviewed by one of them (one search, one batch compute)."""
        if not groups:
            return
        reviews = self.sudo().search([
            *self._vip_open_domain(), ("definition_id.reviewer_group_id", "in", groups.ids),
        ])
        if reviews:
            self.env.add_to_compute(self._fields["reviewer_ids"], reviews)

    @api.model
    def _vip_add_group_reviewer(self, user, groups):
        """``user`` just joined ``groups``: add them to the reviewers of the open reviews of the
        tiers those groups review, in one INSERT per approval model (issue 14: a grant at 100k
        recomputed 3,080 reviews in Python). The same answer as the reviewer compute
        (``vip.workflow.mixin._vip_review_candidates``) for a user who delegates nothing: they
        work for the document's company, did not request it and signed no other step of it.
        Callers send users with delegations through the full recompute instead."""
        groups = groups.filtered("id")
        if not groups or user.share:
            return self.browse()
        self.env.flush_all()
        added = []
        for model in self.env["vip.workflow.mixin"]._vip_workflow_model_names():
            Model = self.env[model]
            requester = Model._vip_requester_field if Model._vip_requester_field in Model._fields else "create_uid"
            if "company_id" not in Model._fields or not Model._fields[requester].store:
                continue
            self.env.cr.execute(SQL(
                """INSERT INTO res_users_tier_review_rel (tier_review_id, res_users_id)
                   SELECT r.id, %(uid)s
                     FROM tier_review r
                     JOIN tier_definition d ON d.id = r.definition_id
                     JOIN %(table)s doc ON doc.id = r.res_id
                    WHERE r.model = %(model)s AND r.active AND r.status IN ('waiting', 'pending')
                      AND d.review_type = 'group' AND d.reviewer_group_id = ANY(%(groups)s)
                      AND EXISTS (SELECT 1 FROM res_company_users_rel cu
                                   WHERE cu.cid = doc.company_id AND cu.user_id = %(uid)s)
                      AND doc.%(requester)s IS DISTINCT FROM %(uid)s
                      AND doc.create_uid IS DISTINCT FROM %(uid)s
                      AND NOT EXISTS (SELECT 1 FROM tier_review s
                                       WHERE s.model = r.model AND s.res_id = r.res_id AND s.id <> r.id
                                         AND s.active AND s.status = 'approved'
                                         AND (s.done_by = %(uid)s OR s.vip_on_behalf_of_id = %(uid)s))
                      AND NOT EXISTS (SELECT 1 FROM res_users_tier_review_rel x
                                       WHERE x.tier_review_id = r.id AND x.res_users_id = %(uid)s)
                RETURNING tier_review_id""",
                uid=user.id, table=SQL.identifier(Model._table), model=model, groups=groups.ids,
                requester=SQL.identifier(requester),
            ))
            added += [row[0] for row in self.env.cr.fetchall()]
        if added:
            self.invalidate_model(["reviewer_ids"])
        return self.browse(added)

    @api.model
    def _vip_listing_domain(self, users):
        """Reviews listing one of ``users`` now, as one uncorrelated ``id IN (…)`` on the
        reviewer relation (issue 21): ``("reviewer_ids", "in", …)`` is a correlated sub-plan per
        review, which inside an OR PostgreSQL estimates review by review (cost ~340,000 at 100k
        receptions, above ``jit_above_cost``: 30 ms of JIT for a 2 ms search)."""
        return [("id", "in", SQL(
            "(SELECT rel.tier_review_id FROM res_users_tier_review_rel rel WHERE rel.res_users_id IN %s)",
            tuple(users.ids) or (0,),
        ))]

    @api.model
    def _vip_reviews_of_users(self, users, listed=None, domain=None):
        """Open reviews whose own reviewers (the tier's user, group or document field) include
        one of ``users``, plus those currently listing one of ``listed`` (to drop them);
        within ``domain`` when given."""
        Review = self.sudo()
        base = [*self._vip_open_domain(), *(domain or [])]
        listed = (listed or users.browse()) | users
        reviews = Review.search([
            *base, "|", "|", *self._vip_listing_domain(listed),
            ("definition_id.reviewer_id", "in", users.ids),
            ("definition_id.reviewer_group_id", "in", users.sudo().groups_id.ids),
        ])
        for model, definition in Review._read_group(
            [*base, ("definition_id.review_type", "=", "field")], ["model", "definition_id"],
        ):
            fname = definition.reviewer_field_id.name
            if model not in self.env or fname not in self.env[model]._fields:
                continue
            same_tier = [*base, ("model", "=", model), ("definition_id", "=", definition.id)]
            if not self.env[model]._fields[fname].store:
                reviews |= Review.search(same_tier)  # cannot be searched in SQL: the whole tier
                continue
            docs = self.env[model].sudo().with_context(active_test=False)._search([(fname, "in", users.ids)])
            reviews |= Review.search([*same_tier, ("res_id", "in", docs)])
        return reviews

    def _vip_live_reviewers(self):
        """Reviewers at this moment (delegation windows, signatures): refresh the stored list."""
        self.env.add_to_compute(self._fields["reviewer_ids"], self)
        return self.reviewer_ids

    # ------------------------------------------------------------------ evidence
    @api.model
    def _vip_guarded_models(self):
        """The documents whose reviews are evidence: those approved through
        ``vip.workflow.mixin``. Reviews of any other model (another module's tier validation,
        OCA's own test models) keep base_tier_validation's behaviour unchanged (issue 24)."""
        return set(self.env["vip.workflow.mixin"]._vip_workflow_model_names())

    def _vip_evidence(self):
        """These reviews restricted to those of VIP documents."""
        guarded = self._vip_guarded_models()
        return self.filtered(lambda review: review.model in guarded)

    @api.model_create_multi
    def create(self, vals_list):
        guarded = self._vip_guarded_models()
        if not self._vip_is_action() and any(vals.get("model") in guarded for vals in vals_list):
            raise AccessError(self.env._(
                "Approval reviews are created by the approval workflow only (R-APV-09)."
            ))
        return super().create(vals_list)

    def write(self, vals):
        evidence = self._vip_evidence()
        if evidence and not self._vip_is_action() and not evidence._vip_is_own_comment(vals):
            raise AccessError(self.env._(
                "Approval reviews change only through Approve, Reject and the other approval "
                "buttons of the document (R-APV-09)."
            ))
        return super().write(vals)

    def _vip_is_own_comment(self, vals):
        """The comment wizard writes the reviewer's comment on their own open review."""
        return set(vals) <= {"comment"} and all(
            r.status in ("waiting", "pending") and self.env.user in r.reviewer_ids for r in self
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su and self._vip_evidence():
            raise UserError(self.env._(
                "Approval reviews are kept as evidence (R-APV-09); they are archived when "
                "superseded, never deleted. Only draft requests that never went to approval "
                "can be deleted."
            ))
