# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import VipCommon
from .reception_common import FRIDAY
from .visitor_common import VisitorCommon

EXPORT = "vip_customer_care.group_vip_data_export"


@tagged("post_install", "-at_install")
class TestPiiExportPartner(VipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.allow_export = cls.env.ref("base.group_allow_export")
        cls.sales.groups_id = [(4, cls.allow_export.id)]
        cls.authorised = cls.users["officer"]
        cls.authorised.groups_id = [(4, cls.env.ref(EXPORT).id)]
        cls.Log = cls.env["vip.data.export.log"]

    def test_export_refused_without_compliance_authorisation(self):
        """R-PII-04: a user with Odoo's export right but without the compliance-authorised group
        cannot export VIP customers (the call the web export controller makes), nothing is logged."""
        with self.assertRaisesRegex(AccessError, "compliance-authorised"):
            self.customer.with_user(self.sales).export_data(["name", "email"])
        with self.assertRaisesRegex(AccessError, "compliance-authorised"):
            self.users["manager"].groups_id = [(4, self.allow_export.id)]
            (self.customer | self.customer_other).with_user(self.users["manager"]).export_data(["name"])
        self.assertFalse(self.Log.search([]))

    def test_export_logged_with_authorisation(self):
        """R-PII-04: an authorised export works and is logged: who, when, model, fields, count,
        purpose."""
        customers = (self.customer | self.customer_other).with_user(self.authorised).with_context(
            vip_export_purpose="Quarterly statistics")
        rows = customers.export_data(["name", "vip_service_level", "vip_id_number_display"])["datas"]
        self.assertEqual(sorted(r[0] for r in rows), ["Li Xiuying", "Zhang Wei"])
        self.assertIn("1101**********002X", [r[2] for r in rows])
        log = self.Log.search([])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.authorised)
        self.assertEqual(log.res_model, "res.partner")
        self.assertEqual(log.field_names, "name, vip_service_level, vip_id_number_display")
        self.assertEqual(log.record_count, 2)
        self.assertEqual(log.purpose, "Quarterly statistics")
        self.assertEqual(log.company_id, self.company_a)
        self.assertTrue(log.date)

    def test_plain_contacts_export_as_before(self):
        """R-PII-04: exporting plain contacts (no VIP profile, no VIP field) is not customer data
        of this add-on and needs no authorisation."""
        contact = self.env["res.partner"].create({"name": "Supplier Wang", "company_id": self.company_a.id})
        rows = contact.with_user(self.sales).export_data(["name"])["datas"]
        self.assertEqual(rows, [["Supplier Wang"]])
        self.assertFalse(self.Log.search([]))

    def test_export_log_for_compliance_only(self):
        """R-PII-04: compliance reads the export log (menu Compliance > Data exports); nobody
        edits it; other roles cannot read it."""
        self.customer.with_user(self.authorised).export_data(["name"])
        compliance_log = self.Log.with_user(self.users["compliance"]).search([])
        self.assertEqual(len(compliance_log), 1)
        with self.assertRaises(AccessError):
            compliance_log.write({"purpose": "edited"})
        with self.assertRaises(AccessError):
            compliance_log.unlink()
        for role in ("sales", "officer", "manager", "finance", "security"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.Log.with_user(self.users[role]).search([])
        menu = self.env.ref("vip_customer_care.menu_vip_data_export_log")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.users["compliance"])._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.users["manager"])._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestPiiExportVisitor(VisitorCommon):
    def test_visitor_export_needs_authorisation(self):
        """R-PII-04: visitor data is exported only with the compliance-authorised group, logged."""
        with freeze_time(FRIDAY):
            appointment = self._approved_with_passes()
        self.guard.groups_id = [(4, self.env.ref("base.group_allow_export").id)]
        visitors = appointment.visitor_ids.with_user(self.guard)
        with self.assertRaises(AccessError):
            visitors.export_data(["name", "vip_id_number_display"])
        self.guard.groups_id = [(4, self.env.ref(EXPORT).id)]
        rows = visitors.export_data(["name", "vip_id_number_display"])["datas"]
        self.assertEqual(len(rows), len(visitors))
        log = self.env["vip.data.export.log"].search([])
        self.assertEqual((log.res_model, log.record_count, log.user_id), ("vip.visitor", len(visitors), self.guard))

    def test_customers_exported_through_a_reception(self):
        """R-PII-04: exporting a reception's customers (partner_ids/...) is exporting customer
        data; the reception's own fields export as before."""
        reception = self._reception(10000)
        self.requester.groups_id = [(4, self.env.ref("base.group_allow_export").id)]
        mine = reception.with_user(self.requester)
        self.assertEqual(mine.export_data(["purpose"])["datas"], [["Private jade viewing"]])
        for path in ("partner_ids/name", "partner_ids/vip_id_number_display", "partner_ids"):
            with self.subTest(path=path), self.assertRaises(AccessError):
                mine.export_data(["purpose", path])
        self.assertFalse(self.env["vip.data.export.log"].search([]))
        self.requester.groups_id = [(4, self.env.ref(EXPORT).id)]
        mine.with_context(vip_export_purpose="Visit statistics").export_data(["purpose", "partner_ids/name"])
        log = self.env["vip.data.export.log"].search([])
        self.assertEqual((log.res_model, log.field_names, log.purpose),
                         ("vip.reception", "purpose, partner_ids/name", "Visit statistics"))
