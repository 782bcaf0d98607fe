# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import io
import secrets
from datetime import timedelta

from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq

from .vip_guard_mixin import _WORKFLOW, vip_in_workflow

KIOSK_LANGS = ("zh_CN", "zh_TW", "en_US")
# Issue 22: the drawn signature of a visitor agreement posted by the kiosk page (a PNG data URL
# of the signature box, typically 5-40 kB): bounded before it is decoded.
SIGNATURE_PREFIX = "data:image/png;base64,"
SIGNATURE_MAX_CHARS = 256 * 1024
SIGNATURE_MAX_SIDE = 2000  # the box is 600 x 200
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


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
    def _vip_kiosk_signature(self, value):
        """Issue 22: the visitor's drawn signature as posted by the kiosk page (a PNG data URL,
        or bare base64), checked before anything uses it: at most ``SIGNATURE_MAX_CHARS``
        characters, base64 of a PNG image of bounded dimensions with something drawn on it.
        Returns the base64 PNG (bytes) to keep on the gate log, False when nothing was posted;
        anything else is refused with a translated message (never an error page)."""
        bad = self.env._("The signature could not be read: please clear the box and sign again.")
        if value and not isinstance(value, str):
            raise UserError(bad)
        value = (value or "").strip()
        if not value:
            return False
        if len(value) > SIGNATURE_MAX_CHARS:
            raise UserError(self.env._("The signature is too large: please clear the box and sign again."))
        if value.startswith("data:"):
            if not value.startswith(SIGNATURE_PREFIX):
                raise UserError(bad)
            value = value[len(SIGNATURE_PREFIX):]
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise UserError(bad) from None
        if not raw.startswith(PNG_MAGIC):
            raise UserError(bad)
        try:
            with Image.open(io.BytesIO(raw)) as image:
                if image.format != "PNG" or max(image.size) > SIGNATURE_MAX_SIDE:
                    raise UserError(bad)
                drawn = image.convert("RGBA").getchannel("A").getbbox()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise UserError(bad) from None
        if not drawn:
            raise UserError(self.env._("Please sign in the box before checking in."))
        return base64.b64encode(raw)

    @api.model
    def _vip_kiosk_scan(self, token, code, belongings_declared, belongings_notes="", agreement=None):
        """A visitor's scan at the kiosk: the guard's checks, then check-in. Returns None for a
        wrong or revoked token, else plain values for the page: ``{"ok": bool, "kind": str,
        "title": str, "message": str}``, plus, when the pass is valid and the gate's area has a
        visitor agreement, ``agreement`` (its text in the page's language, sanitised HTML) and
        what the page re-posts with the acceptance (``code``, ``belongings_notes``).

        ``agreement``: None for a first scan; on the agreement's re-post ``{"accepted": bool,
        "signature": str}`` (the drawn signature, a PNG data URL).

        Every attempt is logged on the gate log with the kiosk (R-ACC-07, "via kiosk"); the
        first scan of a valid pass for an area with an agreement only shows the agreement."""
        kiosk = self._vip_kiosk_sudo(token)
        if not kiosk:
            return None
        lang = self.env.lang
        # Everything below runs in the kiosk's (sudo) environment, in the page's language.
        kiosk = kiosk.with_context(lang=lang)
        now = fields.Datetime.now()
        gate = kiosk.gate_id
        belongings_notes = (belongings_notes or "")[:256]
        check = kiosk.env["vip.gate.check"].create({
            "code": (code or "")[:64], "gate_id": gate.id, "area_id": gate.area_id.id, "kiosk_id": kiosk.id,
            "belongings_checked": bool(belongings_declared), "belongings_notes": belongings_notes,
        })
        kiosk.with_context(vip_workflow=_WORKFLOW).last_used = now

        def denied(reason, title=None, kind="danger", **extra):
            check._log("denied", date=now, reason=reason, **extra)
            return {"ok": False, "kind": kind, "title": title or self.env._("Entry denied"), "message": reason}

        recent = kiosk.env["vip.access.log"].search_count(
            [("kiosk_id", "=", kiosk.id), ("date", ">=", now - timedelta(minutes=1))])
        if recent >= kiosk.scans_per_minute:
            return denied(self.env._("Too many scans at this kiosk: please wait a minute or ask the guard."),
                          title=self.env._("Please wait"), pass_id=False)
        if not check._normalized_code():
            return denied(self.env._("Scan or type a pass code."))
        if check.allowed and not check.belongings_checked:
            return denied(self.env._("Declare your belongings before checking in (R-ACC-07)."))
        if check.allowed and check.has_agreement:
            # Issue 22: the area's agreement, shown in the page's language, accepted and signed
            # on the page, then re-posted with the code (the same check-in as the guard's).
            prompt = {
                "agreement": check.area_id.agreement_text, "area": check.area_id.name,
                "code": check._normalized_code(), "belongings_notes": belongings_notes,
            }
            if agreement is None:
                return {**prompt, "ok": False, "kind": "info", "title": self.env._("Visitor agreement"),
                        "message": self.env._("Read the visitor agreement of %(area)s, tick \"I accept\" and sign "
                                              "in the box to check in.", area=check.area_id.name)}
            try:
                signature = self._vip_kiosk_signature(agreement.get("signature"))
            except UserError as error:
                return {**prompt, **denied(error.args[0], title=self.env._("Not checked in"))}
            if not agreement.get("accepted") or not signature:
                reason = self.env._("Tick \"I accept\" and sign in the box: without both the agreement is not "
                                    "accepted and you cannot check in.")
                return {**prompt, **denied(reason, title=self.env._("Not checked in"))}
            check.write({"agreement_accepted": True, "agreement_signature": signature})
        try:
            with self.env.cr.savepoint():
                outcome = check._vip_check_in()
        except UserError as error:
            # Whatever the guard's screen would refuse (e.g. a gate without an area) is a
            # denial at the kiosk, with the same message, never an error page.
            return denied(error.args[0])
        if outcome["watchlist"]:
            # Issue 22 (R-ACC-05): the hit is logged (stage "kiosk") and security alerted; the
            # visitor is not told why.
            return {"ok": False, "kind": "warning", "title": self.env._("Please see the guard"),
                    "message": self.env._("Please see the guard at the gate: they will help you with your visit.")}
        if not outcome["ok"]:
            return {"ok": False, "kind": "danger", "title": outcome["title"], "message": check.verdict}
        return {
            "ok": True, "kind": "success", "title": outcome["title"],
            "message": self.env._("Welcome, %(visitor)s. Your host %(host)s has been notified.",
                                  visitor=check.visitor_name, host=check.host_employee_id.name or ""),
        }
