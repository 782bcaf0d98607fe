# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .complaint_common import ComplaintCommon, complaint_email
from .reception_common import FRIDAY

RAW_MAIL = complaint_email(
    sender="domestic@example.com", to="vip-care@vip-test.example.com", name="Domestic VIP",
    subject="The clasp of my necklace broke", message_id="cmp-test-0001",
)


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCommon):
    def test_email_intake_creates_complaint_for_the_customer(self):
        """R-CMP-01: an e-mail to the VIP customer service alias becomes a complaint received
        by e-mail, for the VIP customer found from the sender, with its deadlines."""
        domain = self.env["mail.alias.domain"].create({"name": "vip-test.example.com"})
        self.team.alias_id.alias_domain_id = domain
        # The team of this company (helpdesk_mgmt gives its tickets the team's company).
        self.team.company_id = self.company
        with freeze_time(FRIDAY):
            self.env["mail.thread"].message_process(None, RAW_MAIL)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "The clasp of my necklace broke")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.company_id, self.company)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.vip_channel, "email")
        self.assertEqual(ticket.vip_type, "complaint")
        self.assertEqual(ticket.vip_solution_due, datetime(2026, 11, 24, 17, 0))
        # The customer's sales sees it.
        self.assertIn(ticket, self.env["helpdesk.ticket"].with_user(self.requester).search([]))

    def test_invalid_complaint_gets_polite_answer_with_reasons(self):
        """R-CMP-03: an invalid complaint needs reasons and the customer receives the polite answer."""
        ticket = self._complaint()
        with self.assertRaisesRegex(UserError, "reasons"):
            ticket.with_user(self.cs).action_vip_mark_invalid()
        ticket.with_user(self.cs).vip_validity_reason = "The bangle was bought from another shop."
        ticket.with_user(self.cs).action_vip_mark_invalid()
        self.assertEqual(ticket.vip_validity, "invalid")
        self.assertTrue(ticket.closed)
        message = ticket.message_ids.filtered(lambda m: "another shop" in (m.body or ""))
        self.assertTrue(message)
        self.assertIn("Thank you", message[0].body)
        self.assertIn(self.customer, message[0].partner_ids)
        self.assertFalse(ticket.vip_next_due)

    def test_validity_and_deadlines_not_writable_directly(self):
        """R-CMP-03/04 (guard): validity, deadlines and cycle change only through the buttons."""
        ticket = self._complaint()
        for vals in ({"vip_validity": "valid"}, {"vip_close_due": "2030-01-01 00:00:00"}, {"vip_cycle": 5}):
            with self.assertRaisesRegex(UserError, "buttons"):
                ticket.with_user(self.cs).write(vals)
        with self.assertRaisesRegex(UserError, "buttons"):
            self._complaint(vip_validity="valid")
        # Nor can a complaint be dragged to "Done" without the customer's answer.
        with self.assertRaisesRegex(UserError, "closed by its buttons"):
            ticket.with_user(self.cs).stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def test_assignment_needs_department_and_person(self):
        """R-CMP-04: the responsible department and person are assigned before the investigation."""
        ticket = self._complaint()
        ticket.with_user(self.cs).action_vip_mark_valid()
        with self.assertRaisesRegex(UserError, "responsible department"):
            ticket.with_user(self.cs).action_vip_assign()
        self._investigate(ticket)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"))

    def test_root_cause_and_actions_recorded(self):
        """R-CMP-07: the solution needs the root cause; corrective and preventive actions carry an owner and a due date."""
        ticket = self._investigate(self._complaint())
        with self.assertRaisesRegex(UserError, "root cause"):
            ticket.with_user(self.cs).action_vip_propose_solution()
        ticket.with_user(self.cs).write({"vip_action_ids": [
            (0, 0, {"kind": "corrective", "name": "Re-polish the bangle", "owner_id": self.cs.id, "due_date": "2026-11-25"}),
            (0, 0, {"kind": "preventive", "name": "Replace polishing wheels", "owner_id": self.head.id, "due_date": "2026-12-15"}),
        ]})
        self.assertEqual(set(ticket.vip_action_ids.mapped("kind")), {"corrective", "preventive"})
        action = ticket.vip_action_ids.filtered(lambda a: a.kind == "corrective")
        with freeze_time("2026-11-26 09:00:00"):
            action.invalidate_recordset(["is_late"])
            self.assertTrue(action.is_late)
            action.with_user(self.cs).action_done()
        self.assertTrue(action.done_date)
        with self.assertRaisesRegex(UserError, "buttons"):
            action.with_user(self.cs).done_date = False

    def test_major_alerts_manager_and_gm_and_needs_gm_approval(self):
        """R-CMP-05: a major complaint alerts the department manager and the GM at once
        (activity and notification), schedules an emergency meeting, and its solution is
        approved by the GM through the approval machinery before the reply."""
        ticket = self._complaint(vip_department_id=self.sales_dept.id, vip_severity="major")
        warned = ticket.activity_ids.filtered(lambda a: "Major complaint" in a.summary).user_id
        self.assertIn(self.head, warned)
        self.assertIn(self.gm, warned)
        self.assertTrue(ticket.vip_meeting_id)
        self.assertIn(self.gm.partner_id, ticket.vip_meeting_id.partner_ids)
        self.assertEqual(ticket.vip_meeting_id.res_id, ticket.id)
        self._solve(self._investigate(ticket))
        approval = ticket.vip_solution_approval_ids
        self.assertEqual(approval.state, "to_approve")
        self.assertFalse(ticket.vip_solution_date)
        with self.assertRaisesRegex(UserError, "GM's approval"):
            ticket.with_user(self.cs).action_vip_reply()
        # The customer-service agent cannot approve; the GM can.
        with self.assertRaises(UserError):
            approval.with_user(self.cs).validate_tier()
        approval.review_ids.flush_recordset()
        approval.with_user(self.gm).validate_tier()
        self.assertEqual(approval.state, "approved")
        self.assertTrue(ticket.vip_solution_date)
        ticket.with_user(self.cs).action_vip_reply()
        self.assertTrue(ticket.vip_replied_date)

    def test_major_solution_proposed_on_before_gm_approval(self):
        """R-CMP-04/R-CMP-05 (issue 23): a major complaint's solution shows "Solution proposed on"
        as soon as it is proposed (the 1-working-day deadline is met then); the reply waits for
        the GM. A rejected proposal no longer counts: the solution deadline is open again."""
        ticket = self._complaint(vip_department_id=self.sales_dept.id, vip_severity="major")
        self._solve(self._investigate(ticket))
        self.assertTrue(ticket.vip_solution_proposed_date)
        self.assertFalse(ticket.vip_solution_date, "not ready for the customer before the GM approves")
        self.assertEqual(ticket.vip_next_due, ticket.vip_reply_due)
        approval = ticket.vip_solution_approval_ids
        approval.review_ids.flush_recordset()
        approval.with_user(self.gm).reject_tier()
        self.assertEqual(approval.state, "rejected")
        self.assertFalse(ticket.vip_solution_proposed_date)
        self.assertEqual(ticket.vip_next_due, ticket.vip_solution_due)
        self._solve(ticket)
        self.assertTrue(ticket.vip_solution_proposed_date)
        ticket.vip_solution_approval_ids.filtered(lambda a: a.state == "to_approve").with_user(self.gm).validate_tier()
        self.assertTrue(ticket.vip_solution_date)

    def test_unsatisfied_reopens_with_new_cycle_until_satisfied(self):
        """R-CMP-06: an unsatisfied customer reopens the complaint with a new cycle of deadlines;
        every cycle is kept; satisfied closes it."""
        with freeze_time(FRIDAY):
            ticket = self._solve(self._investigate(self._complaint()))
            ticket.with_user(self.cs).action_vip_reply()
        with self.assertRaisesRegex(UserError, "after the reply"):
            self._complaint().with_user(self.cs).action_vip_unsatisfied()
        with freeze_time(datetime(2026, 11, 24, 9, 0)):
            ticket.with_user(self.cs).action_vip_unsatisfied()
        self.assertEqual(ticket.vip_cycle, 2)
        self.assertFalse(ticket.closed)
        self.assertFalse(ticket.vip_replied_date)
        self.assertEqual(ticket.vip_solution_due, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "open"])
        with freeze_time(datetime(2026, 11, 25, 9, 0)):
            ticket.with_user(self.cs).write({"vip_solution": "<p>Replacement bangle</p>"})
            ticket.with_user(self.cs).action_vip_propose_solution()
            ticket.with_user(self.cs).action_vip_reply()
            ticket.with_user(self.cs).action_vip_satisfied()
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.vip_satisfaction, "satisfied")
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "satisfied"])
        self.assertEqual(ticket.vip_on_time, 100.0)

    def test_gm_closes_with_reason(self):
        """R-CMP-06: only the GM closes a complaint the customer keeps refusing, with a reason."""
        ticket = self._solve(self._investigate(self._complaint()))
        ticket.with_user(self.cs).action_vip_reply()
        ticket.with_user(self.cs).action_vip_unsatisfied()
        with self.assertRaisesRegex(UserError, "general manager"):
            ticket.with_user(self.cs).action_vip_gm_close()
        with self.assertRaisesRegex(UserError, "reason"):
            ticket.with_user(self.gm).action_vip_gm_close()
        ticket.with_user(self.gm).vip_close_reason = "Third refusal of a full refund; legal department informed."
        ticket.with_user(self.gm).action_vip_gm_close()
        self.assertTrue(ticket.closed and ticket.vip_gm_closed)
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "gm_closed"])

    def test_retention_one_year_major_three(self):
        """R-CMP-07: complaints are kept one year, major ones three; archive instead of delete."""
        general = self._complaint()
        major = self._complaint(vip_severity="major")
        created = general.create_date
        with freeze_time(created + relativedelta(months=11)):
            with self.assertRaisesRegex(UserError, "archive"):
                general.with_user(self.gm).unlink()
            general.with_user(self.gm).active = False
            self.assertFalse(general.active)
        with freeze_time(created + relativedelta(years=1, days=1)):
            with self.assertRaisesRegex(UserError, "3 years"):
                major.with_user(self.gm).unlink()
            general.with_user(self.gm).unlink()
        self.assertFalse(general.exists())
        with self.assertRaises(AccessError):
            major.with_user(self.cs).unlink()
        with freeze_time(created + relativedelta(years=3, days=1)):
            major.with_user(self.gm).unlink()
        self.assertFalse(major.exists())

    def test_points_complaint_freezes_card(self):
        """R-LOY-05: a complaint about abnormal points freezes the customer's VIP loyalty card
        (no earn, no redeem) with the 2-hour deadline on the complaint; the card names the
        complaint as the origin of the freeze."""
        card = self.env["loyalty.card"].create({
            "program_id": self.env.ref("vip_customer_care.loyalty_program_vip_points").id,
            "partner_id": self.customer.id,
        })
        self.assertEqual(card.vip_state, "active")
        with freeze_time(FRIDAY):
            ticket = self._complaint(vip_loyalty_card_id=card.id, vip_points_issue=True)
        self.assertEqual(ticket.vip_frozen_date, FRIDAY)
        self.assertEqual(ticket.vip_freeze_due, FRIDAY + timedelta(hours=2))
        card.invalidate_recordset()
        self.assertEqual(card.vip_state, "frozen")
        self.assertEqual((card.vip_freeze_res_model, card.vip_freeze_res_id), ("helpdesk.ticket", ticket.id))
        self.assertIn(ticket.display_name, card.vip_freeze_reason)

    def test_survey_answer_reopens_or_closes(self):
        """R-CMP-06: the customer's "not satisfied" in the survey reopens the complaint with a
        new cycle; "satisfied" closes it."""
        ticket = self._solve(self._investigate(self._complaint()))
        ticket.with_user(self.cs).action_vip_reply()
        ticket.with_user(self.cs).action_vip_send_survey()
        question = self.env.ref("vip_customer_care.survey_vip_complaint_question")
        answer = self.env["survey.user_input"].search([("vip_ticket_id", "=", ticket.id)])
        self.assertEqual(answer.partner_id, self.customer)
        answer._save_lines(question, self.env.ref("vip_customer_care.survey_vip_complaint_answer_no").id)
        answer._mark_done()
        self.assertEqual(ticket.vip_cycle, 2)
        self.assertFalse(ticket.closed)
        ticket.with_user(self.cs).action_vip_propose_solution()
        ticket.with_user(self.cs).action_vip_reply()
        ticket.with_user(self.cs).action_vip_send_survey()
        answer = self.env["survey.user_input"].search([("vip_ticket_id", "=", ticket.id), ("state", "!=", "done")])
        answer._save_lines(question, self.env.ref("vip_customer_care.survey_vip_complaint_answer_yes").id)
        answer._mark_done()
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.vip_satisfaction, "satisfied")

    def test_raised_to_major_alerts_once(self):
        """R-CMP-05: a complaint raised to major later alerts the manager and the GM once, with one
        meeting; once alerted it is not lowered back to general (issue 18)."""
        ticket = self._complaint(vip_department_id=self.sales_dept.id)
        self.assertFalse(ticket.vip_meeting_id)
        ticket.with_user(self.cs).vip_severity = "major"
        meeting = ticket.vip_meeting_id
        self.assertTrue(meeting)
        with self.assertRaisesRegex(UserError, "not lowered"):
            ticket.with_user(self.cs).vip_severity = "general"
        self.assertEqual(ticket.vip_severity, "major")
        ticket.with_user(self.cs).vip_severity = "major"
        self.assertEqual(ticket.vip_meeting_id, meeting)
        alerts = ticket.activity_ids.filtered(lambda a: a.user_id == self.gm and "Major complaint" in a.summary)
        self.assertEqual(len(alerts), 1)

    def test_several_major_solutions_at_once(self):
        """R-CMP-05 / issue 19: solutions of several major complaints proposed in one call each
        go to the GM with their own review and activity."""
        tickets = self._complaint(vip_department_id=self.sales_dept.id, vip_severity="major")
        tickets |= self._complaint(vip_department_id=self.sales_dept.id, vip_severity="major", name="Clasp broken")
        for ticket in tickets:
            self._investigate(ticket)
            ticket.with_user(self.cs).write({
                "vip_root_cause": "Polishing wheel too coarse", "vip_solution": "<p>Free re-polishing</p>",
            })
        tickets.with_user(self.cs).action_vip_propose_solution()
        for ticket in tickets:
            approval = ticket.vip_solution_approval_ids
            self.assertEqual(approval.state, "to_approve")
            self.assertIn(self.gm, approval.review_ids.reviewer_ids)
            self.assertTrue(approval.activity_ids.filtered(lambda a: a.user_id == self.gm))

    def test_emergency_meeting_called_by_a_person(self):
        """R-CMP-05 / issue 23: the emergency meeting of a major complaint that came in through
        the system (e-mail gateway, OdooBot) is called by the department manager, else a
        general manager, never by OdooBot; so is its calendar activity."""
        root = self.env.ref("base.user_root")
        self.assertEqual(self.env.user, root)
        values = {"name": "Wrong stone set", "description": "<p>Wrong stone.</p>", "partner_id": self.customer.id,
                  "team_id": self.team.id, "company_id": self.company.id, "vip_type": "complaint",
                  "vip_channel": "email", "vip_severity": "major"}
        without_department = self.Ticket.create(values)
        meeting = without_department.vip_meeting_id
        self.assertTrue(meeting)
        self.assertNotEqual(meeting.user_id, root)
        self.assertIn(meeting.user_id, self.env.ref("vip_customer_care.group_vip_gm").users)
        self.assertIn(self.company, meeting.user_id.company_ids)
        with_department = self.Ticket.create({**values, "vip_department_id": self.sales_dept.id})
        self.assertEqual(with_department.vip_meeting_id.user_id, self.head)
        self.assertIn(self.head.partner_id, with_department.vip_meeting_id.partner_ids)
