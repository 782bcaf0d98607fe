# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .archive_common import ArchiveCommon
from .call_kw_common import CallKwCase


@tagged("post_install", "-at_install")
class TestRequesterOverRpc(CallKwCase, ArchiveCommon):
    """Issue 18 item 2 (R-APV-05): who filed a request is the logged-in user. Tried over
    JSON-RPC with the role users of the fixtures: a salesperson cannot name another requester
    (at creation, through a default, or afterwards), a VIP manager files on behalf only with a
    reason, which is kept and posted, and neither the filer nor the requester signs a step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_employee = cls.env["hr.employee"].create({
            "name": "Manager", "user_id": cls.manager.id, "company_id": cls.company.id,
            "department_id": cls.sales_dept.id,
        })

    def _campaign_vals(self, **vals):
        return {
            "name": "Spring points exchange", "company_id": self.company.id, "department_id": self.sales_dept.id,
            "campaign_type": "points_exchange", "target_tier": "gold", "budget": 8000,
            "expected_effect": "More repeat purchases", "date_start": "2026-12-01", "date_end": "2026-12-04",
            **vals,
        }

    def _archive_vals(self, partner, **vals):
        return {
            "partner_id": partner.id, "company_id": self.company.id, "customer_status": "cooperating",
            "first_contact_date": "2026-11-20", "responsible_user_ids": [Command.set(self.requester.ids)], **vals,
        }

    def _new_customer(self, name):
        return self.env["res.partner"].create({
            "name": name, "company_id": self.company.id, "vip_service_level": "vip", "user_id": self.requester.id,
        })

    def test_campaign_requester_not_forged(self):
        """Issue 18 item 2, R-APV-05, R-LOY-06: a reward campaign filed "by" the department
        head (in the values or a default_user_id) is refused for a salesperson, and the
        requester of their own campaign cannot be changed afterwards; nothing is left behind."""
        Campaign = self.env["vip.reward.campaign"].with_context(active_test=False)
        before = Campaign.search_count([])
        self.login(self.requester)
        self.assertRefused(r"filed in your own name.*Only a VIP manager", "vip.reward.campaign", "create",
                           [[self._campaign_vals(user_id=self.head.id)]])
        self.assertRefused(r"filed in your own name", "vip.reward.campaign", "create", [[self._campaign_vals()]],
                           {"context": {"default_user_id": self.head.id}})
        self.assertEqual(Campaign.search_count([]), before, "no campaign was created")
        [campaign_id] = self.call_kw("vip.reward.campaign", "create", [[self._campaign_vals()]])
        campaign = Campaign.browse(campaign_id)
        self.assertEqual((campaign.user_id, campaign.create_uid), (self.requester, self.requester))
        self.assertRefused(r"fixed at its creation", "vip.reward.campaign", "write",
                           [[campaign_id], {"user_id": self.head.id}])
        self.assertRefused(r"fixed at its creation", "vip.reward.campaign", "write",
                           [[campaign_id], {"vip_on_behalf_reason": "typed later"}])
        self.assertEqual(campaign.user_id, self.requester)
        self.assertFalse(campaign.vip_on_behalf_reason)

    def test_archive_requester_not_forged(self):
        """Issue 18 item 2, R-ARC-01, R-APV-05: a salesperson cannot file a customer archive
        "by" a colleague: refused with a clear message, no archive created."""
        partner = self._new_customer("Forged Archive Buyer")
        self.login(self.requester)
        self.assertRefused(r"filed in your own name", "vip.customer.archive", "create",
                           [[self._archive_vals(partner, user_id=self.sales_other.id)]])
        self.assertFalse(self.Archive.with_context(active_test=False).search([("partner_id", "=", partner.id)]))

    def test_on_behalf_by_manager_with_reason_and_no_signature(self):
        """Issue 18 item 2, R-ARC-01, R-APV-05: a VIP manager files an archive on behalf of a
        salesperson only with a reason; the reason stays on the record and in the chatter, and
        neither the manager (the filer) nor the salesperson (the requester) signs it: the
        manager, the salesperson's direct superior here, is skipped for the next level."""
        partner = self._new_customer("On Behalf Buyer")
        # The manager is the requester's direct superior: the natural approver of the archive.
        self.requester_employee.parent_id = self.manager_employee
        self.login(self.manager)
        self.assertRefused(r"needs a reason", "vip.customer.archive", "create",
                           [[self._archive_vals(partner, user_id=self.requester.id)]])
        self.assertFalse(self.Archive.search([("partner_id", "=", partner.id)]))
        [archive_id] = self.call_kw("vip.customer.archive", "create", [[self._archive_vals(
            partner, user_id=self.requester.id, vip_on_behalf_reason="Salesperson on a trip, customer waiting",
        )]])
        archive = self.Archive.browse(archive_id)
        self.assertEqual((archive.user_id, archive.create_uid), (self.requester, self.manager))
        self.assertEqual(archive.vip_on_behalf_reason, "Salesperson on a trip, customer waiting")
        note = archive.message_ids.filtered(lambda m: "on behalf of" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Salesperson on a trip", note.body)
        self.assertNotIn(self.manager, archive.approver_user_id, "the filer is not the approver")
        self.assertEqual(archive.approver_user_id, self.head, "one level up: the department head")
        self.login(self.requester)
        self.call_kw("vip.customer.archive", "action_submit", [[archive_id]])
        self.assertEqual(archive.state, "to_approve")
        reviewers = archive.review_ids.reviewer_ids
        self.assertFalse(reviewers & (self.manager | self.requester), "neither filer nor requester reviews")
        self.login(self.manager)
        self.assertRefused(r"your own request", "vip.customer.archive", "validate_tier", [[archive_id]])
        self.assertEqual(archive.state, "to_approve")
        self.assertFalse(archive.review_ids.filtered(lambda r: r.status == "approved"))

    def test_own_requests_unchanged(self):
        """Issue 18 item 2: filing in one's own name needs nothing more, and a reason for filing
        on behalf is refused when nobody else is named."""
        partner = self._new_customer("Own Archive Buyer")
        self.login(self.requester)
        self.assertRefused(r"only given when filing for someone else", "vip.customer.archive", "create",
                           [[self._archive_vals(partner, vip_on_behalf_reason="no")]])
        [archive_id] = self.call_kw("vip.customer.archive", "create",
                                    [[self._archive_vals(partner, user_id=self.requester.id)]])
        self.assertEqual(self.Archive.browse(archive_id).user_id, self.requester)
