# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .reception_common import FRIDAY
from .visitor_common import VisitorCommon


@tagged("post_install", "-at_install")
class TestAccessCrawl(VisitorCommon):
    """Every role opens every menu of the add-on, its list, the first record's form and all
    the lines on it, as the web client does, without an access error (R-SEC-01, R-PII-02)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()
            cls.reception = cls._to_approval(cls, cls._reception(cls, 10000))
            cls.reception.with_user(cls.marketing).validate_tier()
        cls.handover = cls.env["vip.valuable.handover"].with_user(cls.head).create({
            "reception_id": cls.reception.id, "partner_id": cls.customer.id, "company_id": cls.company.id,
            "item": "Jade bangle", "weight": 52.125,
            "verifier_1_id": cls.head_employee.id, "verifier_2_id": cls.guard_employee.id,
        })
        cls.roles = {
            "requester": cls.requester, "staff_and_reviewer": cls.head, "vp": cls.vp, "outsider": cls.outsider,
            "marketing": cls.marketing, "administration": cls.admin_dept, "security": cls.guard,
            "compliance": cls.compliance, "finance": cls.finance_1, "gm": cls.gm,
        }

    def _menus(self, user):
        root = self.env.ref("vip_customer_care.menu_vip_root")
        Menu = self.env["ir.ui.menu"].with_user(user)
        visible = Menu._visible_menu_ids()
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        return menus.filtered(lambda m: m.id in visible and m.action and m.action._name == "ir.actions.act_window")

    def _eval(self, user, expr):
        ctx = {"uid": user.id, "user": user, "context_today": lambda: fields.Date.context_today(user),
               "datetime": datetime, "time": time, "relativedelta": dateutil.relativedelta.relativedelta, "allowed_company_ids": user.company_ids.ids}
        return safe_eval(expr or "[]", ctx)

    def _spec(self, model, view_type, view_id=None):
        """The specification the web client sends for ``view_type``: the view's fields, and
        for x2many fields the fields of their sub-views."""
        result = model.get_views([(view_id, view_type)])
        fields_by_model = {name: info["fields"] if "fields" in info else info
                           for name, info in result["models"].items()}
        arch = etree.fromstring(result["views"][view_type]["arch"])

        def spec_of(node, comodel_name):
            fields = fields_by_model.get(comodel_name, {})
            spec = {}
            for field_node in node.iter("field"):
                if field_node is node:
                    continue
                # only the fields of this level: skip those nested in a sub-view
                parent = field_node.getparent()
                nested = False
                while parent is not None and parent is not node:
                    if parent.tag == "field":
                        nested = True
                        break
                    parent = parent.getparent()
                name = field_node.get("name")
                if nested or name not in fields:
                    continue
                info = fields[name]
                if info["type"] in ("one2many", "many2many"):
                    spec[name] = {"fields": spec_of(field_node, info["relation"]) or {"display_name": {}}}
                elif info["type"] == "many2one":
                    spec[name] = {"fields": {"display_name": {}}}
                else:
                    spec[name] = {}
            return spec

        return spec_of(arch, model._name)

    def _view_id(self, action, view_type):
        for view in action.view_ids:
            if view.view_mode == view_type:
                return view.view_id.id
        if action.view_id.type == view_type:
            return action.view_id.id
        return None

    def test_every_role_opens_every_menu_form_and_lines(self):
        """R-SEC-01 / R-PII-02 / R-SEC-02: for each role, each VIP Care menu's list loads, and
        the first record's form loads with all its lines (web_search_read + web_read)."""
        opened = {}
        for role, user in self.roles.items():
            for menu in self._menus(user):
                action = menu.action.sudo()
                model = self.env[action.res_model].with_user(user).with_context(**(self._eval(user, action.context) or {}))
                if model._transient:
                    continue
                with self.subTest(role=role, menu=menu.complete_name):
                    domain = self._eval(user, action.domain)
                    list_spec = self._spec(model, "list", self._view_id(action, "list"))
                    rows = model.web_search_read(domain, list_spec, limit=80)["records"]
                    if not rows:
                        continue
                    form_spec = self._spec(model, "form", self._view_id(action, "form"))
                    values = model.browse(rows[0]["id"]).web_read(form_spec)
                    self.assertEqual(values[0]["id"], rows[0]["id"])
                    opened.setdefault(role, set()).add(action.res_model)
        # The crawl did open documents with lines: staff and reviewers open the reception,
        # the guard and marketing the visitors and passes.
        self.assertIn("vip.reception", opened["staff_and_reviewer"])
        self.assertIn("vip.reception", opened["requester"])
        self.assertIn("vip.access.pass", opened["security"])
        self.assertIn("vip.visit.appointment", opened["marketing"])
