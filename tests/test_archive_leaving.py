# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .archive_common import ArchiveCommon

NOW = "2026-11-20 10:00:00"


@tagged("post_install", "-at_install")
class TestArchiveLeaving(ArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The replacement works in the sales department too: their employee takes the leaver's
        # staff lines and hosts the leaver's visits.
        cls.sales_other_employee = cls.env["hr.employee"].create({
            "name": cls.sales_other.name, "user_id": cls.sales_other.id, "company_id": cls.company.id,
            "department_id": cls.sales_dept.id, "parent_id": cls.head_employee.id,
        })
        cls.deputy_employee.parent_id = cls.head_employee
        cls.team = cls.env.ref("vip_customer_care.helpdesk_team_vip")

    def _wizard(self, old, new, **vals):
        return self.env["vip.archive.leaving"].with_user(self.manager).create({
            "leaving_user_id": old.id, "replacement_user_id": new.id, **vals,
        })

    def _readable(self, user, records):
        """The records ``user`` finds when searching for them (what their screens would list)."""
        return self.env[records._name].with_user(user).search([("id", "in", records.ids)])

    @freeze_time(NOW)
    def test_leaving_employee_handover(self):
        """R-ARC-07 / R-PII-05: one step hands the leaving employee's customers, archives, open
        receptions and activities to the replacement; each archive gets a note, each customer a
        drafted introduction; no record stays with the old owner and the archived account reads
        nothing: it keeps no role at all (issue 19), so not even what it filed in the past."""
        self.customer.lang = "en_US"
        archive = self._archive(keeper_id=self.keeper.id)
        archive.action_submit()
        archive.with_user(self.lead).validate_tier()
        reception = self._reception()
        self.customer.activity_schedule("mail.mail_activity_data_call", user_id=self.requester.id)
        wizard = self._wizard(self.requester, self.sales_other)
        with self.assertRaises(AccessError):
            wizard.with_user(self.requester).action_apply()
        wizard.action_apply()
        old = self.requester
        archive, reception = archive.with_env(self.env), reception.with_env(self.env)
        with self.assertRaises(AccessError):
            self.env["vip.customer.archive"].browse(archive.id).with_user(old).read(["name"])
        env = self.env(context={"active_test": False})
        self.assertFalse(env["res.partner"].search(["|", ("user_id", "=", old.id), ("vip_agent_id", "=", old.id)]))
        self.assertFalse(env["vip.customer.archive"].search(
            ["|", "|", ("user_id", "=", old.id), ("responsible_user_ids", "in", old.id), ("keeper_id", "=", old.id)]))
        self.assertFalse(env["vip.reception"].search([("user_id", "=", old.id), ("state", "not in", ("done", "cancelled"))]))
        self.assertFalse(env["mail.activity"].search([("user_id", "=", old.id)]))
        self.assertEqual(archive.user_id, self.sales_other)
        self.assertEqual(reception.user_id, self.sales_other)
        self.assertTrue(any("taken over by" in (m.body or "") for m in archive.message_ids))
        intro = self.customer.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("vip_customer_care.mail_act_vip_archive_introduction"))
        self.assertEqual(intro.user_id, self.sales_other)
        self.assertIn(self.sales_other.name, str(intro.note))
        self.assertFalse(old.active)
        self.assertNotIn(old.partner_id, archive.message_partner_ids)
        # Issue 19: the archived account is a bare internal user: no VIP or helpdesk role, so it
        # reads no customer's record, not even the ones it filed itself.
        self.assertFalse(old.has_group("vip_customer_care.group_vip_base"))
        self.assertFalse(old.has_group("helpdesk_mgmt.group_helpdesk_user_own"))
        for model in ("vip.customer.archive", "vip.reception", "helpdesk.ticket", "vip.visit.appointment"):
            with self.subTest(model=model):
                try:
                    found = self.env[model].with_user(old).search([])
                except AccessError:
                    continue
                self.assertFalse(found)
        self.assertNotIn(self.customer, self.env["res.partner"].with_user(old).search([]))

    @freeze_time(NOW)
    def test_roles_on_open_records_move_to_the_replacement(self):
        """R-ARC-07 / R-PII-05 (issue 19): the leaver's roles that open a customer's records move
        too: lead person and staff of open receptions (one of them under approval), host of an
        open visit, responsible person of an open complaint and owner of its open action, files
        lent to them (the replacement answers for the return, the keeper is told); a loan slip
        not issued yet goes back to draft for the replacement to submit again. Even with the account kept active, the record rules then
        open none of those records to the leaver, nor the customer; the replacement sees them."""
        leaver, new = self.deputy, self.sales_other
        # A reception the leaver leads and staffs, under approval; another they only staff.
        led = self._reception()
        led.write({"lead_user_id": leaver.id, "staff_line_ids": [
            Command.create({"employee_id": self.deputy_employee.id, "role": "escort"}),
        ]})
        self._to_approval(led)
        self.assertEqual(led.state, "to_approve")
        staffed = self._reception()
        staffed.write({"staff_line_ids": [Command.create({"employee_id": self.deputy_employee.id, "role": "attendant"})]})
        staffed.schedule_line_ids.write({"staff_user_ids": [Command.link(leaver.id)]})
        # A visit the leaver hosts, booked by the customer's salesperson, waiting for approval.
        visit = self.env["vip.visit.appointment"].with_user(self.requester).create({
            "company_id": self.company.id, "partner_id": self.customer.id, "host_employee_id": self.deputy_employee.id,
            "date_start": datetime(2026, 11, 26, 9, 0), "date_end": datetime(2026, 11, 26, 11, 0),
            "visitor_count": 1, "purpose": "Collection preview", "channel": "phone",
        })
        visit.with_user(self.requester).action_submit()
        visit.with_user(self.marketing).action_confirm()
        self.assertEqual(visit.state, "to_approve")
        # Files lent to the leaver, and a slip of theirs waiting for approval.
        file = self.env["ir.attachment"].create({"name": "contract.pdf", "raw": b"%PDF-1.4 contract"})
        self._setup_archive_documents(file)
        # The leaver is the customer's second contact (R-ARC-04): they borrow its files.
        self.archive.responsible_user_ids = [Command.link(leaver.id)]
        Loan = self.env["vip.archive.loan"].with_user(leaver)
        loan_vals = {"archive_id": self.archive.id, "purpose": "Contract renewal", "return_date": date(2026, 11, 27),
                     "document_ids": [Command.set(self.contract.ids)], "company_id": self.company.id}
        lent = Loan.create(loan_vals)
        lent.action_submit()
        lent.with_user(self.vp).validate_tier()
        lent.with_user(self.keeper).action_issue()
        pending = Loan.create(dict(loan_vals, purpose="Audit", document_ids=[Command.set(self.deed.ids)]))
        pending.action_submit()
        # An open complaint the leaver is responsible for, with an open action they own.
        complaint = self.env["helpdesk.ticket"].with_context(vip_complaint=True).create({
            "name": "Clasp broken", "description": "x", "team_id": self.team.id, "partner_id": self.customer.id,
            "company_id": self.company.id,
        })
        complaint.write({"user_id": leaver.id, "vip_department_id": self.sales_dept.id})
        action = self.env["vip.complaint.action"].create({
            "ticket_id": complaint.id, "name": "Check the clasp supplier", "owner_id": leaver.id,
            "due_date": date(2026, 12, 4),
        })
        records = {"led": led, "staffed": staffed, "visit": visit, "lent": lent, "pending": pending,
                   "complaint": complaint}
        for name, record in records.items():
            self.assertEqual(self._readable(leaver, record), record, f"before: the leaver reads {name}")
        self.assertIn(self.customer, self.env["res.partner"].with_user(leaver).search([]))

        self._wizard(leaver, new, deactivate_user=False).action_apply()

        self.env.invalidate_all()
        for name, record in records.items():
            with self.subTest(record=name):
                self.assertFalse(self._readable(leaver, record), f"after: the leaver reads no {name}")
                with self.assertRaises(AccessError):
                    record.with_user(leaver).read(["display_name"])
        self.assertNotIn(self.customer, self.env["res.partner"].with_user(leaver).search([]))
        with self.assertRaises(AccessError):
            action.with_user(leaver).read(["name"])
        self.assertTrue(leaver.active)
        # Who carries each role now.
        led, staffed, visit, lent, pending, complaint, action = (
            record.with_env(self.env) for record in (led, staffed, visit, lent, pending, complaint, action)
        )
        self.assertEqual(led.lead_user_id, new)
        self.assertEqual(led.state, "to_approve")
        for reception in (led, staffed):
            self.assertNotIn(self.deputy_employee, reception.staff_line_ids.employee_id)
            self.assertIn(self.sales_other_employee, reception.staff_line_ids.employee_id)
            self.assertTrue(any("their roles were taken over" in (m.body or "") for m in reception.message_ids))
        self.assertEqual(staffed.staff_line_ids.filtered(lambda s: s.employee_id == self.sales_other_employee).role,
                         "attendant")
        self.assertEqual(staffed.schedule_line_ids.staff_user_ids, self.head | new)
        self.assertEqual((visit.host_employee_id, visit.host_user_id, visit.state),
                         (self.sales_other_employee, new, "to_approve"))
        self.assertEqual((lent.borrower_id, lent.state), (new, "issued"))
        keeper_todo = lent.activity_ids.filtered(lambda a: a.user_id == self.keeper)
        self.assertIn(leaver.name, keeper_todo.summary)
        self.assertEqual((pending.borrower_id, pending.state), (new, "draft"))
        self.assertFalse(pending.review_ids)  # the leaver's approval is history, not the replacement's
        self.assertTrue(pending.activity_ids.filtered(lambda a: a.user_id == new))
        self.assertEqual((complaint.user_id, action.owner_id), (new, new))
        for name, record in records.items():
            record = record.with_env(self.env)
            self.assertNotIn(leaver.partner_id, record.message_partner_ids, f"the leaver no longer follows {name}")
            self.assertEqual(self._readable(new, record), record, f"the replacement reads {name}")

    @freeze_time(NOW)
    def test_replacement_without_employee_record_is_refused(self):
        """R-ARC-07 (issue 19): a staff line or a hosted visit goes to the replacement's employee
        in the record's company; a replacement without one is refused with what to do, and
        nothing is handed over."""
        reception = self._reception()
        reception.write({"staff_line_ids": [Command.create({"employee_id": self.deputy_employee.id, "role": "escort"})]})
        self.customer.user_id = self.deputy
        hire = new_test_user(self.env, login="arc_new_hire", name="New hire",
                             groups="base.group_user,vip_customer_care.group_vip_user",
                             company_id=self.company.id, company_ids=[self.company.id])
        wizard = self._wizard(self.deputy, hire)
        with self.assertRaises(UserError) as refused:
            wizard.action_apply()
        self.assertIn("New hire has no employee record in Reception Test Jewelry", str(refused.exception))
        self.env.invalidate_all()
        self.assertEqual(self.customer.user_id, self.deputy)
        self.assertIn(self.deputy_employee, reception.staff_line_ids.employee_id)
