# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .archive_common import ArchiveCommon


@tagged("post_install", "-at_install")
class TestArchiveLoan(ArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.file = cls.env["ir.attachment"].create({"name": "contract.pdf", "raw": b"%PDF-1.4 contract"})
        cls._setup_archive_documents(cls.file)

    def _loan(self, user, **vals):
        values = {"archive_id": self.archive.id, "purpose": "Contract renewal", "return_date": date(2026, 11, 27),
                  "document_ids": [Command.set(self.contract.ids)], "company_id": self.company.id}
        values.update(vals)
        return self.env["vip.archive.loan"].with_user(user).create(values)

    def test_register_and_safe(self):
        """R-ARC-05: documents get archive numbers; title originals are in the safe register and
        cannot be kept outside the safe."""
        self.assertEqual(self.contract.name, f"{self.archive.name}-001")
        self.assertEqual(self.deed.name, f"{self.archive.name}-002")
        safe = self.env["vip.customer.archive.document"].search(
            [("is_safe_register", "=", True), ("archive_id", "=", self.archive.id)])
        self.assertEqual(safe, self.deed)
        with self.assertRaises(ValidationError):
            self.deed.with_user(self.keeper).location = "archive_room"
        with self.assertRaises(AccessError):
            self.env["vip.customer.archive.document"].with_user(self.requester).create({
                "archive_id": self.archive.id, "title": "Forged", "doc_type": "contract",
            })

    @freeze_time("2026-11-20 10:00:00")
    def test_loan_approved_by_vp_issued_returned(self):
        """R-ARC-06: an employee's loan slip is approved by the VP in charge of their department
        or the GM (either signs); the keeper issues and registers the return, checking completeness."""
        loan = self._loan(self.requester)
        self.assertFalse(loan.is_direct)
        self.assertEqual(loan.approver_user_id, self.vp)
        gms = self.env.ref("vip_customer_care.group_vip_gm").users.filtered(lambda u: self.company in u.company_ids)
        self.assertIn(self.gm, gms)
        self.assertEqual(loan.approver_user_ids, self.vp | gms)
        loan.action_submit()
        self.assertEqual(loan.review_ids.reviewer_ids, self.vp | gms)
        with self.assertRaises(UserError):
            loan.with_user(self.requester).validate_tier()
        loan.with_user(self.vp).validate_tier()
        self.assertEqual(loan.state, "approved")
        with self.assertRaises(UserError):
            loan.with_user(self.requester).action_issue()
        loan.with_user(self.keeper).action_issue()
        self.assertEqual(loan.state, "issued")
        self.assertEqual(loan.issued_by_id, self.keeper)
        # Issue 23: the document register shows what is out, to whom and until when.
        Document = self.env["vip.customer.archive.document"].with_user(self.keeper)
        self.assertEqual(Document.search([("on_loan", "=", True), ("archive_id", "=", self.archive.id)]), self.contract)
        self.assertEqual(Document.search([("on_loan", "=", False), ("archive_id", "=", self.archive.id)]), self.deed)
        contract = self.contract.with_user(self.keeper)
        self.assertEqual((contract.on_loan, contract.loan_borrower_id, contract.loan_return_date),
                         (True, self.requester, loan.return_date))
        with self.assertRaises(UserError):
            loan.with_user(self.keeper).action_return()  # completeness not checked yet
        loan.with_user(self.keeper).write({"return_notes": "Page 12 missing"})
        loan.with_user(self.keeper).action_return()
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.returned_by_id, self.keeper)
        self.contract.invalidate_recordset()
        self.assertFalse(self.contract.with_user(self.keeper).on_loan)

    @freeze_time("2026-11-20 10:00:00")
    def test_direct_borrowers(self):
        """R-ARC-06: the GM and the VPs borrow through the keeper without approval."""
        for user in (self.gm, self.vp):
            loan = self._loan(user)
            self.assertTrue(loan.is_direct)
            loan.action_submit()
            self.assertEqual(loan.state, "approved")
            self.assertFalse(loan.review_ids)

    def test_loan_forged_state_refused(self):
        """R-ARC-06 / issue 8: a borrower cannot mark their own slip approved."""
        loan = self._loan(self.requester)
        with self.assertRaises(UserError):
            loan.with_user(self.requester).write({"state": "approved"})

    def test_overdue_at_boundary(self):
        """R-ARC-06: a loan due back on Friday 27 is not overdue that day; the next day the keeper
        and the borrower's manager get an activity (once)."""
        with freeze_time("2026-11-20 10:00:00"):
            loan = self._loan(self.requester)
            loan.action_submit()
            loan.with_user(self.vp).validate_tier()
            loan.with_user(self.keeper).action_issue()
        overdue_type = self.env.ref("vip_customer_care.mail_act_vip_archive_loan_overdue")
        Loan = self.env["vip.archive.loan"]
        with freeze_time("2026-11-27 16:00:00"):
            Loan._cron_vip_loan_overdue()
            self.assertFalse(Loan.search([("id", "=", loan.id), ("is_overdue", "=", True)]))
            self.assertFalse(loan.activity_ids)
        with freeze_time("2026-11-28 08:00:00"):
            self.assertEqual(Loan.search([("id", "=", loan.id), ("is_overdue", "=", True)]), loan)
            Loan._cron_vip_loan_overdue()
            Loan._cron_vip_loan_overdue()
            alerts = loan.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type)
            self.assertEqual(alerts.user_id, self.keeper | self.lead)
            self.assertEqual(len(alerts), 2)

    @freeze_time("2026-11-20 10:00:00")
    def test_consultation_needs_permission_and_is_logged(self):
        """R-ARC-06: consulting without a valid permission is refused; every consultation is logged
        (who, when, which archive)."""
        Log = self.env["vip.archive.consultation"]
        with self.assertRaises(AccessError):
            self.contract.with_user(self.requester).action_consult()
        self.assertFalse(Log.search([("user_id", "=", self.requester.id)]))
        # the scanned file itself is not readable outside the keeper group
        with self.assertRaises(AccessError):
            self.contract.with_user(self.requester).read(["attachment_id"])
        loan = self._loan(self.requester)
        loan.action_submit()
        loan.with_user(self.vp).validate_tier()
        with self.assertRaises(AccessError):
            self.contract.with_user(self.requester).action_consult()  # approved but not issued yet
        loan.with_user(self.keeper).action_issue()
        action = self.contract.with_user(self.requester).action_consult()
        log = Log.search([("user_id", "=", self.requester.id)])
        # issue 18: the link names the logged consultation, not the file with a lasting token
        self.assertEqual(action["url"], f"/vip_customer_care/archive/consult/{log.id}")
        self.assertFalse(self.file.access_token)
        self.assertEqual((log.archive_id, log.document_id, log.basis, log.loan_id),
                         (self.archive, self.contract, "loan", loan))
        self.assertEqual(str(log.date), "2026-11-20 10:00:00")
        with self.assertRaises(AccessError):
            self.deed.with_user(self.requester).action_consult()  # not lent
        self.contract.with_user(self.keeper).action_consult()
        self.assertEqual(Log.search([("user_id", "=", self.keeper.id)]).basis, "keeper")
        with freeze_time("2026-11-28 10:00:00"), self.assertRaises(AccessError):
            self.contract.with_user(self.requester).action_consult()  # loan expired

    @freeze_time("2026-11-20 10:00:00")
    def test_submit_several_at_once(self):
        """R-APV-01 / issue 19: several loan slips submitted in one call (a list action, or RPC on
        several ids) each get their own reviews and approval activities, not only the first."""
        loans = self._loan(self.requester) | self._loan(self.requester, purpose="Audit")
        loans.action_submit()
        for loan in loans:
            self.assertEqual(loan.state, "to_approve")
            self.assertLessEqual(self.vp | self.gm, loan.review_ids.reviewer_ids)
            self.assertNotIn(self.requester, loan.review_ids.reviewer_ids)
            self.assertTrue(loan.activity_ids.filtered(lambda a, loan=loan: a.user_id == self.vp))

    @freeze_time("2026-11-20 10:00:00")
    def test_gm_approves_a_loan_slip(self):
        """R-ARC-06 (seed 004, issue 19): the GM may approve a loan slip as well as the VP in
        charge; once the GM signed, the VP has nothing left to sign and the keeper issues it."""
        loan = self._loan(self.requester)
        loan.action_submit()
        self.assertTrue(loan.with_user(self.gm).can_review)
        loan.with_user(self.gm).validate_tier()
        self.assertEqual(loan.state, "approved")
        self.assertEqual(loan.review_ids.done_by, self.gm)
        self.assertFalse(loan.activity_ids.filtered(lambda a: a.user_id == self.vp))
        loan.with_user(self.keeper).action_issue()
        self.assertEqual(loan.state, "issued")


