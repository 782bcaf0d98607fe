# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .archive_common import ArchiveCommon


@tagged("post_install", "-at_install")
class TestArchiveReview(ArchiveCommon):
    def _approved_key_archive(self, partner):
        archive = self._archive(partner=partner, is_key_account=True)
        archive.action_submit()
        archive.with_user(self.head).validate_tier()
        return archive

    @freeze_time("2026-11-20 10:00:00")
    def test_quarterly_review_through_revisit(self):
        """R-ARC-03 / R-REC-12: key customers get the quarterly revisit activity from the same cron,
        for the responsible employee; completing it records the review with what was updated."""
        general = self.env["res.partner"].create({
            "name": "Key Wholesaler", "company_id": self.company.id, "vip_service_level": "general",
            "user_id": self.sales_other.id,
        })
        archive = self._approved_key_archive(general)
        revisit = self.env.ref("vip_customer_care.mail_activity_type_vip_revisit")
        self.env["res.partner"]._cron_vip_quarterly_revisit()
        activity = general.activity_ids.filtered(lambda a: a.activity_type_id == revisit)
        self.assertEqual(activity.user_id, self.requester, "the responsible employee, not the salesperson")
        # A second run in the same quarter schedules nothing more (one mechanism, one activity).
        self.env["res.partner"]._cron_vip_quarterly_revisit()
        self.assertEqual(len(general.activity_ids.filtered(lambda a: a.activity_type_id == revisit)), 1)
        archive.with_user(self.requester).write({"credit_rating": "b", "needs": "Bulk silk orders"})
        activity.with_user(self.requester).action_feedback(feedback="Called the buyer; credit rating updated.")
        review = archive.quarterly_review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.requester)
        self.assertEqual(review.date, date(2026, 11, 20))
        self.assertEqual(archive.next_review_date, date(2027, 2, 20))
        self.assertEqual(review.updated_fields, "Credit Rating, Needs")
        self.assertFalse(archive.changed_since_review)

    def test_two_contacts_warning(self):
        """R-ARC-04 (warning mode, default): an important prospect with one contact is flagged and filtered."""
        archive = self._archive(customer_status="potential")
        self.assertTrue(archive.needs_second_contact)
        self.assertIn(archive, self.Archive.search([("needs_second_contact", "=", True)]))
        archive.responsible_user_ids = [Command.link(self.sales_other.id)]
        self.assertFalse(archive.needs_second_contact)

    def test_two_contacts_constraint(self):
        """R-ARC-04 (constraint mode set by an administrator): saving with one contact is refused."""
        self.company.vip_arc_two_contacts = "constraint"
        with self.assertRaises(ValidationError):
            self._archive(customer_status="potential")
        archive = self._archive(customer_status="potential",
                                responsible_user_ids=[Command.set((self.requester | self.sales_other).ids)])
        self.assertFalse(archive.needs_second_contact)
        self.company.vip_arc_two_contacts = "off"
        archive.responsible_user_ids = [Command.unlink(self.sales_other.id)]
        self.assertFalse(archive.needs_second_contact)

    def test_major_change_tracked(self):
        """R-ARC-03: status, credit and responsible employees are major changes kept on the archive
        (tracked fields; a change of responsible employees is posted)."""
        for name in ("customer_status", "credit_rating", "credit_limit", "lost_reason", "keeper_id"):
            self.assertTrue(self.Archive._fields[name].tracking, name)
        archive = self._archive()
        archive.write({"responsible_user_ids": [Command.link(self.sales_other.id)]})
        messages = self.env["mail.message"].search([("model", "=", archive._name), ("res_id", "=", archive.id)])
        self.assertTrue(any("Responsible employees changed" in str(m.body) for m in messages))
