# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq

from .vip_guard_mixin import _WORKFLOW, vip_in_workflow

KIOSK_LANGS = ("zh_CN", "zh_TW", "en_US")


class VipGateKiosk(models.Model):
    """Issue 22: a self check-in kiosk at one gate (like Odoo Frontdesk's).

    The kiosk page (``/vip/kiosk/<token>``) is public: nobody is logged in at the kiosk, the
    secret token in its address is the only authorisation. The visitor scans the pass code of
    their confirmation letter or badge and the guard's own checks run (``vip.gate.check``:
    window, areas, identity on file at issuance, belongings declaration, R-ACC-05..07)."""

    _name = "vip.gate.kiosk"
    _description = "Self check-in kiosk"
    _inherit = ["mail.thread"]
    _order = "gate_id, id"
    _check_company_auto = True

    name = fields.Char(related="gate_id.name")
    gate_id = fields.Many2one("vip.access.gate", required=True, ondelete="cascade", check_company=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True, tracking=True)
    token = fields.Char(
        required=True, copy=False, readonly=True, index=True, groups="vip_customer_care.group_vip_security",
        default=lambda self: self._new_token(),
        help="Secret part of the kiosk's address. Regenerate it when a kiosk is lost: the old address stops working.",
    )
    kiosk_url = fields.Char(string="Kiosk address", compute="_compute_kiosk_url",
                            groups="vip_customer_care.group_vip_security")
    lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(), string="Language", default="zh_CN",
        help="Language of the kiosk page; the visitor may switch between Chinese and English on the page.",
    )
    scans_per_minute = fields.Integer(
        default=10, required=True,
        help="Scans accepted per minute on this kiosk; beyond, the kiosk refuses and the attempt is logged.",
    )
    last_used = fields.Datetime(readonly=True, copy=False)
    log_ids = fields.One2many("vip.access.log", "kiosk_id", string="Kiosk attempts")

    _sql_constraints = [
        ("token_unique", "unique(token)", "Kiosk tokens are unique."),
        ("scans_positive", "CHECK(scans_per_minute > 0)", "A kiosk accepts at least one scan per minute."),
    ]

    @api.model
    def _new_token(self):
        return secrets.token_urlsafe(32)

    @api.depends("token")
    def _compute_kiosk_url(self):
        base = self.get_base_url()
        for kiosk in self:
            kiosk.kiosk_url = f"{base}/vip/kiosk/{kiosk.token}" if kiosk.token else False

    @api.constrains("gate_id", "company_id")
    def _check_gate_company(self):
        for kiosk in self:
            if kiosk.gate_id.company_id != kiosk.company_id:
                raise ValidationError(self.env._("A kiosk belongs to the company of its gate."))

    def write(self, vals):
        # The secret is drawn by the system only (a typed token could be guessed) and the last
        # use is the kiosk's own record: neither is written by hand, not even through RPC.
        if {"token", "last_used"} & set(vals) and not vip_in_workflow(self.env):
            raise UserError(self.env._("A kiosk's address is regenerated with its button; it cannot be typed."))
        return super().write(vals)

    def action_regenerate_token(self):
        """Security replaces the secret: the previous kiosk address answers 404 from now on."""
        if not self.env.user.has_group("vip_customer_care.group_vip_security"):
            raise UserError(self.env._("Only security manages kiosks."))
        for kiosk in self:
            kiosk.with_context(vip_workflow=_WORKFLOW).token = self._new_token()
            kiosk.message_post(body=self.env._("Kiosk address regenerated: the previous one no longer works."))
        return True

    # ------------------------------------------------------------------ public kiosk
    @api.model
    def _vip_kiosk_sudo(self, token):
        """THE one place where the public kiosk page gains rights (sudo).

        Why: at a kiosk nobody is logged in (the request runs as the public user, who may read
        nothing), yet a check-in reads the pass and writes the gate log, the pass and the host's
        notification. The token is the authorisation: it opens this one active kiosk, hence one
        gate. Callers (``_vip_kiosk_page``, ``_vip_kiosk_scan``) return plain values - the gate's
        name and the verdict - never records, so nothing beyond the verdict leaves the server."""
        if not token or len(token) > 128:
            return self.browse()
        kiosk = self.sudo().with_context(active_test=True).search([("token", "=", token)], limit=1)
        if kiosk and kiosk.gate_id.active and consteq(kiosk.token, token):
            return kiosk
        return self.browse()

    @api.model
    def _vip_kiosk_page(self, token):
        """What the kiosk page shows before a scan, or None (the route answers 404)."""
        kiosk = self._vip_kiosk_sudo(token)
        if not kiosk:
            return None
        return {"gate": kiosk.gate_id.with_context(lang=self.env.lang).name, "lang": kiosk.lang}

    @api.model
    def _vip_kiosk_scan(self, token, code, belongings_declared, belongings_notes=""):
        """A visitor's scan at the kiosk: the guard's checks, then check-in. Returns None for a
        wrong or revoked token, else ``{"ok": bool, "title": str, "message": str}``.

        Every attempt is logged on the gate log with the kiosk (R-ACC-07, "via kiosk")."""
        kiosk = self._vip_kiosk_sudo(token)
        if not kiosk:
            return None
        lang = self.env.lang
        # Everything below runs in the kiosk's (sudo) environment, in the page's language.
        kiosk = kiosk.with_context(lang=lang)
        now = fields.Datetime.now()
        gate = kiosk.gate_id
        check = kiosk.env["vip.gate.check"].create({
            "code": (code or "")[:64], "gate_id": gate.id, "area_id": gate.area_id.id, "kiosk_id": kiosk.id,
            "belongings_checked": bool(belongings_declared), "belongings_notes": (belongings_notes or "")[:256],
        })
        kiosk.with_context(vip_workflow=_WORKFLOW).last_used = now
        recent = kiosk.env["vip.access.log"].search_count(
            [("kiosk_id", "=", kiosk.id), ("date", ">=", now - timedelta(minutes=1))])
        if recent >= kiosk.scans_per_minute:
            reason = self.env._("Too many scans at this kiosk: please wait a minute or ask the guard.")
            check._log("denied", date=now, reason=reason, pass_id=False)
            return {"ok": False, "title": self.env._("Please wait"), "message": reason}
        if not check._normalized_code():
            reason = self.env._("Scan or type a pass code.")
            check._log("denied", date=now, reason=reason)
            return {"ok": False, "title": self.env._("Entry denied"), "message": reason}
        if check.allowed and not check.belongings_checked:
            reason = self.env._("Declare your belongings before checking in (R-ACC-07).")
            check._log("denied", date=now, reason=reason)
            return {"ok": False, "title": self.env._("Entry denied"), "message": reason}
        result = check.action_check_in()["params"]
        if result["type"] != "success":
            return {"ok": False, "title": result["title"], "message": check.verdict}
        return {
            "ok": True, "title": result["title"],
            "message": self.env._("Welcome, %(visitor)s. Your host %(host)s has been notified.",
                                  visitor=check.visitor_name, host=check.host_employee_id.name or ""),
        }