@tagged("post_install", "-at_install")
class TestArchiveHandover(ArchiveCommon):
    def test_handover_three_plus_two_working_days(self):
        """R-ARC-05: a deal closed on Friday 20 November: files to the reviewer by Thursday 26
        (3 working days, Monday 23 is a holiday), to the keeper by Monday 30 (2 more); signed by
        the three; missing items stay on the completion list, received ones are registered."""
        archive = self.Archive.with_user(self.requester).create({
            "partner_id": self.customer.id, "company_id": self.company.id, "customer_status": "cooperating",
        })
        handover = self.env["vip.archive.handover"].with_user(self.requester).create({
            "archive_id": archive.id, "deal_reference": "SO-2026-117", "deal_close_date": date(2026, 11, 20),
            "reviewer_id": self.lead.id,
            "line_ids": [Command.create({"name": "Sales contract", "received": True, "pages": 8}),
                         Command.create({"name": "Jade title", "doc_type": "title", "received": True}),
                         Command.create({"name": "ID copy of the buyer", "doc_type": "id_copy", "original": "copy"})],
        })
        self.assertEqual(handover.keeper_id, self.keeper)
        self.assertEqual(str(handover.review_due), "2026-11-26 17:00:00")
        self.assertEqual(str(handover.keeper_due), "2026-11-30 17:00:00")
        with freeze_time("2026-11-26 16:00:00"):
            self.assertFalse(handover.is_late)
        with freeze_time("2026-11-27 09:00:00"):
            self.assertTrue(handover.with_user(self.requester).search([("id", "=", handover.id), ("is_late", "=", True)]))
        with self.assertRaises(UserError):
            handover.with_user(self.lead).action_hand()  # only the handing employee signs first
        handover.action_hand()
        with self.assertRaises(UserError):
            handover.with_user(self.keeper).action_review()
        handover.with_user(self.lead).action_review()
        handover.with_user(self.keeper).action_file()
        self.assertEqual(handover.state, "filed")
        self.assertEqual(handover.missing_count, 1)
        missing = self.env["vip.archive.handover.line"].search([("received", "=", False), ("handover_id", "=", handover.id)])
        self.assertEqual(missing.name, "ID copy of the buyer")
        self.assertEqual(set(archive.document_ids.mapped("title")), {"Sales contract", "Jade title"})
        self.assertEqual(archive.document_ids.filtered(lambda d: d.doc_type == "title").location, "safe")
        with self.assertRaises(UserError):
            handover.with_user(self.requester).write({"state": "draft"})
        # The signed checklist is locked: no item ticked, added or removed afterwards.
        with self.assertRaisesRegex(UserError, "cannot be added, changed or deleted"):
            missing.with_user(self.keeper).write({"received": True})
        with self.assertRaisesRegex(UserError, "cannot be added, changed or deleted"):
            handover.with_user(self.keeper).write({"line_ids": [Command.create({"name": "Late invoice"})]})
        self.assertFalse(missing.received)


    def test_three_different_signers(self):
        """R-ARC-05 (issue 19): the handing employee, the reviewer and the keeper are three
        different people, whatever the path (create, or a later write of a draft)."""
        archive = self.Archive.with_user(self.requester).create({
            "partner_id": self.customer.id, "company_id": self.company.id, "customer_status": "cooperating",
        })
        Handover = self.env["vip.archive.handover"].with_user(self.requester)
        vals = {"archive_id": archive.id, "deal_reference": "SO-2026-118", "deal_close_date": date(2026, 11, 20)}
        with self.assertRaisesRegex(ValidationError, "three different people"):
            Handover.create({**vals, "reviewer_id": self.requester.id})
        with self.assertRaisesRegex(ValidationError, "three different people"):
            Handover.create({**vals, "reviewer_id": self.keeper.id})
        handover = Handover.create({**vals, "reviewer_id": self.lead.id})
        self.assertEqual((handover.handing_user_id, handover.reviewer_id, handover.keeper_id),
                         (self.requester, self.lead, self.keeper))
        with self.assertRaisesRegex(ValidationError, "three different people"):
            handover.write({"keeper_id": self.lead.id})
