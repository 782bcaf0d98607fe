# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 22: the watchlist (checked at the approval, the pass issue and the gate; the number
kept as a keyed hash only) and the visitor agreement of an area (accepted and signed at
check-in, kept with the gate log, printable)."""
import hashlib
import hmac

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import compact, pdf_to_text, render_pdf, require_pdf_tools
from .reception_common import FRIDAY
from .visitor_common import COMPANION_PASSPORT, INSIDE, VisitorCommon

CUSTOMER_ID = "11010519491231002X"
# A 1x1 PNG: what the signature widget sends (base64).
SIGNATURE = b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
AGREEMENT_EN = "Visitors keep what they see confidential; no photographs."
AGREEMENT_ZH = "访客须遵守保密规定，禁止拍照"


@tagged("post_install", "-at_install")
class TestWatchlist(VisitorCommon):
    def _watch(self, user=None, **vals):
        values = {"reason": "Confidentiality breach", "company_id": self.company.id, "date_from": "2026-01-01", **vals}
        return self.env["vip.watchlist"].with_user(user or self.guard).create(values)

    def _hits(self, stage):
        return self.env["vip.watchlist.hit"].with_user(self.compliance).search([("stage", "=", stage)])

    def _alerts(self, hits):
        return self.env["mail.activity"].search([("res_model", "=", "vip.watchlist.hit"), ("res_id", "in", hits.ids)])

    def _assert_refused(self, result, hits, person):
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn(person, result["params"]["message"])
        self.assertIn("watchlist", result["params"]["message"])
        self.assertEqual(len(hits), 1)
        self.assertEqual(hits.person_name, person)
        # Security is alerted: a warning activity for the guard on the hit.
        alerts = self._alerts(hits)
        self.assertEqual(alerts.user_id, self.guard)
        self.assertEqual(alerts.summary, "Watchlist hit")

    def test_number_kept_as_keyed_hash_only(self):
        """R-PII-01: the number is stored only as an HMAC of the normalised number (keyed by the
        database's secret): no column holds it, it cannot be read back, and a plain hash of it
        does not match."""
        entry = self._watch(user=self.compliance, name="Wang Wei", id_number=" 1101 0519491231002x ")
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM vip_watchlist WHERE id = %s", [entry.id])
        row = self.env.cr.fetchone()
        self.assertFalse([value for value in row if isinstance(value, str) and "1101" in value])
        secret = self.env["ir.config_parameter"].sudo().get_param("vip_customer_care.watchlist_secret")
        self.assertEqual(len(secret), 64)
        self.assertEqual(entry.id_number_hash, hmac.new(secret.encode(), CUSTOMER_ID.encode(), hashlib.sha256).hexdigest())
        self.assertNotEqual(entry.id_number_hash, hashlib.sha256(CUSTOMER_ID.encode()).hexdigest())
        self.assertFalse(entry.with_user(self.compliance).read(["id_number"])[0]["id_number"])
        self.assertTrue(entry.has_id_number)
        # Neither the chatter's tracking keeps it.
        self.env.cr.execute(
            "SELECT count(*) FROM mail_tracking_value WHERE old_value_char LIKE %s OR new_value_char LIKE %s",
            ["%10519491231%", "%10519491231%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_access_per_group(self):
        """R-SEC-01: security and compliance configure the watchlist and read its hits; sales,
        marketing and the approvers can neither read nor change it."""
        entry = self._watch(name="Wang Wei")
        self._watch(user=self.compliance, name="Li Lei")
        self.assertEqual(self.env["vip.watchlist"].with_user(self.compliance).search_count([]), 2)
        entry.with_user(self.compliance).reason = "Banned after an incident"
        for user in (self.requester, self.marketing, self.head, self.vp, self.admin_dept):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["vip.watchlist"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    entry.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.env["vip.watchlist"].with_user(user).create({"name": "X", "reason": "x"})
                with self.assertRaises(AccessError):
                    self.env["vip.watchlist.hit"].with_user(user).search([])
        with self.assertRaisesRegex(UserError, "written by the watchlist check"):
            self.env["vip.watchlist.hit"].with_user(self.guard).create({
                "watchlist_id": entry.id, "stage": "gate", "matched_on": "name", "user_id": self.guard.id,
                "company_id": self.company.id,
            })

    def test_hit_at_approval(self):
        """R-ACC-03/05: the customer on the watchlist (by ID number): the approval is refused,
        the hit logged and security alerted; the appointment stays to approve."""
        self._watch(id_number=CUSTOMER_ID.lower())
        with freeze_time(FRIDAY):
            appointment = self._appointment()
            appointment.with_user(self.requester).action_submit()
            appointment.with_user(self.marketing).action_confirm()
            result = appointment.with_user(self.head).validate_tier()
        appointment.invalidate_recordset()
        self.assertEqual(appointment.state, "to_approve")
        hits = self._hits("approval")
        self._assert_refused(result, hits, self.customer.name)
        self.assertEqual((hits.matched_on, hits.appointment_id, hits.user_id), ("id_number", appointment, self.head))

    def test_hit_at_pass_issue(self):
        """R-ACC-06: a watchlisted companion (by name, whatever the blanks and case) gets no
        pass, the hit is logged and security alerted; the VIP gets theirs."""
        with freeze_time(FRIDAY):
            appointment = self._appointment()
            appointment.with_user(self.requester).action_submit()
            appointment.with_user(self.marketing).action_confirm()
            for user in (self.head, self.vp):
                if appointment.state == "to_approve" and appointment.with_user(user).can_review:
                    appointment.with_user(user).validate_tier()
                    appointment.invalidate_recordset()
            self.assertEqual(appointment.state, "approved")
            appointment.with_user(self.guard).action_prefill_visitors()
            companion = appointment.visitor_ids.filtered(lambda v: not v.is_vip)
            companion.with_user(self.guard).write({
                "name": "Companion Li", "vip_id_type": "passport", "vip_id_number": COMPANION_PASSPORT,
            })
            self._watch(name="companion  LI")
            result = appointment.with_user(self.guard).action_issue_passes()
        self.assertEqual(appointment.pass_ids.visitor_id, appointment.visitor_ids - companion)
        hits = self._hits("pass")
        self._assert_refused(result, hits, "Companion Li")
        self.assertEqual((hits.matched_on, hits.visitor_id), ("name", companion))

    def test_hit_at_gate(self):
        """R-ACC-05/06: at the gate a pass holder on the watchlist (by passport number) is denied,
        the gate log keeps the denial, the hit is logged and security alerted."""
        self._set_up_visit()
        self._watch(id_number=COMPANION_PASSPORT)
        with freeze_time(INSIDE):
            gate = self._gate(self.companion_pass.code, belongings_checked=True)
            self.assertFalse(gate.allowed)
            self.assertIn("watchlist", gate.verdict)
            result = gate.action_check_in()
        self.assertEqual(self.companion_pass.state, "issued")
        denied = self.companion_pass.log_ids
        self.assertEqual((denied.event, denied.reason), ("denied", "Watchlist"))
        hits = self._hits("gate")
        self._assert_refused(result, hits, "Companion Li")
        self.assertEqual((hits.pass_id, hits.gate_id, hits.user_id), (self.companion_pass, self.gate, self.guard))
        # An entry out of its period no longer refuses.
        self.env["vip.watchlist"].search([]).write({"date_from": "2026-01-01", "date_to": "2026-06-30"})
        with freeze_time(INSIDE):
            self.assertTrue(self._gate(self.companion_pass.code).allowed)


@tagged("post_install", "-at_install")
class TestVisitorAgreement(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.lobby.agreement_text = f"<p>{AGREEMENT_EN}</p>"
        # Translated paragraph by paragraph, as the web client's language dialog does.
        cls.lobby.update_field_translations("agreement_text", {"zh_CN": {AGREEMENT_EN: AGREEMENT_ZH}})

    def test_agreement_required_and_signed(self):
        """R-ACC-05/07: where the area has an agreement, the check-in needs the visitor's
        acceptance and drawn signature; both are kept with the gate log entry (append-only)."""
        with freeze_time(INSIDE):
            gate = self.env["vip.gate.check"].with_user(self.guard).with_context(lang="zh_CN").create({
                "code": self.vip_pass.code, "gate_id": self.gate.id, "area_id": self.lobby.id,
                "belongings_checked": True,
            })
            self.assertTrue(gate.has_agreement)
            self.assertIn(AGREEMENT_ZH, gate.agreement_text)
            with self.assertRaisesRegex(UserError, "访客须在进入前接受并签署"):
                gate.action_check_in()
            gate.agreement_accepted = True
            with self.assertRaisesRegex(UserError, "访客须在进入前接受并签署"):
                gate.action_check_in()
            gate.agreement_signature = SIGNATURE
            gate.action_check_in()
        log = self.vip_pass.log_ids.filtered(lambda entry: entry.event == "check_in")
        self.assertTrue(log.agreement_accepted)
        self.assertIn(AGREEMENT_ZH, log.agreement_text)
        self.assertEqual(log.agreement_lang, "zh_CN")
        self.assertEqual(log.with_user(self.guard).agreement_signature, SIGNATURE)
        with self.assertRaisesRegex(UserError, "evidence"):
            log.with_user(self.guard).agreement_signature = False
        # An area without an agreement asks for nothing.
        with freeze_time(INSIDE):
            self._gate(self.companion_pass.code, self.showroom, belongings_checked=True).action_check_in()
        self.assertEqual(self.companion_pass.state, "checked_in")
        self.assertFalse(self.companion_pass.log_ids.agreement_accepted)

    def test_agreement_pdf(self):
        """R-ACC-05: the accepted agreement prints with the Chinese text the visitor signed."""
        require_pdf_tools("pdftotext", "wkhtmltopdf")
        with freeze_time(INSIDE):
            gate = self.env["vip.gate.check"].with_user(self.guard).with_context(lang="zh_CN").create({
                "code": self.vip_pass.code, "gate_id": self.gate.id, "area_id": self.lobby.id,
                "belongings_checked": True, "agreement_accepted": True, "agreement_signature": SIGNATURE,
            })
            gate.action_check_in()
        log = self.vip_pass.log_ids.filtered(lambda entry: entry.event == "check_in")
        action = log.with_user(self.guard).action_print_agreement()
        self.assertEqual(action["report_name"], "vip_customer_care.report_vip_visitor_agreement")
        text = compact(pdf_to_text(render_pdf(self.env, "vip_customer_care.action_report_vip_visitor_agreement",
                                              log, user=self.guard)))
        self.assertIn(compact(AGREEMENT_ZH), text)
        self.assertIn(compact(self.vip_pass.visitor_id.name), text)
