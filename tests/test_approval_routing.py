# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .approval_common import BASE, ApprovalCommon
from .reception_common import FRIDAY


@tagged("post_install", "-at_install")
class TestApprovalRouting(ApprovalCommon):
    """Point 4 of issue 8: routing that cannot be gamed."""

    def _own_reception(self, user, amount):
        reception = self._reception(amount)
        # test set-up as the system: the request is filed by ``user``
        reception.with_user(SUPERUSER_ID).user_id = user
        return reception

    def _send(self, reception, user):
        reception = reception.with_user(user)
        reception.action_submit()
        reception.action_countersign_sales()
        reception.action_send_for_approval()
        reception.invalidate_recordset()
        return reception

    def _review(self, reception, tier):
        return reception.review_ids.filtered(
            lambda r: r.definition_id == self.env.ref(f"vip_customer_care.tier_reception_{tier}")
        )

    def test_department_head_request_goes_up(self):
        """R-APV-05 / R-APV-01: the department head's own request goes to their manager, or
        the VP without one, never to an empty reviewer; they approve nothing of it."""
        reception = self._send(self._own_reception(self.head, 10000), self.head)
        self.assertEqual(self._review(reception, "dept_head").reviewer_ids, self.vp)
        manager = new_test_user(self.env, login="rec_head_manager", groups="vip_customer_care.group_vip_user",
                                company_id=self.company.id, company_ids=[self.company.id])
        self.head_employee.parent_id = self.env["hr.employee"].create({
            "name": "Head's manager", "user_id": manager.id, "company_id": self.company.id,
        })
        second = self._send(self._own_reception(self.head, 10000), self.head)
        self.assertEqual(self._review(second, "dept_head").reviewer_ids, manager)
        for user in (self.marketing, self.admin_dept, self.guard, manager):
            self._rpc(second, user, "validate_tier")
        self.assertEqual(second.state, "approved")

    def test_vp_request_goes_to_gm(self):
        """R-APV-05 / R-APV-03: the VP's own request in the VP band goes to the general manager."""
        reception = self._send(self._own_reception(self.vp, 200000), self.vp)
        reviewer = self._review(reception, "vp").reviewer_ids
        self.assertEqual(len(reviewer), 1)
        self.assertIn(reviewer, self.env.ref("vip_customer_care.group_vip_gm").users)
        self.assertNotEqual(reviewer, self.vp)

    def test_unroutable_request_refused_naming_role(self):
        """R-APV-01 / R-APV-02: a request nobody can sign is refused when sent, naming the
        missing role, and stays where it was."""
        self.sales_dept.vip_vp_user_id = False
        self.gm.groups_id = [Command.unlink(self.env.ref("vip_customer_care.group_vip_gm").id)]
        self.gm_office.groups_id = [Command.unlink(self.env.ref("vip_customer_care.group_vip_gm").id)]
        reception = self._reception(200000)
        with self.assertRaisesRegex(UserError, "VP in charge approval"):
            self._to_approval(reception)
        self.env.invalidate_all(flush=False)  # the call's transaction is rolled back
        self.assertEqual(reception.state, "draft")

    def test_other_company_reviewers_excluded(self):
        """R-SEC-02: reviewers come only from the reception's company, whatever their group."""
        other = self.env["res.company"].create({"name": "Other Jewelry"})
        foreign_marketing = new_test_user(
            self.env, login="rec_other_marketing", groups="base.group_user,vip_customer_care.group_vip_officer",
            company_id=other.id, company_ids=[other.id],
        )
        both = new_test_user(
            self.env, login="rec_both_marketing", groups="base.group_user,vip_customer_care.group_vip_officer",
            company_id=self.company.id, company_ids=[self.company.id, other.id],
        )
        reception = self._to_approval(self._reception(10000))
        marketing_review = self._review(reception, "marketing")
        self.assertNotIn(foreign_marketing, marketing_review.reviewer_ids)
        self.assertIn(both, marketing_review.reviewer_ids)
        with self.assertRaises(UserError):
            self._rpc(reception, foreign_marketing, "validate_tier")

    def test_one_person_signs_one_step(self):
        """R-APV-02 / R-APV-05: a person in several reviewing groups signs one step of a request
        only; the GM who signed the GM approval does not sign the GM office meeting."""
        hybrid = new_test_user(
            self.env, login="rec_hybrid", company_id=self.company.id, company_ids=[self.company.id],
            groups="base.group_user,vip_customer_care.group_vip_administration,vip_customer_care.group_vip_security",
        )
        reception = self._to_approval(self._reception(600000))
        self._rpc(reception, self.marketing, "validate_tier")
        self.assertIn(hybrid, self._review(reception, "security").reviewer_ids)
        self._rpc(reception, hybrid, "validate_tier")
        self.assertNotIn(hybrid, self._review(reception, "security").reviewer_ids)
        with self.assertRaises(UserError):
            self._rpc(reception, hybrid, "validate_tier")
        for user in (self.guard, self.vp, self.gm):
            self._rpc(reception, user, "validate_tier")
        self.assertEqual(self._review(reception, "gm_office").reviewer_ids, self.gm_office)
        with self.assertRaises(UserError):
            self._rpc(reception, self.gm, "validate_tier")

    def test_route_fields_frozen_after_submit(self):
        """R-APV-01 / R-REC-04: once submitted, customer, foreign flag, department, cooperating
        departments and business type are frozen; while approving the budget too (lines through any path); a reset to
        draft discards pending reviews, keeps past ones and re-routes."""
        reception = self._reception(10000)
        reception.with_user(self.requester).action_submit()
        forged = {
            "partner_ids": [Command.set(self.foreign_customer.ids)],
            "is_foreign": True,
            "business_type_id": self.env.ref("vip_customer_care.business_type_after_sales").id,
            "department_id": self.other_dept.id,
            # Point 4 of issue 8: cooperating departments are frozen like the other route fields.
            "cooperating_department_ids": [Command.set(self.other_dept.ids)],
        }
        for field, value in forged.items():
            with self.subTest(field=field), self.assertRaisesRegex(UserError, "frozen"):
                reception.with_user(self.requester).write({field: value})
        reception.with_user(self.requester).action_countersign_sales()
        reception.with_user(self.requester).action_send_for_approval()
        self._rpc(reception, self.marketing, "validate_tier")
        # Reject, reset, change customer and budget: a new route; the past stays.
        self._rpc(reception, self.admin_dept, "reject_tier")
        reception.with_user(self.requester).action_reset_draft()
        reception.with_user(self.requester).write({"partner_ids": [Command.set(self.foreign_customer.ids)]})
        reception.sudo().budget_line_ids.amount = 200000
        self._to_approval(reception)
        self.assertEqual(self._tiers(reception), [*BASE, "compliance", "vp", "finance_1", "finance_2"])
        self.assertEqual(
            set(reception.vip_review_history_ids.mapped("status")), {"approved", "rejected", "cancel"},
        )

    def test_budget_frozen_while_approving(self):
        """R-APV-01: while the route runs, the budget total cannot change, whatever the path
        (here a budget line written over RPC by marketing)."""
        reception = self._to_approval(self._reception(10000))
        self._rpc(reception, self.marketing, "validate_tier")
        line = reception.sudo().budget_line_ids
        # Issue 18: the lines of a reception being approved are locked with it (per-state lock).
        with self.assertRaisesRegex(UserError, "reset it to draft|cannot be added, changed or deleted in state"):
            line.with_user(self.marketing).write({"amount": 900000})
            reception.with_user(self.marketing).amount_total  # noqa: B018

    def test_supplementary_approval_after_budget_increase(self):
        """R-APV-01 / R-APV-02: raising the budget after approval sends the reception back to
        the steps that decide on the amount, routed by the new total; lowering it does not."""
        reception = self._to_approval(self._reception(60000))
        for user in (self.marketing, self.admin_dept, self.guard, self.head, self.finance_1, self.finance_2):
            self._rpc(reception, user, "validate_tier")
        self.assertEqual(reception.state, "approved")
        line = reception.sudo().budget_line_ids
        line.with_user(self.marketing).write({"amount": 55000})
        self.env.invalidate_all()
        self.assertEqual(reception.state, "approved")
        line.with_user(self.marketing).write({"amount": 300000})
        self.env.invalidate_all()
        self.assertEqual(reception.sudo().amount_total, 300000)
        self.assertEqual(reception.state, "to_approve")
        self.assertEqual(self._tiers(reception), ["vp", "finance_1", "finance_2"])
        self.assertEqual(len(reception.vip_review_history_ids), 6)
        for user in (self.vp, self.finance_1, self.finance_2):
            self._rpc(reception, user, "validate_tier")
        self.assertEqual(reception.state, "approved")
        self.assertEqual(reception.vip_routed_amount, 300000)

    def test_amount_frozen_on_a_reception_recorded_as_approved(self):
        """R-APV-01 / R-APV-02: a reception recorded already approved (an import or the demo,
        by an administrator) has no approved route to supplement: raising its budget over RPC
        is refused, so it can never grow without an approval (found by the RPC attack run)."""
        vals = self._reception(20000).copy_data()[0]
        vals.update(state="approved", name="/")
        imported = self.env["vip.reception"].create(vals)
        self.assertEqual(imported.state, "approved")
        with self.assertRaisesRegex(UserError, "without an approval route"), self.env.cr.savepoint():
            imported.with_user(self.marketing).write({"budget_line_ids": [
                Command.create({"category": "gifts", "amount": 3000000, "basis": "more gifts"}),
            ]})
        self.env.invalidate_all()
        self.assertEqual(imported.sudo().amount_total, 20000)
        self.assertEqual(imported.state, "approved")

    def test_bands_are_settings(self):
        """R-APV-01: the ≥ 500k path follows the GM limit setting."""
        self.company.vip_apv_gm_from = 300000
        self.assertEqual(
            self._tiers(self._to_approval(self._reception(300000))),
            [*BASE, "vp", "gm", "gm_office", "finance_1", "finance_2"],
        )


