# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .vip_identity_mixin import PII_GROUPS

KEEPER_GROUP = "vip_customer_care.group_vip_archive_keeper"
CUSTOMER_STATUS = [
    ("cooperating", "Cooperating"),
    ("not_yet", "Not yet cooperating"),
    ("potential", "Potential"),
    ("lost", "Lost"),
]


class VipCustomerArchive(models.Model):
    """The customer archive (檔案戶頭, R-ARC-01/02): one per customer, created by the employee in
    contact within N working days of the first contact, approved by their direct superior (the
    sales director for key accounts) through the shared approval machinery, kept by the archive
    keeper. It holds the basic data, characteristics, transaction data (computed from invoices and
    receptions) and credit assessment of R-ARC-02, the document register (R-ARC-05), the loans
    (R-ARC-06), the quarterly reviews (R-ARC-03) and the customer's timeline (R-ARC-03)."""

    _name = "vip.customer.archive"
    _description = "Customer archive"
    _inherit = ["vip.reference.mixin", "vip.workflow.mixin", "vip.identity.mixin"]
    _order = "name desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    # R-PII-01: the legal representative's identity document and the decision maker's birthday.
    _vip_pii_fields = ("vip_id_number", "vip_id_number_display", "vip_id_photo", "decision_maker_birthday")
    _vip_workflow_fields = (
        "state", "submit_date", "approval_due", "approved_date", "approver_user_id", "last_review_date",
        "next_review_date", "changed_since_review",
    )
    _vip_retention = True
    _vip_requester_field = "user_id"
    _vip_route_fields = ("user_id", "is_key_account", "company_id")
    # Issue 18 (vip.guard.mixin; the README's table): the archive is a living record (R-ARC-03),
    # edited while its approval runs and after (changes are listed for the quarterly review);
    # the route stays frozen and the quarterly reviews are recorded after approval.
    _vip_editable_fields = {
        "to_approve": ("*", "-quarterly_review_ids"),
        "approved": ("*",),
        "rejected": ("*", "-quarterly_review_ids"),
        "cancelled": (),
    }

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True, index=True, tracking=True,
        ondelete="restrict",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        string="Approval", default="draft", required=True, tracking=True, index=True, copy=False,
        group_expand=True,
    )
    customer_status = fields.Selection(
        CUSTOMER_STATUS, string="Customer status", default="potential", required=True, tracking=True, index=True,
        help="R-ARC-02: cooperating (old customer), not yet cooperating, potential, lost (with the reason).",
    )
    lost_reason = fields.Text(string="Reason for loss", tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Created by (employee in contact)", required=True, index=True, tracking=True,
        default=lambda self: self.env.user, domain="[('share', '=', False)]",
    )
    responsible_user_ids = fields.Many2many(
        "res.users", "vip_customer_archive_responsible_rel", "archive_id", "user_id",
        string="Responsible employees", domain="[('share', '=', False)]",
        help="Contact employees of the customer (R-ARC-04: two for important prospects).",
    )
    keeper_id = fields.Many2one(
        "res.users", string="Archive keeper", index=True, tracking=True, domain="[('share', '=', False)]",
        default=lambda self: self.env.company.vip_arc_keeper_id,
    )
    is_key_account = fields.Boolean(
        string="Key account", tracking=True,
        help="Key long-term customer: approved by the sales director (R-ARC-01), reviewed every quarter (R-ARC-03).",
    )
    service_level = fields.Selection(related="partner_id.vip_service_level", string="Service level")
    approver_user_id = fields.Many2one(
        "res.users", string="Approver", compute="_compute_approver_user_id", store=True,
        help="The creator's direct superior; the sales director for key accounts (R-ARC-01).",
    )
    submit_date = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    approval_due = fields.Datetime(string="Approval due", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved on", readonly=True, copy=False, tracking=True)
    first_contact_date = fields.Date(
        string="First contact", required=True, default=fields.Date.context_today, tracking=True,
    )
    creation_due = fields.Date(
        string="Archive due", compute="_compute_creation_due", store=True, index=True,
        help="R-ARC-01: approved archive within N working days of the first contact (setting).",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue",
        help="Not approved and past its creation deadline.",
    )
    # R-ARC-02 basic data
    legal_representative = fields.Char(tracking=True)
    founding_date = fields.Date(string="Founded on")
    nature = fields.Selection(
        [("state", "State-owned"), ("private", "Private"), ("foreign", "Foreign-invested"),
         ("individual", "Individual"), ("other", "Other")],
        string="Nature of business",
    )
    industry_id = fields.Many2one("res.partner.industry")
    currency_id = fields.Many2one(related="company_id.currency_id")
    registered_capital = fields.Monetary(string="Registered capital")
    contact_address = fields.Char(related="partner_id.contact_address_inline", string="Address")
    contact_ids = fields.One2many(related="partner_id.child_ids", string="Contacts")
    # R-ARC-02 characteristics
    company_size = fields.Selection(
        [("micro", "Micro"), ("small", "Small"), ("medium", "Medium"), ("large", "Large")], string="Size",
    )
    purchasing_habits = fields.Text()
    needs = fields.Text()
    decision_maker = fields.Char(string="Decision maker")
    decision_maker_preferences = fields.Text(string="Decision maker's preferences")
    decision_maker_birthday = fields.Date(string="Decision maker's birthday", groups=PII_GROUPS)
    # R-ARC-02 transaction data
    competitor_cooperation = fields.Text(string="Cooperation with competitors")
    payment_habits = fields.Selection(
        [("early", "Pays early"), ("on_time", "Pays on time"), ("late", "Pays late"), ("defaults", "Defaults")],
        tracking=True,
    )
    contract_numbers = fields.Char(string="Contract numbers")
    invoiced_amount = fields.Monetary(
        string="Invoiced (untaxed)", compute="_compute_transactions",
        help="Posted customer invoices minus credit notes, untaxed, company currency.",
    )
    invoice_count = fields.Integer(string="Invoices", compute="_compute_transactions")
    last_invoice_date = fields.Date(string="Last invoice", compute="_compute_transactions")
    reception_count = fields.Integer(string="Receptions", compute="_compute_transactions")
    last_reception_date = fields.Datetime(string="Last reception", compute="_compute_transactions")
    # R-ARC-02 credit
    credit_rating = fields.Selection(
        [("a", "A: excellent"), ("b", "B: good"), ("c", "C: watch"), ("d", "D: cash only")],
        tracking=True,
    )
    credit_limit = fields.Monetary(string="Credit limit", tracking=True)
    credit_assessment = fields.Text(string="Credit assessment", tracking=True)
    # R-ARC-03 quarterly review
    last_review_date = fields.Date(string="Last quarterly review", readonly=True, copy=False)
    next_review_date = fields.Date(string="Next quarterly review", readonly=True, copy=False)
    quarterly_review_ids = fields.One2many("vip.customer.archive.review", "archive_id", string="Quarterly reviews")
    changed_since_review = fields.Char(
        string="Changed since the last review", readonly=True, copy=False,
        help="Fields edited since the last quarterly review (R-ARC-03), recorded with the review.",
    )
    # R-ARC-04
    needs_second_contact = fields.Boolean(
        string="Needs a second contact", compute="_compute_needs_second_contact", store=True, index=True,
        help="Important prospect with fewer than two responsible employees (R-ARC-04).",
    )
    # R-ARC-05 / R-ARC-06
    document_ids = fields.One2many("vip.customer.archive.document", "archive_id", string="Documents")
    loan_ids = fields.One2many("vip.archive.loan", "archive_id", string="Loans")
    loan_count = fields.Integer(compute="_compute_loan_count", string="Loan count")
    # R-ARC-03 timeline
    timeline_html = fields.Html(string="Timeline", compute="_compute_timeline_html", sanitize=False)

    _sql_constraints = [
        ("capital_positive", "CHECK(registered_capital >= 0)", "The registered capital cannot be negative."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("user_id", "is_key_account", "company_id",
                 "company_id.vip_sales_department_id.manager_id.user_id",
                 "user_id.employee_ids.parent_id.user_id", "user_id.employee_ids.department_id.manager_id.user_id")
    def _compute_approver_user_id(self):
        """R-ARC-01 / R-APV-05: direct superior, sales director for key accounts; one level up
        when the creator is that person; the general manager as last resort."""
        for rec in self:
            director = rec.company_id.vip_sales_department_id.manager_id
            employee = rec.user_id.employee_ids.filtered(lambda e, rec=rec: e.company_id == rec.company_id)[:1]
            if rec.is_key_account:
                candidates = [director.user_id, lambda d=director: d.parent_id.user_id]
            else:
                candidates = [employee.parent_id.user_id, employee.department_id.manager_id.user_id,
                              lambda e=employee: e.parent_id.parent_id.user_id, director.user_id]
            rec.approver_user_id = rec._vip_first_reviewer(candidates, rec._vip_gm_users)

    @api.depends("first_contact_date", "company_id.vip_arc_creation_days", "company_id.resource_calendar_id")
    def _compute_creation_due(self):
        for rec in self:
            calendar = rec.company_id.resource_calendar_id
            if not rec.first_contact_date or not calendar:
                rec.creation_due = False
                continue
            start = datetime.combine(rec.first_contact_date, time(12, 0))
            due = calendar.vip_working_days_deadline(start, rec.company_id.vip_arc_creation_days, rec.company_id)
            rec.creation_due = due and due.date()

    @api.model
    def _overdue_domain(self):
        return [("state", "!=", "approved"), ("creation_due", "<", fields.Date.context_today(self))]

    def _compute_transactions(self):
        """R-ARC-02: transaction history from posted invoices and receptions (one grouped query
        per source for the whole batch, nothing typed)."""
        partners = self.partner_id
        commercial = partners.commercial_partner_id
        # The invoiced total is part of the archive (R-ARC-02) that its readers see without
        # accounting rights: the one aggregate read as the system, limited to these customers.
        invoices = {
            partner.id: (amount, count, last)
            for partner, amount, count, last in self.env["account.move"].sudo()._read_group(
                [("commercial_partner_id", "in", commercial.ids), ("state", "=", "posted"),
                 ("move_type", "in", ("out_invoice", "out_refund"))],
                ["commercial_partner_id"], ["amount_untaxed_signed:sum", "__count", "invoice_date:max"],
            )
        } if commercial else {}
        receptions = {
            partner.id: (count, last)
            for partner, count, last in self.env["vip.reception"]._read_group(
                [("partner_ids", "in", partners.ids), ("state", "not in", ("cancelled", "draft"))],
                ["partner_ids"], ["__count", "date_start:max"],
            )
        } if partners else {}
        for rec in self:
            amount, count, last = invoices.get(rec.partner_id.commercial_partner_id.id, (0.0, 0, False))
            rec.invoiced_amount, rec.invoice_count, rec.last_invoice_date = amount, count, last
            rec.reception_count, rec.last_reception_date = receptions.get(rec.partner_id.id, (0, False))

    def _compute_loan_count(self):
        counts = dict(self.env["vip.archive.loan"]._read_group([("archive_id", "in", self.ids)], ["archive_id"], ["__count"]))
        for rec in self:
            rec.loan_count = counts.get(rec, 0)

    def action_view_loans(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Loans"), "res_model": "vip.archive.loan",
            "view_mode": "list,form", "domain": [("archive_id", "=", self.id)],
            "context": {"default_archive_id": self.id},
        }

    @api.depends("customer_status", "is_key_account", "partner_id.vip_service_level", "responsible_user_ids",
                 "company_id.vip_arc_two_contacts")
    def _compute_needs_second_contact(self):
        for rec in self:
            rec.needs_second_contact = (
                rec.company_id.vip_arc_two_contacts != "off" and rec._vip_is_important_prospect()
                and len(rec.responsible_user_ids) < 2
            )

    def _vip_is_important_prospect(self):
        self.ensure_one()
        return self.customer_status in ("potential", "not_yet") and (
            self.is_key_account or self.sudo().partner_id.vip_service_level in ("vip", "important")
        )

    # ------------------------------------------------------------------ constraints
    @api.constrains("customer_status", "lost_reason")
    def _check_lost_reason(self):
        for rec in self:
            if rec.customer_status == "lost" and not (rec.lost_reason or "").strip():
                raise ValidationError(self.env._("A lost customer needs the reason (R-ARC-02)."))

    @api.constrains("partner_id")
    def _check_one_per_customer(self):
        counts = dict(self.with_context(active_test=False).sudo()._read_group(
            [("partner_id", "in", self.partner_id.ids)], ["partner_id"], ["__count"],
        ))
        for rec in self:
            if counts.get(rec.partner_id, 0) > 1:
                raise ValidationError(self.env._(
                    "%s already has an archive: a customer has one archive (R-ARC-01).", rec.partner_id.display_name,
                ))

    @api.constrains("customer_status", "is_key_account", "responsible_user_ids", "partner_id")
    def _check_two_contacts(self):
        for rec in self:
            if (rec.company_id.vip_arc_two_contacts == "constraint" and rec._vip_is_important_prospect()
                    and len(rec.responsible_user_ids) < 2):
                raise ValidationError(self.env._(
                    "%s is an important prospective customer: assign at least two contact employees (R-ARC-04).",
                    rec.partner_id.display_name,
                ))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("responsible_user_ids"):
                vals["responsible_user_ids"] = [fields.Command.set([vals.get("user_id") or self.env.uid])]
        return super().create(vals_list)

    def _vip_review_relevant(self, vals):
        """Labels of the archive's own data fields in ``vals`` (R-ARC-03 review record)."""
        skip = set(self._vip_workflow_fields) | {"changed_since_review", "active", "quarterly_review_ids"}
        return sorted({
            self._fields[name]._description_string(self.env) for name in vals
            if name in self._fields and name not in skip and self._fields[name].store
            and not self._fields[name].compute and not name.startswith(("message_", "activity_"))
            and self._fields[name].model_name == self._name and name not in models.MAGIC_COLUMNS
        })

    def write(self, vals):
        before = {rec.id: rec.responsible_user_ids for rec in self} if "responsible_user_ids" in vals else {}
        labels = self._vip_review_relevant(vals)
        if labels:
            for rec in self:
                known = set(filter(None, (rec.changed_since_review or "").split(", ")))
                if not set(labels) <= known:
                    super(VipCustomerArchive, rec._vip_action_env()).write(
                        {"changed_since_review": ", ".join(sorted(known | set(labels)))})
        res = super().write(vals)
        # R-ARC-03: a change of responsible employee is a major change, kept in the chatter.
        for rec in self.filtered(lambda r: r.id in before and r.responsible_user_ids != before[r.id]):
            rec.message_post(body=self.env._(
                "Responsible employees changed: %(old)s → %(new)s.",
                old=", ".join(before[rec.id].mapped("name")) or "-",
                new=", ".join(rec.responsible_user_ids.mapped("name")) or "-",
            ), subtype_xmlid="mail.mt_note")
        return res

    # ------------------------------------------------------------------ approval (R-ARC-01)
    def action_submit(self):
        for rec in self:
            if rec.state not in ("draft", "rejected"):
                raise UserError(self.env._("Only draft or rejected archives can be submitted."))
            if rec.state == "rejected":
                rec._vip_action_write({"state": "draft"})
            rec._vip_send_for_approval("vip_arc_approval_days", stamp_submit=True)
        return True

    def action_reset_draft(self):
        for rec in self:
            if rec.state not in ("to_approve", "rejected", "cancelled"):
                raise UserError(self.env._("Only archives waiting for approval, rejected or cancelled return to draft."))
            rec._vip_action_env().with_context(skip_validation_check=True).write({"state": "draft"})
        return True

    def _on_approved(self):
        self.ensure_one()
        self._vip_action_write({"approved_date": fields.Datetime.now()})
        # The salesperson's "create the archive" activity is done (R-ARC-01).
        # As the system: the activity is on the salesperson's list, the approver may not read it.
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.partner_id.id),
            ("activity_type_id", "=", self.env.ref("vip_customer_care.mail_act_vip_archive_create").id),
        ])
        activities.action_feedback(feedback=self.env._("Archive %s approved.", self.name))

    # ------------------------------------------------------------------ quarterly review (R-ARC-03)
    def _vip_record_review(self, feedback=False, user=None):
        """The quarterly revisit activity was done: record the review with the fields updated
        since the previous one (from the archive's tracking)."""
        today = fields.Date.context_today(self)
        for rec in self:
            self.env["vip.customer.archive.review"].create({
                "archive_id": rec.id, "user_id": (user or self.env.user).id, "date": today,
                "feedback": feedback or False, "updated_fields": rec.changed_since_review or False,
            })
            rec._vip_action_write({"last_review_date": today, "next_review_date": today + relativedelta(months=3),
                                   "changed_since_review": False})

    # ------------------------------------------------------------------ timeline (R-ARC-03)
    def _vip_timeline_sources(self):
        """Registry of the timeline's sources: {key: method}. Each method takes the archives'
        customers and a row limit and returns at most that many events, newest first, with a
        constant number of queries (one search per source). An event is a dict with ``date``
        (datetime), ``kind`` (label), ``title``, ``user`` (name or False), ``model`` and ``res_id``.

        Extension point: an area that records contacts with customers (complaints, incidents,
        loyalty changes...) adds its source by overriding this method::

            def _vip_timeline_sources(self):
                sources = super()._vip_timeline_sources()
                sources["complaint"] = self._vip_timeline_complaints
                return sources
        """
        return {
            "reception": self._vip_timeline_receptions,
            "appointment": self._vip_timeline_appointments,
            "gate": self._vip_timeline_gate,
            "handover": self._vip_timeline_handovers,
            "message": self._vip_timeline_messages,
            "activity": self._vip_timeline_activities,
            "complaint": self._vip_timeline_complaints,
            "incident": self._vip_timeline_incidents,
            "loyalty": self._vip_timeline_loyalty,
        }

    @api.model
    def _vip_event(self, record, date, kind, title, user=False):
        return {"date": fields.Datetime.to_datetime(date), "kind": kind, "title": title,
                "user": user and user.name, "model": record._name, "res_id": record.id}

    def _vip_timeline_receptions(self, partners, limit):
        receptions = self.env["vip.reception"].search_fetch(
            [("partner_ids", "in", partners.ids)], ["name", "date_start", "purpose", "user_id"],
            order="date_start desc, id desc", limit=limit,
        )
        return [self._vip_event(r, r.date_start, self.env._("Reception"), f"{r.name}: {r.purpose or ''}", r.user_id)
                for r in receptions]

    def _vip_timeline_appointments(self, partners, limit):
        appointments = self.env["vip.visit.appointment"].search_fetch(
            [("partner_id", "in", partners.ids)], ["name", "date_start", "purpose", "create_uid"],
            order="date_start desc, id desc", limit=limit,
        )
        return [self._vip_event(a, a.date_start, self.env._("Appointment"), f"{a.name}: {a.purpose or ''}",
                                a.create_uid) for a in appointments]

    def _vip_timeline_gate(self, partners, limit):
        if not self.env["vip.access.log"].has_access("read"):
            return []
        logs = self.env["vip.access.log"].search_fetch(
            [("visitor_id.partner_id", "in", partners.ids), ("event", "in", ("check_in", "check_out"))],
            ["date", "event", "user_id"], order="date desc, id desc", limit=limit,
        )
        labels = dict(self.env["vip.access.log"]._fields["event"]._description_selection(self.env))
        return [self._vip_event(g, g.date, self.env._("Gate visit"), labels.get(g.event), g.user_id) for g in logs]

    def _vip_timeline_handovers(self, partners, limit):
        handovers = self.env["vip.valuable.handover"].search_fetch(
            [("partner_id", "in", partners.ids)], ["name", "item", "create_date", "create_uid"],
            order="create_date desc, id desc", limit=limit,
        )
        return [self._vip_event(h, h.create_date, self.env._("Valuables handover"), f"{h.name}: {h.item}",
                                h.create_uid) for h in handovers]

    def _vip_timeline_complaints(self, partners, limit):
        """Complaints, consultations and suggestions of the customer (issue 12)."""
        Ticket = self.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return []
        tickets = Ticket.search_fetch(
            [("partner_id", "in", partners.ids)], ["number", "name", "create_date", "user_id"],
            order="create_date desc, id desc", limit=limit,
        )
        return [self._vip_event(t, t.create_date, self.env._("Complaint"), f"{t.number}: {t.name}", t.user_id)
                for t in tickets]

    def _vip_timeline_incidents(self, partners, limit):
        """Incidents that concerned the customer (issue 12)."""
        Incident = self.env["vip.incident"]
        if not Incident.has_access("read"):
            return []
        incidents = Incident.search_fetch(
            [("partner_id", "in", partners.ids)], ["name", "title", "detected_date", "user_id"],
            order="detected_date desc, id desc", limit=limit,
        )
        return [self._vip_event(i, i.detected_date, self.env._("Incident"), f"{i.name}: {i.title}", i.user_id)
                for i in incidents]

    def _vip_timeline_loyalty(self, partners, limit):
        """Loyalty tier changes of the customer (issue 11)."""
        Change = self.env["vip.loyalty.tier.change"]
        if not Change.has_access("read"):
            return []
        changes = Change.search_fetch(
            [("partner_id", "in", partners.ids)], ["old_tier", "new_tier", "date", "user_id"],
            order="date desc, id desc", limit=limit,
        )
        labels = dict(Change._fields["new_tier"]._description_selection(self.env))
        return [self._vip_event(c, c.date, self.env._("Loyalty tier"),
                                f"{labels.get(c.old_tier, c.old_tier)} → {labels.get(c.new_tier, c.new_tier)}", c.user_id)
                for c in changes]

    def _vip_timeline_messages(self, partners, limit):
        """Letters, calls, e-mails and notes logged on the customer or its archive; tracked
        major changes of the archive (status, credit, responsible); activities done."""
        messages = self.env["mail.message"].search_fetch(
            ["|", "&", ("model", "=", "res.partner"), ("res_id", "in", partners.ids),
             "&", ("model", "=", self._name), ("res_id", "in", self.ids),
             ("message_type", "in", ("comment", "email", "notification", "email_outgoing"))],
            ["date", "body", "subject", "author_id", "mail_activity_type_id", "message_type", "preview"],
            order="date desc, id desc", limit=limit,
        )
        events = []
        for m in messages:
            if m.mail_activity_type_id:
                kind = self.env._("Activity done")
            elif m.message_type in ("email", "email_outgoing"):
                kind = self.env._("E-mail")
            else:
                kind = self.env._("Note")
            title = m.subject or m.preview or self.env._("Change of the archive")
            events.append({"date": m.date, "kind": kind, "title": title, "user": m.author_id.name,
                           "model": m.model, "res_id": m.res_id})
        return events

    def _vip_timeline_activities(self, partners, limit):
        """Activities done and kept (activity types with "keep done")."""
        activities = self.env["mail.activity"].with_context(active_test=False).search_fetch(
            [("active", "=", False), ("date_done", "!=", False),
             "|", "&", ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
             "&", ("res_model", "=", self._name), ("res_id", "in", self.ids)],
            ["date_done", "summary", "activity_type_id", "user_id", "res_model", "res_id"],
            order="date_done desc, id desc", limit=limit,
        )
        return [{"date": datetime.combine(a.date_done, time.min), "kind": self.env._("Activity done"),
                 "title": a.summary or a.activity_type_id.name, "user": a.user_id.name,
                 "model": a.res_model, "res_id": a.res_id} for a in activities]

    def vip_timeline(self, offset=0, limit=None):
        """One page of the customer's timeline, newest first: each source returns its newest
        ``offset + limit`` events (one query each), merged and sliced. The number of queries
        does not depend on the number of events."""
        self.ensure_one()
        limit = limit or self.company_id.vip_arc_timeline_page or 40
        partners = self.partner_id | self.partner_id.child_ids
        events = []
        for source in self._vip_timeline_sources().values():
            events.extend(source(partners, offset + limit + 1))
        events.sort(key=lambda e: (e["date"] or datetime.min, e["res_id"]), reverse=True)
        return events[offset:offset + limit], len(events) > offset + limit

    @api.depends_context("vip_timeline_page", "uid", "lang")
    def _compute_timeline_html(self):
        page = max(int(self.env.context.get("vip_timeline_page") or 0), 0)
        for rec in self:
            if not rec.id:
                rec.timeline_html = False
                continue
            limit = rec.company_id.vip_arc_timeline_page or 40
            events, more = rec.vip_timeline(offset=page * limit, limit=limit)
            rows = Markup("").join(
                Markup("<tr><td class='text-nowrap'>%s</td><td><span class='badge text-bg-light'>%s</span></td>"
                       "<td>%s</td><td>%s</td></tr>") % (
                    fields.Datetime.to_string(e["date"])[:16] if e["date"] else "", e["kind"],
                    escape(e["title"] or ""), e["user"] or "",
                )
                for e in events
            )
            header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
                self.env._("When"), self.env._("What"), self.env._("Details"), self.env._("Who"))
            footer = Markup("<p class='text-muted'>%s</p>") % self.env._(
                "Page %(page)s; older events on the next page.", page=page + 1) if more else Markup("")
            rec.timeline_html = Markup("<table class='table table-sm o_vip_timeline'>%s%s</table>%s") % (
                header, rows or Markup("<tr><td colspan='4'>%s</td></tr>") % self.env._("No contact recorded yet."),
                footer,
            )

    def action_timeline_page(self, page=0):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "current",
            "context": {**self.env.context, "vip_timeline_page": max(int(page), 0)},
        }

    def action_timeline_older(self):
        return self.action_timeline_page(int(self.env.context.get("vip_timeline_page") or 0) + 1)

    def action_timeline_newer(self):
        return self.action_timeline_page(int(self.env.context.get("vip_timeline_page") or 0) - 1)


class VipCustomerArchiveReview(models.Model):
    """R-ARC-03: a quarterly review of a key customer's archive, recorded when the responsible
    employee completes the quarterly revisit activity (R-REC-12), with what was updated."""

    _name = "vip.customer.archive.review"
    _description = "Quarterly archive review"
    _order = "date desc, id desc"

    archive_id = fields.Many2one("vip.customer.archive", string="Customer archive", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="archive_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Reviewed by", required=True, default=lambda self: self.env.user)
    feedback = fields.Text()
    updated_fields = fields.Char(string="Updated since the previous review")
