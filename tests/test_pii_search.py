# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import OTHER_PRC_ID, VALID_PRC_ID, VipCommon
from .reception_common import FRIDAY
from .visitor_common import VisitorCommon

NON_PII_ROLES = ("sales", "officer", "administration", "finance", "manager", "gm")

# Domains that would let a masked user narrow a number or a birthday down (R-PII-01).
PII_DOMAINS = [
    [("vip_id_number_display", "=", VALID_PRC_ID)],
    [("vip_id_number_display", "ilike", "1101")],
    [("vip_id_number_display", "=like", "1101%")],
    [("vip_id_number_display", "in", [VALID_PRC_ID])],
    [("vip_id_number", "=", VALID_PRC_ID)],
    [("vip_birth_month", "=", "12")],
    [("vip_birthday", "<", "1950-01-01")],
    [("vip_private_phone_display", "=", "13800138000")],
    [("vip_private_phone", "like", "138")],
    ["|", ("name", "=", "nobody"), ("vip_birth_month", "!=", False)],
]


@tagged("post_install", "-at_install")
class TestPiiSearchPartner(VipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.vip_birthday = "1949-12-31"

    def test_search_filter_refused_without_pii_group(self):
        """R-PII-01: roles without the personal-data group cannot search or filter customers by
        an identity number, its masked display, a birthday, the birth month or a private phone,
        whatever the operator, nor through a relation from another model."""
        for role in NON_PII_ROLES:
            Partner = self.env["res.partner"].with_user(self.users[role])
            for domain in PII_DOMAINS:
                with self.subTest(role=role, domain=domain), self.assertRaises(AccessError):
                    Partner.search(domain)
            with self.subTest(role=role, path="reception.partner_ids"), self.assertRaises(AccessError):
                self.env["vip.reception"].with_user(self.users[role]).search(
                    [("partner_ids.vip_birth_month", "=", "12")])
            with self.subTest(role=role, call="search_count"), self.assertRaises(AccessError):
                Partner.search_count([("vip_birth_month", "=", "12")])
            with self.subTest(role=role, call="name_search"), self.assertRaises(AccessError):
                Partner.web_search_read([("vip_id_number_display", "=", VALID_PRC_ID)], {"display_name": {}})

    def test_group_and_sort_refused_without_pii_group(self):
        """R-PII-01: grouping, aggregating and sorting by personal data are refused too
        (the web client's read_group and order)."""
        for role in NON_PII_ROLES:
            Partner = self.env["res.partner"].with_user(self.users[role])
            for fname in ("vip_birth_month", "vip_id_number", "vip_birthday:month", "vip_private_phone"):
                with self.subTest(role=role, groupby=fname), self.assertRaises(AccessError):
                    Partner.read_group([], ["__count"], [fname])
                with self.subTest(role=role, web_read_group=fname), self.assertRaises(AccessError):
                    Partner.web_read_group([], ["__count"], [fname])
            with self.subTest(role=role, aggregate=True), self.assertRaises(AccessError):
                Partner.read_group([], ["vip_birth_month:count_distinct"], [])
            for order in ("vip_birth_month", "vip_id_number desc", "vip_birthday"):
                with self.subTest(role=role, order=order), self.assertRaises(AccessError):
                    Partner.search([], order=order)
                with self.subTest(role=role, web_search_read=order), self.assertRaises(AccessError):
                    Partner.web_search_read([], {"display_name": {}}, order=order)

    def test_masked_values_still_readable(self):
        """R-PII-01: refusing the search does not hide the masked values on the form and list."""
        customer = self.customer.with_user(self.sales)
        values = customer.web_read({"vip_id_number_display": {}, "vip_birth_month": {}})[0]
        self.assertEqual(values["vip_id_number_display"], "1101**********002X")
        self.assertEqual(values["vip_birth_month"], "12")

    def test_pii_roles_search_group_and_sort(self):
        """R-PII-01: security and compliance, who read the data in full, still search, group
        and sort by it."""
        for role in ("security", "compliance"):
            Partner = self.env["res.partner"].with_user(self.users[role])
            with self.subTest(role=role):
                self.assertEqual(Partner.search([("vip_id_number_display", "ilike", "19491231")]), self.customer)
                self.assertEqual(Partner.search([("vip_birth_month", "=", "12"), ("id", "=", self.customer.id)]),
                                 self.customer)
                groups = Partner.read_group([("id", "=", self.customer.id)], ["__count"], ["vip_birth_month"])
                self.assertEqual([g["vip_birth_month"] for g in groups], ["12"])
                Partner.search([("id", "in", (self.customer | self.customer_other).ids)], order="vip_id_number")

    def test_verify_identity_match_no_match_logged(self):
        """R-PII-01: the front desk checks a document shown against the customer's through one
        action that answers match / no match, never the number, and every check is logged."""
        customer = self.customer.with_user(self.sales)
        self.assertTrue(customer.vip_verify_identity("110105 19491231 002x"))
        self.assertFalse(customer.vip_verify_identity(OTHER_PRC_ID))
        self.assertFalse(customer.vip_verify_identity(VALID_PRC_ID, id_type="passport"))
        with self.assertRaisesRegex(ValidationError, "complete ID number"):
            customer.vip_verify_identity("1101**********002X")
        logs = self.env["vip.identity.check.log"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)], order="id")
        self.assertEqual(logs.mapped("result"), ["match", "no_match", "no_match"])
        self.assertEqual(logs.user_id, self.sales)
        self.assertEqual(logs.company_id, self.company_a)
        self.assertEqual(set(logs.mapped("res_name")), {"Zhang Wei"})

    def test_verify_identity_dialog(self):
        """R-PII-01: the 'Verify ID' dialog of the customer form shows the answer, not the number."""
        action = self.customer.with_user(self.sales).action_vip_identity_check()
        check = self.env["vip.identity.check"].with_user(self.sales).with_context(**action["context"]).create(
            {"id_number": VALID_PRC_ID})
        check.action_verify()
        self.assertEqual(check.result, "match")
        self.assertFalse(check.id_number)
        self.assertEqual(check.res_name, "Zhang Wei")

    def test_verify_identity_respects_record_rules(self):
        """R-PII-02: a salesperson cannot check a customer they do not see; the log is for
        compliance only and nobody edits it."""
        with self.assertRaises(AccessError):
            self.customer_other.with_user(self.sales).vip_verify_identity(OTHER_PRC_ID)
        self.customer.with_user(self.sales).vip_verify_identity(VALID_PRC_ID)
        with self.assertRaises(AccessError):
            self.env["vip.identity.check.log"].with_user(self.sales).search([])
        logs = self.env["vip.identity.check.log"].with_user(self.users["compliance"]).search([])
        self.assertEqual(len(logs), 1)
        with self.assertRaises(AccessError):
            logs.write({"result": "no_match"})
        with self.assertRaises(AccessError):
            logs.unlink()
        with self.assertRaises(AccessError):
            self.env["vip.identity.check.log"].with_user(self.users["compliance"]).create({
                "user_id": self.sales.id, "company_id": self.company_a.id, "res_model": "res.partner",
                "res_id": self.customer.id, "result": "match"})

    def test_uniqueness_error_hides_other_customer(self):
        """R-PII-01 / R-PII-02: registering a document number that belongs to a customer the
        user cannot see is refused without naming that customer; a user who sees it is told who."""
        Partner = self.env["res.partner"].with_user(self.sales)
        with self.assertRaises(ValidationError) as caught:
            Partner.create({"name": "New VIP", "vip_service_level": "general", "user_id": self.sales.id,
                            "company_id": self.company_a.id, "vip_id_type": "prc_id",
                            "vip_id_number_display": OTHER_PRC_ID})
        message = str(caught.exception)
        self.assertNotIn("Li Xiuying", message)
        self.assertNotIn(OTHER_PRC_ID, message)
        self.assertIn("already registered", message)
        with self.assertRaisesRegex(ValidationError, "Li Xiuying already has this identity document"):
            self.env["res.partner"].with_user(self.users["officer"]).create({
                "name": "New VIP", "vip_service_level": "general", "company_id": self.company_a.id,
                "vip_id_type": "prc_id", "vip_id_number_display": OTHER_PRC_ID})

    def test_plain_employee_sees_plain_contact(self):
        """R-PII-02: an employee without a VIP role who sees a VIP customer (an accountant, issue
        18; other employees do not see them at all) sees a plain contact: no VIP or identity
        field in fields_get or the form, refused over RPC, no VIP menu."""
        self.internal.groups_id = [(4, self.env.ref("account.group_account_invoice").id)]
        Partner = self.env["res.partner"].with_user(self.internal)
        fields = Partner.fields_get()
        self.assertFalse([f for f in fields if f.startswith("vip_")])
        form = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("vip_", form)
        values = self.customer.with_user(self.internal).web_read({"name": {}, "email": {}})[0]
        self.assertEqual(values["name"], "Zhang Wei")
        for fname in ("vip_id_type", "vip_id_number_display", "vip_service_level", "vip_birth_month"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                self.customer.with_user(self.internal).web_read({fname: {}})
        with self.assertRaises(AccessError):
            Partner.search([("vip_service_level", "!=", False)])
        root = self.env.ref("vip_customer_care.menu_vip_root")
        self.assertNotIn(root.id, self.env["ir.ui.menu"].with_user(self.internal)._visible_menu_ids())
        self.assertIn(root.id, self.env["ir.ui.menu"].with_user(self.users["security"])._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestPiiSearchVisitor(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()
        cls.vip_visitor = cls.appointment.visitor_ids.filtered("is_vip")

    def test_visitor_search_group_sort_refused(self):
        """R-PII-01: on visitors too, marketing (all visitors, numbers masked) cannot search,
        group or sort by the number or its masked display; the guard can."""
        Visitor = self.env["vip.visitor"].with_user(self.marketing)
        for domain in ([("vip_id_number_display", "=", "11010519491231002X")],
                       [("vip_id_number_display", "like", "1101")],
                       [("vip_id_number", "!=", False)]):
            with self.subTest(domain=domain), self.assertRaises(AccessError):
                Visitor.search(domain)
        with self.assertRaises(AccessError):
            Visitor.read_group([], ["__count"], ["vip_id_number"])
        with self.assertRaises(AccessError):
            Visitor.search([], order="vip_id_number")
        with self.assertRaises(AccessError):
            self.env["vip.access.pass"].with_user(self.marketing).search(
                [("visitor_id.vip_id_number_display", "=", "11010519491231002X")])
        Guard = self.env["vip.visitor"].with_user(self.guard)
        self.assertEqual(Guard.search([("vip_id_number_display", "like", "19491231")]), self.vip_visitor)

    def test_gate_verifies_visitor_identity(self):
        """R-PII-01 / R-ACC-05: the visitor's document is checked by the same logged action."""
        visitor = self.vip_visitor.with_user(self.marketing)
        self.assertTrue(visitor.vip_verify_identity("11010519491231002X"))
        self.assertFalse(visitor.vip_verify_identity("440304198506122313"))
        logs = self.env["vip.identity.check.log"].search([("res_model", "=", "vip.visitor")])
        self.assertEqual(logs.mapped("result"), ["no_match", "match"])
        self.assertEqual(logs.company_id, self.company)
