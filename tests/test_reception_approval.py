# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .reception_common import FRIDAY, ReceptionCommon

BASE = ["marketing", "administration", "security"]


@tagged("post_install", "-at_install")
class TestReceptionApproval(ReceptionCommon):
    def test_routing_at_amount_edges(self):
        """R-APV-01 / R-APV-02 / R-APV-03: marketing, administration and security first, then
        department head up to 100k, VP below 500k, VP then GM and GM office from 500k; two
        finance signatures from 50k."""
        cases = {
            49999.99: BASE + ["dept_head"],
            50000.0: BASE + ["dept_head", "finance_1", "finance_2"],
            99999.99: BASE + ["dept_head", "finance_1", "finance_2"],
            100000.0: BASE + ["dept_head", "finance_1", "finance_2"],
            100000.01: BASE + ["vp", "finance_1", "finance_2"],
            499999.99: BASE + ["vp", "finance_1", "finance_2"],
            500000.0: BASE + ["vp", "gm", "gm_office", "finance_1", "finance_2"],
        }
        for amount, tiers in cases.items():
            with self.subTest(amount=amount):
                reception = self._to_approval(self._reception(amount))
                self.assertEqual(reception.state, "to_approve")
                self.assertEqual(self._tiers(reception), tiers)

    def test_thresholds_are_settings(self):
        """R-APV-01: moving the department-head limit in the settings moves the routing."""
        self.company.vip_apv_dept_head_limit = 20000
        self.assertEqual(self._tiers(self._to_approval(self._reception(30000))), BASE + ["vp"])

    def test_approvers_resolve_from_department(self):
        """R-APV-01: the department head and the VP come from the requester's department."""
        reception = self._to_approval(self._reception(10000))
        self.assertEqual(reception.department_id, self.sales_dept)
        head_review = reception.review_ids.filtered(lambda r: r.definition_id.name == "Department head approval")
        self.assertEqual(head_review.reviewer_ids, self.head)
        vp_reception = self._to_approval(self._reception(200000))
        vp_review = vp_reception.review_ids.filtered(lambda r: r.definition_id.name == "VP in charge approval")
        self.assertEqual(vp_review.reviewer_ids, self.vp)

    def test_foreign_visitors_need_compliance_and_language(self):
        """R-REC-04: a foreign visit needs compliance review and a staff member speaking a
        foreign language."""
        reception = self._reception(10000, partner=self.foreign_customer)
        self.assertTrue(reception.is_foreign)
        reception.staff_line_ids.language_ids = False
        reception.with_user(self.requester).action_submit()
        reception.with_user(self.requester).action_countersign_sales()
        with self.assertRaisesRegex(UserError, "language"):
            reception.with_user(self.requester).action_send_for_approval()
        reception.staff_line_ids.language_ids = self.env.ref("base.lang_en")
        reception.with_user(self.requester).action_send_for_approval()
        self.assertEqual(self._tiers(reception), BASE + ["compliance", "dept_head"])
        domestic = self._to_approval(self._reception(10000))
        self.assertFalse(domestic.is_foreign)
        self.assertNotIn("compliance", self._tiers(domestic))

    def test_incomplete_plan_refused(self):
        """R-REC-02 / R-REC-03: without schedule, budget or the sales countersignature the plan
        cannot go to approval, and nothing changes."""
        reception = self._reception(10000)
        reception.schedule_line_ids.unlink()
        reception.with_user(self.requester).action_submit()
        with self.assertRaisesRegex(UserError, "schedule(.|\n)*countersignature"):
            reception.with_user(self.requester).action_send_for_approval()
        self.assertEqual(reception.state, "planning")
        self.assertFalse(reception.review_ids)

    def test_full_path_approves_and_notifies(self):
        """R-APV-03 / R-REC-07 / R-APV-09: signatures in order lead to 'approved'; finance and
        administration follow the reception; the schedule lands in the staff's calendars."""
        reception = self._to_approval(self._reception(60000))
        # Out of order: finance cannot sign before marketing, and is told so.
        self.assertFalse(reception.with_user(self.finance_1).can_review)
        with self.assertRaisesRegex(UserError, "not your turn"):
            reception.with_user(self.finance_1).validate_tier()
        self.assertFalse(reception.review_ids.filtered(lambda r: r.status == "approved"))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard, self.head, self.finance_1])
        self.assertEqual(reception.state, "to_approve")
        self._approve_next(reception, self.finance_2)
        self.assertEqual(reception.state, "approved")
        self.assertEqual(
            reception.review_ids.sorted("sequence").mapped("done_by"),
            self.marketing | self.admin_dept | self.guard | self.head | self.finance_1 | self.finance_2,
        )
        followers = reception.message_partner_ids
        self.assertIn(self.finance_1.partner_id, followers)
        self.assertIn(self.admin_dept.partner_id, followers)
        event = reception.schedule_line_ids.event_id
        self.assertEqual(event.partner_ids, self.head.partner_id)
        self.assertEqual(reception.event_count, 1)

    def test_finance_double_signature_needs_two_people(self):
        """R-APV-02: one finance officer signs one of the two finance signatures only."""
        reception = self._to_approval(self._reception(60000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard, self.head, self.finance_1])
        second = reception.review_ids.sorted("sequence")[-1]
        self.assertEqual(second.status, "pending")
        self.assertNotIn(self.finance_1, second.reviewer_ids)
        self.assertFalse(reception.with_user(self.finance_1).can_review)

    def test_nobody_approves_own_request(self):
        """R-APV-05: a requester who is also a reviewer cannot approve their own reception."""
        self.requester.groups_id = [(4, self.env.ref("vip_customer_care.group_vip_officer").id)]
        reception = self._to_approval(self._reception(10000))
        marketing_review = reception.review_ids.sorted("sequence")[0]
        self.assertNotIn(self.requester, marketing_review.reviewer_ids)
        with self.assertRaisesRegex(UserError, "your own"):
            reception.with_user(self.requester)._validate_tier()

    def test_rejection(self):
        """R-APV-09: a rejection ends the approval and is kept with who and when."""
        reception = self._to_approval(self._reception(10000))
        reception.with_user(self.marketing).reject_tier()
        self.assertEqual(reception.state, "rejected")
        review = reception.review_ids.filtered(lambda r: r.status == "rejected")
        self.assertEqual(review.done_by, self.marketing)
        self.assertTrue(review.reviewed_date)

    @freeze_time(FRIDAY)
    def test_deadlines_stored_on_submit(self):
        """R-REC-02 / R-APV-04 / R-REC-05: plan, approval and venue deadlines in working days,
        across the weekend and the Monday holiday; security and plan-to-customer 1 day before."""
        reception = self._reception(10000)
        reception.with_user(self.requester).action_submit()
        self.assertEqual(reception.submit_date, FRIDAY)
        self.assertEqual(reception.plan_due, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(reception.approval_due, datetime(2026, 11, 26, 17, 0))
        self.assertEqual(reception.venue_due, datetime(2026, 11, 26, 17, 0))
        self.assertEqual(reception.security_due, datetime(2026, 12, 1, 9, 0))
        self.assertEqual(reception.plan_send_due, datetime(2026, 12, 1, 9, 0))

    def test_overdue_filter_and_escalation_cron(self):
        """R-APV-04: overdue approvals are found by the filter; the cron reminds the reviewers
        and escalates to their manager, once, through the approval activities."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
            self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
            Reception = self.env["vip.reception"]
            self.assertFalse(Reception.search([("id", "=", reception.id), ("is_overdue", "=", True)]))
        with freeze_time(FRIDAY + timedelta(days=10)):
            self.assertEqual(Reception.search([("id", "=", reception.id), ("is_overdue", "=", True)]), reception)
            self.assertFalse(Reception.search([("id", "=", reception.id), ("is_overdue", "=", False)]))
            self.head_employee.parent_id = self.env["hr.employee"].create({
                "name": "Head's manager", "user_id": self.vp.id, "company_id": self.company.id,
            })
            Reception._cron_overdue()
            Reception._cron_overdue()
        activities = reception.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("vip_customer_care.mail_act_vip_approval")
        )
        self.assertEqual(activities.user_id, self.head | self.vp)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.filtered("vip_escalation").user_id, self.vp)
        reminder = reception.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))
        self.assertEqual(len(reminder), 1)
        self.assertIn(self.head.partner_id, reminder.partner_ids)

    def test_emergency_path(self):
        """R-APV-07: an emergency goes marketing confirmation then GM only, due in one hour;
        paperwork follows within one working day."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(600000, emergency=True))
        self.assertEqual(self._tiers(reception), ["emergency_marketing", "emergency_gm"])
        self.assertEqual(reception.approval_due, FRIDAY + timedelta(hours=1))
        paperwork = reception.activity_ids.filtered(lambda a: "補批" in (a.summary or ""))
        self.assertEqual(paperwork.date_deadline, datetime(2026, 11, 24).date())
        self._approve_all(reception, [self.marketing, self.gm])
        self.assertEqual(reception.state, "approved")
        self.assertEqual(self.env["vip.reception"].search([("is_emergency", "=", True), ("id", "=", reception.id)]), reception)

    def test_emergency_needs_trigger(self):
        """R-APV-07: an emergency without trigger and explanation is refused."""
        with self.assertRaisesRegex(Exception, "trigger"):
            self._reception(1000).write({"is_emergency": True})

    def test_escalation_out_of_authority(self):
        """R-APV-08: the department head escalates to the VP; due in 5 working days."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
            self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
            reception.with_user(self.head).action_escalate()
        reception.invalidate_recordset()
        self.assertEqual(self._tiers(reception), BASE + ["dept_head", "vp"])
        self.assertEqual(reception.approval_due, datetime(2026, 11, 30, 17, 0))
        self._approve_next(reception, self.vp)
        self.assertEqual(reception.state, "approved")

    def test_deletion_only_after_retention(self):
        """R-PII-06: receptions, drafts included, are kept for the retention period (see
        test_retention.py); archive them instead."""
        reception = self._to_approval(self._reception(10000))
        with self.assertRaisesRegex(UserError, "retention"):
            reception.unlink()
        with self.assertRaisesRegex(UserError, "retention"):
            self._reception(10).unlink()

    @freeze_time(FRIDAY)
    def test_send_several_for_approval_at_once(self):
        """R-APV-01 / issue 19: several receptions sent for approval in one call (a list action,
        or RPC on several ids) each get their own route, reviews and approval activities."""
        receptions = self._reception(10000) | self._reception(3000)
        for reception in receptions.with_user(self.requester):
            reception.action_submit()
            reception.action_countersign_sales()
        receptions.with_user(self.requester).action_send_for_approval()
        for reception in receptions:
            self.assertEqual(reception.state, "to_approve")
            self.assertTrue(reception.review_ids)
            pending = reception.review_ids.filtered(lambda r: r.status == "pending")
            self.assertTrue(pending, reception.name)
            self.assertTrue(reception.activity_ids.filtered(lambda a, p=pending: a.user_id in p.reviewer_ids))
