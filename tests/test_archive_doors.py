# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .archive_common import ArchiveCommon
from .call_kw_common import CallKwCase

CONTRACT = b"%PDF-1.4 purchase contract 2026-17"
DEED = b"%PDF-1.4 property title deed"


@tagged("post_install", "-at_install")
class TestArchiveDoors(ArchiveCommon, CallKwCase):
    """Issue 18 item 6 (R-ARC-05/06, R-PII-02, R-SEC-01): archive files are opened through a
    consultation bound to its permission, safe scans are the keeper's only, and the leaving
    employee handover does not archive an account with more rights than the operator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Attachment = cls.env["ir.attachment"]
        cls.file = Attachment.create({"name": "contract.pdf", "raw": CONTRACT})
        cls.deed_file = Attachment.create({"name": "deed.pdf", "raw": DEED})
        cls._setup_archive_documents(cls.file, cls.deed_file)
        # A scan posted in the deed's chatter (an attachment of the document record).
        cls.deed_chatter_scan = Attachment.with_user(cls.keeper).create({
            "name": "deed-scan-2.pdf", "raw": DEED, "res_model": cls.deed._name, "res_id": cls.deed.id,
        })

    def _issued_loan(self):
        loan = self.env["vip.archive.loan"].with_user(self.requester).create({
            "archive_id": self.archive.id, "purpose": "Contract renewal", "company_id": self.company.id,
            "return_date": fields.Date.today() + timedelta(days=5),
            "document_ids": [Command.set(self.contract.ids)],
        })
        loan.action_submit()
        loan.review_ids.flush_recordset()
        loan.with_user(self.vp).validate_tier()
        loan.with_user(self.keeper).action_issue()
        self.assertEqual(loan.state, "issued")
        return loan

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_consult_link_bound_to_the_loan(self):
        """R-ARC-06, issue 18: the "Consult" link opens the file for the borrower, logged in,
        while the loan is issued; not for another user, not without login, not through a
        lasting access token, and no longer once the loan is returned."""
        loan = self._issued_loan()
        self.login(self.requester)
        action = self.call_kw("vip.customer.archive.document", "action_consult", [self.contract.ids])
        url = action["url"]
        self.assertTrue(url.startswith("/vip_customer_care/archive/consult/"))
        self.assertNotIn("access_token", url)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, CONTRACT)
        # Another user with the link.
        self.login(self.sales_other)
        response = self._get(url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("belongs to another user", response.text)
        # Without login: the login page, not the file.
        self.authenticate(None, None)
        response = self._get(url)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        # A token given out before issue 18 opens nothing, logged in or not.
        token = self.file.sudo().generate_access_token()[0]
        response = self._get(f"/web/content/{self.file.id}?access_token={token}&download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(CONTRACT, response.content)
        # The loan is returned: the link expired with it.
        loan.with_user(self.keeper).write({"return_complete": True})
        loan.with_user(self.keeper).action_return()
        self.login(self.requester)
        response = self._get(url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("expired with its permission", response.text)
        self.assertNotIn(CONTRACT, response.content)
        response = self._get(f"/web/content/{self.file.id}?access_token={token}&download=true")
        self.assertNotIn(CONTRACT, response.content)

    def test_safe_scans_keeper_only(self):
        """R-ARC-05/06, R-PII-02, issue 18: scans of a title document kept in the safe (its
        file and its chatter attachments) are not read through /web/content or ir.attachment
        by the customer's salesperson, who reads the document's register entry; the keeper
        reads them."""
        self.assertTrue(self.deed.with_user(self.requester).read(["title"]))
        self.login(self.requester)
        for attachment in (self.deed_chatter_scan, self.deed_file):
            with self.subTest(attachment=attachment.name):
                response = self._get(f"/web/content/{attachment.id}?download=true")
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(DEED, response.content)
        self.assertRefused("read by the archive keeper only", "ir.attachment", "read",
                           [self.deed_chatter_scan.ids, ["datas"]], exception="AccessError")
        self.login(self.keeper)
        response = self._get(f"/web/content/{self.deed_chatter_scan.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, DEED)

    def test_leaving_wizard_refuses_higher_accounts(self):
        """R-SEC-01, R-PII-05, issue 18: a VIP manager's handover does not archive an
        administrator's or the GM's account (rights the manager does not hold): refused over
        JSON-RPC with a clear message, the account stays active and its customers stay put;
        without archiving, the customers are handed over."""
        admin = new_test_user(
            self.env, login="arc_admin", groups="base.group_user,base.group_system,vip_customer_care.group_vip_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        self.customer_other = self.env["res.partner"].create({
            "name": "Admin's VIP", "company_id": self.company.id, "user_id": admin.id,
        })
        self.login(self.manager)
        for leaving, text in ((admin, "Administration"), (self.gm, "General Manager")):
            with self.subTest(leaving=leaving.login):
                wizard_id = self.call_kw("vip.archive.leaving", "create", [{
                    "leaving_user_id": leaving.id, "replacement_user_id": self.sales_other.id,
                }])
                message = self.assertRefused("holds rights you do not have", "vip.archive.leaving", "action_apply",
                                             [[wizard_id]], exception="AccessError")
                self.assertIn(text, message)
                leaving.invalidate_recordset()
                self.assertTrue(leaving.active)
        self.customer_other.invalidate_recordset()
        self.assertEqual(self.customer_other.user_id, admin)
        wizard_id = self.call_kw("vip.archive.leaving", "create", [{
            "leaving_user_id": admin.id, "replacement_user_id": self.sales_other.id, "deactivate_user": False,
        }])
        self.call_kw("vip.archive.leaving", "action_apply", [[wizard_id]])
        self.customer_other.invalidate_recordset()
        admin.invalidate_recordset()
        self.assertEqual((self.customer_other.user_id, admin.active), (self.sales_other, True))
