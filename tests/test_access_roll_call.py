# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from freezegun import freeze_time
from websocket import WebSocketTimeoutException

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump
from odoo.addons.bus.tests.common import WebsocketCase

from .call_kw_common import CallKwCase
from .visitor_common import INSIDE, VisitorCommon

LINE_FIELDS = ["name", "area_id", "host_employee_id", "pass_id", "status", "marked_by_id", "marked_date"]


@tagged("post_install", "-at_install")
class TestRollCall(CallKwCase, VisitorCommon):
    """Issue 22, R-ACC-09: the emergency roll call, over JSON-RPC as the web client calls it,
    logged in as the real groups: security (the marshals) starts it from the on-site list,
    marks people safe and closes it; the other roles read at most; a closed roll call never
    changes and nothing is deleted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()

    def _check_in_both(self):
        with freeze_time(INSIDE):
            for access_pass, area in ((self.vip_pass, self.showroom), (self.companion_pass, self.lobby)):
                self._gate(access_pass.code, area, belongings_checked=True).action_check_in()
        self.assertEqual(set((self.vip_pass | self.companion_pass).mapped("state")), {"checked_in"})

    def button(self, model, method, ids):
        """A button as the web client presses it (``/web/dataset/call_button``)."""
        result, error = self.json_rpc("/web/dataset/call_button", model, method, [ids])
        if error:
            self.fail(f"{model}.{method} refused: {error['message']}")
        return result

    def _start(self):
        """The guard presses "Start roll call" on the on-site list (no row selected)."""
        self.login(self.guard)
        action = self.button("vip.access.pass", "action_start_roll_call", [])
        self.assertEqual((action["res_model"], action["view_mode"]), ("vip.roll.call", "form"))
        return self.env["vip.roll.call"].browse(action["res_id"])

    def _lines(self, roll_call):
        return self.call_kw("vip.roll.call.line", "search_read", [[("roll_call_id", "=", roll_call.id)]],
                            {"fields": LINE_FIELDS})

    def _counters(self, roll_call):
        [values] = self.call_kw("vip.roll.call", "read", [[roll_call.id]],
                                {"fields": ["state", "count_total", "count_safe", "count_unaccounted"]})
        return values["state"], values["count_total"], values["count_safe"], values["count_unaccounted"]

    def test_snapshot_of_who_is_on_site(self):
        """R-ACC-09: the roll call holds everyone on site when it starts (person, host, area,
        pass), all unaccounted, started by and at; nobody on site: nothing to start; pressing
        start again opens the running roll call instead of a second one."""
        self.login(self.guard)
        self.assertRefused(r"Nobody is on site", "vip.access.pass", "action_start_roll_call", [[]])
        self.assertFalse(self.env["vip.roll.call"].search([("company_id", "=", self.company.id)]))
        self._check_in_both()
        roll_call = self._start()
        self.assertEqual(roll_call.company_id, self.company)
        self.assertEqual((roll_call.state, roll_call.started_by_id), ("open", self.guard))
        self.assertTrue(roll_call.date_start)
        self.assertTrue(roll_call.name.startswith("RC/"))
        lines = {line["name"]: line for line in self._lines(roll_call)}
        self.assertEqual(set(lines), {self.vip_pass.visitor_id.name, "Companion Li"})
        vip_line = lines[self.vip_pass.visitor_id.name]
        self.assertEqual(vip_line["area_id"][0], self.showroom.id)
        self.assertEqual(vip_line["pass_id"][0], self.vip_pass.id)
        self.assertEqual(vip_line["host_employee_id"][0], self.requester_employee.id)
        self.assertEqual({line["status"] for line in lines.values()}, {"unaccounted"})
        self.assertEqual(self._counters(roll_call), ("open", 2, 0, 2))
        self.assertEqual(self._start(), roll_call, "one roll call runs at a time: start opens it again")
        self.assertRefused(r"already open", "vip.roll.call", "create", [[{"company_id": self.company.id}]])
        # The same from the Roll calls list header, whatever rows are selected.
        action = self.button("vip.roll.call", "action_start", roll_call.ids)
        self.assertEqual(action["res_id"], roll_call.id)
        # R-SEC-02: the demo company's past drill is not the guard's business.
        self.assertEqual(self.call_kw("vip.roll.call", "search_count", [[]]), 1)

    def test_start_from_the_menu(self):
        """R-ACC-09: VIP Care > Visitors > Start roll call (a server action, one tap on a phone)
        starts the roll call as the guard, opens the running one when pressed again, and is
        refused to anyone else."""
        self._check_in_both()
        menu_action = self.env.ref("vip_customer_care.action_vip_roll_call_start")
        self.login(self.compliance)
        response = self.url_open("/web/action/run", data=json.dumps({"params": {"action_id": menu_action.id}}),
                                 headers={"Content-Type": "application/json"})
        self.assertIn("error", response.json())
        self.assertFalse(self.env["vip.roll.call"].search([("company_id", "=", self.company.id)]))
        self.login(self.guard)
        opened = []
        for _press in range(2):
            response = self.url_open("/web/action/run", data=json.dumps({"params": {"action_id": menu_action.id}}),
                                     headers={"Content-Type": "application/json"})
            action = response.json()["result"]
            self.assertEqual((action["res_model"], action["view_mode"]), ("vip.roll.call", "form"))
            opened.append(action["res_id"])
        roll_call = self.env["vip.roll.call"].search([("company_id", "=", self.company.id)])
        self.assertEqual(opened, roll_call.ids * 2)
        self.assertEqual((roll_call.state, roll_call.started_by_id), ("open", self.guard))

    def test_marking_safe_and_unaccounted_first(self):
        """R-ACC-09: a marshal's "Safe" marks the person with who and when; the unaccounted
        stay on top; the counters follow; a second press keeps the first mark; undo while open."""
        self._check_in_both()
        roll_call = self._start()
        before = [line["name"] for line in self._lines(roll_call)]
        # All unaccounted: by area (the lobby before the showroom).
        self.assertEqual(before, ["Companion Li", self.vip_pass.visitor_id.name])
        first = roll_call.line_ids.filtered(lambda line: line.name == before[0])
        self.button("vip.roll.call.line", "action_mark_safe", first.ids)
        lines = self._lines(roll_call)
        self.assertEqual([line["name"] for line in lines], before[::-1], "the person still unaccounted is on top")
        marked = lines[-1]
        self.assertEqual((marked["status"], marked["marked_by_id"][0]), ("safe", self.guard.id))
        self.assertTrue(marked["marked_date"])
        self.assertEqual(self._counters(roll_call), ("open", 2, 1, 1))
        # A second marshal presses Safe too: the first mark stays.
        marked_date = marked["marked_date"]
        self.button("vip.roll.call.line", "action_mark_safe", first.ids)
        self.assertEqual(self._lines(roll_call)[-1]["marked_date"], marked_date)
        self.button("vip.roll.call.line", "action_mark_unaccounted", first.ids)
        self.assertEqual(self._counters(roll_call), ("open", 2, 0, 2))
        self.assertFalse(first.marked_by_id)

    def test_close_summary_and_locks(self):
        """R-ACC-09: closing keeps who and when and posts the summary (safe, unaccounted,
        duration, who is missing); afterwards nothing changes and nothing is deleted, not by a
        marshal nor by an administrator."""
        self._check_in_both()
        roll_call = self._start()
        companion_line = roll_call.line_ids.filtered(lambda line: line.name == "Companion Li")
        self.button("vip.roll.call.line", "action_mark_safe", companion_line.ids)
        self.button("vip.roll.call", "action_close", roll_call.ids)
        self.assertEqual((roll_call.state, roll_call.closed_by_id), ("closed", self.guard))
        self.assertGreaterEqual(roll_call.date_end, roll_call.date_start)
        self.assertEqual(self._counters(roll_call), ("closed", 2, 1, 1))
        summary = roll_call.message_ids.filtered(lambda m: "Roll call closed" in (m.body or ""))
        self.assertEqual(len(summary), 1)
        self.assertIn("1 safe, 1 unaccounted of 2 on site", summary.body)
        self.assertIn("duration 0 h 00 min", summary.body)
        self.assertIn(f"Unaccounted: {self.vip_pass.visitor_id.name}.", summary.body)
        self.assertEqual(summary.author_id, self.guard.partner_id)

        vip_line = roll_call.line_ids - companion_line
        self.assertRefused(r"is closed", "vip.roll.call.line", "action_mark_safe", [vip_line.ids])
        self.assertRefused(r"is closed", "vip.roll.call.line", "action_mark_unaccounted", [companion_line.ids])
        self.assertRefused(r"already closed", "vip.roll.call", "action_close", [roll_call.ids])
        self.assertRefused(r"is closed", "vip.roll.call", "write", [roll_call.ids, {"gate_id": self.gate.id}])
        self.assertRefused(r"cannot be deleted|not allowed", "vip.roll.call", "unlink", [roll_call.ids])
        # A new roll call may start once this one is closed.
        self.assertNotEqual(self._start(), roll_call)
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        with self.assertRaisesRegex(UserError, "is closed"):
            vip_line.with_user(admin).with_company(self.company).write({"status": "safe"})
        with self.assertRaisesRegex(UserError, "is closed"):
            roll_call.with_user(admin).with_company(self.company).write({"gate_id": self.gate.id})
        with self.assertRaisesRegex(UserError, "cannot be deleted|not allowed to delete"):
            vip_line.with_user(admin).with_company(self.company).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted|not allowed to delete"):
            roll_call.with_user(admin).with_company(self.company).unlink()
        self.assertEqual(vip_line.status, "unaccounted")

    def test_access_per_group(self):
        """R-ACC-09 / R-SEC-01: only security starts, marks and closes; compliance, marketing
        and administration read; a salesperson sees nothing; even security cannot type a mark,
        a person or a starter by hand, nor delete a running roll call."""
        self._check_in_both()
        roll_call = self._start()
        line = roll_call.line_ids[:1]
        for reader in (self.compliance, self.marketing, self.admin_dept):
            with self.subTest(user=reader.login):
                self.login(reader)
                self.assertEqual(self._counters(roll_call), ("open", 2, 0, 2))
                self.assertEqual(len(self._lines(roll_call)), 2)
                self.assertRefused(r"Only security", "vip.roll.call", "action_start", [[]])
                self.assertRefused(r"Only security", "vip.roll.call.line", "action_mark_safe", [line.ids])
                self.assertRefused(r"Only security", "vip.roll.call", "action_close", [roll_call.ids])
                self.assertRefused(r"change only through its buttons|not allowed", "vip.roll.call.line", "write",
                                   [line.ids, {"status": "safe"}])
        self.login(self.requester)
        self.assertRefused(r"not allowed", "vip.roll.call", "search_read", [[]], {"fields": ["name"]},
                           exception="AccessError")
        self.assertRefused(r"not allowed", "vip.roll.call.line", "search_read", [[]], {"fields": ["name"]},
                           exception="AccessError")

        self.login(self.guard)
        self.assertRefused(r"change only through its buttons", "vip.roll.call.line", "write",
                           [line.ids, {"status": "safe"}])
        # The shared guard names the fields typed; without any, the line's own refusal.
        self.assertRefused(r"change only through its buttons.*Roll Call, Person", "vip.roll.call.line", "create",
                           [[{"roll_call_id": roll_call.id, "name": "Somebody"}]])
        self.assertRefused(r"come from the on-site list", "vip.roll.call.line", "create", [[{}]])
        self.assertRefused(r"change only through its buttons", "vip.roll.call", "write",
                           [roll_call.ids, {"started_by_id": self.compliance.id}])
        self.assertRefused(r"cannot be deleted|not allowed", "vip.roll.call", "unlink", [roll_call.ids])
        self.assertRefused(r"cannot be deleted|not allowed", "vip.roll.call.line", "unlink", [line.ids])
        self.assertEqual(self._counters(roll_call), ("open", 2, 0, 2), "nothing was changed")
        self.assertEqual(roll_call.started_by_id, self.guard)


@tagged("post_install", "-at_install")
class TestRollCallLive(WebsocketCase, CallKwCase, VisitorCommon):
    """Issue 22, R-ACC-09: the roll call screen is live. Every mark, undo and the closing are
    announced on the roll call's own bus channel (its id and state, no names); the web client
    asks for that channel by name (``vip.roll.call_<id>``) and gets it only if the user may read
    the roll call (R-SEC-01): a salesperson who asks hears nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()

    _check_in_both = TestRollCall._check_in_both
    button = TestRollCall.button
    _start = TestRollCall._start

    def _announced(self, roll_call):
        """The notifications of the roll call's channel, in order, as (type, payload)."""
        channel = json_dump(channel_with_db(self.env.cr.dbname, roll_call))
        messages = self.env["bus.bus"].sudo().search([("channel", "=", channel)], order="id").mapped("message")
        return [(message["type"], message["payload"]) for message in map(json.loads, messages)]

    def _listen(self, user, roll_call):
        """A web client of ``user`` showing the roll call: a websocket asking for its channel."""
        session = self.authenticate(user.login, user.login)
        self.session = None  # keep that session alive when the test logs in as someone else
        websocket = self.websocket_connect(cookie=f"session_id={session.sid};")
        self.subscribe(websocket, [f"vip.roll.call_{roll_call.id}"], self.env["bus.bus"]._bus_last_id())
        return websocket

    def _received(self, websocket):
        """The notifications the client received (none within a second: [])."""
        websocket.settimeout(1)
        try:
            return [(n["message"]["type"], n["message"]["payload"]) for n in json.loads(websocket.recv())]
        except WebSocketTimeoutException:
            return []

    def test_marks_are_announced_on_the_roll_call_channel(self):
        """R-ACC-09: mark, second press (nothing changes: nothing announced), undo, assembly
        point and closing each announce the roll call (id and state) on its channel, once."""
        self._check_in_both()
        roll_call = self._start()
        self.assertEqual(self._announced(roll_call), [], "starting it announces nothing")
        line = roll_call.line_ids[:1]
        self.button("vip.roll.call.line", "action_mark_safe", line.ids)
        self.button("vip.roll.call.line", "action_mark_safe", line.ids)
        self.button("vip.roll.call.line", "action_mark_unaccounted", line.ids)
        self.call_kw("vip.roll.call", "write", [roll_call.ids, {"gate_id": self.gate.id}])
        self.button("vip.roll.call", "action_close", roll_call.ids)
        opened = ("vip.roll.call/changed", {"id": roll_call.id, "state": "open"})
        closed = ("vip.roll.call/changed", {"id": roll_call.id, "state": "closed"})
        self.assertEqual(self._announced(roll_call), [opened, opened, opened, closed])

    def test_only_readers_hear_the_roll_call(self):
        """R-ACC-09 / R-SEC-01: over real websockets, a compliance officer (a reader) showing the
        roll call hears the guard's mark at once; a salesperson asking for the same channel by
        name hears nothing, and neither does anyone for a roll call that does not exist."""
        self._check_in_both()
        roll_call = self._start()
        reader = self._listen(self.compliance, roll_call)
        salesperson = self._listen(self.requester, roll_call)
        self.login(self.guard)
        self.button("vip.roll.call.line", "action_mark_safe", roll_call.line_ids[:1].ids)
        # Nothing is committed during tests: wake the websockets as the commit would.
        self.trigger_notification_dispatching([roll_call])
        self.assertEqual(self._received(reader), [("vip.roll.call/changed", {"id": roll_call.id, "state": "open"})])
        self.assertEqual(self._received(salesperson), [])
        self.assertEqual(self.env["vip.roll.call"].with_user(self.requester)._vip_bus_channels(
            [f"vip.roll.call_{roll_call.id}"]), self.env["vip.roll.call"])
        self.assertEqual(self.env["vip.roll.call"].with_user(self.compliance)._vip_bus_channels(
            [f"vip.roll.call_{roll_call.id}", f"vip.roll.call_{roll_call.id + 1000}", "vip.roll.call_x", 7]),
            roll_call)
