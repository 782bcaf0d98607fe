# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class VipAccessPass(models.Model):
    """Temporary pass (臨時出入證), one per visitor (R-ACC-06): unguessable code, validity
    window and areas never wider than the appointment's; sensitive areas need a named escort."""

    _name = "vip.access.pass"
    _description = "Temporary pass"
    _inherit = ["vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _rec_name = "code"
    _check_company_auto = True

    # Issue 8 point 2: passes are issued, checked in/out, confirmed and revoked by actions.
    _vip_workflow_fields = (
        "code", "visitor_id", "date_from", "date_to", "area_ids", "state", "current_area_id", "checked_in_date",
        "checked_out_date", "host_confirmed", "overstay_alerted",
        # Stored related fields: written directly they would only change this copy (and the host).
        "appointment_id", "company_id", "host_employee_id",
    )
    # R-ACC-06: guards may narrow the areas of a pass (never widen them, see write()).
    _vip_workflow_field_groups = {"area_ids": "vip_customer_care.group_vip_security"}
    _vip_retention = True

    code = fields.Char(required=True, readonly=True, copy=False, index=True,
                       default=lambda self: self._new_code())
    visitor_id = fields.Many2one("vip.visitor", required=True, ondelete="restrict", check_company=True, index=True)
    appointment_id = fields.Many2one(related="visitor_id.appointment_id", store=True, index=True)
    company_id = fields.Many2one(related="visitor_id.company_id", store=True)
    host_employee_id = fields.Many2one(related="appointment_id.host_employee_id", store=True, string="Host")
    date_from = fields.Datetime(string="Valid from", required=True, tracking=True)
    date_to = fields.Datetime(string="Valid until", required=True, tracking=True)
    area_ids = fields.Many2many("vip.access.area", string="Areas", required=True, check_company=True)
    escort_employee_id = fields.Many2one("hr.employee", string="Escort", check_company=True, tracking=True)
    state = fields.Selection(
        [("issued", "Issued"), ("checked_in", "Checked in"), ("returned", "Returned"),
         ("expired", "Expired"), ("revoked", "Revoked")],
        default="issued", required=True, tracking=True, index=True,
    )
    current_area_id = fields.Many2one("vip.access.area", string="Current area", readonly=True)
    checked_in_date = fields.Datetime(readonly=True)
    checked_out_date = fields.Datetime(readonly=True)
    host_confirmed = fields.Boolean(string="Host confirmed business done", readonly=True, tracking=True)
    overstay_alerted = fields.Boolean(readonly=True, copy=False)
    log_ids = fields.One2many("vip.access.log", "pass_id", string="Gate log")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Pass codes are unique."),
        ("window_ordered", "CHECK(date_to > date_from)", "A pass must end after it starts."),
    ]

    @api.model
    def _new_code(self):
        # 12 characters of a 32-symbol alphabet: 60 bits from the system's CSPRNG.
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))

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

    def write(self, vals):
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
        if access_pass.state in ("returned", "expired") or at > access_pass.date_to:
            return self.env._("Expired")
        if at < access_pass.date_from:
            return self.env._("Not yet valid")
        if area and area not in access_pass.area_ids:
            return self.env._("Wrong area: this pass does not open %s", area.name)
        return False

    def _check_can_host_confirm(self):
        for rec in self:
            if self.env.user != rec.host_employee_id.user_id and not self.env.user.has_group(
                "vip_customer_care.group_vip_officer"
            ):
                raise UserError(self.env._("Only the host confirms the end of the visit."))
            if rec.state != "checked_in":
                raise UserError(self.env._("The host confirms the end of a visit while the visitor is inside."))

    def action_host_confirm(self):
        """R-ACC-08: the host confirms the business is done."""
        self._check_can_host_confirm()
        self._vip_action_write({"host_confirmed": True})

    def action_revoke(self):
        self.filtered(lambda p: p.state in ("issued", "checked_in"))._vip_action_write({"state": "revoked"})

    @api.model
    def _cron_overstay(self):
        """R-ACC-08: a pass not returned by its end alerts security, once; unused passes expire."""
        now = fields.Datetime.now()
        self.search([("state", "=", "issued"), ("date_to", "<", now)])._vip_action_write({"state": "expired"})
        overdue = self.search([("state", "=", "checked_in"), ("date_to", "<", now), ("overstay_alerted", "=", False)])
        guards = self.env.ref("vip_customer_care.group_vip_security").users
        for rec in overdue:
            for guard in guards.filtered(lambda u: rec.company_id in u.company_ids):
                rec.activity_schedule(
                    "mail.mail_activity_data_warning",
                    summary=self.env._("Pass not returned"),
                    note=self.env._("%(visitor)s is still on site; the pass ended %(end)s.",
                                    visitor=rec.visitor_id.name, end=rec.date_to),
                    user_id=guard.id,
                )
        overdue._vip_action_write({"overstay_alerted": True})
