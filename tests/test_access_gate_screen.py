# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .reception_common import FRIDAY
from .visitor_common import INSIDE, VISIT_START, VisitorCommon


@tagged("post_install", "-at_install")
class TestAccessGateScreen(VisitorCommon):
    """The guard's screen and the gate log, as the guard and the other groups use them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write({"company_ids": [Command.link(cls.company.id)]})

    def _check_in(self, access_pass, area=None, at=INSIDE):
        with freeze_time(at):
            return self._gate(access_pass.code, area, belongings_checked=True).action_check_in()

    def _check_out(self, access_pass, at=INSIDE + timedelta(hours=1)):
        access_pass.with_user(self.requester).action_host_confirm()
        with freeze_time(at):
            return self._gate(access_pass.code, pass_returned=True).action_check_out()

    # ------------------------------------------------------------------ results on screen
    def test_check_in_and_out_results(self):
        """R-ACC-05/08: the screen says "Checked in" and "Checked out, pass returned" with the
        visitor's name as a success notification, then opens a fresh screen for the next scan."""
        result = self._check_in(self.vip_pass, self.showroom)
        params = result["params"]
        self.assertEqual((result["tag"], params["type"], params["title"]), ("display_notification", "success", "Checked in"))
        self.assertIn("Domestic VIP", params["message"])
        self.assertIn("Showroom", params["message"])
        result = self._check_out(self.vip_pass)
        params = result["params"]
        self.assertEqual((params["type"], params["title"]), ("success", "Checked out, pass returned"))
        self.assertIn(self.vip_pass.code, params["message"])
        self.assertEqual(self.vip_pass.state, "returned")

    def test_no_technical_breadcrumb(self):
        """R-ACC-05: the screen is titled by its gate, and the next scan replaces the breadcrumb
        under a proper action name instead of stacking "vip.gate.check,N" entries."""
        gate = self._gate(self.vip_pass.code)
        self.assertEqual(gate.display_name, "Gate: North gate")
        self.assertNotIn("vip.gate.check", gate.display_name)
        next_scan = self._check_in(self.vip_pass)["params"]["next"]
        self.assertEqual((next_scan["name"], next_scan["target"], next_scan["res_model"]), ("Gate", "main", "vip.gate.check"))
        self.assertEqual(next_scan["context"]["default_gate_id"], self.gate.id)

    def test_returned_pass_shows_returned(self):
        """R-ACC-08: a pass handed back reads "Returned" at the gate, not "Expired"."""
        self._check_in(self.vip_pass)
        self._check_out(self.vip_pass)
        with freeze_time(INSIDE + timedelta(hours=1, minutes=5)):
            gate = self._gate(self.vip_pass.code)
            self.assertIn("Returned", gate.verdict)
            self.assertNotIn("Expired", gate.verdict)
            self.assertEqual(dict(gate._fields["pass_state"]._description_selection(gate.env))[gate.pass_state], "Returned")

    def test_check_in_needs_area(self):
        """R-ACC-09: everyone on site is in a known area, so the evacuation list misses nobody."""
        with freeze_time(INSIDE):
            gate = self.env["vip.gate.check"].with_user(self.guard).create({
                "code": self.vip_pass.code, "gate_id": self.gate.id, "area_id": False, "belongings_checked": True,
            })
            with self.assertRaisesRegex(UserError, "area"):
                gate.action_check_in()
        self.assertEqual(self.vip_pass.state, "issued")

    # ------------------------------------------------------------------ the log survives
    def test_denial_logged_and_kept(self):
        """R-ACC-06: a denial is logged and the log row is kept: the denial is returned as a
        result (danger notification), so no exception rolls the row back."""
        Log = self.env["vip.access.log"]
        with freeze_time(VISIT_START - timedelta(minutes=30)):
            gate = self._gate(self.vip_pass.code, belongings_checked=True)
            with self.env.cr.savepoint():
                result = gate.action_check_in()  # no exception: the savepoint is released, not rolled back
        self.assertEqual((result["params"]["type"], result["params"]["title"]), ("danger", "Entry denied"))
        self.assertIn("Not yet valid", result["params"]["message"])
        Log.invalidate_model()
        log = Log.with_user(self.guard).search([("pass_id", "=", self.vip_pass.id)])
        self.assertEqual((log.event, log.reason, log.user_id, log.gate_id), ("denied", "Not yet valid", self.guard, self.gate))
        self.assertEqual(self.vip_pass.state, "issued")
        unknown = self._gate("nosuchcode00").action_check_in()
        self.assertIn("Unknown pass", unknown["params"]["message"])
        self.assertTrue(Log.search([("code", "=", "NOSUCHCODE00"), ("event", "=", "denied"), ("pass_id", "=", False)]))

    def test_log_append_only(self):
        """R-ACC-05..08: the gate log is append-only: no group edits or deletes a row, nobody
        creates one by hand (only the gate screen's actions do); only the system may."""
        self._check_in(self.vip_pass)
        log = self.vip_pass.log_ids
        self.assertEqual(log.event, "check_in")
        users = (self.guard, self.marketing, self.admin_dept, self.compliance, self.requester, self.admin)
        for user in users:
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    log.with_user(user).write({"reason": "edited", "event": "denied"})
                with self.assertRaises(UserError):
                    log.with_user(user).unlink()
                with self.assertRaises(UserError):
                    self.env["vip.access.log"].with_user(user).create({
                        "pass_id": self.vip_pass.id, "event": "check_out", "company_id": self.company.id,
                    })
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            log.with_user(self.guard).write({"reason": "edited"})
        with self.assertRaisesRegex(UserError, "gate screen only"):
            self.env["vip.access.log"].with_user(self.guard).create({"event": "denied", "company_id": self.company.id})
        log.invalidate_recordset()
        self.assertEqual((log.event, log.reason), ("check_in", False))
        self.assertEqual(self.vip_pass.log_ids, log)

    # ------------------------------------------------------------------ evacuation
    def test_evacuation_prints_everyone_on_site(self):
        """R-ACC-09: printing the evacuation list from one selected row (or from the list's
        button) prints everyone on site, grouped by area, and nobody who left."""
        self.foreign_customer.write({"vip_id_type": "passport", "vip_id_number": "C01X00T47"})
        with freeze_time(FRIDAY):
            other = self._approved_with_passes(partner_id=self.foreign_customer.id)
        other_vip = other.pass_ids.filtered(lambda p: p.visitor_id.is_vip)
        self._check_in(self.vip_pass, self.showroom)
        self._check_in(self.companion_pass, self.lobby)
        self._check_in(other_vip, self.vault)
        self._check_out(self.companion_pass)
        Report = self.env["ir.actions.report"].with_user(self.guard)
        html = Report._render_qweb_html(
            "vip_customer_care.action_report_vip_evacuation_list", self.vip_pass.ids)[0].decode()
        for text in ("Showroom", "Vault", "Domestic VIP", "Foreign VIP", "<span>2</span> person(s)"):
            self.assertIn(text, html)
        self.assertNotIn("Companion Li", html)
        self.assertLess(html.index("Showroom"), html.index("Domestic VIP"))
        self.assertLess(html.index("Vault"), html.index("Foreign VIP"))
        action = self.env["vip.access.pass"].with_user(self.guard).action_print_evacuation_list()
        self.assertEqual(action["report_name"], "vip_customer_care.report_vip_evacuation_list")
        self.assertEqual(set(action["context"]["active_ids"]), {self.vip_pass.id, other_vip.id})
