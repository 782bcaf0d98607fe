# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .reception_common import FRIDAY, ReceptionCommon
from .visitor_common import VisitorCommon


@tagged("post_install", "-at_install")
class TestReceptionAccess(ReceptionCommon):
    def test_sales_sees_own_receptions_only(self):
        """R-PII-02: a salesperson cannot read another salesperson's reception or its lines."""
        reception = self._reception(10000)
        Reception = self.env["vip.reception"]
        self.assertEqual(Reception.with_user(self.requester).search([("id", "=", reception.id)]), reception)
        self.assertFalse(Reception.with_user(self.sales_other).search([("id", "=", reception.id)]))
        with self.assertRaises(AccessError):
            reception.with_user(self.sales_other).read(["name"])
        self.assertFalse(self.env["vip.reception.schedule"].with_user(self.sales_other).search(
            [("reception_id", "=", reception.id)]))

    def test_reviewer_sees_reception_to_review(self):
        """R-PII-02: the department head reads the receptions waiting for them."""
        reception = self._to_approval(self._reception(10000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
        self.assertEqual(self.env["vip.reception"].with_user(self.head).search([("id", "=", reception.id)]), reception)

    def test_rule_statement_is_one_union(self):
        """R-PII-02 / issue 14: the reception and customer rules search ``vip_rule_user_ids``,
        one union of index lookups, and find what the ORM statement finds (requester, lead
        person, staff, reviewers) for each of them and for an outsider; an archived reception
        no longer opens its customer; the lead person opens the reception and its customer."""
        Reception, Partner = self.env["vip.reception"], self.env["res.partner"]
        reviewed = self._to_approval(self._reception(10000))
        led = self._reception(20000, partner=self.foreign_customer)
        led.write({"lead_user_id": self.deputy.id, "staff_line_ids": [
            Command.create({"employee_id": self.outsider_employee.id, "role": "escort"}),
        ]})

        def statement(user):
            return ["|", "|", "|", ("user_id", "=", user.id), ("lead_user_id", "=", user.id),
                    ("staff_line_ids.employee_id.user_id", "=", user.id), ("review_ids.reviewer_ids", "in", user.id)]

        def check(users):
            for user in users:
                with self.subTest(user=user.login):
                    found = Reception.search([("vip_rule_user_ids", "in", user.id)])
                    self.assertEqual(found, Reception.search(statement(user)))
                    customers = Partner.search([("vip_rule_user_ids", "in", user.id)])
                    self.assertEqual(customers, Partner.search([("vip_rule_reception_ids", "any", statement(user))]))
                    # The values Odoo's Python check of the rules computes (one query for the
                    # customers) say the same.
                    self.env.invalidate_all()
                    self.assertTrue(all(user in rec.vip_rule_user_ids for rec in found))
                    self.assertTrue(all(user in partner.vip_rule_user_ids for partner in customers))
                    others = (self.customer | self.foreign_customer) - customers
                    self.assertFalse(any(user in partner.vip_rule_user_ids for partner in others))

        reviewers = reviewed.review_ids.reviewer_ids
        self.assertTrue(reviewers)
        check(self.requester | self.deputy | self.head | self.outsider | self.sales_other | reviewers)
        self.assertEqual(Reception.search([("vip_rule_user_ids", "in", self.outsider.id)]), led)
        self.assertEqual(Reception.with_user(self.deputy).search([("id", "in", (reviewed | led).ids)]), led)
        self.assertEqual(
            Partner.with_user(self.deputy).search([("id", "in", (self.customer | self.foreign_customer).ids)]),
            self.foreign_customer,
        )
        self.assertIn(self.foreign_customer, Partner.search([("vip_rule_user_ids", "in", self.outsider.id)]))
        led.active = False
        check(self.outsider | self.deputy)
        self.assertNotIn(self.foreign_customer, Partner.search([("vip_rule_user_ids", "in", self.outsider.id)]))
        for xmlid in ("rule_res_partner_vip_own", "rule_vip_reception_own", "rule_vip_reception_staff_own"):
            self.assertIn("vip_rule_user_ids", self.env.ref(f"vip_customer_care.{xmlid}").domain_force)

    def test_guard_reads_reception_but_not_budget(self):
        """R-SEC-01: security reads receptions but not their budgets."""
        reception = self._reception(10000)
        guarded = reception.with_user(self.guard)
        self.assertEqual(guarded.read(["name"])[0]["name"], reception.name)
        with self.assertRaises(AccessError):
            guarded.read(["amount_total"])
        with self.assertRaises(AccessError):
            guarded.read(["budget_line_ids"])
        with self.assertRaises(AccessError):
            self.env["vip.reception.budget"].with_user(self.guard).search([("reception_id", "=", reception.id)])

    def test_departments_read_all(self):
        """R-SEC-01: marketing, administration, finance and compliance read every reception;
        compliance cannot change it."""
        reception = self._reception(10000)
        for user in (self.marketing, self.admin_dept, self.finance_1, self.compliance, self.gm):
            with self.subTest(user=user.login):
                self.assertEqual(reception.with_user(user).read(["amount_total"])[0]["amount_total"], 10000)
        with self.assertRaises(AccessError):
            reception.with_user(self.compliance).write({"purpose": "changed"})

    def test_multi_company(self):
        """R-SEC-02: receptions of another company stay invisible."""
        reception = self._reception(10000)
        other = self.env["res.company"].create({"name": "Elsewhere"})
        officer = self.env["res.users"].create({
            "name": "Other officer", "login": "other_officer", "company_id": other.id, "company_ids": [(6, 0, other.ids)],
            "groups_id": [(6, 0, [self.env.ref("vip_customer_care.group_vip_manager").id])],
        })
        self.assertFalse(self.env["vip.reception"].with_user(officer).search([("id", "=", reception.id)]))


@tagged("post_install", "-at_install")
class TestLinesFollowTheirDocument(VisitorCommon):
    """Whoever opens a document opens its lines (R-PII-02): rules in
    security/vip_reception_rules.xml and security/vip_access_rules.xml."""

    def test_staff_open_reception_lines(self):
        """R-PII-02: a colleague on the reception's staff opens it and every line on it; a
        salesperson who is not on it opens none."""
        reception = self._reception(10000)
        reception.write({"staff_line_ids": [Command.create({"employee_id": self.deputy_employee.id, "role": "escort"})]})
        self.env["vip.reception.material"].create({"reception_id": reception.id, "name": "Catalogue"})
        self.env["vip.reception.service.log"].create({"reception_id": reception.id, "name": "Tea served"})
        self.env["vip.reception.action"].create({"reception_id": reception.id, "name": "Send photos", "user_id": self.requester.id,
                                                  "date_due": "2026-12-10"})
        handover = self.env["vip.valuable.handover"].with_user(self.head).create({
            "company_id": self.company.id, "partner_id": self.customer.id, "reception_id": reception.id,
            "item": "Jade bangle", "weight": 52.125,
            "verifier_1_id": self.head_employee.id, "verifier_2_id": self.guard_employee.id,
        })
        lines = ("partner_ids", "schedule_line_ids", "staff_line_ids", "material_line_ids", "budget_line_ids",
                 "service_log_ids", "action_ids", "handover_ids")
        spec = {name: {"fields": {"display_name": {}}} for name in lines}
        values = reception.with_user(self.deputy).web_read(spec)[0]
        for name in lines:
            with self.subTest(lines=name):
                self.assertTrue(values[name])
        self.assertEqual(values["handover_ids"][0]["id"], handover.id)
        for model in ("vip.reception.schedule", "vip.reception.staff", "vip.reception.material",
                      "vip.reception.budget", "vip.reception.service.log", "vip.reception.action"):
            with self.subTest(model=model):
                self.assertTrue(self.env[model].with_user(self.deputy).search([("reception_id", "=", reception.id)]))
                self.assertFalse(self.env[model].with_user(self.outsider).search([("reception_id", "=", reception.id)]))

    def test_appointment_reviewer_opens_visitors_and_passes(self):
        """R-PII-02 / R-ACC-03: the sales head who approves an appointment opens its visitors,
        passes and gate log, as on the appointment form."""
        with freeze_time(FRIDAY):
            appointment = self._approved_with_passes()
        self.assertIn(self.head, appointment.review_ids.reviewer_ids)
        self.env["vip.access.log"].create({
            "pass_id": appointment.pass_ids[0].id,
            "company_id": self.company.id, "event": "check_in", "user_id": self.guard.id,
        })
        visitors = appointment.visitor_ids
        values = visitors.with_user(self.head).web_read({
            "name": {}, "vip_id_number_display": {}, "pass_ids": {"fields": {"code": {}, "log_ids": {"fields": {"event": {}}}}},
        })
        self.assertEqual(len(values), len(visitors))
        self.assertTrue(all(v["pass_ids"] for v in values))
        self.assertTrue(any(p["log_ids"] for v in values for p in v["pass_ids"]))
        self.assertEqual(self.env["vip.visitor"].with_user(self.head).search([("appointment_id", "=", appointment.id)]),
                         visitors)
        self.assertFalse(self.env["vip.visitor"].with_user(self.outsider).search([("appointment_id", "=", appointment.id)]))
        self.assertFalse(self.env["vip.access.pass"].with_user(self.outsider).search([("appointment_id", "=", appointment.id)]))
