# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .complaint_common import ComplaintCommon
from .reception_common import FRIDAY

ACTION_FIELDS = {"name": {}, "kind": {}, "done_date": {}, "owner_id": {"fields": {"display_name": {}}}}


@tagged("post_install", "-at_install")
class TestComplaintResponsible(ComplaintCommon):
    """Issue 19 (R-CMP-04/05/07): the responsible person of a complaint is a VIP user of the
    responsible department (here Logistics), not customer service: what they see and do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.log_head = new_test_user(
            cls.env, login="cmp_log_head", groups="base.group_user,vip_customer_care.group_vip_user",
            company_id=cls.company.id, company_ids=[cls.company.id], email="cmp_log_head@example.com",
        )
        cls.log_head_employee = cls.env["hr.employee"].create({
            "name": cls.log_head.name, "user_id": cls.log_head.id, "company_id": cls.company.id,
            "department_id": cls.other_dept.id,
        })
        cls.other_dept.manager_id = cls.log_head_employee
        cls.outsider_employee.parent_id = cls.log_head_employee
        cls.responsible = cls.outsider  # a VIP user of Logistics, outside the customer service team

    def _assigned(self, **vals):
        """A valid complaint, assigned by customer service to Logistics and its responsible person."""
        ticket = self._complaint(**vals)
        ticket.with_user(self.cs).write({"vip_department_id": self.other_dept.id, "user_id": self.responsible.id})
        ticket.with_user(self.cs).action_vip_mark_valid()
        ticket.with_user(self.cs).action_vip_assign()
        self.assertEqual(ticket.user_id, self.responsible)
        # Access comes from being the responsible person, not from following the complaint.
        ticket.message_unsubscribe(partner_ids=self.responsible.partner_id.ids)
        return ticket

    def test_responsible_records_root_cause_actions_and_solution(self):
        """R-CMP-04/07: the responsible person finds the complaint in their list, opens it, records
        the root cause, the solution, a corrective action of their own and a preventive action for
        the department manager, and proposes the solution. A colleague who is neither responsible
        nor the customer's salesperson sees none of it."""
        ticket = self._assigned()
        Ticket = self.env["helpdesk.ticket"].with_user(self.responsible)
        self.assertIn(ticket, Ticket.search([("vip_is_vip_team", "=", True)]))
        ticket_as_resp = ticket.with_user(self.responsible)
        ticket_as_resp.write({
            "vip_root_cause": "Clasp soldered at too low a temperature",
            "vip_solution": "<p>Replace the clasp free of charge</p>",
            "vip_action_ids": [
                Command.create({"kind": "corrective", "name": "Replace the clasp", "owner_id": self.responsible.id,
                                "due_date": date(2026, 11, 25)}),
                Command.create({"kind": "preventive", "name": "Recalibrate the soldering station",
                                "owner_id": self.log_head.id, "due_date": date(2026, 12, 15)}),
            ],
        })
        [form] = ticket_as_resp.web_read({
            "vip_root_cause": {}, "partner_id": {"fields": {"display_name": {}}},
            "vip_action_ids": {"fields": ACTION_FIELDS},
        })
        self.assertEqual(form["vip_root_cause"], "Clasp soldered at too low a temperature")
        self.assertEqual(form["partner_id"]["display_name"], "Domestic VIP")
        self.assertEqual({(a["kind"], a["owner_id"]["display_name"]) for a in form["vip_action_ids"]},
                         {("corrective", self.responsible.name), ("preventive", self.log_head.name)})
        ticket_as_resp.action_vip_propose_solution()
        self.assertTrue(ticket.vip_solution_date)
        # A colleague in sales: neither the complaint nor its actions.
        self.assertFalse(self.env["helpdesk.ticket"].with_user(self.sales_other).search([("id", "=", ticket.id)]))
        self.assertFalse(self.env["vip.complaint.action"].with_user(self.sales_other).search(
            [("ticket_id", "=", ticket.id)]))
        with self.assertRaises(AccessError):
            ticket.with_user(self.sales_other).write({"vip_root_cause": "Not me"})

    def test_each_owner_marks_only_their_own_action_done(self):
        """R-CMP-07: each owner marks their own action done, nobody else: not the responsible
        person, customer service or the GM for another's action. The department manager who owns
        the preventive action reads the complaint (not edits it) and marks it done even after the
        complaint closed; a done action and a closed complaint's actions are kept as recorded."""
        ticket = self._assigned()
        resp = ticket.with_user(self.responsible)
        resp.write({"vip_root_cause": "Clasp soldered too cold", "vip_solution": "<p>New clasp</p>", "vip_action_ids": [
            Command.create({"kind": "corrective", "name": "Replace the clasp", "owner_id": self.responsible.id,
                            "due_date": date(2026, 11, 25)}),
            Command.create({"kind": "preventive", "name": "Recalibrate the station", "owner_id": self.log_head.id,
                            "due_date": date(2026, 12, 15)}),
        ]})
        corrective = ticket.vip_action_ids.filtered(lambda a: a.kind == "corrective")
        preventive = ticket.vip_action_ids - corrective
        for user in (self.responsible, self.cs, self.gm):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, f"Only {re.escape(self.log_head.name)}, who owns"):
                preventive.with_user(user).action_done()
        with self.assertRaises(AccessError):
            preventive.with_user(self.sales_other).action_done()
        with self.assertRaisesRegex(UserError, f"Only {re.escape(self.responsible.name)}, who owns"):
            corrective.with_user(self.log_head).action_done()
        self.assertFalse(preventive.done_date or corrective.done_date)
        corrective.with_user(self.responsible).action_done()
        self.assertTrue(corrective.done_date)
        with self.assertRaisesRegex(UserError, "is done: it is kept as recorded"):
            corrective.with_user(self.responsible).write({"due_date": date(2026, 12, 31)})
        # The owner of the preventive action reads the complaint and its actions, cannot edit it.
        self.assertIn(ticket, self.env["helpdesk.ticket"].with_user(self.log_head).search([]))
        [form] = ticket.with_user(self.log_head).web_read({"vip_action_ids": {"fields": ACTION_FIELDS}})
        self.assertEqual({a["name"] for a in form["vip_action_ids"]}, {"Replace the clasp", "Recalibrate the station"})
        with self.assertRaises(AccessError):
            ticket.with_user(self.log_head).write({"vip_root_cause": "Someone else's"})
        with self.assertRaises(AccessError):
            preventive.with_user(self.log_head).write({"due_date": date(2027, 1, 31)})
        # Closed: the complaint's actions are kept, the preventive one is still done by its owner.
        resp.action_vip_propose_solution()
        ticket.with_user(self.cs).action_vip_reply()
        ticket.with_user(self.cs).action_vip_satisfied()
        self.assertTrue(ticket.closed)
        with self.assertRaisesRegex(UserError, "is closed"):
            resp.write({"vip_root_cause": "Rewritten afterwards"})
        with self.assertRaisesRegex(UserError, "is closed"):
            resp.write({"vip_action_ids": [Command.create({
                "name": "Late idea", "owner_id": self.responsible.id, "due_date": date(2026, 12, 1)})]})
        preventive.with_user(self.log_head).action_done()
        self.assertTrue(preventive.done_date)

    def test_special_case_during_investigation_recomputes_closing(self):
        """R-CMP-04: received Friday 10:00, the complaint closes by Thursday 26 November 17:00
        (3 working days after the weekend and the Monday holiday). Flagged a special case by the
        responsible person during the investigation (Tuesday), with a reason, it closes within
        7 working days from its start: Wednesday 2 December 17:00; the solution and reply
        deadlines do not move; unflagged, the 3 days apply again."""
        with freeze_time(FRIDAY):
            ticket = self._assigned()
        self.assertEqual(ticket.vip_close_due, datetime(2026, 11, 26, 17, 0))
        resp = ticket.with_user(self.responsible)
        with freeze_time(datetime(2026, 11, 24, 9, 0)):
            with self.assertRaises(ValidationError) as refused:
                resp.write({"vip_special_case": True})
            self.assertIn("only with a reason", str(refused.exception))
            resp.write({"vip_special_case": True, "vip_special_reason": "The supplier abroad must inspect the clasp"})
        self.assertEqual(ticket.vip_close_due, datetime(2026, 12, 2, 17, 0))
        self.assertEqual(ticket.vip_cycle_ids.close_due, datetime(2026, 12, 2, 17, 0))
        self.assertEqual((ticket.vip_solution_due, ticket.vip_reply_due),
                         (datetime(2026, 11, 24, 17, 0), datetime(2026, 11, 25, 17, 0)))
        self.assertTrue(ticket.message_ids.filtered(lambda m: "within 7 working days" in (m.body or "")))
        resp.write({"vip_special_case": False})
        self.assertEqual(ticket.vip_close_due, datetime(2026, 11, 26, 17, 0))
        self.assertEqual(ticket.vip_cycle_ids.close_due, datetime(2026, 11, 26, 17, 0))

    def test_major_department_assigned_after_intake_alerts_its_manager(self):
        """R-CMP-05: a major complaint received without a department alerts the GM at once; when
        customer service assigns the department later, that department's manager is alerted then
        (activity, and invited to the emergency meeting), once; the GM is not alerted again."""
        ticket = self._complaint(vip_severity="major")
        major = ticket.activity_ids.filtered(lambda a: "Major complaint" in a.summary)
        self.assertIn(self.gm, major.user_id)
        self.assertNotIn(self.log_head, major.user_id)
        ticket.with_user(self.cs).vip_department_id = self.other_dept
        alerts = ticket.activity_ids.filtered(lambda a: "Major complaint" in a.summary)
        self.assertEqual(len(alerts.filtered(lambda a: a.user_id == self.log_head)), 1)
        self.assertEqual(len(alerts.filtered(lambda a: a.user_id == self.gm)), 1)
        self.assertIn(self.log_head.partner_id, ticket.vip_meeting_id.partner_ids)
        ticket.with_user(self.cs).vip_department_id = self.sales_dept
        ticket.with_user(self.cs).vip_department_id = self.other_dept
        alerts = ticket.activity_ids.filtered(lambda a: "Major complaint" in a.summary)
        self.assertEqual(len(alerts.filtered(lambda a: a.user_id == self.log_head)), 1)
        self.assertEqual(len(alerts.filtered(lambda a: a.user_id == self.head)), 1)
        self.assertEqual(ticket.vip_major_alerted_user_ids & (self.log_head | self.head | self.gm),
                         self.log_head | self.head | self.gm)
        # A general complaint's department alerts nobody.
        general = self._complaint()
        general.with_user(self.cs).vip_department_id = self.other_dept
        self.assertFalse(general.activity_ids.filtered(lambda a: "Major complaint" in a.summary))
