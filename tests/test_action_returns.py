# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import inspect
import textwrap
import xmlrpc.client
from pathlib import Path

from freezegun import freeze_time
from lxml import etree

from odoo.tests import HttpCase, tagged

from .reception_common import FRIDAY
from .visitor_common import INSIDE, VisitorCommon

ADDON = "odoo.addons.vip_customer_care."


def _own_nodes(func_node):
    """The nodes of a function body, without those of nested functions, lambdas or classes."""
    stack = list(func_node.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(child)


def _ends_with_return(stmts):
    """Whether every path through ``stmts`` ends in ``return <value>`` or ``raise``."""
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, ast.Return):
        return last.value is not None
    if isinstance(last, ast.Raise):
        return True
    if isinstance(last, ast.If):
        return _ends_with_return(last.body) and _ends_with_return(last.orelse)
    if isinstance(last, ast.With):
        return _ends_with_return(last.body)
    if isinstance(last, ast.Try):
        if _ends_with_return(last.finalbody):
            return True
        body = _ends_with_return(last.orelse) if last.orelse else _ends_with_return(last.body)
        return body and all(_ends_with_return(h.body) for h in last.handlers)
    return False


def return_problems(source):
    """Why the method in ``source`` may hand None to its RPC caller ([] when it cannot):
    a bare ``return``, ``return None`` or a path that falls off the end of the method."""
    func = ast.parse(textwrap.dedent(source)).body[0]
    problems = []
    for node in _own_nodes(func):
        if isinstance(node, ast.Return) and (
            node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            problems.append(f"line {func.lineno + node.lineno - 1}: returns None")
    if not _ends_with_return(func.body):
        problems.append("may end without a return value")
    return problems


def self_calls_returned(source):
    """Names of the methods of ``self`` whose result the method returns (``return self._x()``)."""
    func = ast.parse(textwrap.dedent(source)).body[0]
    return {
        node.value.func.attr for node in _own_nodes(func)
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute) and isinstance(node.value.func.value, ast.Name)
        and node.value.func.value.id == "self"
    }


