# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .reception_common import FRIDAY
from .visitor_common import VISIT_END, VISIT_START, VisitorCommon


@tagged("post_install", "-at_install")
class TestApprovalAppointment(VisitorCommon):
    """Point 14 of issue 8: appointments get the same approval machinery as receptions by
    inheriting vip.workflow.mixin (nothing appointment-specific in the tier code)."""

    def _to_approve(self):
        appointment = self._appointment()
        appointment.with_user(self.requester).action_submit()
        appointment.with_user(self.marketing).action_confirm()
        return appointment

    def test_both_models_use_the_mixin(self):
        """R-APV-03 / R-ACC-03: receptions and appointments are listed by the machinery and
        offered in the tier definitions without naming them in its code."""
        names = self.env["vip.workflow.mixin"]._vip_workflow_model_names()
        self.assertLessEqual({"vip.reception", "vip.visit.appointment"}, set(names))
        offered = self.env["tier.definition"]._get_tier_validation_model_names()
        self.assertTrue(set(names) <= set(offered))

    @freeze_time(FRIDAY)
    def test_appointment_activities_evidence_and_turn(self):
        """R-ACC-03 / R-APV-04 / R-APV-09: the sales head gets the approval activity, others
        cannot sign or forge the review, and the review is kept after cancellation."""
        appointment = self._to_approve()
        activity_type = self.env.ref("vip_customer_care.mail_act_vip_approval")
        activities = appointment.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activities.user_id, self.head)
        self.assertEqual(activities.date_deadline, appointment.date_start.date())
        with self.assertRaises(UserError):
            appointment.with_user(self.vp).validate_tier()
        with self.assertRaises(AccessError):
            appointment.review_ids.with_user(self.requester).write({"status": "approved"})
        self.env.invalidate_all()
        appointment.with_user(self.head).validate_tier()
        self.assertEqual(appointment.state, "approved")
        self.assertFalse(appointment.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        appointment.with_user(self.marketing).action_cancel()
        appointment.invalidate_recordset()
        self.assertFalse(appointment.review_ids)
        self.assertEqual(appointment.vip_review_history_ids.done_by, self.head)

    @freeze_time(FRIDAY)
    def test_delegation_applies_to_appointments(self):
        """R-APV-06 / R-ACC-03: a delegation naming the "Visit appointment" business type lets
        the delegate approve appointments on behalf of the sales head, through the shared
        machinery; a delegation for receptions only does not."""
        Delegation = self.env["vip.approval.delegation"].with_user(self.head)
        vals = {
            "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
            "date_from": FRIDAY.date(), "date_to": FRIDAY.date() + timedelta(days=5), "reason": "Trip",
        }
        Delegation.create({**vals, "business_type_ids": [Command.set(self.business.ids)]})
        appointment = self._to_approve()
        self.assertNotIn(self.deputy, appointment.review_ids.reviewer_ids)
        visit_type = self.env.ref("vip_customer_care.business_type_visit")
        delegation = Delegation.create({**vals, "business_type_ids": [Command.set(visit_type.ids)]})
        self.env.flush_all()
        appointment.invalidate_recordset()
        self.assertIn(self.deputy, appointment.review_ids.reviewer_ids)
        self.env.invalidate_all()
        appointment.with_user(self.deputy).validate_tier()
        self.assertEqual(appointment.state, "approved")
        review = appointment.review_ids
        self.assertEqual(review.done_by, self.deputy)
        self.assertEqual(review.vip_on_behalf_of_id, self.head)
        self.assertEqual(review.vip_delegation_id, delegation)

    @freeze_time(FRIDAY)
    def test_sales_head_booking_goes_up(self):
        """R-APV-05 / R-ACC-03: an appointment booked by the sales head is approved one level up."""
        appointment = self.env["vip.visit.appointment"].with_user(self.head).create({
            "company_id": self.company.id, "partner_id": self.customer.id, "host_employee_id": self.head_employee.id,
            "date_start": VISIT_START, "date_end": VISIT_END, "purpose": "Collection preview",
        })
        appointment.action_submit()
        appointment.with_user(self.marketing).action_confirm()
        self.assertEqual(appointment.review_ids.reviewer_ids, self.vp)
