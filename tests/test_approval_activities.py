# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .approval_common import ApprovalCommon
from .reception_common import FRIDAY


@tagged("post_install", "-at_install")
class TestApprovalActivities(ApprovalCommon):
    """Point 13 of issue 8: whose turn it is, one activity mechanism."""

    def test_one_activity_per_pending_reviewer(self):
        """R-APV-04: each pending reviewer gets one activity due on the approval deadline; it
        is marked done for the signer, cancelled for the others, and the next step's
        reviewers get theirs; nothing is left open once approved."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(60000))
        activities = self._approval_activities(reception)
        marketing_reviewers = reception.review_ids.sorted("sequence")[0].reviewer_ids
        self.assertEqual(activities.user_id, marketing_reviewers)
        self.assertEqual(len(activities), len(marketing_reviewers))
        self.assertEqual(set(activities.mapped("date_deadline")), {reception.approval_due.date()})
        self.assertIn(self.marketing, activities.user_id)
        self.assertIn(self.gm, activities.user_id)  # the GM is also a marketing officer
        self._rpc(reception, self.marketing, "validate_tier")
        done = reception.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.approval_activity and m.author_id == self.marketing.partner_id
        )
        self.assertEqual(len(done), 1)
        self.assertEqual(self._approval_activities(reception).user_id, self.admin_dept)
        for user in (self.admin_dept, self.guard, self.head):
            self._rpc(reception, user, "validate_tier")
        self.assertEqual(self._approval_activities(reception).user_id, self.finance_1 | self.finance_2)
        self._rpc(reception, self.finance_1, "validate_tier")
        self.assertEqual(self._approval_activities(reception).user_id, self.finance_2)
        self._rpc(reception, self.finance_2, "validate_tier")
        self.assertEqual(reception.state, "approved")
        self.assertFalse(self._approval_activities(reception))
        approved = reception.message_ids.filtered(lambda m: "was approved" in (m.body or ""))
        self.assertIn(self.requester.partner_id, approved.partner_ids)

    def test_activities_cancelled_when_request_moves_on(self):
        """R-APV-04 / R-APV-09: rejection and cancellation close every open approval activity."""
        reception = self._to_approval(self._reception(10000))
        self._rpc(reception, self.marketing, "reject_tier")
        self.assertFalse(self._approval_activities(reception))
        reception.with_user(self.requester).action_reset_draft()
        self._to_approval(reception)
        self.assertTrue(self._approval_activities(reception))
        reception.with_user(self.requester).action_cancel()
        self.assertFalse(self._approval_activities(reception))

    def test_overdue_reminds_and_escalates_once(self):
        """R-APV-04: an overdue step reminds its reviewer and escalates once to their manager
        through the approval activity; the escalation closes with the step."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
            for user in (self.marketing, self.admin_dept, self.guard):
                self._rpc(reception, user, "validate_tier")
        self.head_employee.parent_id = self.env["hr.employee"].create({
            "name": "Head's manager", "user_id": self.vp.id, "company_id": self.company.id,
        })
        Reception = self.env["vip.reception"]
        with freeze_time(FRIDAY + timedelta(days=2)):
            Reception._cron_overdue()
        self.assertEqual(self._approval_activities(reception).user_id, self.head)
        with freeze_time(FRIDAY + timedelta(days=10)):
            Reception._cron_overdue()
            Reception._cron_overdue()
        activities = self._approval_activities(reception)
        self.assertEqual(activities.filtered("vip_escalation").user_id, self.vp)
        self.assertEqual(len(activities), 2)
        self.assertTrue(reception.escalated)
        reminders = reception.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.head.partner_id, reminders.partner_ids)
        self._rpc(reception, self.head, "validate_tier")
        self.assertEqual(reception.state, "approved")
        self.assertFalse(self._approval_activities(reception))

    def test_tiers_send_no_reminders_of_their_own(self):
        """R-APV-04: one reminder mechanism: no tier definition runs base_tier_validation's
        own reminder (notify_reminder_delay)."""
        definitions = self.env["tier.definition"].search([
            ("model", "in", self.env["vip.workflow.mixin"]._vip_workflow_model_names()),
        ])
        self.assertTrue(definitions)
        self.assertFalse(definitions.filtered("notify_reminder_delay"))

    def test_emergency_trigger_is_complaint_or_incident_with_reference(self):
        """R-APV-07: an emergency is triggered by a complaint or an incident, with its
        reference; 'other' no longer exists."""
        reception = self._reception(1000)
        triggers = dict(reception._fields["emergency_trigger"].selection)
        self.assertEqual(set(triggers), {"complaint", "incident"})
        with self.assertRaisesRegex(ValidationError, "reference"):
            reception.with_user(self.requester).write({
                "is_emergency": True, "emergency_trigger": "incident", "emergency_reason": "Fire alarm",
            })
        with self.assertRaisesRegex(ValidationError, "not one of the allowed choices"):
            reception.with_user(self.requester).write({
                "is_emergency": True, "emergency_trigger": "other", "emergency_reason": "Because",
            })
        # The reference is the linked incident's (issue 12: a link instead of a typed reference).
        incident = self.env["vip.incident"].with_user(self.requester).create({
            "company_id": self.company.id, "incident_type": "security", "title": "Fire alarm",
        })
        reception.with_user(self.requester).write({
            "is_emergency": True, "emergency_trigger": "incident", "emergency_reason": "Fire alarm",
            "emergency_incident_id": incident.id,
        })
        self.assertEqual(reception.emergency_reference, incident.name)

    def test_next_step_reads_in_chinese(self):
        """R-APV-04 (issue 9 point 4): the banner naming the next step of a reception under
        approval reads in both Chinese scripts, not "Next:" in English."""
        reception = self._to_approval(self._reception(1000))
        for lang, prefix in (("zh_CN", "下一步："), ("zh_TW", "下一步："), ("en_US", "Next: ")):
            self.env["res.lang"]._activate_lang(lang)
            localized = reception.with_context(lang=lang)
            step = localized.review_ids.filtered(lambda r: r.status == "pending").name
            with self.subTest(lang=lang):
                reception.invalidate_recordset(["next_review"])
                self.assertEqual(localized.next_review, f"{prefix}{step}")
