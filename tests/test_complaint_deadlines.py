# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .complaint_common import ComplaintCommon
from .reception_common import FRIDAY


@tagged("post_install", "-at_install")
class TestComplaintDeadlines(ComplaintCommon):
    def test_complaint_deadlines_skip_weekend_and_holiday(self):
        """R-CMP-04: received Friday 10:00, the solution is due at the end of the first working
        day after the weekend and the Monday public holiday (Tuesday 17:00), the reply on
        Wednesday and the closing on Thursday."""
        with freeze_time(FRIDAY):
            ticket = self._complaint()
        self.assertEqual(ticket.vip_received_date, FRIDAY)
        self.assertEqual(ticket.vip_solution_due, datetime(2026, 11, 24, 17, 0))
        self.assertEqual(ticket.vip_reply_due, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(ticket.vip_close_due, datetime(2026, 11, 26, 17, 0))
        self.assertEqual(ticket.vip_next_due, ticket.vip_solution_due)
        self.assertEqual(ticket.vip_cycle_ids.close_due, ticket.vip_close_due)

    def test_special_case_needs_reason_and_gets_seven_days(self):
        """R-CMP-04: a special case is closed within 7 working days, only with a reason."""
        with self.assertRaisesRegex(Exception, "reason"):
            self._complaint(vip_special_case=True)
        with freeze_time(FRIDAY):
            ticket = self._complaint(vip_special_case=True, vip_special_reason="Supplier abroad must inspect")
        # Tue 24, Wed 25, Thu 26, Fri 27, Mon 30, Tue 1, Wed 2 December.
        self.assertEqual(ticket.vip_close_due, datetime(2026, 12, 2, 17, 0))

    def test_consultation_answered_within_24_hours(self):
        """R-CMP-02: a consultation is answered within 24 hours (clock hours, weekend included)."""
        with freeze_time(FRIDAY):
            ticket = self._complaint(vip_type="consultation", name="Opening hours at Spring Festival?")
        self.assertEqual(ticket.vip_answer_due, FRIDAY + timedelta(hours=24))
        self.assertFalse(ticket.vip_solution_due)
        with freeze_time(FRIDAY + timedelta(hours=23)):
            ticket.with_user(self.cs).action_vip_answer()
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.vip_on_time, 100.0)
        self.assertFalse(ticket.vip_next_due)

    def test_late_exactly_after_the_boundary(self):
        """R-CMP-02/04: at the deadline itself the consultation is due soon, one second later it
        is late, in the badge and in the "late" filter."""
        with freeze_time(FRIDAY):
            ticket = self._complaint(vip_type="consultation")
        due = ticket.vip_answer_due
        Ticket = self.env["helpdesk.ticket"].with_user(self.cs)
        with freeze_time(due - timedelta(hours=5)):
            ticket.invalidate_recordset(["vip_sla_state"])
            self.assertEqual(ticket.vip_sla_state, "on_time")
        with freeze_time(due - timedelta(hours=4)):
            ticket.invalidate_recordset(["vip_sla_state"])
            self.assertEqual(ticket.vip_sla_state, "due_soon")
        with freeze_time(due):
            ticket.invalidate_recordset(["vip_sla_state"])
            self.assertEqual(ticket.vip_sla_state, "due_soon")
            self.assertNotIn(ticket, Ticket.search([("vip_sla_state", "=", "late")]))
        with freeze_time(due + timedelta(seconds=1)):
            ticket.invalidate_recordset(["vip_sla_state"])
            self.assertEqual(ticket.vip_sla_state, "late")
            self.assertIn(ticket, Ticket.search([("vip_sla_state", "=", "late")]))
            self.assertNotIn(ticket, Ticket.search([("vip_sla_state", "!=", "late")]))
        with freeze_time(due + timedelta(hours=1)):
            ticket.with_user(self.cs).action_vip_answer()
        self.assertEqual(ticket.vip_on_time, 0.0)

    def test_responsible_gets_activity_and_overdue_escalates(self):
        """R-CMP-04: the responsible person gets an activity due on the next deadline; once
        overdue the complaint escalates once to the department manager."""
        with freeze_time(FRIDAY):
            ticket = self._investigate(self._complaint())
        todo = ticket.activity_ids.filtered(lambda a: a.user_id == self.cs)
        self.assertEqual(todo.date_deadline, ticket.vip_solution_due.date())
        with freeze_time(datetime(2026, 11, 24, 16, 59)):
            self.env["helpdesk.ticket"]._cron_vip_overdue()
        self.assertFalse(ticket.vip_escalated)
        with freeze_time(datetime(2026, 11, 24, 17, 1)):
            self.env["helpdesk.ticket"]._cron_vip_overdue()
            self.env["helpdesk.ticket"]._cron_vip_overdue()
        self.assertTrue(ticket.vip_escalated)
        escalations = ticket.activity_ids.filtered(lambda a: a.user_id == self.head and "Escalation" in a.summary)
        self.assertEqual(len(escalations), 1)
        self.assertEqual(ticket.vip_department_manager_id, self.head)

    def test_open_late_complaint_counts_in_the_on_time_rate(self):
        """R-CMP-04 / issue 23: in the complaint analysis an open complaint past its closing
        deadline counts as late (0 %) at once, through the hourly overdue job; an open one within
        its deadline is not counted; closing on time counts 100 %."""
        with freeze_time(FRIDAY):
            late = self._investigate(self._complaint())
        with freeze_time(FRIDAY + timedelta(days=14)):
            within = self._investigate(self._complaint(name="Clasp loose"))
        Ticket = self.env["helpdesk.ticket"]

        def raw(ticket):
            self.env.flush_all()
            self.env.cr.execute("SELECT vip_on_time FROM helpdesk_ticket WHERE id = %s", [ticket.id])
            return self.env.cr.fetchone()[0]

        with freeze_time(late.vip_close_due - timedelta(minutes=1)):
            Ticket._cron_vip_overdue()
        self.assertIsNone(raw(late), "not late yet: not in the average")
        with freeze_time(late.vip_close_due + timedelta(minutes=1)):
            Ticket._cron_vip_overdue()
        self.assertEqual(raw(late), 0.0)
        self.assertIsNone(raw(within))
        with freeze_time(within.vip_close_due - timedelta(hours=1)):
            within._vip_close("satisfied")
        self.assertEqual(raw(within), 100.0)
        # The analysis as customer service reads it: one late (0 %), one on time (100 %).
        groups = Ticket.with_user(self.cs).read_group([("id", "in", (late | within).ids)], ["vip_on_time:avg"], [])
        self.assertEqual(groups[0]["vip_on_time"], 50.0)

    def test_overdue_escalation_in_batches(self):
        """R-CMP-04 (issue 14): the escalation cron takes one batch of overdue complaints per run
        (system parameter ``vip_customer_care.cron_batch_size``), each escalated once, and its
        queries per complaint do not grow with the batch."""
        Ticket = self.env["helpdesk.ticket"]
        self.env["ir.config_parameter"].sudo().set_param("vip_customer_care.cron_batch_size", 2)
        with freeze_time(FRIDAY):
            tickets = self._investigate(self._complaint()) | self._investigate(self._complaint())
            tickets |= self._investigate(self._complaint())
        # Only these three are overdue and not yet escalated (the demo holds complaints too).
        Ticket.search([("id", "not in", tickets.ids), ("vip_escalated", "=", False)]).sudo()._vip_action_write(
            {"vip_escalated": True},
        )
        counts = []
        with freeze_time(datetime(2026, 11, 24, 17, 1)):
            for _ in range(3):
                self.env.flush_all()
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                Ticket._cron_vip_overdue()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
                if len(counts) == 1:
                    self.assertEqual(len(tickets.filtered("vip_escalated")), 2)
        self.assertTrue(all(tickets.mapped("vip_escalated")))
        escalations = tickets.activity_ids.filtered(lambda a: a.user_id == self.head and "Escalation" in a.summary)
        self.assertEqual(len(escalations), 3)
        self.assertEqual(escalations.mapped("res_id"), tickets.ids)
        # The first run handled two complaints, the second one: no more queries per complaint in
        # the larger batch (the per-complaint part is the activity and its follower).
        self.assertLessEqual(counts[0] / 2, counts[1])

    def test_solution_moves_the_clock_to_the_reply(self):
        """R-CMP-04: once the solution is proposed the next deadline is the reply, then the closing."""
        with freeze_time(FRIDAY):
            ticket = self._solve(self._investigate(self._complaint()))
        self.assertEqual(ticket.vip_next_due, ticket.vip_reply_due)
        ticket.with_user(self.cs).action_vip_reply()
        self.assertEqual(ticket.vip_next_due, ticket.vip_close_due)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting"))
