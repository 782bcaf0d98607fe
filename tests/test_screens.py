# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .reception_common import FRIDAY
from .visitor_common import VisitorCommon


@tagged("post_install", "-at_install")
class TestScreens(VisitorCommon):
    """Issue 9.5: kanban columns, tier order, customer smart buttons, pivot and graph views."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()
        cls.other_customer = cls.env["res.partner"].create({
            "name": "Other VIP", "company_id": cls.company.id, "vip_service_level": "important",
            "user_id": cls.sales_other.id,
        })

    def _handover(self, partner):
        return self.env["vip.valuable.handover"].create({
            "company_id": self.company.id, "partner_id": partner.id, "item": "Jade bangle", "weight": 58.204,
            "verifier_1_id": self.head_employee.id, "verifier_2_id": self.guard_employee.id,
        })

    # ------------------------------------------------------------------ kanban
    def test_kanban_columns_in_workflow_order(self):
        """Issue 9.5: the kanban read (web_read_group on the state) returns every state as a
        column in the workflow order of the selection, not alphabetically, for receptions,
        appointments, passes and handovers; each as a role that uses the screen."""
        self._to_approval(self._reception())
        self._handover(self.customer)
        for model, user in (
            ("vip.reception", self.marketing),
            ("vip.visit.appointment", self.marketing),
            ("vip.access.pass", self.guard),
            ("vip.valuable.handover", self.guard),
        ):
            with self.subTest(model=model):
                Model = self.env[model].with_user(user)
                groups = Model.web_read_group([], ["state"], ["state"])["groups"]
                expected = [value for value, _label in Model._fields["state"].selection]
                self.assertEqual([group["state"] for group in groups], expected)

    def test_kanban_views_group_by_state(self):
        """Issue 9.5: the reception and appointment kanbans open grouped by state, cards cannot be
        dragged to another state (the buttons move them), and the actions offer the kanban."""
        for model, action in (
            ("vip.reception", "vip_customer_care.action_vip_reception_all"),
            ("vip.visit.appointment", "vip_customer_care.action_vip_visit_appointment"),
        ):
            with self.subTest(model=model):
                arch = self.env[model].with_user(self.marketing).get_views([(False, "kanban")])["views"]["kanban"]["arch"]
                kanban = etree.fromstring(arch)
                self.assertEqual(kanban.get("default_group_by"), "state")
                self.assertEqual(kanban.get("records_draggable"), "0")
                self.assertIn("kanban", self.env.ref(action).view_mode.split(","))

    # ------------------------------------------------------------------ tiers
    def test_tier_steps_in_signing_order(self):
        """R-APV-03 / issue 9.5: Configuration > Approval tiers lists the steps in the order
        reviewers sign (marketing, administration, security, compliance, ...), and the reviews on
        a record come in the same order."""
        action = self.env.ref("vip_customer_care.action_vip_tier_definition")
        Definition = self.env["tier.definition"].with_user(self.gm)
        arch = etree.fromstring(Definition.get_views([(action.view_id.id, "list")])["views"]["list"]["arch"])
        self.assertFalse(arch.xpath("//field[@widget='handle']"), "a drag handle would sort the steps backwards")
        listed = Definition.search(
            [("model", "=", "vip.reception")] , order=arch.get("default_order"),
        )
        xmlids = listed.get_external_id()
        names = [xmlids[d.id].split(".tier_reception_")[1] for d in listed]
        self.assertEqual(names[:4], ["marketing", "administration", "security", "compliance"])
        self.assertLess(names.index("dept_head"), names.index("finance_1"))
        self.assertLess(names.index("finance_1"), names.index("finance_2"))

        reception = self._to_approval(self._reception(amount=600000.0, partner=self.foreign_customer))
        data = reception.with_user(self.requester).web_read({"review_ids": {"fields": {"name": {}, "sequence": {}}}})
        read_ids = [review["id"] for review in data[0]["review_ids"]]
        reviews = self.env["tier.review"].browse(read_ids)
        self.assertEqual(reviews.mapped("sequence"), sorted(reviews.mapped("sequence")))
        positions = [listed.ids.index(review.definition_id.id) for review in reviews]
        self.assertEqual(positions, sorted(positions), "reviews follow the order of the tier list")
        self.assertEqual(self._tiers(reception)[:4], ["marketing", "administration", "security", "compliance"])

    # ------------------------------------------------------------------ smart buttons
    def _customer_records(self):
        self._reception(partner=self.customer)
        self._reception(partner=self.customer)
        self._reception(partner=self.foreign_customer)
        self._handover(self.customer)

    def test_smart_button_counts(self):
        """R-TIER-01 / R-ACC-06 / R-REC-01 (issue 9.5): the customer form counts the customer's
        receptions, appointments, visit passes and handovers; each button opens exactly those."""
        self._customer_records()
        customer = self.customer.with_user(self.marketing)
        self.assertEqual(
            (customer.vip_reception_count, customer.vip_appointment_count, customer.vip_pass_count,
             customer.vip_handover_count),
            (2, 1, 2, 1),
        )
        for method, model, count in (
            ("action_vip_view_receptions", "vip.reception", 2),
            ("action_vip_view_appointments", "vip.visit.appointment", 1),
            ("action_vip_view_passes", "vip.access.pass", 2),
            ("action_vip_view_handovers", "vip.valuable.handover", 1),
        ):
            with self.subTest(button=method):
                action = getattr(customer, method)()
                self.assertEqual(action["res_model"], model)
                self.assertEqual(self.env[model].with_user(self.marketing).search_count(action["domain"]), count)
        other = self.other_customer.with_user(self.marketing)
        self.assertEqual(other.vip_reception_count + other.vip_pass_count, 0)

    def test_smart_button_counts_follow_record_rules(self):
        """R-PII-02 / R-REC-01: a sales user counts only the receptions they may open; the guard,
        who cannot read budgets but reads receptions, counts them all and sees no error."""
        self._customer_records()
        self.env["vip.reception"].create({
            "company_id": self.company.id, "user_id": self.sales_other.id,
            "partner_ids": [Command.set(self.customer.ids)], "business_type_id": self.business.id,
            "purpose": "Another salesperson's visit", "date_start": datetime(2026, 12, 2, 9, 0),
            "date_end": datetime(2026, 12, 2, 12, 0),
        })
        visible = self.env["vip.reception"].with_user(self.requester).search_count([("partner_ids", "in", self.customer.ids)])
        self.assertEqual(visible, 2)
        self.assertEqual(self.customer.with_user(self.requester).vip_reception_count, visible)
        self.assertEqual(self.customer.with_user(self.guard).vip_reception_count, 3)

    def test_smart_button_counts_one_query_per_model(self):
        """R-REC-01 / R-ACC-06 / issue 9.5: the four counts of a batch of customers cost one grouped
        query per model (_read_group), whatever the batch size."""
        self._customer_records()
        partners = (self.customer | self.foreign_customer | self.other_customer).with_user(self.marketing)
        fields = ["vip_reception_count", "vip_appointment_count", "vip_pass_count", "vip_handover_count"]
        partners.mapped(fields[0])  # warm the access-rule caches
        partners.invalidate_recordset(fields)
        with self.assertQueryCount(4):
            values = {p.id: {fname: p[fname] for fname in fields} for p in partners}
        self.assertEqual(values[self.customer.id]["vip_reception_count"], 2)
        self.assertEqual(values[self.customer.id]["vip_pass_count"], 2)
        self.assertEqual(values[self.foreign_customer.id]["vip_reception_count"], 1)
        self.assertEqual(values[self.other_customer.id]["vip_handover_count"], 0)

    def test_smart_buttons_on_customer_form(self):
        """Issue 9.5: the customer form shows the four buttons to VIP roles."""
        arch = self.env["res.partner"].with_user(self.marketing).get_views([(False, "form")])["views"]["form"]["arch"]
        for method in ("action_vip_view_receptions", "action_vip_view_appointments",
                       "action_vip_view_passes", "action_vip_view_handovers"):
            self.assertIn(f'name="{method}"', arch)

    # ------------------------------------------------------------------ pivot and graph
    def test_reception_pivot_and_graph(self):
        """R-SEC-01 / issue 9.5: receptions analyse by month, customer level, department and state;
        finance sees the budget total, the guard (no budget rights) sees counts only and cannot
        aggregate the budget."""
        self._to_approval(self._reception(amount=80000.0))
        self._reception(amount=20000.0, partner=self.foreign_customer)
        action = self.env.ref("vip_customer_care.action_vip_reception_all")
        self.assertTrue({"pivot", "graph"} <= set(action.view_mode.split(",")))
        Reception = self.env["vip.reception"]
        for user, sees_budget in ((self.finance_1, True), (self.guard, False)):
            with self.subTest(user=user.login):
                views = Reception.with_user(user).get_views([(False, "pivot"), (False, "graph")])["views"]
                self.assertEqual('name="amount_total"' in views["pivot"]["arch"], sees_budget)
                self.assertIn('name="date_start"', views["graph"]["arch"])
                groups = Reception.with_user(user).read_group(
                    [("company_id", "=", self.company.id)], ["__count"],
                    ["date_start:month", "customer_level", "department_id", "state"], lazy=False,
                )
                self.assertEqual(sum(g["__count"] for g in groups), 2)
                self.assertEqual({g["customer_level"] for g in groups}, {"vip"})
                self.assertEqual({g["department_id"][0] for g in groups}, {self.sales_dept.id})
        totals = Reception.with_user(self.finance_1).read_group(
            [("company_id", "=", self.company.id)], ["amount_total:sum"], ["state"],
        )
        self.assertEqual(sorted(g["amount_total"] for g in totals if g["state_count"]), [20000.0, 80000.0])
        with self.assertRaises(AccessError):
            Reception.with_user(self.guard).read_group([], ["amount_total:sum"], ["state"])

    def test_gate_log_pivot_and_graph(self):
        """R-ACC-07 / R-ACC-08 / issue 9.5: the gate log analyses by day, gate and result for
        security."""
        vip_pass = self.appointment.pass_ids.filtered(lambda p: p.visitor_id.is_vip)
        with freeze_time(datetime(2026, 11, 24, 9, 30)):
            self._gate(vip_pass.code, belongings_checked=True).action_check_in()
        self.env["vip.access.log"].create({
            "company_id": self.company.id, "code": "UNKNOWN00000", "event": "denied", "reason": "Unknown pass",
            "gate_id": self.gate.id, "date": datetime(2026, 11, 24, 9, 40), "user_id": self.guard.id,
        })
        action = self.env.ref("vip_customer_care.action_vip_access_log_analysis")
        self.assertTrue({"pivot", "graph"} <= set(action.view_mode.split(",")))
        Log = self.env["vip.access.log"].with_user(self.guard)
        views = Log.get_views([(v.view_id.id, v.view_mode) for v in action.view_ids])["views"]
        self.assertIn('name="event"', views["pivot"]["arch"])
        self.assertIn('interval="day"', views["graph"]["arch"])
        groups = Log.read_group(
            [("company_id", "=", self.company.id)], ["__count"], ["date:day", "gate_id", "event"], lazy=False,
        )
        self.assertEqual(
            sorted((g["date:day"], g["gate_id"][0], g["event"], g["__count"]) for g in groups),
            [("24 Nov 2026", self.gate.id, "check_in", 1), ("24 Nov 2026", self.gate.id, "denied", 1)],
        )


    def test_customer_archive_not_called_archive_in_chinese(self):
        """Issue 23 (R-ARC-01): the customer's archive (档案) is not labelled with Odoo's word
        for "archive/deactivate" (归档) on the customer form and the archive screens."""
        for code in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["vip_customer_care"], ["zh_CN", "zh_TW"])
        for code, word in (("zh_CN", "客户档案"), ("zh_TW", "客戶檔案")):
            Partner = self.env["res.partner"].with_user(self.requester).with_context(lang=code)
            arch = Partner.get_view(self.env.ref("base.view_partner_form").id, "form")["arch"]
            button = etree.fromstring(arch).xpath("//button[@name='action_vip_archive']")[0]
            self.assertEqual(button.get("string"), word)
            label = self.env["vip.archive.loan"].with_context(lang=code)._fields["archive_id"].get_description(
                self.env(context={"lang": code}))["string"]
            self.assertEqual(label, word)

    def test_vip_page_first_on_the_customer_form(self):
        """Issue 23: a VIP user opens a customer on the VIP page (the form's first page); a user
        without a VIP role does not get the page at all."""
        arch = self.env["res.partner"].with_user(self.requester).get_view(
            self.env.ref("base.view_partner_form").id, "form")["arch"]
        pages = etree.fromstring(arch).xpath("//notebook/page")
        self.assertEqual(pages[0].get("name"), "vip_customer_care")

    # ------------------------------------------------------------------ landing
    def test_each_role_lands_on_its_screen(self):
        """Issue 23: VIP Care is the first app of a VIP user (they land in it after login, not
        in Discuss) and opens on the role's own first screen (a setting on the roles)."""
        ref = self.env.ref
        expected = {
            self.requester: "action_vip_reception_my",
            self.marketing: "action_vip_reception_all",
            self.guard: "action_vip_gate_check",
            self.gm: "action_vip_reception_to_approve",
            self.compliance: "action_vip_identity_check_log",
        }
        home = ref("vip_customer_care.action_vip_home")
        self.assertEqual(ref("vip_customer_care.menu_vip_root").action, home)
        for user, xmlid in expected.items():
            with self.subTest(user=user.login):
                action = home.with_user(user).run()
                self.assertEqual(action["id"], ref(f"vip_customer_care.{xmlid}").id)
                apps = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)["root"]["children"]
                self.assertEqual(apps[0], ref("vip_customer_care.menu_vip_root").id)
        # A setting, not code: the landing screen of a role is changed on the role.
        ref("vip_customer_care.group_vip_security").vip_home_action_id = ref("vip_customer_care.action_vip_access_pass_on_site")
        self.assertEqual(home.with_user(self.guard).run()["id"], ref("vip_customer_care.action_vip_access_pass_on_site").id)


