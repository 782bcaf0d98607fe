# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .archive_common import ArchiveCommon
from .common import VALID_PRC_ID


@tagged("post_install", "-at_install")
class TestArchiveAccess(ArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls.Archive.with_user(cls.requester).create({
            "partner_id": cls.customer.id, "company_id": cls.company.id, "customer_status": "cooperating",
            "legal_representative": "Wang Fang", "vip_id_type": "prc_id", "vip_id_number_display": VALID_PRC_ID,
        })
        other_customer = cls.env["res.partner"].create({
            "name": "Other's customer", "company_id": cls.company.id, "vip_service_level": "general",
            "user_id": cls.sales_other.id,
        })
        cls.other = cls.Archive.with_user(cls.sales_other).create({
            "partner_id": other_customer.id, "company_id": cls.company.id, "customer_status": "cooperating",
        })

    def _visible(self, user):
        return self.Archive.with_user(user).search([("id", "in", (self.archive | self.other).ids)])

    def test_sales_own_archives(self):
        """R-PII-02 / section 13 access: sales see and edit the archives of their own customers only."""
        self.assertEqual(self._visible(self.requester), self.archive)
        self.assertEqual(self._visible(self.sales_other), self.other)
        self.archive.with_user(self.requester).write({"needs": "Jade bangles"})
        with self.assertRaises(AccessError):
            self.other.with_user(self.requester).write({"needs": "x"})
        with self.assertRaises(AccessError):
            self.other.with_user(self.requester).read(["name"])

    def test_keeper_compliance_manager(self):
        """Keeper and compliance read every archive, compliance cannot edit others'; managers see all."""
        both = self.archive | self.other
        self.assertEqual(self._visible(self.keeper), both)
        self.assertEqual(self._visible(self.compliance), both)
        self.assertEqual(self._visible(self.manager), both)
        with self.assertRaises(AccessError):
            self.other.with_user(self.compliance).write({"needs": "x"})
        self.other.with_user(self.manager).write({"needs": "Pearls"})
        with self.assertRaises(AccessError):
            self._visible(self.internal_user)

    def test_pii_masked_and_not_searchable(self):
        """R-PII-01 (section 2): the legal representative's ID number is masked for sales, full for
        compliance, and cannot be searched by sales."""
        self.assertEqual(self.archive.with_user(self.requester).vip_id_number_display, "1101**********002X")
        self.assertEqual(self.archive.with_user(self.compliance).vip_id_number_display, VALID_PRC_ID)
        with self.assertRaises(AccessError):
            self.Archive.with_user(self.requester).search([("vip_id_number_display", "=", VALID_PRC_ID)])
        with self.assertRaises(AccessError):
            self.Archive.with_user(self.requester).search([("decision_maker_birthday", "!=", False)])

    def test_other_company(self):
        """R-SEC-02: archives of another company are invisible."""
        company_b = self.env["res.company"].create({"name": "Archive B"})
        self.assertFalse(self.Archive.with_user(self.manager).with_context(
            allowed_company_ids=[self.company.id]).search([("company_id", "=", company_b.id)]))
