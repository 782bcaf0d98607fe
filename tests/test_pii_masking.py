# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import VALID_PRC_ID, VipCommon

MASKED = "1101**********002X"


@tagged("post_install", "-at_install")
class TestPiiMasking(VipCommon):
    def test_masked_for_roles_without_pii_access(self):
        """R-PII-01: sales, marketing, administration, finance, managers and the GM read the
        number masked, through the form read and the RPC read."""
        for role in ("sales", "officer", "administration", "finance", "manager", "gm"):
            customer = self.customer.with_user(self.users[role])
            with self.subTest(role=role):
                self.assertEqual(customer.read(["vip_id_number_display"])[0]["vip_id_number_display"], MASKED)
                web = customer.web_read({"vip_id_number_display": {}, "vip_private_phone_display": {}})[0]
                self.assertEqual(web["vip_id_number_display"], MASKED)
                self.assertEqual(web["vip_private_phone_display"], "13*******00")

    def test_full_number_for_security_and_compliance(self):
        """R-PII-01: security and compliance/internal control read the number in full."""
        for role in ("security", "compliance"):
            customer = self.customer.with_user(self.users[role])
            with self.subTest(role=role):
                self.assertEqual(customer.read(["vip_id_number"])[0]["vip_id_number"], VALID_PRC_ID)
                self.assertEqual(customer.vip_id_number_display, VALID_PRC_ID)

    def test_raw_fields_refused_over_rpc(self):
        """R-PII-01: the raw number, photo, birthday and phone cannot be read by other roles."""
        customer = self.customer.with_user(self.sales)
        for fname in ("vip_id_number", "vip_id_photo", "vip_birthday", "vip_private_phone"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                customer.read([fname])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.sales).search_read(
                [("id", "=", self.customer.id)], ["vip_id_number"])

    def test_export_is_masked(self):
        """R-PII-01 / R-PII-04: authorised exports of other roles carry the masked number."""
        export = self.env.ref("vip_customer_care.group_vip_data_export")
        (self.sales | self.users["security"]).groups_id = [(4, export.id)]
        rows = self.customer.with_user(self.sales).export_data(["name", "vip_id_number_display"])["datas"]
        self.assertEqual(rows, [["Zhang Wei", MASKED]])
        rows = self.customer.with_user(self.users["security"]).export_data(["vip_id_number_display"])["datas"]
        self.assertEqual(rows, [[VALID_PRC_ID]])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.sales).export_data(["vip_id_number"])

    def test_search_results_masked_and_search_limited(self):
        """R-PII-01: sales cannot search by the number at all (not even the complete one: the
        'Verify ID' action answers that, logged); security can, with any operator."""
        Partner = self.env["res.partner"].with_user(self.sales)
        with self.assertRaisesRegex(AccessError, "Verify ID"):
            Partner.search_read([("vip_id_number_display", "=", VALID_PRC_ID)], ["vip_id_number_display"])
        with self.assertRaisesRegex(AccessError, "Verify ID"):
            Partner.search([("vip_id_number_display", "ilike", "1101")])
        with self.assertRaises(AccessError):
            Partner.search([("vip_id_number", "=", VALID_PRC_ID)])
        security = self.env["res.partner"].with_user(self.users["security"])
        self.assertEqual(security.search([("vip_id_number_display", "ilike", "19491231")]), self.customer)

    def test_sales_can_record_but_not_read_back(self):
        """R-PII-01: a salesperson records a document number (write-only) and sees it masked
        (where none is stored: replacing one they cannot read is refused, issue 18)."""
        self.customer.vip_id_number = False
        customer = self.customer.with_user(self.sales)
        customer.write({"vip_id_type": "passport", "vip_id_number_display": "E98765432"})
        self.assertEqual(self.customer.vip_id_number, "E98765432")
        customer.invalidate_recordset()
        self.assertEqual(customer.vip_id_number_display, "E9*****32")

    def test_masked_value_cannot_be_saved(self):
        """R-PII-01: writing back a masked number is refused and nothing is lost."""
        with self.assertRaisesRegex(ValidationError, "complete ID number"):
            self.customer.with_user(self.sales).vip_id_number_display = MASKED
        self.assertEqual(self.customer.vip_id_number, VALID_PRC_ID)

    def test_plain_employee_sees_no_vip_data(self):
        """R-PII-02: employees outside the VIP groups cannot read VIP profile fields; an
        accountant (who sees VIP customers to invoice them, issue 18) reads the name only."""
        with self.assertRaises(AccessError):
            self.customer.with_user(self.internal).read(["name"])
        self.internal.groups_id = [(4, self.env.ref("account.group_account_invoice").id)]
        customer = self.customer.with_user(self.internal)
        self.assertEqual(customer.read(["name"])[0]["name"], "Zhang Wei")
        for fname in ("vip_service_level", "vip_consent_marketing", "vip_private_phone_display"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                customer.read([fname])