@tagged("post_install", "-at_install")
class TestDemoWalkthrough(TransactionCase):
    """Issue 8.16 / issue 9.6: the demo holds one reception waiting for approval in every amount
    band, and the demo users (password = login) can approve each to the end."""

    # Who acts first when several demo users may sign a step (the step's natural owner first).
    PREFERENCE = ["vip_marketing", "vip_admin_dept", "vip_security", "vip_compliance", "vip_manager",
                  "vip_vp", "vip_gm", "vip_finance", "vip_finance2", "admin"]

    def test_demo_users_distinct_names_in_shanghai(self):
        """Issue 23 (R-SEC-01): each demo role is a different person (no two demo users share a
        name) working in the Asia/Shanghai time zone."""
        users = self.env["res.users"].search([("login", "=like", "vip\\_%")])
        self.assertGreaterEqual(len(users), 13)
        names = users.mapped("name")
        self.assertEqual(len(names), len(set(names)), sorted(names))
        self.assertEqual(set(users.mapped("tz")), {"Asia/Shanghai"})

    def _walk(self, xmlid):
        reception = self.env.ref(f"vip_customer_care.{xmlid}")
        self.assertEqual(reception.state, "to_approve")
        signers = []
        for _step in range(len(reception.review_ids)):
            if reception.state != "to_approve":
                break
            pending = reception.review_ids.filtered(lambda r: r.status == "pending").sorted("sequence")[:1]
            candidates = [
                user for login in self.PREFERENCE
                for user in pending.reviewer_ids.filtered(lambda u, login=login: u.login == login)
                if user not in signers
            ]
            self.assertTrue(candidates, f"{pending.name}: no demo user left to sign")
            user = candidates[0]
            reception.with_user(user).with_company(reception.company_id).validate_tier()
            signers.append(user)
            reception.invalidate_recordset()
            reception.review_ids.invalidate_recordset()
        self.assertEqual(reception.state, "approved")
        return {user.login for user in signers}

    def test_every_band_walks_to_approval(self):
        """R-APV-01 / R-APV-02 / R-APV-03: 30k is signed by the department head, 80k adds the two
        finance signatures, 150k (foreign) goes to compliance and the VP in charge, 800k to the
        general manager and the GM office meeting; every step has a demo user to sign it."""
        dept_head = self._walk("reception_band_dept_head")
        self.assertIn("vip_manager", dept_head)
        self.assertFalse({"vip_finance", "vip_finance2", "vip_vp", "vip_gm"} & dept_head)
        finance = self._walk("reception_band_finance")
        self.assertLessEqual({"vip_manager", "vip_finance", "vip_finance2"}, finance)
        vp = self._walk("reception_to_approve")
        self.assertLessEqual({"vip_compliance", "vip_vp", "vip_finance", "vip_finance2"}, vp)
        gm = self._walk("reception_band_gm")
        self.assertLessEqual({"vip_gm", "vip_finance", "vip_finance2"}, gm)
