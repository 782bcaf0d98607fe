# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class VipVisitAppointment(models.Model):
    """A visit appointment (R-ACC-01..04): booked ahead, confirmed or declined by customer
    service within working hours, approved by the sales head (and the VP in charge for
    special and level-1 visitors), announced by a confirmation letter."""

    _name = "vip.visit.appointment"
    _description = "Visit appointment"
    # The workflow mixin brings the guard, tier validation, chatter and activities.
    _inherit = ["vip.reference.mixin", "vip.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # Issue 8 point 2: written only by the action methods (or the system).
    _vip_workflow_fields = (
        "state", "submit_date", "confirm_due", "confirmed_date", "confirmed_by_id", "sales_head_user_id",
        "vp_user_id", "needs_vp", "host_event_id", "access_grade", "host_user_id", "host_department_id",
    )
    _vip_retention = True
    # Issue 18: what may still change once submitted (vip.guard.mixin; the README's table).
    # A declined visit proposes another slot; the areas are narrowed only (R-ACC-06).
    _vip_editable_fields = {
        "to_confirm": (
            "decline_reason", "proposed_start", "area_ids", "room_area_id", "escort_employee_id", "route",
            "entry_notes", "visitor_count", "reception_id",
        ),
        "to_approve": ("decline_reason", "proposed_start"),
        "approved": (
            "area_ids", "escort_employee_id", "route", "entry_notes", "visitor_count", "visitor_ids", "pass_ids",
        ),
    }
    _vip_rejected_state = "declined"
    # Approval machinery hooks (vip.workflow.mixin): booked by whoever created it, due before the visit.
    _vip_requester_field = "create_uid"
    _vip_due_field = "date_start"
    # R-APV-06: delegations name "Visit appointment" among their business types to apply here.
    _vip_business_type_xmlid = "vip_customer_care.business_type_visit"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_confirm", "To confirm"),
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("declined", "Declined"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
        group_expand=True,  # kanban columns in workflow order (issue 9.5)
    )
    # Indexed: the customer form counts them per customer (issue 21).
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True, tracking=True, index=True,
    )
    access_grade = fields.Selection(related="partner_id.vip_access_grade", store=True, string="Access grade")
    host_employee_id = fields.Many2one("hr.employee", string="Host", required=True, check_company=True, tracking=True)
    host_user_id = fields.Many2one(related="host_employee_id.user_id", store=True, string="Host user")
    host_department_id = fields.Many2one(related="host_employee_id.department_id", store=True, string="Host department")
    date_start = fields.Datetime(string="Planned start", required=True, tracking=True, index=True)
    date_end = fields.Datetime(string="Planned end", required=True, tracking=True)
    visitor_count = fields.Integer(string="Number of visitors", default=1, required=True)
    purpose = fields.Text(required=True)
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("system", "System")], required=True, default="system",
    )
    reception_id = fields.Many2one("vip.reception", check_company=True, index="btree_not_null")
    area_ids = fields.Many2many("vip.access.area", string="Areas", check_company=True,
                                help="Areas the visit needs; passes never open more.")
    escort_employee_id = fields.Many2one("hr.employee", string="Escort", check_company=True)
    route = fields.Text(help="How to reach the entrance, parking, meeting point.")
    entry_notes = fields.Text(help="Documents to bring, items not allowed, dress code.")
    room_area_id = fields.Many2one("vip.access.area", string="Room", check_company=True)
    # R-ACC-02 confirmation
    submit_date = fields.Datetime(readonly=True, copy=False)
    confirm_due = fields.Datetime(string="Confirm before", readonly=True, copy=False)
    confirmed_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decline_reason = fields.Text(tracking=True, copy=False)
    proposed_start = fields.Datetime(string="Proposed new start", copy=False)
    # R-ACC-03 approvers
    sales_head_user_id = fields.Many2one("res.users", compute="_compute_approvers", store=True, string="Sales head")
    vp_user_id = fields.Many2one("res.users", compute="_compute_approvers", store=True, string="VP in charge")
    needs_vp = fields.Boolean(compute="_compute_approvers", store=True)
    visitor_ids = fields.One2many("vip.visitor", "appointment_id", string="Visitors on site")
    pass_ids = fields.One2many("vip.access.pass", "appointment_id", string="Passes")
    host_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    is_late_confirmation = fields.Boolean(compute="_compute_is_late_confirmation", search="_search_is_late_confirmation")

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_end > date_start)", "The visit must end after it starts."),
        ("visitors_positive", "CHECK(visitor_count > 0)", "An appointment has at least one visitor."),
    ]

    @api.depends("company_id.vip_sales_department_id.manager_id.user_id",
                 "company_id.vip_sales_department_id.manager_id.parent_id.user_id",
                 "company_id.vip_sales_department_id.vip_vp_user_id", "access_grade", "create_uid")
    def _compute_approvers(self):
        """R-ACC-03 / R-APV-05: sales head and VP; one level up when the booker is the reviewer."""
        for rec in self:
            department = rec.company_id.vip_sales_department_id
            head, vp = department.manager_id, department.vip_vp_user_id
            rec.sales_head_user_id = rec._vip_first_reviewer(
                [head.user_id, lambda head=head: head.parent_id.user_id, vp], self._vip_gm_users,
            )
            rec.vp_user_id = rec._vip_first_reviewer([vp], self._vip_gm_users)
            rec.needs_vp = rec.access_grade in ("special", "level_1")

    def _vip_confirm_deadline(self, start):
        """R-ACC-02: confirm within N clock hours, or N working hours on the company calendar
        (company setting, default clock hours)."""
        self.ensure_one()
        company = self.company_id
        if company.vip_acc_confirm_clock == "working":
            return self._calendar().vip_working_hours_deadline(start, company.vip_acc_confirm_hours, company)
        return start + timedelta(hours=company.vip_acc_confirm_hours)

    def _compute_is_late_confirmation(self):
        self._vip_compute_flag("is_late_confirmation", self._late_domain())

    @api.model
    def _late_domain(self):
        return [("state", "=", "to_confirm"), ("confirm_due", "<", fields.Datetime.now())]

    def _search_is_late_confirmation(self, operator, value):
        return self._vip_bool_search(self._late_domain(), operator, value)

    def write(self, vals):
        # R-ACC-06: once confirmed, the areas of a visit can be narrowed, never widened.
        locked = self.filtered(lambda a: a.state not in ("draft", "to_confirm")) if "area_ids" in vals else self.browse()
        before = {rec.id: rec.area_ids for rec in locked}
        res = super().write(vals)
        widened = locked.filtered(lambda a: a.area_ids - before[a.id])
        if widened:
            raise ValidationError(self.env._(
                "The areas of a confirmed or approved visit cannot be widened (R-ACC-06): %s.",
                ", ".join(widened.mapped("name")),
            ))
        return res

    def action_submit(self):
        """R-ACC-01: at least N working days ahead; customer service then has N working hours
        to confirm or decline (R-ACC-02)."""
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only draft appointments can be submitted."))
            company = rec.company_id
            earliest = rec._calendar().vip_working_days_deadline(now, company.vip_acc_lead_days, company)
            if rec.date_start.date() < earliest.date():
                raise ValidationError(self.env._(
                    "Appointments are made at least %(days)s working day(s) ahead: the earliest visit day is %(day)s.",
                    days=company.vip_acc_lead_days, day=earliest.date(),
                ))
            vals = {
                "state": "to_confirm",
                "submit_date": now,
                "confirm_due": rec._vip_confirm_deadline(now),
            }
            premium = company.vip_premium_area_id
            if rec.access_grade == "special" and premium:
                # R-ACC-10: special-grade visitors get the premium room.
                vals.update(room_area_id=premium.id, area_ids=[fields.Command.link(premium.id)])
            rec._vip_action_write(vals)
        return True

    def action_confirm(self):
        """R-ACC-02: customer service confirms; approval starts (R-ACC-03)."""
        for rec in self:
            if rec.state != "to_confirm":
                raise UserError(self.env._("Only appointments waiting for confirmation can be confirmed."))
            rec._vip_action_write({
                "state": "to_approve", "confirmed_date": fields.Datetime.now(), "confirmed_by_id": self.env.uid,
            })
            rec.request_validation()
        return self._vip_next_step_action(self.env._("Confirmed"))

    def action_decline(self):
        """R-ACC-02: a decline gives a reason and offers another slot."""
        for rec in self:
            if rec.state not in ("to_confirm", "to_approve"):
                raise UserError(self.env._("This appointment can no longer be declined."))
            if not rec.decline_reason or not rec.proposed_start:
                raise UserError(self.env._("Give the reason and propose another slot before declining."))
            rec._vip_action_env().with_context(skip_validation_check=True).state = "declined"
            rec.message_post(body=self.env._(
                "Declined: %(reason)s. Proposed new start: %(slot)s.", reason=rec.decline_reason, slot=rec.proposed_start,
            ), partner_ids=rec.partner_id.ids)
        return True

    def validate_tier(self):
        """Issue 22 (R-ACC-03/05): an approval is refused while the customer or a registered
        visitor is on the watchlist; the hit is logged and security alerted (a result, not an
        error, so that the log row is kept)."""
        self.ensure_one()
        refusal = self.env["vip.watchlist"]._vip_check(list(self.partner_id) + list(self.visitor_ids), "approval",
                                                       appointment=self)
        if refusal:
            return self._vip_refusal_notification(refusal)
        return super().validate_tier()

    def _vip_refusal_notification(self, message):
        return {"type": "ir.actions.client", "tag": "display_notification", "params": {
            "title": self.env._("Refused"), "message": message, "type": "danger", "sticky": True,
        }}

    def _on_approved(self):
        """R-ACC-04: security and the host department are told; R-ACC-10: the host's calendar
        holds the visit from 15 minutes before."""
        self.ensure_one()
        guards = self.env.ref("vip_customer_care.group_vip_security").users.filtered(
            lambda u: self.company_id in u.company_ids
        )
        host_department = self.env["hr.department"].browse(self.host_department_id.ids)
        partners = guards.partner_id | host_department.manager_id.user_id.partner_id | self.host_user_id.partner_id
        self.message_subscribe(partner_ids=partners.ids)
        # The customer's name as the approver sees it on the appointment: like the web client
        # (web_read shows the display name of a record a document points to whatever the rules
        # on that record), and nothing else of the customer. The last approver may be a
        # department head who does not see the customer's file (R-PII-02).
        customer = self.partner_id.sudo().name
        self.message_post(
            body=self.env._("Visit of %(customer)s approved for %(start)s, host %(host)s.",
                            customer=customer, start=self.date_start, host=self.host_employee_id.name),
            partner_ids=partners.ids, subtype_xmlid="mail.mt_comment",
        )
        minutes = self.company_id.vip_acc_host_early_minutes
        if self.host_user_id:
            self._vip_action_env().host_event_id = self.env["calendar.event"].with_context(no_mail_to_attendees=True).create({
                "name": self.env._("Host %(customer)s (%(ref)s)", customer=customer, ref=self.name),
                "start": self.date_start - timedelta(minutes=minutes),
                "stop": self.date_end,
                "user_id": self.host_user_id.id,
                "partner_ids": [fields.Command.set(self.host_user_id.partner_id.ids)],
                "alarm_ids": [fields.Command.set(self.env.ref("calendar.alarm_notif_1").ids)],
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
            })

    def action_send_letter(self):
        """R-ACC-04: the confirmation letter (PDF) to the customer."""
        self.ensure_one()
        if self.state != "approved":
            raise UserError(self.env._("Only approved appointments get a confirmation letter."))
        return self._vip_composer_action("vip_customer_care.mail_template_vip_appointment_letter")

    def action_prefill_visitors(self):
        """R-ACC-05: one line per expected person, prefilled from the customer."""
        for rec in self:
            missing = rec.visitor_count - len(rec.visitor_ids)
            if missing <= 0:
                continue
            first = not rec.visitor_ids
            rec.visitor_ids = [fields.Command.create(rec._visitor_defaults(first and i == 0)) for i in range(missing)]
        return True

    def _vip_can_read_pii(self):
        return self.env["vip.visitor"]._vip_can_read_pii()

    def _visitor_defaults(self, is_customer):
        vals = {"purpose": self.purpose, "organisation": self.partner_id.commercial_partner_id.name}
        if is_customer:
            vals.update(partner_id=self.partner_id.id, name=self.partner_id.name, phone=self.partner_id.phone,
                        vip_id_type=self.partner_id.vip_id_type, is_vip=True)
            if self._vip_can_read_pii():
                vals["vip_id_number"] = self.partner_id.vip_id_number
        else:
            vals["name"] = self.env._("Companion")
        return vals

    def action_issue_passes(self):
        """R-ACC-06: one pass per registered visitor, for the appointment's window and areas."""
        refusals = []
        for rec in self:
            if rec.state != "approved":
                raise UserError(self.env._("Passes are issued for approved appointments only."))
            visitors = rec.visitor_ids.filtered(lambda v: not v.pass_ids.filtered(lambda p: p.state in ("issued", "checked_in")))
            if not visitors:
                raise UserError(self.env._("Register the visitors first; each has one valid pass at most."))
            # Issue 22 (R-ACC-06): nobody on the watchlist gets a pass; the hit is logged and
            # security alerted, the others get theirs.
            refusal, refused = self.env["vip.watchlist"]._vip_check_people(list(visitors), "pass", appointment=rec)
            if refusal:
                visitors = visitors.filtered(lambda v, refused=refused: v not in refused)
                refusals.append(refusal)
            self.env["vip.access.pass"]._vip_action_env().create([{
                "visitor_id": visitor.id, "date_from": rec.date_start, "date_to": rec.date_end,
                "area_ids": [fields.Command.set(rec.area_ids.ids)], "escort_employee_id": rec.escort_employee_id.id,
            } for visitor in visitors])
        if refusals:
            return self._vip_refusal_notification(" ".join(refusals))
        return True

    def action_done(self):
        if any(rec.state != "approved" for rec in self):
            raise UserError(self.env._("Only approved appointments can be closed."))
        if any(rec.pass_ids.filtered(lambda p: p.state == "checked_in") for rec in self):
            raise UserError(self.env._("Somebody of this visit is still on site."))
        self._vip_action_write({"state": "done"})
        return True

    def action_cancel(self):
        if any(rec.state in ("done", "cancelled") for rec in self):
            raise UserError(self.env._("Done or cancelled appointments cannot be cancelled."))
        self._vip_action_env().with_context(skip_validation_check=True).write({"state": "cancelled"})
        self.pass_ids.filtered(lambda p: p.state == "issued")._vip_revoke()
        return True
