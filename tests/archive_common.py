# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from .reception_common import ReceptionCommon

FRIDAY_DATE = date(2026, 11, 20)


class ArchiveCommon(ReceptionCommon):
    """ReceptionCommon (calendar with a holiday on Monday 23 November 2026) plus a team lead
    between the requester and the sales director, an archive keeper and a customer archive."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.vip_sales_department_id = cls.sales_dept  # its manager (head) is the sales director
        g = "vip_customer_care.group_vip_"

        def user(login, groups):
            return new_test_user(
                cls.env, login=login, groups=f"base.group_user,{groups}",
                company_id=cls.company.id, company_ids=[cls.company.id], email=f"{login}@example.com",
            )

        cls.lead = user("arc_lead", g + "user")
        cls.keeper = user("arc_keeper", g + "archive_keeper")
        cls.manager = user("arc_manager", g + "manager")
        cls.internal_user = new_test_user(
            cls.env, login="arc_internal", groups="base.group_user",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.lead_employee = cls.env["hr.employee"].create({
            "name": "Team lead", "user_id": cls.lead.id, "company_id": cls.company.id,
            "department_id": cls.sales_dept.id, "parent_id": cls.head_employee.id,
        })
        cls.requester_employee.parent_id = cls.lead_employee
        cls.company.vip_arc_keeper_id = cls.keeper
        cls.Archive = cls.env["vip.customer.archive"]

    @classmethod
    def _setup_archive_documents(cls, contract_file, deed_file=None):
        """``cls.archive`` of the customer, filed by the requester, with two documents
        registered by the keeper: ``cls.contract`` (a copy, scanned as ``contract_file``) and
        ``cls.deed`` (a title original in the safe, scanned as ``deed_file`` if given)."""
        cls.archive = cls.Archive.with_user(cls.requester).create({
            "partner_id": cls.customer.id, "company_id": cls.company.id, "customer_status": "cooperating",
        })
        Document = cls.env["vip.customer.archive.document"].with_user(cls.keeper)
        cls.contract = Document.create({
            "archive_id": cls.archive.id, "title": "Purchase contract 2026-17", "doc_type": "contract",
            "pages": 12, "original": "copy", "attachment_id": contract_file.id,
        })
        cls.deed = Document.create({
            "archive_id": cls.archive.id, "title": "Property title", "doc_type": "title", "pages": 3,
            "original": "original", "location": "safe", "safe_position": "Drawer 2",
            "attachment_id": deed_file.id if deed_file else False,
        })

    def _archive(self, partner=None, user=None, **vals):
        values = {
            "partner_id": (partner or self.customer).id, "company_id": self.company.id,
            "first_contact_date": date(2026, 11, 20), "customer_status": "cooperating",
            "responsible_user_ids": [Command.set((user or self.requester).ids)],
        }
        values.update(vals)
        return self.Archive.with_user(user or self.requester).create(values)
