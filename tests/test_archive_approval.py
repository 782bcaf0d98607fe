# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .archive_common import ArchiveCommon


@tagged("post_install", "-at_install")
class TestArchiveApproval(ArchiveCommon):
    @freeze_time("2026-11-20 10:00:00")
    def test_creation_deadline_across_weekend(self):
        """R-ARC-01: 5 working days from Friday skip the weekend and Monday's holiday: due Monday 30."""
        archive = self._archive()
        self.assertEqual(archive.creation_due, date(2026, 11, 30))
        self.assertTrue(archive.name.startswith("ARC/2026/"))
        with freeze_time("2026-11-30 16:00:00"):
            self.assertFalse(self.Archive.search_count([("id", "=", archive.id), ("is_overdue", "=", True)]))
        with freeze_time("2026-12-01 09:00:00"):
            archive.invalidate_recordset(["is_overdue"])
            self.assertTrue(archive.is_overdue)
            self.assertEqual(self.Archive.with_user(self.requester).search([("is_overdue", "=", True)]), archive)

    @freeze_time("2026-11-20 10:00:00")
    def test_salesperson_activity_for_new_customer(self):
        """R-ARC-01: a new customer gives its salesperson an activity due at the archive deadline,
        done when the archive is approved; the customer is listed without an approved archive until then."""
        partner = self.env["res.partner"].create({
            "name": "New Jade Buyer", "company_id": self.company.id, "vip_service_level": "important",
            "user_id": self.requester.id,
        })
        activity_type = self.env.ref("vip_customer_care.mail_act_vip_archive_create")
        activity = partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, self.requester)
        self.assertEqual(activity.date_deadline, date(2026, 11, 30))
        action = self.env.ref("vip_customer_care.action_vip_partner_without_archive")
        domain = safe_eval(action.domain)
        Partner = self.env["res.partner"].with_user(self.requester)
        self.assertIn(partner, Partner.search(domain))
        archive = self._archive(partner=partner)
        archive.action_submit()
        archive.with_user(self.lead).validate_tier()
        self.assertEqual(archive.state, "approved")
        self.assertFalse(partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        self.assertNotIn(partner, Partner.search(domain))

    @freeze_time("2026-11-20 10:00:00")
    def test_direct_superior_approves(self):
        """R-ARC-01: the creator's direct superior approves; nobody else, not the creator."""
        archive = self._archive()
        self.assertEqual(archive.approver_user_id, self.lead)
        archive.action_submit()
        self.assertEqual(archive.state, "to_approve")
        self.assertEqual(archive.review_ids.reviewer_ids, self.lead)
        self.assertEqual(archive.approval_due.date(), date(2026, 11, 26))
        with self.assertRaises(UserError):
            archive.with_user(self.requester).validate_tier()
        with self.assertRaises(AccessError):
            archive.with_user(self.sales_other).validate_tier()  # not even readable: not their customer
        archive.with_user(self.lead).validate_tier()
        self.assertEqual(archive.state, "approved")
        self.assertTrue(archive.approved_date)

    @freeze_time("2026-11-20 10:00:00")
    def test_key_account_sales_director(self):
        """R-ARC-01: key accounts are approved by the sales director (sales department manager)."""
        archive = self._archive(is_key_account=True)
        self.assertEqual(archive.approver_user_id, self.head)
        archive.action_submit()
        archive.with_user(self.head).validate_tier()
        self.assertEqual(archive.state, "approved")

    def test_workflow_fields_not_forged(self):
        """R-ARC-01 / issue 8: approval fields change only through the buttons."""
        archive = self._archive()
        with self.assertRaises(UserError):
            archive.with_user(self.requester).write({"state": "approved"})
        with self.assertRaises(UserError):
            self.Archive.with_user(self.requester).create({
                "partner_id": self.foreign_customer.id, "company_id": self.company.id, "state": "approved",
            })

    def test_lost_needs_reason_and_one_archive(self):
        """R-ARC-02: a lost customer needs its reason; one archive per customer (R-ARC-01)."""
        archive = self._archive()
        with self.assertRaises(ValidationError):
            archive.write({"customer_status": "lost"})
        archive.write({"customer_status": "lost", "lost_reason": "Moved to a competitor"})
        with self.assertRaises(ValidationError):
            self._archive()

    def test_transactions_computed(self):
        """R-ARC-02: transaction history comes from posted invoices and receptions, not typed."""
        archive = self._archive()
        self.assertEqual(archive.invoice_count, 0)
        self.assertEqual(archive.reception_count, 0)
        self.assertFalse(self.Archive._fields["invoiced_amount"].store)
        self.assertTrue(self.Archive._fields["invoiced_amount"].compute)

    def test_retention(self):
        """R-PII-06: an archive is kept; archive it instead of deleting."""
        archive = self._archive()
        with self.assertRaises(UserError):
            archive.with_user(self.manager).unlink()
        archive.with_user(self.manager).action_archive()
        self.assertFalse(archive.active)
        with self.assertRaises(UserError):
            self.customer.unlink()  # the customer is kept with its archive, translated message

    @freeze_time("2026-11-20 10:00:00")
    def test_submit_several_at_once(self):
        """R-APV-01 / issue 19: several archives submitted in one call (a list action, or RPC on
        several ids) each get their own reviews and approval activities, not only the first."""
        other = self.env["res.partner"].create({
            "name": "Second Jade Buyer", "company_id": self.company.id, "user_id": self.requester.id,
        })
        archives = self._archive() | self._archive(partner=other)
        archives.action_submit()
        for archive in archives:
            self.assertEqual(archive.state, "to_approve")
            self.assertEqual(archive.review_ids.reviewer_ids, self.lead)
            self.assertTrue(archive.activity_ids.filtered(lambda a: a.user_id == self.lead))
        for archive in archives:
            archive.with_user(self.lead).validate_tier()
        self.assertEqual(archives.mapped("state"), ["approved", "approved"])
