# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19: per-step deadlines of the shared approval machinery (R-APV-04, R-LOY-06).

Each step of an approval is due on its own deadline: a tier with its own duration (the reward
campaign's compliance review, 1 working day) counts it from the moment the step is reached, on
the company calendar; the other steps are due when the whole approval is (R-APV-04, 3 working
days). The calendar of ReceptionCommon works Monday to Friday 08-17 UTC and has a public holiday
on Monday 23 November 2026."""
from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .approval_common import ApprovalCommon
from .reception_common import FRIDAY

# Friday 20 November 2026 10:00 + 3 working days (the Monday is a public holiday).
APPROVAL_DUE = datetime(2026, 11, 26, 17, 0)
TUESDAY = datetime(2026, 11, 24, 10, 0)
WEDNESDAY = datetime(2026, 11, 25, 11, 0)
THURSDAY = datetime(2026, 11, 26, 16, 0)


class StepDeadlineCommon(ApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.compliance_tier = cls.env.ref("vip_customer_care.tier_campaign_compliance")
        cls.head_tier = cls.env.ref("vip_customer_care.tier_campaign_dept_head")
        cls.finance_tier = cls.env.ref("vip_customer_care.tier_campaign_finance")
        # The manager of internal control and finance, who hears of their overdue steps (R-APV-04).
        cls.manager = new_test_user(
            cls.env, login="step_manager", groups="base.group_user,vip_customer_care.group_vip_user",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.compliance_manager = cls.env["hr.employee"].create({
            "name": "Control and finance manager", "user_id": cls.manager.id, "company_id": cls.company.id,
        })
        cls.compliance_employee = cls.env["hr.employee"].create({
            "name": "Internal control officer", "user_id": cls.compliance.id, "company_id": cls.company.id,
            "parent_id": cls.compliance_manager.id,
        })

    def _campaign(self, budget=8000):
        return self.env["vip.reward.campaign"].with_user(self.requester).create({
            "name": f"Campaign {budget}", "company_id": self.company.id, "department_id": self.sales_dept.id,
            "campaign_type": "points_exchange", "target_tier": "gold", "budget": budget,
            "expected_effect": "More repeat purchases",
            "date_start": date(2026, 12, 7), "date_end": date(2026, 12, 11),
        })

    def _submitted_campaign(self):
        with freeze_time(FRIDAY):
            campaign = self._campaign()
            self._rpc(campaign, self.requester, "action_submit")
        return campaign

    def _step(self, record, tier):
        record.invalidate_recordset()
        record.review_ids.invalidate_recordset()
        return record.review_ids.filtered(lambda r: r.definition_id == tier)

    def _step_activities(self, record, review):
        return self._approval_activities(record).filtered(lambda a: a.vip_review_id == review)

    def _reminders(self, record):
        record.invalidate_recordset()
        return record.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))


@tagged("post_install", "-at_install")
class TestStepDeadlines(StepDeadlineCommon):
    def test_step_durations_are_tier_configuration(self):
        """R-LOY-06 / R-APV-04: the compliance review of a campaign has 1 working day of its own
        (rule book default, on its approval tier); every other shipped step has none and is due
        with the whole approval; a duration is never negative."""
        self.assertEqual(self.compliance_tier.vip_step_days, 1)
        others = self.env["tier.definition"].search([
            ("model", "in", self.env["vip.workflow.mixin"]._vip_workflow_model_names()),
            ("id", "!=", self.compliance_tier.id),
        ])
        self.assertTrue(others)
        self.assertEqual(set(others.mapped("vip_step_days")), {0})
        with self.assertRaises(ValidationError):
            self.finance_tier.vip_step_days = -1
        # Configuration, not code: the tier form and the VIP tier list show the duration.
        for view in (
            self.env.ref("base_tier_validation.tier_definition_view_form"),
            self.env.ref("vip_customer_care.view_vip_tier_definition_list"),
        ):
            arch = self.env["tier.definition"].get_views([(view.id, view.type)])["views"][view.type]["arch"]
            self.assertTrue(etree.fromstring(arch).xpath("//field[@name='vip_step_days']"), view.xml_id)

    def test_campaign_compliance_due_one_working_day_after_head_signs(self):
        """R-LOY-06 / R-APV-04, the rule book's example: a campaign submitted on Friday and
        signed by the department head on Wednesday gives internal control one working day from
        Wednesday (Thursday 17:00), not from the submission (which would be Tuesday, after the
        weekend and the Monday public holiday). The whole approval stays due 3 working days
        after the submission, and so are the steps without a duration of their own."""
        campaign = self._submitted_campaign()
        self.assertEqual(campaign.approval_due, APPROVAL_DUE)
        head_step = self._step(campaign, self.head_tier)
        compliance_step = self._step(campaign, self.compliance_tier)
        self.assertEqual(head_step.status, "pending")
        self.assertEqual(head_step.vip_due, APPROVAL_DUE)
        self.assertEqual(compliance_step.status, "waiting")
        self.assertFalse(compliance_step.vip_due, "a step not reached yet has no deadline")

        with freeze_time(WEDNESDAY):
            self._rpc(campaign, self.head, "validate_tier")
        compliance_step = self._step(campaign, self.compliance_tier)
        self.assertEqual(compliance_step.status, "pending")
        self.assertEqual(compliance_step.vip_due, datetime(2026, 11, 26, 17, 0))
        self.assertEqual(self._step(campaign, self.head_tier).vip_due, APPROVAL_DUE, "kept as evidence")

        with freeze_time(THURSDAY):
            self._rpc(campaign, self.compliance, "validate_tier")
        finance_step = self._step(campaign, self.finance_tier)
        self.assertEqual(finance_step.vip_due, APPROVAL_DUE)
        self.assertEqual(campaign.approval_due, APPROVAL_DUE)

    def test_compliance_due_counts_from_the_step_across_weekend_and_holiday(self):
        """R-LOY-06: the department head signs on Friday afternoon; internal control's one
        working day skips Saturday, Sunday and the Monday public holiday: due Tuesday 17:00."""
        campaign = self._submitted_campaign()
        with freeze_time(FRIDAY.replace(hour=16)):
            self._rpc(campaign, self.head, "validate_tier")
        self.assertEqual(self._step(campaign, self.compliance_tier).vip_due, datetime(2026, 11, 24, 17, 0))

    def test_activity_due_on_its_step_deadline(self):
        """R-APV-04 / R-LOY-06: each pending reviewer's approval activity is due on their own
        step's deadline: the department head on the approval's (Thursday 26), internal control
        one working day after the head signed (Tuesday 24 → Wednesday 25)."""
        campaign = self._submitted_campaign()
        head_step = self._step(campaign, self.head_tier)
        head_activities = self._step_activities(campaign, head_step)
        self.assertEqual(head_activities.user_id, self.head)
        self.assertEqual(head_activities.date_deadline, date(2026, 11, 26))
        with freeze_time(TUESDAY):
            self._rpc(campaign, self.head, "validate_tier")
        compliance_step = self._step(campaign, self.compliance_tier)
        activities = self._step_activities(campaign, compliance_step)
        self.assertIn(self.compliance, activities.user_id)
        self.assertEqual(activities.user_id, compliance_step.reviewer_ids)
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 11, 25)})
        self.assertFalse(self._step_activities(campaign, head_step), "the signed step's activity is done")

    def test_overdue_reminds_and_escalates_on_the_step_deadline(self):
        """R-APV-04 / R-LOY-06: the overdue cron follows each step's own deadline. The compliance
        review reached on Tuesday is overdue on Wednesday evening although the whole approval is
        not: its reviewers are reminded once and their manager gets an escalation; the next step
        (finance, due with the approval) is reminded and escalated on its own."""
        Campaign = self.env["vip.reward.campaign"]
        campaign = self._submitted_campaign()
        with freeze_time(TUESDAY):
            self._rpc(campaign, self.head, "validate_tier")
        compliance_step = self._step(campaign, self.compliance_tier)
        with freeze_time(datetime(2026, 11, 25, 16, 0)):
            Campaign._cron_overdue()
        self.assertFalse(self._reminders(campaign))
        with freeze_time(datetime(2026, 11, 25, 18, 0)):
            self.assertLess(datetime.now(), campaign.approval_due)
            Campaign._cron_overdue()
            Campaign._cron_overdue()
        reminders = self._reminders(campaign)
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.compliance.partner_id, reminders.partner_ids)
        self.assertNotIn(self.head.partner_id, reminders.partner_ids)
        self.assertIn(compliance_step.name, reminders.body)
        escalation = self._step_activities(campaign, compliance_step).filtered("vip_escalation")
        self.assertEqual(escalation.user_id, self.manager)
        self.assertEqual(escalation.date_deadline, date(2026, 11, 25))
        self.assertTrue(self._step(campaign, self.compliance_tier).vip_escalated)
        self.assertTrue(campaign.escalated)

        with freeze_time(datetime(2026, 11, 26, 9, 0)):
            self._rpc(campaign, self.compliance, "validate_tier")
        finance_step = self._step(campaign, self.finance_tier)
        self.assertFalse(self._step_activities(campaign, compliance_step), "the escalation closes with the step")
        self.assertEqual(finance_step.vip_due, APPROVAL_DUE)
        self.env["hr.employee"].create({
            "name": "Finance officer", "user_id": self.finance_1.id, "company_id": self.company.id,
            "parent_id": self.compliance_manager.id,
        })
        with freeze_time(datetime(2026, 11, 26, 16, 59)):
            Campaign._cron_overdue()
        self.assertEqual(len(self._reminders(campaign)), 1)
        with freeze_time(datetime(2026, 11, 26, 18, 0)):
            Campaign._cron_overdue()
        reminders = self._reminders(campaign)
        self.assertEqual(len(reminders), 2)
        self.assertIn(self.finance_1.partner_id, reminders.sorted("id")[-1].partner_ids)
        self.assertEqual(self._step_activities(campaign, finance_step).filtered("vip_escalation").user_id, self.manager)

    def test_step_not_overdue_before_its_own_deadline(self):
        """R-LOY-06: internal control reached on Thursday afternoon has until Friday 17:00,
        even though the whole approval was due on Thursday 17:00: no reminder on Thursday
        evening (the overdue filter of the request still shows the whole approval late)."""
        Campaign = self.env["vip.reward.campaign"]
        campaign = self._submitted_campaign()
        with freeze_time(THURSDAY):
            self._rpc(campaign, self.head, "validate_tier")
        self.assertEqual(self._step(campaign, self.compliance_tier).vip_due, datetime(2026, 11, 27, 17, 0))
        with freeze_time(datetime(2026, 11, 26, 18, 0)):
            Campaign._cron_overdue()
        self.assertFalse(self._reminders(campaign))
        with freeze_time(datetime(2026, 11, 27, 18, 0)):
            Campaign._cron_overdue()
        self.assertEqual(len(self._reminders(campaign)), 1)

    def test_without_step_durations_deadlines_unchanged(self):
        """R-APV-04: without a duration of its own, every step is due when the whole approval
        is (3 working days after the submission), whenever it is reached, and so are its
        activities: a reception's steps are signed on Tuesday and Wednesday and each next step
        stays due on Thursday 26 at 17:00."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
        self.assertEqual(reception.approval_due, APPROVAL_DUE)
        for moment, user in ((TUESDAY, self.marketing), (WEDNESDAY, self.admin_dept)):
            with freeze_time(moment):
                self._rpc(reception, user, "validate_tier")
            pending = self._pending(reception)
            self.assertTrue(pending)
            self.assertEqual(set(pending.mapped("vip_due")), {APPROVAL_DUE})
            self.assertEqual(set(self._approval_activities(reception).mapped("date_deadline")), {date(2026, 11, 26)})
        # The campaign's compliance review without its duration follows the approval too.
        self.compliance_tier.vip_step_days = 0
        campaign = self._submitted_campaign()
        with freeze_time(WEDNESDAY):
            self._rpc(campaign, self.head, "validate_tier")
        self.assertEqual(self._step(campaign, self.compliance_tier).vip_due, APPROVAL_DUE)

    def test_out_of_authority_escalation_moves_the_step_deadline(self):
        """R-APV-08 / R-APV-04: escalated beyond the department head's authority, the VP's step
        (no duration of its own) is due with the new approval deadline (5 working days), and
        so is the VP's activity."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
            self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
            reception.with_user(self.head).action_escalate()
        vp_step = self._pending(reception)
        self.assertEqual(vp_step.reviewer_ids, self.vp)
        self.assertEqual(vp_step.vip_due, datetime(2026, 11, 30, 17, 0))
        self.assertEqual(self._step_activities(reception, vp_step).date_deadline, date(2026, 11, 30))

    def test_form_shows_each_step_deadline(self):
        """R-APV-04 / R-LOY-06: the approval forms list each step with its own deadline (Step
        due), read by the requester."""
        for model in ("vip.reception", "vip.visit.appointment", "vip.customer.archive", "vip.archive.loan",
                      "vip.satisfaction.campaign", "vip.reception.budget.supplement"):
            arch = etree.fromstring(self.env[model].get_views([(False, "form")])["views"]["form"]["arch"])
            with self.subTest(model=model):
                self.assertTrue(arch.xpath("//field[@name='review_ids']//field[@name='vip_due']"))
        list_arch = self.env["tier.review"].get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertTrue(etree.fromstring(list_arch).xpath("//field[@name='vip_due']"), "campaigns and exchanges")
        campaign = self._submitted_campaign()
        with freeze_time(WEDNESDAY):
            self._rpc(campaign, self.head, "validate_tier")
        data = campaign.with_user(self.requester).web_read({
            "review_ids": {"fields": {"name": {}, "status": {}, "vip_due": {}}},
        })[0]["review_ids"]
        due = {row["name"]: row["vip_due"] for row in data}
        self.assertEqual(due[self.head_tier.name], APPROVAL_DUE)
        self.assertEqual(due[self.compliance_tier.name], datetime(2026, 11, 26, 17, 0))
        self.assertFalse(due[self.finance_tier.name])

    def test_overdue_steps_indexed(self):
        """R-APV-04 (issue 14 / 19): the overdue cron searches the pending steps by their own
        deadline through a partial index of the pending steps only."""
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'tier_review_vip_due_idx'")
        (definition,) = self.env.cr.fetchone()
        self.assertIn("(model, vip_due)", definition)
        self.assertIn("'pending'", definition)


@tagged("post_install", "-at_install")
class TestStepDeadlineScreen(HttpCase, StepDeadlineCommon):
    def test_reviews_table_shows_step_due(self):
        """R-APV-04 / R-LOY-06: on the reception form, the reviews table shows each step's own
        deadline (Step due) next to who has to sign it."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
        self.assertEqual(self._pending(reception).vip_due, APPROVAL_DUE)
        self.start_tour(
            f"/odoo/action-vip_customer_care.action_vip_reception_all/{reception.id}",
            "vip_step_due_reviews_table", login="rec_requester",
        )
