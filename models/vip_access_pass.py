# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .vip_watchlist import check_not_watchlisted

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
VALID_STATES = ("issued", "checked_in")
# A pass in one of these states is finished for good: it is never revived, a new one is issued.
FINAL_STATES = ("returned", "expired", "revoked")


class VipAccessPass(models.Model):
    """Temporary pass (臨時出入證), one per visitor (R-ACC-06): unguessable code, validity
    window and areas never wider than the appointment's; sensitive areas need a named escort."""

    _name = "vip.access.pass"
    _description = "Temporary pass"
    _inherit = ["vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _rec_name = "code"
    _check_company_auto = True

    # Written only by the gate screen and the buttons below (vip.guard.mixin). Validity and
    # areas are checked against the appointment (see _check_within_appointment and write).
    _vip_workflow_fields = (
        "code", "state", "current_area_id", "checked_in_date", "checked_out_date", "host_confirmed",
        "overstay_alerted", "kiosk_id",
        # Stored related fields: written directly they would only change this copy (and the host).
        "appointment_id", "company_id", "host_employee_id",
    )
    _vip_retention = True  # R-PII-06
    # Issue 18: no draft, a pass is issued at once. While valid, security may still narrow the
    # areas, name the escort and adjust the validity inside the appointment (not its start once
    # the visitor is in); a finished pass never changes (a new pass is issued).
    _vip_editable_fields = {
        "issued": ("date_from", "date_to", "area_ids", "escort_employee_id"),
        "checked_in": ("date_to", "area_ids", "escort_employee_id"),
        "returned": (), "expired": (), "revoked": (),
    }

    code = fields.Char(required=True, readonly=True, copy=False, index=True,
                       default=lambda self: self._new_code())
    visitor_id = fields.Many2one("vip.visitor", required=True, ondelete="restrict", check_company=True, index=True)
    appointment_id = fields.Many2one(related="visitor_id.appointment_id", store=True, index=True)
    company_id = fields.Many2one(related="visitor_id.company_id", store=True)
    host_employee_id = fields.Many2one(related="appointment_id.host_employee_id", store=True, string="Host")
    host_user_id = fields.Many2one(related="host_employee_id.user_id", string="Host user")
    date_from = fields.Datetime(string="Valid from", required=True, tracking=True)
    date_to = fields.Datetime(string="Valid until", required=True, tracking=True)
    area_ids = fields.Many2many("vip.access.area", string="Areas", required=True, check_company=True)
    escort_employee_id = fields.Many2one("hr.employee", string="Escort", check_company=True, tracking=True)
    state = fields.Selection(
        [("issued", "Issued"), ("checked_in", "Checked in"), ("returned", "Returned"),
         ("expired", "Expired"), ("revoked", "Revoked")],
        default="issued", required=True, tracking=True, index=True, copy=False,
        group_expand=True,  # kanban columns in workflow order (issue 9.5)
    )
    current_area_id = fields.Many2one("vip.access.area", string="Current area", readonly=True, copy=False)
    checked_in_date = fields.Datetime(readonly=True, copy=False)
    checked_out_date = fields.Datetime(readonly=True, copy=False)
    host_confirmed = fields.Boolean(string="Host confirmed business done", readonly=True, tracking=True, copy=False)
    overstay_alerted = fields.Boolean(readonly=True, copy=False)
    log_ids = fields.One2many("vip.access.log", "pass_id", string="Gate log")
    # Issue 22: checked in by the visitor at a self check-in kiosk (shown on the On-site list).
    kiosk_id = fields.Many2one("vip.gate.kiosk", string="Via kiosk", readonly=True, copy=False)
    active = fields.Boolean(default=True)
    is_overstaying = fields.Boolean(
        string="Overstaying", compute="_compute_is_overstaying", search="_search_is_overstaying",
        help="On site after the end of the pass (R-ACC-08).",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Pass codes are unique."),
        ("window_ordered", "CHECK(date_to > date_from)", "A pass must end after it starts."),
    ]

    @api.model
    def _overstay_domain(self):
        return [("state", "=", "checked_in"), ("date_to", "<", fields.Datetime.now())]

    def _compute_is_overstaying(self):
        self._vip_compute_flag("is_overstaying", self._overstay_domain())

    def _search_is_overstaying(self, operator, value):
        return self._vip_bool_search(self._overstay_domain(), operator, value)

    def action_request_host_confirmation(self):
        """R-ACC-08 (issue 23): the guard asks the host, from the gate, to confirm that the
        visitor's business is done: a to-do for the host (once per pass) and a note on the pass."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for rec in self:
            if rec.state != "checked_in" or rec.host_confirmed:
                raise UserError(self.env._("Only a visitor on site waiting for the host's confirmation can be asked for."))
            if not rec.host_user_id:
                raise UserError(self.env._(
                    "The host %s has no user to notify: call them.", rec.host_employee_id.name or "",
                ))
            pending = rec.activity_ids.filtered(
                lambda a, rec=rec: a.activity_type_id == activity_type and a.user_id == rec.host_user_id)
            if not pending:
                rec.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=rec.host_user_id.id,
                    summary=_lt("Confirm the end of the visit"),
                    note=_lt(
                        "%(visitor)s is at the gate (%(gate_user)s asks): open the pass and press "
                        "“Host: business done” when the business is done.",
                        visitor=rec.visitor_id.name, gate_user=self.env.user.name,
                    ),
                )
            rec.message_post(
                body=self.env._("%(guard)s asked %(host)s to confirm the end of the visit.",
                                guard=self.env.user.name, host=rec.host_user_id.name),
                partner_ids=rec.host_user_id.partner_id.ids, subtype_xmlid="mail.mt_note",
            )
        return True

    def _vip_notify_host_arrival(self, kiosk):
        """Issue 22: a visitor checked in at a kiosk: the host gets a Discuss notification (a
        message on the pass addressed to them, in their inbox) and a to-do to meet the visitor."""
        odoobot = self.env.ref("base.partner_root")
        for rec in self.filtered("host_user_id"):
            host = rec.host_user_id
            # The message is for the host: in the host's language, not the kiosk page's.
            in_host_lang = rec.with_context(lang=host.lang or "en_US")
            in_host_lang.message_post(
                body=in_host_lang.env._(
                    "%(visitor)s checked in at the kiosk of %(gate)s and is waiting for you.",
                    visitor=rec.visitor_id.name, gate=kiosk.gate_id.with_context(lang=host.lang).name,
                ),
                author_id=odoobot.id, partner_ids=host.partner_id.ids,
                message_type="comment", subtype_xmlid="mail.mt_comment",
            )
            rec.activity_schedule(
                "mail.mail_activity_data_todo", user_id=host.id,
                summary=_lt("Your visitor has arrived"),
                note=_lt("%(visitor)s checked in at the kiosk of %(gate)s: meet them at the gate.",
                         visitor=rec.visitor_id.name, gate=kiosk.gate_id.name),
            )

    @api.model
    def _new_code(self):
        # 12 characters of a 32-symbol alphabet: 60 bits from the system's CSPRNG.
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))

    # ------------------------------------------------------------------ checks
    @api.constrains("area_ids", "date_from", "date_to", "escort_employee_id")
    def _check_within_appointment(self):
        for rec in self:
            appointment = rec.appointment_id
            wider = rec.area_ids - appointment.area_ids
            if wider:
                raise ValidationError(self.env._(
                    "A pass cannot open areas the appointment does not include: %s.", ", ".join(wider.mapped("name"))
                ))
            if rec.date_from < appointment.date_start or rec.date_to > appointment.date_end:
                raise ValidationError(self.env._("The pass validity must stay within the appointment's window."))
            if rec.area_ids.filtered("escort_required") and not rec.escort_employee_id:
                raise ValidationError(self.env._("Sensitive areas need a named escort on the pass (R-ACC-06)."))

    @api.constrains("visitor_id")
    def _check_one_valid_pass(self):
        """R-ACC-06: one valid pass per person and visit. Checked when a pass is created: its
        state only moves from valid to valid or to a final state, never back (see write)."""
        valid = self.filtered(lambda p: p.state in VALID_STATES)
        if not valid:
            return
        counts = dict(self._read_group(
            [("visitor_id", "in", valid.visitor_id.ids), ("state", "in", VALID_STATES)],
            ["visitor_id"], ["__count"],
        ))
        doubled = valid.visitor_id.filtered(lambda v: counts.get(v, 0) > 1)
        if doubled:
            raise ValidationError(self.env._(
                "%s already holds a valid pass for this visit: revoke it before issuing another one (R-ACC-06).",
                ", ".join(doubled.mapped("name")),
            ))

    def _check_issuable(self):
        """R-ACC-05/06: passes are issued for approved appointments, to registered persons with an
        identity document."""
        not_approved = self.appointment_id.filtered(lambda a: a.state != "approved")
        if not_approved:
            raise ValidationError(self.env._(
                "Passes are issued for approved appointments only (%s).", ", ".join(not_approved.mapped("name"))
            ))
        # Only whether a number is on file is needed here, not the number itself: the issuer
        # may be a user who cannot read identity numbers (R-PII-01).
        without_id = self.visitor_id.sudo().filtered(lambda v: not (v.vip_id_type and v.vip_id_number))
        if without_id:
            raise ValidationError(self.env._(
                "Register the identity document of %s before issuing a pass (R-ACC-05).",
                ", ".join(without_id.mapped("name")),
            ))
        # Issue 22 (R-ACC-06): a pass created directly is refused to a watchlisted person too.
        check_not_watchlisted(self.env, list(self.visitor_id))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        passes = super().create(vals_list)
        passes._check_issuable()
        return passes

    def write(self, vals):
        if "state" in vals:
            revived = self.filtered(lambda p: p.state in FINAL_STATES and p.state != vals["state"])
            if revived:
                # R-ACC-06: not even an administrator revives a pass; a new one is issued.
                raise UserError(self.env._(
                    "Pass %s is finished (returned, expired or revoked): its state can no longer be changed; "
                    "issue a new pass.",
                    ", ".join(revived.mapped("code")),
                ))
        if "visitor_id" in vals and any(rec.visitor_id.id != vals["visitor_id"] for rec in self):
            raise UserError(self.env._(
                "A pass belongs to one person: its visitor can no longer be changed; issue a new pass for "
                "somebody else."
            ))
        if "area_ids" in vals and not self.env.user.has_group("vip_customer_care.group_vip_officer"):
            # R-ACC-06: guards may narrow, never widen, the areas of a pass.
            before = {rec.id: rec.area_ids for rec in self}
            res = super().write(vals)
            for rec in self:
                if rec.area_ids - before[rec.id]:
                    raise ValidationError(self.env._("Guards may not widen the areas of a pass."))
            return res
        return super().write(vals)

    def _qr_data_uri(self):
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode("QR", self.code, width=200, height=200)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    @api.model
    def _deny_reason(self, access_pass, area, at):
        """Why ``access_pass`` may not enter ``area`` at ``at`` (translated), or False."""
        if not access_pass:
            return self.env._("Unknown pass")
        if access_pass.state == "revoked":
            return self.env._("Revoked")
        if access_pass.state == "checked_in":
            return self.env._("Already inside")
        if access_pass.state == "returned":
            return self.env._("Returned: the visit is over")
        if access_pass.state == "expired" or at > access_pass.date_to:
            return self.env._("Expired")
        if at < access_pass.date_from:
            return self.env._("Not yet valid")
        if area and area not in access_pass.area_ids & access_pass.appointment_id.area_ids:
            return self.env._("Wrong area: this pass does not open %s", area.name)
        return False

    # ------------------------------------------------------------------ actions
    def action_host_confirm(self):
        """R-ACC-08: the host, and only the host, confirms the business is done."""
        for rec in self:
            if rec.state != "checked_in":
                raise UserError(self.env._("Only a visitor on site can be confirmed as done."))
            if not rec.host_user_id or self.env.user != rec.host_user_id:
                raise UserError(self.env._("Only the host confirms the end of the visit."))
        self._vip_action_write({"host_confirmed": True})
        # The guard's request (if any) is answered.
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo") and a.user_id == self.env.user
        ).action_feedback(feedback=self.env._("Business done"))
        return True

    def action_revoke(self):
        """R-ACC-06: security withdraws a pass; it is never valid again."""
        if not (self.env.su or self.env.user.has_group("vip_customer_care.group_vip_security")):
            raise UserError(self.env._("Only security revokes passes."))
        self._vip_revoke()
        return True

    def _vip_revoke(self):
        """Revoke the valid passes among these (also used when an appointment is cancelled)."""
        self.filtered(lambda p: p.state in VALID_STATES)._vip_action_write({"state": "revoked"})

    def action_print_evacuation_list(self):
        """R-ACC-09: everyone on site, whatever rows are selected.

        A list header button (issue 23): the web client calls it with the selected passes, or
        with none (``display="always"``); the selection only starts the print."""
        on_site = self.browse().search([("state", "=", "checked_in")])
        if not on_site:
            raise UserError(self.env._("Nobody is on site."))
        return self.env.ref("vip_customer_care.action_report_vip_evacuation_list").report_action(on_site)

    def action_start_roll_call(self):
        """Issue 22 (R-ACC-09): from the on-site list, security starts the emergency roll call of
        everyone on site (or opens the one already running); the selection does not matter."""
        return self.env["vip.roll.call"].action_start()

    @api.model
    def _cron_overstay(self):
        """R-ACC-08: a pass not returned by its end alerts security, once; unused passes expire.

        Issue 14: only passes due (indexed state and end), one batch per run, the alerts in
        one activity ``create``; the scheduler commits and runs again while some remain."""
        now = fields.Datetime.now()
        Activity = self.env["mail.activity"]
        batch = Activity._vip_cron_batch_size()
        expired = self.search([("state", "=", "issued"), ("date_to", "<", now)], limit=batch)
        expired._vip_action_write({"state": "expired"})
        due = [("state", "=", "checked_in"), ("date_to", "<", now), ("overstay_alerted", "=", False)]
        overdue = self.search(due, limit=batch)
        Activity._vip_warn_security(overdue, _lt("Pass not returned"), lambda rec: _lt(
            "%(visitor)s is still on site; the pass ended %(end)s.", visitor=rec.visitor_id.name, end=rec.date_to,
        ))
        overdue._vip_action_write({"overstay_alerted": True})
        remaining = self.search_count(due) + self.search_count([("state", "=", "issued"), ("date_to", "<", now)])
        Activity._vip_notify_cron_progress(len(expired) + len(overdue), remaining)


class ReportVipEvacuationList(models.AbstractModel):
    """R-ACC-09: the evacuation list holds everyone on site, whichever passes were selected
    when printing (the selection only starts the print)."""

    _name = "report.vip_customer_care.report_vip_evacuation_list"
    _description = "Evacuation list"

    @api.model
    def _get_report_values(self, docids, data=None):
        on_site = self.env["vip.access.pass"].search([("state", "=", "checked_in")], order="current_area_id, checked_in_date")
        return {"doc_ids": on_site.ids, "doc_model": "vip.access.pass", "docs": on_site, "data": data}
