# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .reception_common import FRIDAY, ReceptionCommon


@tagged("post_install", "-at_install")
class TestReceptionExecution(ReceptionCommon):
    def _approved(self):
        reception = self._to_approval(self._reception(10000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard, self.head])
        self.assertEqual(reception.state, "approved")
        return reception

    def test_venue_and_safety_by_their_departments(self):
        """R-REC-05: administration confirms the venue and security records the assessment,
        also while approvers sign; nobody else can."""
        reception = self._to_approval(self._reception(10000))
        with self.assertRaisesRegex(UserError, "administration"):
            reception.with_user(self.requester).action_confirm_venue()
        reception.with_user(self.admin_dept).action_confirm_venue()
        self.assertTrue(reception.venue_confirmed_date)
        with self.assertRaisesRegex(UserError, "assessment first"):
            reception.with_user(self.guard).action_security_assessed()
        reception.with_user(self.guard).write({"security_assessment": "Route checked"})
        reception.with_user(self.guard).action_security_assessed()
        self.assertTrue(reception.security_assessed_date)

    def test_late_plan_and_safety_assessment_are_overdue(self):
        """R-REC-05 / R-REC-06: an approved reception whose plan was not sent, or whose safety
        assessment is missing, one day before the visit shows as overdue."""
        reception = self._approved()
        reception.venue_confirmed_date = FRIDAY
        Reception = self.env["vip.reception"]
        with freeze_time(reception.date_start - timedelta(days=2)):
            self.assertFalse(Reception.search([("id", "=", reception.id), ("is_overdue", "=", True)]))
        with freeze_time(reception.date_start - timedelta(hours=12)):
            self.assertEqual(Reception.search([("id", "=", reception.id), ("is_overdue", "=", True)]), reception)
            reception.write({"plan_sent_date": FRIDAY, "security_assessed_date": FRIDAY})
            self.assertFalse(Reception.search([("id", "=", reception.id), ("is_overdue", "=", True)]))

    def test_plan_sent_before_start(self):
        """R-REC-06: the visit cannot start before the confirmed plan (PDF) was mailed to the
        customer; sending it records the date."""
        reception = self._approved()
        with self.assertRaisesRegex(UserError, "Send the confirmed plan"):
            reception.with_user(self.requester).action_start()
        action = reception.with_user(self.requester).action_send_plan()
        composer = Form(self.env["mail.compose.message"].with_user(self.requester).with_context(**action["context"])).save()
        self.assertIn(reception.name, composer.subject)
        self.assertEqual(composer.partner_ids, self.customer)
        composer.action_send_mail()
        self.assertTrue(reception.plan_sent_date)
        message = reception.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertTrue(message.attachment_ids[0].name.startswith("Itinerary"))
        reception.with_user(self.requester).action_start()
        self.assertEqual(reception.state, "in_progress")

    def test_review_deadlines_actions_and_close(self):
        """R-REC-08 / R-REC-10: the visit is logged; after it the review is due within 2 working
        days; improvement actions become activities of their owners; closing needs the review."""
        reception = self._approved()
        reception.plan_sent_date = FRIDAY
        reception.with_user(self.requester).action_start()
        reception.with_user(self.requester).write({"service_log_ids": [Command.create({"name": "Tea served"})]})
        with freeze_time(FRIDAY):
            reception.with_user(self.requester).action_end_visit()
        self.assertEqual(reception.state, "review")
        self.assertEqual(str(reception.review_due), "2026-11-25 17:00:00")
        self.assertEqual(str(reception.survey_due), "2026-11-26 17:00:00")
        with self.assertRaisesRegex(UserError, "review"):
            reception.with_user(self.requester).action_done()
        reception.with_user(self.requester).write({"action_ids": [Command.create({
            "name": "Book the car 30 minutes earlier", "user_id": self.admin_dept.id, "date_due": date(2026, 12, 10),
        })]})
        activity = reception.activity_ids.filtered(lambda a: a.user_id == self.admin_dept)
        self.assertEqual(activity.date_deadline, date(2026, 12, 10))
        reception.with_user(self.requester).action_done()
        self.assertEqual(reception.state, "done")

    def test_satisfaction_survey_score(self):
        """R-REC-11: the survey goes to the customer through the survey app and its score
        (0-100) is kept on the reception."""
        reception = self._approved()
        reception.write({"state": "review"})
        with self.assertRaises(UserError):
            reception.with_user(self.requester).action_send_survey()  # sales may not send surveys
        reception.with_user(self.marketing).action_send_survey()
        answer = self.env["survey.user_input"].search([("vip_reception_id", "=", reception.id)])
        self.assertEqual(answer.partner_id, self.customer)
        survey = answer.survey_id
        for question in survey.question_ids:
            best = question.suggested_answer_ids.sorted("answer_score")[-2]  # "Satisfied": 7 of 10
            answer._save_lines(question, best.id)
        answer._mark_done()
        self.assertAlmostEqual(reception.satisfaction_score, 70.0)
        self.assertEqual(reception.with_user(self.marketing).survey_answer_count, 1)

    def test_quarterly_revisit(self):
        """R-REC-12: VIP customers get a revisit activity each quarter; the cron is idempotent."""
        Partner = self.env["res.partner"]
        revisit = self.env.ref("vip_customer_care.mail_activity_type_vip_revisit")
        with freeze_time(FRIDAY):
            Partner._cron_vip_quarterly_revisit()
            Partner._cron_vip_quarterly_revisit()
        activities = self.customer.activity_ids.filtered(lambda a: a.activity_type_id == revisit)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.requester)
        self.assertEqual(str(self.customer.vip_next_revisit_date), "2027-02-20")
        with freeze_time("2027-02-21"):
            Partner._cron_vip_quarterly_revisit()
        self.assertEqual(len(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == revisit)), 2)
