# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .archive_common import ArchiveCommon
from .common import compact, pdf_text, require_pdf_tools

COMPANY = "金凤凰珠宝测试有限公司"


@tagged("post_install", "-at_install")
class TestArchiveReports(ArchiveCommon):
    """The archive card (客户档案表) with its document register and the loan slip (档案资料出借单)
    rendered for real by wkhtmltopdf and read back with pdftotext (see test_report_pdf)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_pdf_tools()
        cls.company.name = COMPANY
        cls.customer.name = "王美玲"
        cls.archive = cls.Archive.with_user(cls.requester).create({
            "partner_id": cls.customer.id, "company_id": cls.company.id, "customer_status": "cooperating",
            "legal_representative": "王美玲", "purchasing_habits": "每年春节前购买翡翠",
        })
        cls.contract = cls.env["vip.customer.archive.document"].with_user(cls.keeper).create({
            "archive_id": cls.archive.id, "title": "购销合同 2026-17", "doc_type": "contract", "pages": 12,
        })

    def _text(self, xmlid, records, user):
        return pdf_text(self.env, xmlid, records, user=user)

    def test_archive_card(self):
        """R-ARC-02/05: the archive card shows the customer, its data and the document register in Chinese."""
        text = self._text("vip_customer_care.action_report_vip_customer_archive", self.archive, self.requester)
        for expected in ("客户档案表", "王美玲", "每年春节前购买翡翠", "购销合同2026-17", self.contract.name, COMPANY):
            self.assertIn(compact(expected), text)

    def test_loan_slip(self):
        """R-ARC-06: the loan slip lists borrower, files, purpose and return date."""
        loan = self.env["vip.archive.loan"].with_user(self.requester).create({
            "archive_id": self.archive.id, "purpose": "续签合同核对", "return_date": date(2030, 1, 4),
            "document_ids": [Command.set(self.contract.ids)], "company_id": self.company.id,
        })
        text = self._text("vip_customer_care.action_report_vip_archive_loan", loan, self.requester)
        for expected in ("档案资料出借单", "续签合同核对", "购销合同2026-17", loan.name):
            self.assertIn(compact(expected), text)
