# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date, datetime, timedelta

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_expression_field_names

from .call_kw_common import CallKwCase

ADDON = "vip_customer_care"
# What a user may meet when pressing a button: a refusal in words (the web client shows its
# message). Anything else (TypeError, KeyError, a server error...) is a dead end.
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.AccessError")
CJK = re.compile(r"[\u3400-\u9fff]")
# Five English words in a row: a sentence left untranslated (names of people and records are
# shorter, and the demo names carry their Chinese form).
ENGLISH_SENTENCE = re.compile(r"(?:\b[A-Za-z]{2,}\b[ ,;:]+){4}\b[A-Za-z]{2,}\b")
LANG = "zh_CN"


@tagged("post_install", "-at_install")
class TestHeaderButtons(CallKwCase):
    """Issue 23, dead ends: every ``type="object"`` button in the ``<header>`` of the add-on's
    list and form views (read from ``ir.ui.view``, the add-on's own buttons in views it
    extends included) is pressed over ``/web/dataset/call_button`` as the web client presses
    it, by every role that sees it (the demo users, and a user of each VIP role no demo user
    holds), in Chinese: on a record of its form the user can open (one where the button is
    shown when there is one), and for list headers with the selected rows and with none.

    The answer is an action or nothing to do, or a refusal the user can read: UserError,
    ValidationError or AccessError with a Chinese message. Never a TypeError, KeyError,
    AttributeError, ValueError or server error (R-SEC-01: each role finishes or is told why;
    R-ACC-09: security prints the evacuation list from the On-site and Passes lists whatever
    is selected; R-COST-05: finance draws last month's sample from the samples list).

    Each press is rolled back: every button meets the demo data as a user finds it."""

    # ------------------------------------------------------------------ discovery
    def _header_buttons(self):
        """[{view, model, kind, name, groups, invisible, display}] of every header button of type
        object the add-on puts in a list or a form view."""
        data = self.env["ir.model.data"].search([("module", "=", ADDON), ("model", "=", "ir.ui.view")])
        views = self.env["ir.ui.view"].browse(data.mapped("res_id")).filtered(lambda v: v.type in ("list", "form"))
        found = {}
        for view in views:
            own = {node.get("name") for node in etree.fromstring(view.arch_db.encode()).iter("button")}
            root = view
            while root.mode != "primary" and root.inherit_id:
                root = root.inherit_id
            arch = root._get_combined_arch()
            for node in arch.xpath("./header//button[@type='object']"):
                name = node.get("name")
                if view.mode != "primary" and name not in own:
                    continue  # a button of the extended module, not of the add-on
                found[(root.model, arch.tag, name)] = {
                    "view": view.xml_id or view.name, "model": root.model, "kind": arch.tag, "name": name,
                    "groups": node.get("groups") or "", "invisible": node.get("invisible") or "",
                    "display": node.get("display") or "", "view_groups": root.groups_id | view.groups_id,
                }
        return list(found.values())

    def _roles(self):
        """The add-on's demo users, and a user for every VIP role none of them holds."""
        data = self.env["ir.model.data"].search([("module", "=", ADDON), ("model", "=", "res.users")])
        users = self.env["res.users"].browse(data.mapped("res_id")).exists()
        self.assertGreaterEqual(len(users), 8, "the add-on's demo users (installed with demo data)")
        category = self.env.ref("vip_customer_care.module_category_vip_customer_care")
        company = users[:1].company_id
        for group in self.env["res.groups"].search([("category_id", "=", category.id)]):
            if group.users & users:
                continue
            login = f"vip_role_{group.id}"
            users |= self.env["res.users"].with_context(no_reset_password=True).create({
                "name": group.name, "login": login, "password": login, "lang": LANG, "tz": "Asia/Shanghai",
                "company_id": company.id, "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id, group.id])],
            })
        # Chinese users: the web client sends the user's language, and Odoo words some
        # refusals (record rules) in the language of the user's preferences.
        users.write({"lang": LANG})
        return users

    def _complete_demo(self):
        """Documents the demo data has none of, made as their users make them: a handover of
        a deal's files, last year's tier review, and a reward campaign filed by sales (one
        waiting for its approvers, one draft)."""
        ref = self.env.ref
        here = [("company_id", "=", ref("vip_customer_care.company_golden_phoenix").id)]
        if not self.env["vip.archive.handover"].search_count(here):
            self.env["vip.archive.handover"].with_user(ref("vip_customer_care.user_vip_sales")).create({
                "archive_id": ref("vip_customer_care.archive_zhang_wei").id, "deal_reference": "HB-2026-01",
                "deal_close_date": date.today(), "handing_user_id": ref("vip_customer_care.user_vip_sales").id,
                "reviewer_id": ref("vip_customer_care.user_vip_manager").id,
                "keeper_id": ref("vip_customer_care.user_vip_archive_keeper").id,
                "line_ids": [(0, 0, {"name": "Contract HB-2026-01"})],
            })
        if not self.env["vip.loyalty.tier.review"].search_count(here):
            self.env["vip.loyalty.tier.review"].with_user(ref("vip_customer_care.user_vip_marketing")).create({})
        if not self.env["vip.reward.campaign"].search_count(here):
            sales = ref("vip_customer_care.user_vip_sales")
            campaigns = self.env["vip.reward.campaign"].with_user(sales).create([{
                "name": name, "department_id": ref("vip_customer_care.department_sales").id,
                "campaign_type": "points_exchange", "target_tier": "all", "budget": budget,
                "expected_effect": "More repeat visits", "date_start": date.today(), "date_end": date.today(),
            } for name, budget in (("Spring points week", 20000), ("Summer points week", 8000))])
            campaigns[0].action_submit()

    # ------------------------------------------------------------------ the user's side
    def _sees(self, user, button):
        model = self.env[button["model"]].with_user(user)
        if not model.has_access("read"):
            return False
        if button["view_groups"] and not (button["view_groups"] & user.groups_id):
            return False
        return not button["groups"] or user.has_groups(button["groups"])

    def _shown(self, record, button, user):
        """Whether the button is shown on ``record`` to ``user`` (its ``invisible`` evaluated
        on the values the user reads, as the web client does)."""
        expression = button["invisible"]
        if not expression:
            return True
        names = [name for name in get_expression_field_names(expression) if name in record._fields]
        try:
            values = record.with_user(user).read(names)[0] if names else {}
        except AccessError:
            return False
        context = {"id": record.id, "uid": user.id, "context": {},
                   "context_today": date.today, "current_date": date.today().isoformat()}
        for name in names:
            value = values[name]
            if isinstance(value, tuple):  # many2one: its id
                value = value[0]
            elif isinstance(value, (date, datetime)):
                value = value.isoformat()
            context[name] = value
        try:
            return not safe_eval(expression, context)
        except Exception:  # noqa: BLE001 - an expression the test cannot evaluate: press it
            return True

    def _records(self, user, button):
        """Records of the button's model the user can open, newest first."""
        return self.env[button["model"]].with_user(user).search([], limit=40, order="id desc")

    def _context(self, user, **extra):
        return {"lang": LANG, "tz": "Asia/Shanghai", "uid": user.id,
                "allowed_company_ids": user.company_ids.ids, **extra}

    def _press(self, user, button, ids, context):
        """``/web/dataset/call_button`` as ``action_service.doActionButton`` calls it: the
        record ids (the selected rows for a list header, none selected: []) as the only
        argument, the context as keyword."""
        model, method = button["model"], button["name"]
        return self.json_rpc("/web/dataset/call_button", model, method, [ids], {"context": context},
                             http_errors=False)

    def _new_wizard(self, user, button):
        """A transient form is saved before its button runs: the record the web client creates."""
        return self.json_rpc("/web/dataset/call_kw", button["model"], "web_save", [[], {}],
                             {"specification": {}, "context": self._context(user)}, http_errors=False)

    def _judge(self, where, result, error):
        """None when the answer is acceptable, else why not."""
        if error:
            message = error.get("message") or ""
            if error.get("name") not in REFUSALS:
                return f"{where}: {error.get('name')}: {message[:300]}"
            if not CJK.search(message) or ENGLISH_SENTENCE.search(message):
                return f"{where}: refusal not in Chinese: {message[:300]}"
            return None
        if result not in (False, True, None) and not (isinstance(result, dict) and result.get("type")):
            return f"{where}: returned {result!r} (an action or nothing expected)"
        return None

    def _attempt(self, user, button, ids, context, label, failures):
        with self.env.cr.savepoint() as savepoint:
            result, error = self._press(user, button, ids, context)
            savepoint.rollback()
        self.env.invalidate_all()
        where = f"{button['model']}.{button['name']} ({button['kind']} {label}) as {user.login}"
        problem = self._judge(where, result, error)
        if problem:
            failures.append(problem)
        return error

    # ------------------------------------------------------------------ the test
    def test_every_header_button_answers(self):
        """Issue 23 / R-SEC-01 / R-ACC-09 / R-COST-05: every header button of the add-on's
        list and form views, pressed over /web/dataset/call_button by every role that sees it,
        does its work or refuses in the user's language; list headers work with the selected
        rows and with none selected."""
        buttons = self._header_buttons()
        names = {(b["kind"], b["name"]) for b in buttons}
        for expected in (("list", "action_print_evacuation_list"), ("list", "action_draw_last_month"),
                         ("form", "action_submit"), ("form", "validate_tier"), ("form", "action_vip_mark_valid"),
                         ("form", "action_vip_finance_sign")):
            self.assertIn(expected, names, "discovered from the add-on's views")
        users = self._roles()
        self._complete_demo()
        failures, pressed = [], set()
        with mute_logger("odoo.http"):
            for user in users:
                self.authenticate(user.login, user.login)
                for button in buttons:
                    if not self._sees(user, button):
                        continue
                    key = (button["model"], button["kind"], button["name"])
                    if self.env[button["model"]]._transient:
                        result = None
                        with self.env.cr.savepoint() as savepoint:
                            saved, error = self._new_wizard(user, button)
                            if not error:
                                result, error = self._press(user, button, [saved[0]["id"]], self._context(user))
                            savepoint.rollback()
                        self.env.invalidate_all()
                        problem = self._judge(f"{button['model']}.{button['name']} (new wizard) as {user.login}",
                                              None if error else result, error)
                        if problem:
                            failures.append(problem)
                        pressed.add(key)
                        continue
                    records = self._records(user, button)
                    if button["kind"] == "list":
                        selected = records[:3].ids
                        if button["display"] == "always":
                            self._attempt(user, button, [], self._context(
                                user, active_ids=[], active_model=button["model"], active_domain=[],
                            ), "header, nothing selected", failures)
                            pressed.add(key)
                        if selected:
                            self._attempt(user, button, selected, self._context(
                                user, active_ids=selected, active_model=button["model"], active_domain=[],
                            ), f"header, {len(selected)} selected", failures)
                            pressed.add(key)
                        continue
                    record = next((r for r in records if self._shown(r, button, user)), None)
                    label = f"record {record.id}, shown" if record else "record, hidden"
                    record = record or records[:1]
                    if record:
                        self._attempt(user, button, record.ids, self._context(user), label, failures)
                        pressed.add(key)
        never = sorted(set((b["model"], b["kind"], b["name"]) for b in buttons) - pressed)
        self.assertFalse(failures, "Header buttons that end in a dead end:\n" + "\n".join(failures))
        self.assertFalse(never, f"Header buttons no role could press (no record in the demo data?): {never}")

    def test_list_headers_with_and_without_selection(self):
        """Issue 23 / R-ACC-09 / R-COST-05: the guard prints the evacuation list from the
        On-site list with one row selected and with none, and gets everyone on site either way;
        finance draws last month's sample from the samples list with nothing selected and is
        shown that month's sample."""
        guard = self.env.ref("vip_customer_care.user_vip_security")
        on_site = self.env["vip.access.pass"].search([("state", "=", "checked_in")])
        self.assertTrue(on_site, "the demo has visitors on site")
        self.authenticate(guard.login, guard.login)
        button = {"model": "vip.access.pass", "name": "action_print_evacuation_list"}
        for selected in ([], on_site[:1].ids):
            with self.subTest(selected=selected):
                action, error = self._press(guard, button, selected, self._context(
                    guard, active_ids=selected, active_model="vip.access.pass", active_domain=[("state", "=", "checked_in")],
                ))
                self.assertIsNone(error)
                self.assertEqual(action["type"], "ir.actions.report")
                self.assertEqual(action["report_name"], "vip_customer_care.report_vip_evacuation_list")
                self.assertEqual(sorted(action["context"]["active_ids"]), sorted(on_site.ids), "everyone on site")

        finance = self.env.ref("vip_customer_care.user_vip_finance")
        self.authenticate(finance.login, finance.login)
        action, error = self._press(finance, {"model": "vip.cost.sample", "name": "action_draw_last_month"}, [],
                                    self._context(finance, active_ids=[], active_model="vip.cost.sample"))
        self.assertIsNone(error)
        self.assertEqual((action["type"], action["res_model"]), ("ir.actions.act_window", "vip.cost.sample"))
        month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        self.assertEqual(action["domain"], [["month", "=", month.isoformat()]])