@tagged("post_install", "-at_install")
class TestConfirmationClock(ApprovalCommon):
    def test_clock_hours_by_default(self):
        """R-ACC-02: by default the 4 confirmation hours are clock hours (Friday 15:00 ->
        Friday 19:00); the setting switches to working hours."""
        self.assertEqual(self.company.vip_acc_confirm_clock, "clock")
        self.company.vip_sales_department_id = self.sales_dept
        Appointment = self.env["vip.visit.appointment"]
        vals = {
            "company_id": self.company.id, "partner_id": self.customer.id, "host_employee_id": self.requester_employee.id,
            "date_start": datetime(2026, 11, 25, 9), "date_end": datetime(2026, 11, 25, 11), "purpose": "Preview",
        }
        with freeze_time(datetime(2026, 11, 20, 15, 0)):
            clock = Appointment.with_user(self.requester).create(vals)
            clock.with_user(self.requester).action_submit()
            self.company.vip_acc_confirm_clock = "working"
            working = Appointment.with_user(self.requester).create(vals)
            working.with_user(self.requester).action_submit()
        self.assertEqual(clock.confirm_due, datetime(2026, 11, 20, 19, 0))
        self.assertEqual(working.confirm_due, datetime(2026, 11, 24, 10, 0))
        self.assertLess(FRIDAY, clock.confirm_due)
        self.assertEqual(timedelta(hours=4), clock.confirm_due - clock.submit_date)
