# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKioskHttp(HttpCase):
    """Issue 22: the self check-in kiosk page over HTTP, as a visitor without login uses it, on
    the demo kiosk of the north gate and the demo pass of 林志明 made valid now."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.kiosk = ref("vip_customer_care.kiosk_north_gate")
        cls.token = cls.kiosk.sudo().token
        cls.guard = ref("vip_customer_care.user_vip_security")
        cls.access_pass = ref("vip_customer_care.pass_lin_issued")
        cls.host = cls.access_pass.host_user_id
        now = datetime.now().replace(microsecond=0)
        cls.access_pass.flush_recordset()
        # The demo pass (tomorrow's visit) valid now: the HTTP server runs in real time.
        cls.env.cr.execute(
            "UPDATE vip_access_pass SET code = %s, date_from = %s, date_to = %s WHERE id = %s",
            ["KIOSKTEST001", now - timedelta(hours=1), now + timedelta(hours=3), cls.access_pass.id],
        )
        cls.env.cr.execute(
            "UPDATE vip_visit_appointment SET date_start = %s, date_end = %s WHERE id = %s",
            [now - timedelta(hours=1), now + timedelta(hours=3), cls.access_pass.appointment_id.id],
        )
        cls.env.invalidate_all()

    def _page(self, token=None):
        return self.url_open(f"/vip/kiosk/{token or self.token}?lang=en_US")

    def _scan(self, code, declared=True, token=None, notes=""):
        page = self._page(token)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        data = {"csrf_token": csrf, "code": code, "belongings_notes": notes}
        if declared:
            data["belongings_declared"] = "1"
        response = self.url_open(f"/vip/kiosk/{token or self.token}?lang=en_US", data=data)
        self.env.invalidate_all()
        return response

    def _kiosk_logs(self, kiosk=None):
        return self.env["vip.access.log"].search([("kiosk_id", "=", (kiosk or self.kiosk).id)])

    def test_check_in_at_its_gate_and_host_notified(self):
        """R-ACC-05/R-ACC-07: a valid pass scanned with the belongings declared checks the
        visitor in at the kiosk's gate into the gate's area; the gate log and the pass say "via
        kiosk" (the guard's On-site list), the host gets a Discuss message and a to-do."""
        response = self._scan("kiosktest001", notes="One handbag")
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-success", response.text)
        self.assertIn("Welcome, 林志明", response.text)
        self.assertEqual(self.access_pass.state, "checked_in")
        self.assertEqual(self.access_pass.kiosk_id, self.kiosk)
        self.assertEqual(self.access_pass.current_area_id, self.kiosk.gate_id.area_id)
        log = self._kiosk_logs()
        self.assertEqual((log.event, log.pass_id, log.gate_id, log.belongings_notes),
                         ("check_in", self.access_pass, self.kiosk.gate_id, "One handbag"))
        self.assertTrue(self.kiosk.last_used)
        on_site = self.env["vip.access.pass"].with_user(self.guard).search(
            [("state", "=", "checked_in"), ("kiosk_id", "!=", False)])
        self.assertIn(self.access_pass, on_site, "the guard sees the kiosk check-in on site")
        # The host's Discuss inbox and to-do.
        message = self.access_pass.message_ids.filtered(lambda m: self.host.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("checked in at the kiosk", message.body)
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertIn(self.host.partner_id, message.notification_ids.res_partner_id)
        activity = self.access_pass.activity_ids.filtered(lambda a: a.user_id == self.host)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.summary)

    def test_token_opens_its_gate_only(self):
        """R-ACC-06: a kiosk checks in at its own gate only: the parking gate's kiosk (gate area
        changed to one the pass does not open) refuses the same pass and logs the attempt there,
        and a pass of another company is unknown to the kiosk."""
        parking = self.env.ref("vip_customer_care.gate_parking")
        outside = self.env["vip.access.area"].create({"name": "Loading dock", "company_id": parking.company_id.id})
        parking.area_id = outside
        other = self.env["vip.gate.kiosk"].create({"gate_id": parking.id, "company_id": parking.company_id.id})
        response = self._scan("KIOSKTEST001", token=other.sudo().token)
        self.assertIn("alert-danger", response.text)
        self.assertIn("Wrong area: this pass does not open Loading dock", response.text)
        self.assertEqual(self.access_pass.state, "issued")
        log = self._kiosk_logs(other)
        self.assertEqual((log.event, log.gate_id, log.pass_id), ("denied", parking, self.access_pass))
        self.assertFalse(self._kiosk_logs(), "nothing was logged on the north gate's kiosk")

        # Another company's kiosk does not find this company's pass.
        company = self.env["res.company"].create({"name": "Other Co"})
        gate = self.env["vip.access.gate"].create({"name": "Other gate", "company_id": company.id})
        foreign = self.env["vip.gate.kiosk"].create({"gate_id": gate.id, "company_id": company.id})
        response = self._scan("KIOSKTEST001", token=foreign.sudo().token)
        self.assertIn("Unknown pass", response.text)
        self.assertNotIn("林志明", response.text)

    def test_wrong_or_revoked_token_gets_404(self):
        """R-SEC-01: a wrong token, a regenerated (revoked) token and an archived kiosk answer a
        bare 404 that names no gate, for the page and for a scan, and check nobody in."""
        old = self.token
        self.kiosk.with_user(self.guard).action_regenerate_token()
        new = self.kiosk.sudo().token
        self.assertNotEqual(old, new)
        for token in (old, "x" * 43, old[:-1]):
            response = self.url_open(f"/vip/kiosk/{token}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("North gate", response.text)
            response = self.url_open(f"/vip/kiosk/{token}", data={"code": "KIOSKTEST001", "belongings_declared": "1"})
            self.assertIn(response.status_code, (400, 404))
        self.assertEqual(self._page(new).status_code, 200)
        self.kiosk.with_user(self.guard).active = False
        self.assertEqual(self._page(new).status_code, 404)
        self.assertEqual(self.access_pass.state, "issued")
        self.assertFalse(self._kiosk_logs())

    def test_rate_limit_refuses_and_logs(self):
        """R-SEC-01: beyond the kiosk's scans per minute the kiosk refuses (translated) without
        checking the pass, and logs the refusal."""
        self.kiosk.with_user(self.guard).scans_per_minute = 2
        self._scan("WRONGCODE01")
        self._scan("WRONGCODE02")
        response = self._scan("KIOSKTEST001")
        self.assertIn("Too many scans at this kiosk", response.text)
        self.assertEqual(self.access_pass.state, "issued")
        logs = self._kiosk_logs()
        self.assertEqual(logs.mapped("event"), ["denied"] * 3)
        self.assertEqual(logs[0].reason, "Too many scans at this kiosk: please wait a minute or ask the guard.")
        self.assertFalse(logs[0].pass_id, "a refused scan names no pass")

    def test_denied_pass_and_undeclared_belongings_logged(self):
        """R-ACC-06/R-ACC-07: a finished (returned) pass is denied with the guard's reason, an
        unknown code too, and a valid pass without the belongings declaration is refused; every
        attempt is on the gate log via the kiosk, nobody is checked in."""
        returned = self.env.ref("vip_customer_care.pass_wang_fang_returned")
        response = self._scan(returned.code)
        self.assertIn("Denied: Returned: the visit is over", response.text)
        response = self._scan("NOSUCHCODE99")
        self.assertIn("Denied: Unknown pass", response.text)
        response = self._scan("KIOSKTEST001", declared=False)
        self.assertIn("Declare your belongings", response.text)
        self.assertEqual(self.access_pass.state, "issued")
        logs = self._kiosk_logs().sorted("id")
        self.assertEqual(logs.mapped("event"), ["denied"] * 3)
        self.assertEqual(logs.mapped("reason"), [
            "Returned: the visit is over", "Unknown pass",
            "Declare your belongings before checking in (R-ACC-07).",
        ])
        self.assertEqual(logs.mapped("pass_id"), returned | self.access_pass)
        self.assertFalse(self.access_pass.activity_ids.filtered(lambda a: a.user_id == self.host))

    def test_kiosk_managed_by_security_only(self):
        """R-SEC-01: the kiosk's secret is security's: a VIP user reads the kiosk but not its
        token or address and cannot regenerate it; nobody types a token (RPC write refused),
        security regenerates it with the button."""
        user = self.env.ref("vip_customer_care.user_vip_sales")
        kiosk = self.kiosk.with_user(user)
        self.assertEqual(kiosk.gate_id, self.env.ref("vip_customer_care.gate_north"))
        with self.assertRaises(AccessError):
            kiosk.read(["token"])
        with self.assertRaises(AccessError):
            kiosk.read(["kiosk_url"])
        with self.assertRaises(UserError):
            kiosk.action_regenerate_token()
        with self.assertRaises(UserError):
            self.kiosk.with_user(self.guard).write({"token": "guessable"})
        self.assertEqual(self.kiosk.sudo().token, self.token)
        self.kiosk.with_user(self.guard).action_regenerate_token()
        self.assertNotEqual(self.kiosk.sudo().token, self.token)
        self.assertGreaterEqual(len(self.kiosk.sudo().token), 40)
