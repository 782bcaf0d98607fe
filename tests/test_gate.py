# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .visitor_common import INSIDE, VISIT_END, VISIT_START, VisitorCommon


@tagged("post_install", "-at_install")
class TestGate(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()

    def _check_in(self, access_pass, area=None, at=INSIDE):
        with freeze_time(at):
            gate = self._gate(access_pass.code, area, belongings_checked=True)
            gate.action_check_in()
        return gate

    def test_pass_code_unguessable(self):
        """R-ACC-06: codes are 12 random characters, unique per pass."""
        codes = self.appointment.pass_ids.mapped("code")
        self.assertEqual(len(set(codes)), 2)
        self.assertTrue(all(len(code) == 12 for code in codes))

    def test_every_deny_reason(self):
        """R-ACC-06: the gate says why: unknown, not yet valid, expired, wrong area, revoked,
        already inside."""
        cases = [
            ("NOSUCHCODE00", self.lobby, INSIDE, "Unknown pass"),
            (self.vip_pass.code, self.lobby, VISIT_START - timedelta(minutes=5), "Not yet valid"),
            (self.vip_pass.code, self.lobby, VISIT_END + timedelta(minutes=5), "Expired"),
            (self.vip_pass.code, self.premium, INSIDE, "Wrong area"),
        ]
        for code, area, at, reason in cases:
            with self.subTest(reason=reason), freeze_time(at):
                gate = self._gate(code, area, belongings_checked=True)
                self.assertFalse(gate.allowed)
                self.assertIn(reason, gate.verdict)
                # Shown as a result, not raised, so that the denial's log row is kept (R-ACC-06).
                result = gate.action_check_in()
                self.assertEqual(result["params"]["type"], "danger")
                self.assertIn(reason, result["params"]["message"])
        self.companion_pass.with_user(self.guard).action_revoke()
        with freeze_time(INSIDE):
            self.assertIn("Revoked", self._gate(self.companion_pass.code).verdict)
        self._check_in(self.vip_pass)
        with freeze_time(INSIDE):
            # Issue 23: a pass inside is not a red denial at the gate: the screen offers the exit.
            gate = self._gate(self.vip_pass.code)
            self.assertTrue(gate.is_inside)
            self.assertIn("check out", gate.verdict)
            self.assertEqual(self.env["vip.access.pass"]._deny_reason(self.vip_pass, self.lobby, INSIDE), "Already inside")
        self.assertEqual(
            self.env["vip.access.log"].search_count([("pass_id", "=", self.vip_pass.id), ("event", "=", "denied")]), 3
        )

    def test_check_in_logs_checks(self):
        """R-ACC-05 / R-ACC-07: check-in needs the belongings check (and the vehicle check when a
        vehicle comes) and logs who, when, gate and area."""
        with freeze_time(INSIDE):
            gate = self._gate(self.vip_pass.code)
            with self.assertRaisesRegex(UserError, "belongings"):
                gate.action_check_in()
            gate.write({"belongings_checked": True, "vehicle_plate": "粤B12345"})
            with self.assertRaisesRegex(UserError, "vehicle"):
                gate.action_check_in()
            gate.vehicle_checked = True
            gate.action_check_in()
        log = self.vip_pass.log_ids.filtered(lambda entry: entry.event == "check_in")
        self.assertEqual((log.user_id, log.gate_id, log.area_id, log.vehicle_plate), (self.guard, self.gate, self.lobby, "粤B12345"))
        self.assertEqual(self.vip_pass.state, "checked_in")

    def test_double_check_in_refused(self):
        """R-ACC-06: a pass inside cannot enter twice."""
        self._check_in(self.vip_pass)
        gate = self._check_in(self.vip_pass)
        self.assertIn("check out", gate.verdict)
        denied = self.vip_pass.log_ids.filtered(lambda log: log.event == "denied")
        self.assertEqual(denied.reason, "Already inside")
        self.assertEqual(self.vip_pass.log_ids.mapped("event"), ["denied", "check_in"])

    def test_check_out_needs_host_and_pass(self):
        """R-ACC-08: exit needs the host's confirmation and the returned pass."""
        self._check_in(self.vip_pass)
        with freeze_time(INSIDE + timedelta(hours=1)):
            gate = self._gate(self.vip_pass.code)
            with self.assertRaisesRegex(UserError, "host"):
                gate.action_check_out()
            with self.assertRaisesRegex(UserError, "Only the host"):
                self.vip_pass.with_user(self.guard).action_host_confirm()
            self.vip_pass.with_user(self.requester).action_host_confirm()
            # The visitor keeps the pass: the guard unticks "handed back".
            gate.pass_returned = False
            with self.assertRaisesRegex(UserError, "Collect the pass"):
                gate.action_check_out()
            gate.pass_returned = True
            gate.action_check_out()
        self.assertEqual(self.vip_pass.state, "returned")
        self.assertTrue(self.vip_pass.checked_out_date)

    def test_areas_never_widened(self):
        """R-ACC-06: a pass never opens more than the appointment; guards may narrow only."""
        with self.assertRaisesRegex(ValidationError, "does not include"), self.env.cr.savepoint():
            self.vip_pass.write({"area_ids": [Command.link(self.premium.id)]})
        self.vip_pass.invalidate_recordset()
        self.vip_pass.with_user(self.guard).write({"area_ids": [Command.unlink(self.showroom.id)]})
        self.assertNotIn(self.showroom, self.vip_pass.area_ids)
        with self.assertRaisesRegex(ValidationError, "widen"):
            self.vip_pass.with_user(self.guard).write({"area_ids": [Command.link(self.showroom.id)]})

    def test_sensitive_area_needs_escort(self):
        """R-ACC-06: sensitive areas only with a named escort."""
        with self.assertRaisesRegex(ValidationError, "escort"), self.env.cr.savepoint():
            self.vip_pass.escort_employee_id = False
        self.vip_pass.invalidate_recordset()
        self.vip_pass.area_ids = self.lobby
        self.vip_pass.escort_employee_id = False
        self.assertFalse(self.vip_pass.escort_employee_id)

    def test_overstay_alert_once(self):
        """R-ACC-08: a pass not returned by its end alerts security once; unused passes expire."""
        self._check_in(self.vip_pass)
        Pass = self.env["vip.access.pass"]
        with freeze_time(VISIT_END + timedelta(minutes=20)):
            Pass._cron_overstay()
            Pass._cron_overstay()
        alerts = self.vip_pass.activity_ids.filtered(lambda a: a.summary == "Pass not returned")
        self.assertEqual(alerts.user_id, self.guard)
        self.assertEqual(len(alerts), 1)
        self.assertEqual(self.companion_pass.state, "expired")

    def test_on_site_list_and_evacuation(self):
        """R-ACC-09: after a mix of events security lists who is inside, by area, with host and
        escort, and prints the evacuation list."""
        self._check_in(self.vip_pass, self.showroom)
        self._check_in(self.companion_pass)
        self.companion_pass.with_user(self.requester).action_host_confirm()
        with freeze_time(INSIDE + timedelta(minutes=10)):
            gate = self._gate(self.companion_pass.code, pass_returned=True)
            gate.action_check_out()
        on_site = self.env["vip.access.pass"].with_user(self.guard).search([("state", "=", "checked_in")])
        self.assertEqual(on_site, self.vip_pass)
        self.assertEqual(on_site.current_area_id, self.showroom)
        Report = self.env["ir.actions.report"].with_user(self.guard)
        html = Report._render_qweb_html("vip_customer_care.action_report_vip_evacuation_list", on_site.ids)[0].decode()
        for text in ("Showroom", "Domestic VIP", self.requester_employee.name, self.head_employee.name):
            self.assertIn(text, html)
        self.assertNotIn("Companion Li", html)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "vip_customer_care.action_report_vip_evacuation_list", on_site.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_badge(self):
        """R-ACC-06: the badge shows the code as text and QR, the visitor, window and areas."""
        Report = self.env["ir.actions.report"].with_user(self.guard)
        html = Report._render_qweb_html("vip_customer_care.action_report_vip_access_badge", self.vip_pass.ids)[0].decode()
        for text in (self.vip_pass.code, "Domestic VIP", "Vault", "data:image/png;base64,"):
            self.assertIn(text, html)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "vip_customer_care.action_report_vip_access_badge", self.vip_pass.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_exit_in_one_scan(self):
        """R-ACC-08 / issue 23: at the exit the guard scans the pass of a visitor inside whose
        host confirmed: the screen says "Inside since …: check out", the pass counts as handed
        back (the guard holds it), and one press checks the visitor out."""
        self._check_in(self.vip_pass)
        self.vip_pass.with_user(self.requester).action_host_confirm()
        with freeze_time(INSIDE + timedelta(hours=1)):
            gate = self._gate(self.vip_pass.code)
            self.assertTrue(gate.is_inside)
            self.assertFalse(gate.allowed)
            self.assertRegex(gate.verdict, r"^Inside since \d\d:\d\d: check out$")
            self.assertTrue(gate.pass_returned)
            result = gate.action_check_out()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.vip_pass.state, "returned")
        self.assertEqual(self.vip_pass.log_ids.mapped("event"), ["check_out", "check_in"])

    def test_ask_host_from_the_gate(self):
        """R-ACC-08 / issue 23: a missing host confirmation is requested from the gate screen:
        the host gets one to-do (not one per press) and a note on the pass; confirming closes it."""
        self._check_in(self.vip_pass)
        with freeze_time(INSIDE + timedelta(hours=1)):
            gate = self._gate(self.vip_pass.code)
            self.assertIn("waiting for the host's confirmation", gate.verdict)
            result = gate.action_request_host_confirmation()
            gate.action_request_host_confirmation()
        self.assertEqual(result["params"]["type"], "info")
        self.assertNotIn("next", result["params"])
        todo = self.vip_pass.activity_ids.filtered(lambda a: a.summary == "Confirm the end of the visit")
        self.assertEqual((len(todo), todo.user_id), (1, self.requester))
        self.assertIn("asked", self.vip_pass.message_ids[0].body)
        self.vip_pass.with_user(self.requester).action_host_confirm()
        self.assertFalse(self.vip_pass.activity_ids.filtered(lambda a: a.summary == "Confirm the end of the visit"))
        with self.assertRaisesRegex(UserError, "waiting for the host"):
            self.vip_pass.with_user(self.guard).action_request_host_confirmation()

    def test_overstaying_highlighted_and_log_read_only(self):
        """R-ACC-08 / issue 23: a visitor on site after the end of the pass is flagged at once
        (not only after the hourly alert) and found by the "Not returned in time" filter; the
        On-site list opens its groups and the gate log on a pass is read-only in the form."""
        self._check_in(self.vip_pass)
        Pass = self.env["vip.access.pass"].with_user(self.guard)
        with freeze_time(VISIT_END - timedelta(minutes=1)):
            self.assertFalse(Pass.search([("is_overstaying", "=", True)]))
        with freeze_time(VISIT_END + timedelta(minutes=1)):
            self.vip_pass.invalidate_recordset(["is_overstaying"])
            self.assertTrue(self.vip_pass.is_overstaying)
            self.assertEqual(Pass.search([("is_overstaying", "=", True)]), self.vip_pass)
            self.assertFalse(self.vip_pass.overstay_alerted)
        list_arch = Pass.get_view(self.env.ref("vip_customer_care.view_vip_access_pass_list").id, "list")["arch"]
        self.assertIn('decoration-danger="is_overstaying"', list_arch)
        self.assertIn('expand="1"', list_arch)
        form_arch = Pass.get_view(self.env.ref("vip_customer_care.view_vip_access_pass_form").id, "form")["arch"]
        self.assertRegex(form_arch, r'<field name="log_ids" readonly="1"')
        self.assertIn('create="0" delete="0" edit="0"', form_arch)

