# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 22: the visitor agreement and the watchlist at the self check-in kiosk, over HTTP as a
visitor without login uses the page: the demo kiosk of the goldsmith workshop (whose area has
the demo agreement in English and Chinese) with the demo pass of 刘德明, and the north gate's
kiosk with the demo pass of 林志明, both made valid now."""
import base64
import io
import re
from datetime import datetime, timedelta

from PIL import Image, ImageDraw

from odoo.tests import HttpCase, tagged

from .common import compact, pdf_to_text, render_pdf, require_pdf_tools

AGREEMENT_EN = "Visitor agreement: goldsmith workshop"
AGREEMENT_ZH = "访客协议：金饰工坊"


def png(size=(300, 100), drawn=True):
    """A signature as the kiosk's box sends it: a PNG data URL (transparent, a stroke drawn)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if drawn:
        ImageDraw.Draw(image).line([(10, 80), (60, 20), (120, 70), (200, 30)], fill=(20, 20, 40, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestKioskAgreementHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.guard = ref("vip_customer_care.user_vip_security")
        cls.workshop_kiosk = ref("vip_customer_care.kiosk_workshop_gate")
        cls.workshop = ref("vip_customer_care.area_workshop")
        cls.liu_pass = ref("vip_customer_care.pass_liu_workshop")
        cls.north_kiosk = ref("vip_customer_care.kiosk_north_gate")
        cls.lin_pass = ref("vip_customer_care.pass_lin_issued")
        now = datetime.now().replace(microsecond=0)
        (cls.liu_pass | cls.lin_pass).flush_recordset()
        # The demo passes valid now: the HTTP server runs in real time.
        for access_pass, code in ((cls.liu_pass, "KIOSKSIGN001"), (cls.lin_pass, "KIOSKWATCH01")):
            cls.env.cr.execute(
                "UPDATE vip_visit_appointment SET date_start = %s, date_end = %s WHERE id = %s",
                [now - timedelta(hours=1), now + timedelta(hours=3), access_pass.appointment_id.id],
            )
            cls.env.cr.execute(
                "UPDATE vip_access_pass SET code = %s, date_from = %s, date_to = %s WHERE id = %s",
                [code, now - timedelta(hours=1), now + timedelta(hours=3), access_pass.id],
            )
        cls.env.invalidate_all()

    def _url(self, kiosk, lang):
        return f"/vip/kiosk/{kiosk.sudo().token}?lang={lang}"

    def _post(self, kiosk, lang, **data):
        page = self.url_open(self._url(kiosk, lang))
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(self._url(kiosk, lang), data={"csrf_token": csrf, **data})
        self.assertEqual(response.status_code, 200, "never an error page")
        self.env.invalidate_all()
        return response

    def _scan(self, code="KIOSKSIGN001", lang="en_US", kiosk=None, **data):
        return self._post(kiosk or self.workshop_kiosk, lang, code=code, belongings_declared="1", **data)

    def _sign(self, accepted=True, signature=None, lang="en_US"):
        """The re-post of the agreement form: what the page sends after "I accept" and the box."""
        data = {"agreement_step": "1", "belongings_notes": "Phone"}
        if accepted:
            data["agreement_accepted"] = "1"
        if signature is not None:
            data["agreement_signature"] = signature
        return self._scan(lang=lang, **data)

    def _logs(self, kiosk=None):
        return self.env["vip.access.log"].search([("kiosk_id", "=", (kiosk or self.workshop_kiosk).id)]).sorted("id")

    def test_agreement_shown_in_the_page_language(self):
        """R-ACC-05/R-ACC-07: a valid pass for an area with a visitor agreement opens the
        agreement on the kiosk page in the page's language (zh_CN, then en_US), with "I accept",
        the signature box and the code to re-post; nobody is checked in yet."""
        response = self._scan("kiosksign001", lang="zh_CN")
        self.assertIn("o_vip_kiosk_agreement", response.text)
        self.assertIn(AGREEMENT_ZH, response.text)
        self.assertNotIn(AGREEMENT_EN, response.text)
        self.assertIn('name="agreement_accepted"', response.text)
        self.assertIn("o_vip_kiosk_signature_pad", response.text)
        self.assertIn('name="code" value="KIOSKSIGN001"', response.text)
        self.assertIn("vip_customer_care.assets_kiosk", response.text, "the page loads the signature box's script")

        response = self._scan(lang="en_US")
        self.assertIn(AGREEMENT_EN, response.text)
        self.assertIn("1. Confidentiality: designs, tools and processes", response.text)
        self.assertIn("I accept the visitor agreement", response.text)
        self.assertNotIn(AGREEMENT_ZH, response.text)
        self.assertEqual(self.liu_pass.state, "issued")
        self.assertFalse(self._logs(), "showing the agreement checks nobody in and refuses nothing")

    def test_without_acceptance_or_signature_denied(self):
        """R-ACC-05/R-ACC-07: the agreement re-posted without "I accept" or without a signature
        is refused on the page (the agreement stays on screen to try again), logged as a denial
        via the kiosk, and nobody is checked in."""
        for accepted, signature in ((False, png()), (True, None), (True, "")):
            with self.subTest(accepted=accepted, signature=bool(signature)):
                response = self._sign(accepted=accepted, signature=signature)
                self.assertIn("alert-danger", response.text)
                self.assertIn("Not checked in", response.text)
                self.assertIn("Tick &#34;I accept&#34; and sign in the box", response.text)
                self.assertIn(AGREEMENT_EN, response.text, "the agreement stays on screen")
        self.assertEqual(self.liu_pass.state, "issued")
        logs = self._logs()
        self.assertEqual(logs.mapped("event"), ["denied"] * 3)
        self.assertEqual(logs.pass_id, self.liu_pass)
        self.assertFalse(any(logs.mapped("agreement_accepted")))
        self.assertIn("Tick \"I accept\"", logs[0].reason)

    def test_accepted_and_signed_checks_in_with_the_agreement(self):
        """R-ACC-05/R-ACC-07: accepted and signed, the visitor is checked in into the workshop;
        the gate log's check-in row keeps the agreement as shown (zh_CN text), its language and
        the drawn signature (a PNG), and the visitor agreement prints from it (PDF)."""
        signature = png()
        response = self._sign(signature=signature, lang="zh_CN")
        self.assertIn("alert-success", response.text)
        self.assertIn("刘德明", response.text)
        self.assertNotIn("o_vip_kiosk_agreement_text", response.text, "the next visitor gets a fresh page")
        self.assertEqual(self.liu_pass.state, "checked_in")
        self.assertEqual(self.liu_pass.current_area_id, self.workshop)
        self.assertEqual(self.liu_pass.kiosk_id, self.workshop_kiosk)
        log = self._logs()
        self.assertEqual((log.event, log.pass_id, log.belongings_notes), ("check_in", self.liu_pass, "Phone"))
        self.assertTrue(log.agreement_accepted)
        self.assertIn(AGREEMENT_ZH, log.agreement_text)
        self.assertEqual(log.agreement_lang, "zh_CN")
        kept = base64.b64decode(log.with_user(self.guard).agreement_signature)
        self.assertEqual(kept, base64.b64decode(signature.split(",", 1)[1]), "the drawn signature, as drawn")

        require_pdf_tools("pdftotext", "wkhtmltopdf")
        action = log.with_user(self.guard).action_print_agreement()
        self.assertEqual(action["report_name"], "vip_customer_care.report_vip_visitor_agreement")
        text = compact(pdf_to_text(render_pdf(self.env, "vip_customer_care.action_report_vip_visitor_agreement",
                                              log, user=self.guard)))
        self.assertIn(compact(AGREEMENT_ZH), text)
        self.assertIn("刘德明", text)

    def test_bad_signature_refused_with_a_message(self):
        """R-ACC-07/R-SEC-01: whatever is posted as the signature - too large, not base64, not a
        PNG, a JPEG, an empty box, a file - the page says so in the visitor's language, the
        attempt is logged as a denial, nobody is checked in, never an error page."""
        self.workshop_kiosk.with_user(self.guard).scans_per_minute = 30  # more attempts than the demo's 10
        buffer = io.BytesIO()
        Image.new("RGB", (50, 20), "white").save(buffer, format="JPEG")
        jpeg = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
        cases = [
            ("data:image/png;base64," + "A" * (300 * 1024), "The signature is too large"),
            ("data:image/png;base64,not base64 at all!", "The signature could not be read"),
            (base64.b64encode(b"GIF89a" + b"\0" * 40).decode(), "The signature could not be read"),
            (jpeg, "The signature could not be read"),
            ("data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10).decode(),
             "The signature could not be read"),
            (png(size=(2400, 100)), "The signature could not be read"),
            (png(drawn=False), "Please sign in the box"),
        ]
        for signature, message in cases:
            with self.subTest(message=message, start=signature[:30]):
                response = self._sign(signature=signature)
                self.assertIn(message, response.text)
                self.assertIn("alert-danger", response.text)
        # A file sent under the signature's name is no drawn signature.
        page = self.url_open(self._url(self.workshop_kiosk, "en_US"))
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(self._url(self.workshop_kiosk, "en_US"), data={
            "csrf_token": csrf, "code": "KIOSKSIGN001", "belongings_declared": "1", "agreement_step": "1",
            "agreement_accepted": "1",
        }, files={"agreement_signature": ("signature.png", base64.b64decode(png().split(",")[1]), "image/png")})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tick &#34;I accept&#34; and sign in the box", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.liu_pass.state, "issued")
        logs = self._logs()
        self.assertEqual(logs.mapped("event"), ["denied"] * (len(cases) + 1))
        self.assertEqual(logs[0].reason, "The signature is too large: please clear the box and sign again.")

        # A body beyond the kiosk's limit is refused before it is read (not a server error).
        page = self.url_open(self._url(self.workshop_kiosk, "en_US"))
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(self._url(self.workshop_kiosk, "en_US"), data={
            "csrf_token": csrf, "code": "KIOSKSIGN001", "belongings_declared": "1", "agreement_step": "1",
            "agreement_accepted": "1", "agreement_signature": "A" * (2 * 1024 * 1024),
        })
        self.assertEqual(response.status_code, 413)
        self.env.invalidate_all()
        self.assertEqual(self.liu_pass.state, "issued")

    def test_watchlisted_visitor_sent_to_the_guard(self):
        """R-ACC-05/R-SEC-01: a visitor on the watchlist scanning at the kiosk is not told so:
        the page asks them to see the guard; nobody is checked in, the gate log keeps the
        denial via the kiosk, the hit is logged with the stage "Kiosk" and the gate, and each
        security user gets the "Watchlist hit" activity."""
        self.env["vip.watchlist"].with_user(self.guard).create({
            "name": "林志明", "reason": "Confidentiality breach", "company_id": self.lin_pass.company_id.id,
        })
        response = self._scan("KIOSKWATCH01", kiosk=self.north_kiosk)
        self.assertIn("Please see the guard at the gate", response.text)
        self.assertNotIn("watchlist", response.text.lower())
        self.assertNotIn("Security has been alerted", response.text)
        self.assertEqual(self.lin_pass.state, "issued")
        log = self._logs(self.north_kiosk)
        self.assertEqual((log.event, log.pass_id, log.reason), ("denied", self.lin_pass, "Watchlist"))
        hits = self.env["vip.watchlist.hit"].with_user(self.guard).search([("pass_id", "=", self.lin_pass.id)])
        self.assertEqual(len(hits), 1)
        self.assertEqual((hits.stage, hits.gate_id, hits.person_name),
                         ("kiosk", self.north_kiosk.gate_id, "林志明"))
        self.assertEqual(hits.display_name, "林志明 (Kiosk)")
        alerts = self.env["mail.activity"].search([("res_model", "=", "vip.watchlist.hit"), ("res_id", "=", hits.id)])
        self.assertIn(self.guard, alerts.user_id)
        self.assertEqual(set(alerts.mapped("summary")), {"Watchlist hit"})
        self.assertIn("Kiosk", alerts[0].note)

    def test_watchlist_before_the_agreement(self):
        """R-ACC-05: a watchlisted visitor of an area with an agreement never sees the agreement:
        the kiosk sends them to the guard, even on a hand-made re-post with a signature."""
        self.env["vip.watchlist"].with_user(self.guard).create({
            "name": "刘德明", "reason": "Confidentiality breach", "company_id": self.liu_pass.company_id.id,
        })
        for response in (self._scan(), self._sign(signature=png())):
            self.assertIn("Please see the guard at the gate", response.text)
            self.assertNotIn(AGREEMENT_EN, response.text)
        self.assertEqual(self.liu_pass.state, "issued")
        self.assertEqual(self._logs().mapped("reason"), ["Watchlist", "Watchlist"])
        hits = self.env["vip.watchlist.hit"].with_user(self.guard).search([("pass_id", "=", self.liu_pass.id)])
        self.assertEqual(hits.mapped("stage"), ["kiosk", "kiosk"])
