# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..models.vip_gate_kiosk import KIOSK_LANGS


class VipKiosk(http.Controller):
    """Issue 22: the self check-in kiosk page of one gate. Nobody logs in: the token in the
    address opens one active kiosk (``vip.gate.kiosk._vip_kiosk_sudo``); a wrong or revoked
    token gets a plain 404 that tells nothing."""

    def _kiosk_lang(self, page, lang):
        installed = dict(request.env["res.lang"].get_installed())
        for candidate in (lang, page["lang"], "en_US"):
            if candidate in KIOSK_LANGS and candidate in installed:
                return candidate
        return request.env.lang

    def _render(self, token, lang, result=None):
        page = request.env["vip.gate.kiosk"]._vip_kiosk_page(token)
        if page is None:
            return request.not_found()
        lang = self._kiosk_lang(page, lang)
        request.update_context(lang=lang)
        if result is None and request.httprequest.method == "POST":
            # Form fields only (a file posted under a field's name reads as empty).
            params = {key: value for key, value in request.params.items() if isinstance(value, str)}
            # Issue 22: the re-post of the visitor agreement carries the acceptance and the
            # drawn signature (checked by the model, whatever the browser sent).
            agreement = {
                "accepted": bool(params.get("agreement_accepted")), "signature": params.get("agreement_signature"),
            } if "agreement_step" in params else None
            result = request.env["vip.gate.kiosk"]._vip_kiosk_scan(
                token, params.get("code"), params.get("belongings_declared"), params.get("belongings_notes"),
                agreement=agreement,
            )
            if result is None:
                return request.not_found()
        page = request.env["vip.gate.kiosk"]._vip_kiosk_page(token)
        langs = [(code, name) for code, name in request.env["res.lang"].get_installed() if code in KIOSK_LANGS]
        return request.render("vip_customer_care.vip_kiosk_page", {
            "token": token, "gate": page["gate"], "result": result, "lang": lang, "langs": langs,
            "html_data": {"lang": lang.replace("_", "-")},
        })

    # A kiosk post is a code, a few words and at most a signature (SIGNATURE_MAX_CHARS): a
    # larger body is refused before it is read.
    @http.route("/vip/kiosk/<string:token>", type="http", auth="public", methods=["GET", "POST"], sitemap=False,
                max_content_length=1024 * 1024)
    def kiosk(self, token, lang=None, **kw):
        return self._render(token, lang)