@tagged("post_install", "-at_install")
class TestActionReturns(VisitorCommon, HttpCase):
    """Issue 18: XML-RPC cannot marshal None, so an action returning None reaches an XML-RPC
    client as a fault after the action was committed. Every public action of the add-on returns
    True or an action (R-APV-09: the caller learns the outcome of what was recorded)."""

    def _object_buttons(self):
        """Names of every ``type="object"`` button of the add-on's views."""
        view_ids = self.env["ir.model.data"].search(
            [("module", "=", "vip_customer_care"), ("model", "=", "ir.ui.view")]).mapped("res_id")
        names = set()
        for view in self.env["ir.ui.view"].browse(view_ids):
            for node in etree.fromstring(view.arch_db.encode()).iter("button"):
                if node.get("type") == "object" and node.get("name"):
                    names.add(node.get("name"))
        return names

    def _public_actions(self):
        """{(class, method name): function} of the methods the add-on itself defines (its
        models, inherited Odoo models and wizards) that a client calls as actions: public
        ``action_*`` methods and object buttons."""
        buttons = self._object_buttons()
        found = {}
        for model_name in self.env.registry:
            for klass in type(self.env[model_name]).__mro__:
                if not klass.__module__.startswith(ADDON):
                    continue
                for name, func in vars(klass).items():
                    if name.startswith("_") or not inspect.isfunction(func):
                        continue
                    if name.startswith("action_") or name in buttons:
                        found[(klass, name)] = func
        return found

    def test_return_problems_detects_none(self):
        """Issue 18 (no rule-book id: RPC robustness): the check below notices a method falling
        off its end, a bare return and ``return None``, and accepts ``return True``, an action
        and an if/else of both."""
        self.assertTrue(return_problems("def action_a(self):\n    self.write({})\n"))
        self.assertTrue(return_problems("def action_a(self):\n    if self:\n        return\n    return True\n"))
        self.assertTrue(return_problems("def action_a(self):\n    return None\n"))
        self.assertTrue(return_problems("def action_a(self):\n    if self:\n        return True\n"))
        self.assertFalse(return_problems("def action_a(self):\n    if self:\n        return {}\n    else:\n"
                                         "        raise ValueError()\n"))
        self.assertFalse(return_problems("def action_a(self):\n    for r in self:\n        pass\n    return True\n"))

    def test_every_dialog_has_a_title(self):
        """Issue 23 (no rule-book id: screens): every window action the add-on opens in a dialog
        (``target: new``) names it, so that the dialog is not titled "Odoo"."""
        root = Path(__file__).resolve().parent.parent
        untitled = []
        for path in [*root.glob("models/*.py"), *root.glob("wizards/*.py")]:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Dict):
                    continue
                keys = {k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)}
                target, kind = keys.get("target"), keys.get("type")
                if (isinstance(target, ast.Constant) and target.value == "new"
                        and not (isinstance(kind, ast.Constant) and kind.value == "ir.actions.act_url")
                        and "name" not in keys):
                    untitled.append(f"{path.name}:{node.lineno}")
        self.assertFalse(untitled, untitled)

    def test_every_public_action_returns_a_value(self):
        """Issue 18 (no rule-book id: RPC robustness): every public ``action_*`` method and
        object button the add-on defines
        returns a value on every path (no bare return, no falling off the end), and so do the
        methods of ``self`` whose result it hands back."""
        actions = self._public_actions()
        self.assertGreater(len(actions), 100)
        for required in ("action_countersign_sales", "action_confirm_in_writing", "action_verify", "validate_tier"):
            self.assertIn(required, {name for _klass, name in actions})
        failures = []
        for (klass, name), func in sorted(actions.items(), key=lambda item: (item[0][0].__module__, item[0][1])):
            source = inspect.getsource(func)
            where = f"{klass.__module__.removeprefix(ADDON)}.{klass.__name__}.{name}"
            failures += [f"{where}: {problem}" for problem in return_problems(source)]
            for callee in self_calls_returned(source):
                target = getattr(klass, callee, None)
                if inspect.isfunction(target) and target.__module__.startswith(ADDON):
                    failures += [f"{where} -> {callee}: {problem}" for problem in return_problems(inspect.getsource(target))]
        self.assertFalse(failures, "Actions that can return None (an XML-RPC fault):\n" + "\n".join(failures))

    def _xmlrpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

    def test_actions_over_xmlrpc(self):
        """Issue 18 / R-REC-01 / R-APV-06 / R-ACC-06: actions called over XML-RPC return without a
        fault and have done their work: a reception submitted, countersigned and sent for
        approval; a delegation confirmed in writing; a visitor checked in at the gate."""
        reception = self._reception(10000)
        with freeze_time(FRIDAY):
            for method in ("action_submit", "action_countersign_sales", "action_send_for_approval"):
                with self.subTest(method=method):
                    self.assertIsNotNone(self._xmlrpc(self.requester, "vip.reception", method, [reception.id]))
            reception.invalidate_recordset()
            self.assertEqual(reception.state, "to_approve")
            self.assertTrue(reception.sales_countersigned)

            delegation = self.env["vip.approval.delegation"].with_user(self.head).create({
                "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
                "business_type_ids": [(6, 0, self.business.ids)], "date_from": "2026-11-20",
                "date_to": "2026-11-30", "reason": "Travel", "confirmation": "oral",
            })
            self.assertIs(self._xmlrpc(self.head, "vip.approval.delegation", "action_confirm_in_writing", [delegation.id]), True)
            delegation.invalidate_recordset()
            self.assertEqual(delegation.confirmation, "written")

            self._set_up_visit()
        with freeze_time(INSIDE):
            check = self._xmlrpc(self.guard, "vip.gate.check", "create", {
                "code": self.vip_pass.code, "gate_id": self.gate.id, "area_id": self.lobby.id, "belongings_checked": True,
            })
            result = self._xmlrpc(self.guard, "vip.gate.check", "action_check_in", [check])
        self.assertEqual(result["params"]["type"], "success")
        self.vip_pass.invalidate_recordset()
        self.assertEqual(self.vip_pass.state, "checked_in")
        with self.assertRaises(xmlrpc.client.Fault):  # a refusal is still a fault, as it should be
            self._xmlrpc(self.requester, "vip.reception", "action_countersign_sales", [reception.id])
