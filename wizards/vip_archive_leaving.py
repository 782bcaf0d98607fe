# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

INTRO_ACTIVITY = "vip_customer_care.mail_act_vip_archive_introduction"
# Issue 19: the leaver's follower entries on these records go (R-PII-05).
CUSTOMER_MODELS = (
    "res.partner", "vip.customer.archive", "vip.reception", "vip.visit.appointment", "vip.archive.loan",
    "helpdesk.ticket",
)
# Rights an operator must hold to archive an account that holds them (issue 18).
PRIVILEGED_GROUPS = ("base.group_system", "base.group_erp_manager", "vip_customer_care.group_vip_gm")


class VipArchiveLeaving(models.TransientModel):
    """R-ARC-07 / R-PII-05: in one step, a leaving employee's customers, archives, open
    receptions and activities go to a named replacement; each archive gets a note, each customer
    a drafted introduction e-mail (an activity of the replacement holding the draft in the
    customer's language), and the leaving account keeps nothing: followers removed, account
    archived, its roles removed.

    Issue 19: every role that opens a customer's records moves too: on open receptions the
    requester, the lead person, the staff lines and the schedule's staff (the replacement's
    employee of the reception's company takes the line, role kept); the host of open visit
    appointments; the responsible person of open complaints and the owner of their open
    actions. Open archive loans go to the replacement: files already issued to the leaver are
    theirs to return, and the keeper gets an activity to check them back; a slip not yet issued
    returns to draft (its approval was given for the leaver, kept as history), for the
    replacement to submit in their own name if they need the files. With the roles moved, the record
    rules open none of those records to the leaver, even while their account stays active.
    What they authored themselves (closed receptions, appointments they booked) stays theirs
    as history: an archived leaver's account therefore also loses its roles (a bare internal
    user), and reads none of it either."""

    _name = "vip.archive.leaving"
    _description = "Leaving employee handover"

    leaving_user_id = fields.Many2one("res.users", string="Leaving employee", required=True,
                                      domain="[('share', '=', False)]")
    replacement_user_id = fields.Many2one("res.users", string="Replacement", required=True,
                                          domain="[('share', '=', False), ('id', '!=', leaving_user_id)]")
    deactivate_user = fields.Boolean(string="Archive the leaving account", default=True)
    note = fields.Text(string="Handover note")

    @api.model
    def _vip_open_reception_domain(self, user):
        return [("user_id", "=", user.id), ("state", "not in", ("done", "cancelled"))]

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("vip_customer_care.group_vip_manager"):
            raise AccessError(self.env._("Only VIP managers hand over a leaving employee's customers."))
        old, new = self.leaving_user_id, self.replacement_user_id
        if old == new:
            raise UserError(self.env._("The replacement must be another employee."))
        if new.share or not new.active:
            raise UserError(self.env._("The replacement must be an active employee."))
        if self.deactivate_user:
            self._vip_check_can_archive(old)
        # The one place where the handover acts as the system: the records belong to another
        # user (their approval routes are frozen, their activities are on others' lists); the
        # caller was checked to be a manager above, and every change is posted on the records.
        # Issue 18: as an action of the workflow (a plain sudo() is no longer one).
        env = self.env["vip.customer.archive"].sudo()._vip_action_env().env
        ctx_env = env(context=dict(env.context, active_test=False))
        Partner, Archive = ctx_env["res.partner"], ctx_env["vip.customer.archive"]
        partners = Partner.search(["|", ("user_id", "=", old.id), ("vip_agent_id", "=", old.id)])
        partners.filtered(lambda p: p.user_id == old).write({"user_id": new.id})
        partners.filtered(lambda p: p.vip_agent_id == old).write({"vip_agent_id": new.id})
        archives = Archive.search(["|", "|", ("user_id", "=", old.id), ("responsible_user_ids", "in", old.id),
                                   ("keeper_id", "=", old.id)])
        for archive in archives:
            vals = {"responsible_user_ids": [fields.Command.unlink(old.id), fields.Command.link(new.id)]}
            if archive.user_id == old:
                vals["user_id"] = new.id
            if archive.keeper_id == old:
                vals["keeper_id"] = new.id
            archive.write(vals)
            archive.message_post(body=self.env._(
                "%(old)s left: customer and archive taken over by %(new)s (R-ARC-07).%(note)s",
                old=old.name, new=new.name, note=(" " + self.note) if self.note else "",
            ), subtype_xmlid="mail.mt_note")
        # Under approval too: the routes were decided with the leaver's roles, only who carries
        # them changes (base_tier_validation would refuse the fields under validation).
        work = ctx_env(context=dict(ctx_env.context, skip_validation_check=True))
        receptions = work["vip.reception"].search(self._vip_open_reception_domain(old))
        receptions.write({"user_id": new.id})
        for reception in receptions:
            reception.message_post(body=self.env._("Requester %(old)s left; taken over by %(new)s.",
                                                   old=old.name, new=new.name))
        self._vip_move_reception_roles(work, old, new)
        self._vip_move_hosted_appointments(work, old, new)
        self._vip_move_loans(work, old, new)
        self._vip_move_complaints(work, old, new)
        activities = env["mail.activity"].search([("user_id", "=", old.id)])
        activities.write({"user_id": new.id})
        customers = partners | archives.partner_id
        self._vip_draft_introductions(customers.sudo())
        # Nothing about customers stays readable to the leaving account (R-PII-05): no
        # follower entry on a customer's records, whichever.
        env["mail.followers"].search([
            ("res_model", "in", CUSTOMER_MODELS), ("partner_id", "=", old.partner_id.id),
        ]).unlink()
        if self.deactivate_user:
            self._vip_remove_customer_roles(old)
            old.sudo().active = False
        return {
            "type": "ir.actions.act_window", "res_model": "vip.customer.archive", "view_mode": "list,form",
            "name": self.env._("Archives taken over"), "domain": [("id", "in", archives.ids)],
        }

    # ------------------------------------------------------------------ roles (issue 19)
    @api.model
    def _vip_employee_of(self, env, user, company):
        """``user``'s active employee in ``company`` (staff lines and hosts are employees)."""
        return env["hr.employee"].search([("user_id", "=", user.id), ("company_id", "=", company.id),
                                          ("active", "=", True)], limit=1)

    @api.model
    def _vip_move_events(self, events, old, new):
        """The calendar entries follow: the replacement attends (and organises) instead."""
        for event in events.with_context(no_mail_to_attendees=True):
            vals = {}
            if old.partner_id in event.partner_ids:
                vals["partner_ids"] = [fields.Command.unlink(old.partner_id.id), fields.Command.link(new.partner_id.id)]
            if event.user_id == old:
                vals["user_id"] = new.id
            if vals:
                event.write(vals)

    def _vip_no_employee_message(self, record, company):
        return self.env._(
            "%(old)s has a role on %(record)s, which %(new)s cannot take: %(new)s has no employee record in "
            "%(company)s. Create it (or change that role first), then hand over again.",
            old=self.leaving_user_id.name, record=record.display_name, new=self.replacement_user_id.name,
            company=company.name,
        )

    def _vip_move_reception_roles(self, env, old, new):
        """Open receptions the leaver leads or staffs (R-REC-01/02): the lead person, the staff
        lines (the replacement's employee of the reception's company takes the line, same
        role) and the schedule's staff."""
        Reception = env["vip.reception"]
        open_states = [("state", "not in", ("done", "cancelled"))]
        old_employees = env["hr.employee"].search([("user_id", "=", old.id)])
        led = Reception.search([("lead_user_id", "=", old.id), *open_states])
        led.write({"lead_user_id": new.id})
        staff = env["vip.reception.staff"].search([
            ("employee_id", "in", old_employees.ids), ("reception_id", "any", open_states),
        ])
        notes = {}
        for line in staff:
            employee = self._vip_employee_of(env, new, line.reception_id.company_id)
            if not employee:
                raise UserError(self._vip_no_employee_message(line.reception_id, line.reception_id.company_id))
            role = dict(line._fields["role"]._description_selection(self.env)).get(line.role, line.role)
            line.write({"employee_id": employee.id})
            notes.setdefault(line.reception_id, []).append(self.env._("%(role)s: %(new)s", role=role, new=employee.name))
        schedule = env["vip.reception.schedule"].search([
            ("staff_user_ids", "in", old.id), ("reception_id", "any", open_states),
        ])
        schedule.write({"staff_user_ids": [fields.Command.unlink(old.id), fields.Command.link(new.id)]})
        receptions = led | staff.reception_id | schedule.reception_id
        self._vip_move_events(
            env["calendar.event"].search([("res_model", "=", "vip.reception"), ("res_id", "in", receptions.ids)]),
            old, new,
        )
        for reception in receptions:
            lines = ([self.env._("lead person: %s", new.name)] if reception in led else []) + notes.get(reception, [])
            if reception in schedule.reception_id:
                lines.append(self.env._("schedule staff: %s", new.name))
            reception.message_post(body=self.env._(
                "%(old)s left; their roles were taken over (R-ARC-07): %(changes)s.",
                old=old.name, changes="; ".join(lines),
            ))
        return receptions

    def _vip_move_hosted_appointments(self, env, old, new):
        """Open visit appointments the leaver hosts get the replacement's employee of the
        appointment's company as host (with the host's calendar entry)."""
        appointments = env["vip.visit.appointment"].search([
            ("host_user_id", "=", old.id), ("state", "not in", ("declined", "done", "cancelled")),
        ])
        for appointment in appointments:
            employee = self._vip_employee_of(env, new, appointment.company_id)
            if not employee:
                raise UserError(self._vip_no_employee_message(appointment, appointment.company_id))
            appointment.write({"host_employee_id": employee.id})
            self._vip_move_events(appointment.host_event_id, old, new)
            appointment.message_post(body=self.env._(
                "Host %(old)s left; %(new)s hosts the visit instead (R-ARC-07).", old=old.name, new=employee.name,
            ))
        return appointments

    def _vip_move_loans(self, env, old, new):
        """R-ARC-06/07: the open loan slips of the leaver go to the replacement. Files already
        issued: the replacement answers for their return and the keeper gets an activity to
        check them back. A slip not issued yet returns to draft (its approval was given for the
        leaver, kept as history): the replacement gets an activity to submit it again in their
        name if they need the files, or to cancel it."""
        loans = env["vip.archive.loan"].search([
            ("borrower_id", "=", old.id), ("state", "in", ("draft", "to_approve", "approved", "issued")),
        ])
        issued = loans.filtered(lambda loan: loan.state == "issued")
        for loan in issued:
            loan.write({"borrower_id": new.id})
            note = _lt(
                "%(old)s left with the files of this loan: %(new)s answers for their return by %(date)s "
                "(R-ARC-06/07). Check them back with %(new)s.",
                old=old.name, new=new.name, date=loan.return_date,
            )
            loan.message_post(body=env["mail.activity"]._vip_text(note))
            for keeper in loan._vip_keepers():
                loan.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=keeper.id, note=note,
                    summary=_lt("Files lent to %s, who left", old.name),
                )
        for loan in loans - issued:
            loan.write({"borrower_id": new.id, "state": "draft"})
            note = _lt(
                "%(old)s left before the files were issued: the slip is now %(new)s's, back to draft "
                "(R-ARC-07). Submit it again if you need the files, or cancel it.", old=old.name, new=new.name,
            )
            loan.message_post(body=env["mail.activity"]._vip_text(note))
            loan.activity_schedule(
                "mail.mail_activity_data_todo", user_id=new.id, note=note,
                summary=_lt("Loan slip of %s, who left", old.name),
            )
        return loans

    def _vip_move_complaints(self, env, old, new):
        """Open complaints the leaver is responsible for, and the open corrective or
        preventive actions they own (R-CMP-04/07), go to the replacement."""
        tickets = env["helpdesk.ticket"].search([("user_id", "=", old.id), ("stage_id.closed", "=", False)])
        tickets.write({"user_id": new.id})
        actions = env["vip.complaint.action"].search([("owner_id", "=", old.id), ("done_date", "=", False)])
        actions.write({"owner_id": new.id})
        for ticket in tickets | actions.ticket_id:
            ticket.message_post(body=self.env._(
                "%(old)s left; %(new)s takes over their part of this complaint (R-ARC-07).", old=old.name, new=new.name,
            ), subtype_xmlid="mail.mt_note")
        return tickets | actions.ticket_id

    def _vip_remove_customer_roles(self, user):
        """R-PII-05: an archived leaver keeps no role: their account is a bare internal user
        (VIP Care, helpdesk, accounting, survey roles all read customers); who did what stays
        on the records, and an administrator who reactivates the account gives its roles
        again."""
        user.sudo().write({"groups_id": [fields.Command.set(self.env.ref("base.group_user").ids)]})

    def _vip_check_can_archive(self, user):
        """Issue 18 (R-SEC-01): the handover archives only an account with no more rights than
        the operator: never an administrator or a settings user (unless the operator is one),
        nor a holder of a VIP group above the operator's (the GM)."""
        operator = self.env.user
        higher = self.env["res.groups"]
        for xmlid in PRIVILEGED_GROUPS:
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group and user.has_group(xmlid) and not operator.has_group(xmlid):
                higher |= group
        if user._is_superuser() or higher:
            raise AccessError(self.env._(
                "%(user)s holds rights you do not have (%(groups)s): their account is archived by "
                "an administrator. Untick 'Archive the leaving account' to hand over the customers only.",
                user=user.name, groups=", ".join(higher.mapped("full_name")) or self.env._("superuser"),
            ))

    def _vip_draft_introductions(self, customers):
        """The introduction e-mail to each customer, drafted in the customer's language, on an
        activity of the replacement (who reviews and sends it)."""
        new = self.replacement_user_id
        for partner in customers:
            lang = partner.lang or self.env.lang
            body = self.with_context(lang=lang).env._(
                "Dear %(customer)s, %(old)s has left our company. From today %(new)s is your contact "
                "person (%(email)s, %(phone)s) and will be glad to continue serving you.",
                customer=partner.name, old=self.leaving_user_id.name, new=new.name,
                email=new.email or "", phone=new.phone or "",
            )
            partner.activity_schedule(
                INTRO_ACTIVITY, user_id=new.id,
                summary=_lt("Introduce yourself to %s", partner.name),
                note=Markup("<p>%s</p>") % body,
            )
