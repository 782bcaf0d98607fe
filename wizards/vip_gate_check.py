# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class VipGateCheck(models.TransientModel):
    """The guard's screen (R-ACC-05..08): scan or type a code, see allowed or denied with the
    reason, record belongings and vehicle, check in or out."""

    _name = "vip.gate.check"
    _description = "Gate check"

    code = fields.Char(string="Pass code")
    gate_id = fields.Many2one("vip.access.gate", required=True, default=lambda self: self._default_gate())
    area_id = fields.Many2one("vip.access.area", string="Entering area")
    # Issue 22: set when the visitor checks in at a self check-in kiosk (vip.gate.kiosk): the
    # same checks run, the gate log and the pass record the kiosk, the host is notified.
    kiosk_id = fields.Many2one("vip.gate.kiosk", readonly=True)
    pass_id = fields.Many2one("vip.access.pass", compute="_compute_verdict")
    visitor_name = fields.Char(related="pass_id.visitor_id.name")
    host_employee_id = fields.Many2one(related="pass_id.host_employee_id")
    escort_employee_id = fields.Many2one(related="pass_id.escort_employee_id")
    pass_state = fields.Selection(related="pass_id.state")
    host_confirmed = fields.Boolean(related="pass_id.host_confirmed")
    verdict = fields.Char(compute="_compute_verdict")
    allowed = fields.Boolean(compute="_compute_verdict")
    is_inside = fields.Boolean(
        compute="_compute_verdict",
        help="The scanned pass is on site: the screen offers the check-out (issue 23).",
    )
    # Issue 22: the area's visitor agreement, accepted and signed on this screen.
    agreement_text = fields.Html(related="area_id.agreement_text")
    has_agreement = fields.Boolean(related="area_id.has_agreement")
    agreement_accepted = fields.Boolean(string="Visitor accepts the agreement")
    agreement_signature = fields.Binary(string="Visitor's signature")
    belongings_checked = fields.Boolean()
    belongings_notes = fields.Char()
    vehicle_plate = fields.Char()
    vehicle_checked = fields.Boolean()
    # Scanning the pass of a visitor on site means the guard holds it: handed back by default
    # (gate exit in one scan); the guard unticks it when the visitor keeps it.
    pass_returned = fields.Boolean(
        string="Pass handed back", compute="_compute_pass_returned", store=True, readonly=False,
    )

    @api.model
    def _default_gate(self):
        # The company's first gate, whatever the language sorts first by name (a gate named
        # "3楼工坊入口" would come before "北门" in Chinese); the screen then keeps the gate the
        # guard works at from one scan to the next (``default_gate_id``).
        return self.env["vip.access.gate"].search(
            [("company_id", "in", self.env.companies.ids)], order="id", limit=1,
        )

    @api.depends("gate_id")
    def _compute_display_name(self):
        # The screen's title and breadcrumb: the gate, not "vip.gate.check,42".
        for wizard in self:
            wizard.display_name = (
                self.env._("Gate: %s", wizard.gate_id.name) if wizard.gate_id else self.env._("Gate")
            )

    @api.onchange("gate_id")
    def _onchange_gate_id(self):
        self.area_id = self.gate_id.area_id

    def _normalized_code(self):
        return (self.code or "").strip().upper()

    @api.depends("code", "area_id")
    def _compute_verdict(self):
        Pass = self.env["vip.access.pass"]
        now = fields.Datetime.now()
        for wizard in self:
            code = wizard._normalized_code()
            domain = [("code", "=", code)]
            if wizard.kiosk_id:
                # A kiosk knows its gate's company only (it runs without a user's companies).
                domain.append(("company_id", "=", wizard.gate_id.company_id.id))
            access_pass = Pass.search(domain, limit=1) if code else Pass
            wizard.pass_id = access_pass
            wizard.is_inside = bool(access_pass) and access_pass.state == "checked_in"
            if not code:
                wizard.verdict, wizard.allowed = False, False
                continue
            if wizard.is_inside:
                # Not a denial: the visitor is leaving (issue 23).
                wizard.allowed = False
                wizard.verdict = (
                    self.env._("Inside since %s: check out", fields.Datetime.context_timestamp(
                        self, access_pass.checked_in_date).strftime("%H:%M"))
                    if access_pass.checked_in_date else self.env._("Inside: check out")
                )
                if not access_pass.host_confirmed:
                    wizard.verdict += " " + self.env._("(waiting for the host's confirmation)")
                continue
            reason = Pass._deny_reason(access_pass, wizard.area_id, now)
            if not reason and wizard._watchlist_hits():
                reason = self.env._("on the watchlist: call security")
            wizard.allowed = not reason
            wizard.verdict = self.env._("Denied: %s", reason) if reason else self.env._("Allowed")

    def _watchlist_hits(self):
        """Issue 22 (R-ACC-05): whether the pass holder is on the watchlist (nothing logged)."""
        return bool(self.pass_id) and bool(self.env["vip.watchlist"]._vip_find(list(self.pass_id.visitor_id)))

    @api.depends("code")
    def _compute_pass_returned(self):
        for wizard in self:
            wizard.pass_returned = wizard.is_inside

    def action_request_host_confirmation(self):
        """Issue 23 (R-ACC-08): ask the host from the gate; the screen stays on this pass."""
        self.ensure_one()
        self.pass_id.action_request_host_confirmation()
        return self._result(self.env._("Host asked"), self.env._(
            "%(host)s was asked to confirm that %(visitor)s's business is done.",
            host=self.host_employee_id.name, visitor=self.visitor_name,
        ), "info", next_scan=False)

    def _log(self, event, **vals):
        # The one place that writes the gate log (append-only, see vip.access.log).
        return self.env["vip.access.log"]._vip_action_env().create({
            "pass_id": self.pass_id.id, "code": self._normalized_code(), "event": event, "gate_id": self.gate_id.id,
            "area_id": self.area_id.id, "company_id": (self.pass_id.company_id or self.gate_id.company_id).id,
            "kiosk_id": self.kiosk_id.id,
            **vals,
        })

    def _vip_watchlist_stage(self):
        """Issue 22: where a watchlist hit of this screen is logged (``vip.watchlist.hit.stage``):
        "kiosk" when the visitor checks in alone at a self check-in kiosk, "gate" on the guard's
        screen. The check itself is the same (``_vip_check_in``)."""
        return "kiosk" if self.kiosk_id else "gate"

    def action_check_in(self):
        """R-ACC-06/07: entry only with a valid pass for the area and a recorded check.

        A denial is a result, not an error: it is logged and shown, and the log row is kept
        (an exception would roll it back with the rest of the transaction)."""
        self.ensure_one()
        outcome = self._vip_check_in()
        return self._result(outcome["title"], outcome["message"], "success" if outcome["ok"] else "danger")

    def _vip_check_in(self):
        """The check-in of the guard's screen and of the kiosk (issue 22), in one place.

        Returns ``{"ok": bool, "title": str, "message": str, "watchlist": bool}``: a denial is
        logged and returned (``watchlist`` when the holder is on the watchlist: the hit is logged
        with this screen's stage and security alerted; the kiosk then shows the visitor a neutral
        message, the guard reads the refusal). Missing input (code, area, belongings, agreement)
        raises a translated UserError before anything is written."""
        self.ensure_one()
        if not self._normalized_code():
            raise UserError(self.env._("Scan or type a pass code."))
        now = fields.Datetime.now()
        if not self.allowed:
            reason = self.env["vip.access.pass"]._deny_reason(self.pass_id, self.area_id, now)
            if not reason and self.pass_id:
                # Issue 22 (R-ACC-05): the hit is logged and security alerted.
                refusal = self.env["vip.watchlist"]._vip_check(
                    list(self.pass_id.visitor_id), self._vip_watchlist_stage(), access_pass=self.pass_id,
                    gate=self.gate_id,
                )
                if refusal:
                    self._log("denied", date=now, reason=self.env._("Watchlist"))
                    return {"ok": False, "title": self.env._("Entry denied"), "message": refusal, "watchlist": True}
            self._log("denied", date=now, reason=reason)
            return {"ok": False, "title": self.env._("Entry denied"), "message": self.verdict, "watchlist": False}
        if not self.area_id:
            raise UserError(self.env._("Choose the area the visitor enters."))
        if not self.belongings_checked or (self.vehicle_plate and not self.vehicle_checked):
            raise UserError(self.env._("Record the belongings check (and the vehicle check) first (R-ACC-07)."))
        agreement = self.area_id._vip_agreement_acceptance(self.agreement_accepted, self.agreement_signature)
        self._log("check_in", date=now, belongings_checked=True, belongings_notes=self.belongings_notes,
                  vehicle_plate=self.vehicle_plate, vehicle_checked=self.vehicle_checked, **agreement)
        self.pass_id._vip_action_write({"state": "checked_in", "checked_in_date": now, "current_area_id": self.area_id.id,
                                        "kiosk_id": self.kiosk_id.id})
        if self.kiosk_id:
            # Issue 22: nobody at the gate greets a kiosk visitor: the host is told at once.
            self.pass_id._vip_notify_host_arrival(self.kiosk_id)
        return {"ok": True, "title": self.env._("Checked in"), "watchlist": False, "message": self.env._(
            "%(visitor)s checked in at %(gate)s into %(area)s.",
            visitor=self.visitor_name, gate=self.gate_id.name, area=self.area_id.name,
        )}

    def action_check_out(self):
        """R-ACC-08: exit needs the host's confirmation and the returned pass."""
        self.ensure_one()
        access_pass = self.pass_id
        if not access_pass or access_pass.state != "checked_in":
            raise UserError(self.env._("This pass is not checked in."))
        if not access_pass.host_confirmed:
            raise UserError(self.env._("The host has not confirmed that the business is done."))
        if not self.pass_returned:
            raise UserError(self.env._("Collect the pass before letting the visitor out."))
        now = fields.Datetime.now()
        self._log("check_out", date=now)
        access_pass._vip_action_write({"state": "returned", "checked_out_date": now, "current_area_id": False})
        return self._result(self.env._("Checked out, pass returned"), self.env._(
            "%(visitor)s checked out at %(gate)s; pass %(code)s returned.",
            visitor=self.visitor_name, gate=self.gate_id.name, code=access_pass.code,
        ), "success")

    def _result(self, title, message, kind, next_scan=True):
        """Show the outcome as a notification, then a fresh screen for the next scan (or the
        same screen, to go on with this pass)."""
        params = {"title": title, "message": message, "type": kind, "sticky": False}
        if next_scan:
            params["next"] = self._next_scan()
        return {"type": "ir.actions.client", "tag": "display_notification", "params": params}

    def _next_scan(self):
        return {
            "type": "ir.actions.act_window", "name": self.env._("Gate"), "res_model": self._name,
            "view_mode": "form", "views": [(False, "form")],
            # "main" replaces the breadcrumb instead of stacking one entry per scan.
            "target": "main",
            "context": {"default_gate_id": self.gate_id.id, "default_area_id": self.area_id.id},
        }
