# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import forged_value
from .reception_common import FRIDAY
from .visitor_common import VISIT_START, VisitorCommon

GUARDED = "change only through its buttons"
# The gate log (append-only, R-ACC-07) refuses hand-made entries and any change before the guard.
LOG_REFUSED = "|written by the gate screen only|entries cannot be changed"
SIGNATURE = b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
# The models of issue 8 point 2 and the workflow fields each declares.
MODELS = (
    "vip.reception", "vip.visit.appointment", "vip.visitor", "vip.access.pass", "vip.access.log",
    "vip.valuable.handover", "vip.approval.delegation",
)


@tagged("post_install", "-at_install")
class TestWorkflowIntegrity(VisitorCommon):
    """Issue 8 point 2: workflow fields change only through the action methods that own them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()
        cls.visitor = cls.appointment.visitor_ids[:1]
        cls.vip_pass = cls.appointment.pass_ids[:1]
        with freeze_time(VISIT_START):
            gate = cls.env["vip.gate.check"].with_user(cls.guard).create({
                "code": cls.vip_pass.code, "gate_id": cls.gate.id, "area_id": cls.lobby.id, "belongings_checked": True,
            })
            gate.action_check_in()
        cls.log = cls.vip_pass.log_ids[:1]
        cls.handover = cls.env["vip.valuable.handover"].with_user(cls.head).create(cls._handover_vals())
        cls.delegation = cls.env["vip.approval.delegation"].with_user(cls.head).create(cls._delegation_vals())
        cls.other_company = cls.env["res.company"].create({"name": "Forged company"})
        # A record of every comodel a workflow field points to, whatever data the database holds.
        cls.analytic_account = cls.env["account.analytic.account"].create({
            "name": "Forged analytic account",
            "plan_id": cls.env["account.analytic.plan"].create({"name": "Forged plan"}).id,
        })
        cls.event = cls.env["calendar.event"].create({
            "name": "Unrelated", "start": FRIDAY, "stop": FRIDAY,
        })
        cls.roles = {
            "sales": cls.requester, "marketing": cls.marketing, "administration": cls.admin_dept,
            "security": cls.guard, "finance": cls.finance_1, "compliance": cls.compliance, "gm": cls.gm,
            "department head": cls.head,
        }

    @classmethod
    def _handover_vals(cls):
        return {
            "company_id": cls.company.id, "partner_id": cls.customer.id, "item": "Imperial jade bangle",
            "weight": 52.125, "verifier_1_id": cls.head_employee.id, "verifier_2_id": cls.guard_employee.id,
            "customer_signature": SIGNATURE, "video_reference": "CAM-03",
        }

    @classmethod
    def _delegation_vals(cls):
        return {
            "company_id": cls.company.id, "delegator_id": cls.head.id, "delegate_id": cls.deputy.id,
            "business_type_ids": [Command.set(cls.business.ids)], "confirmation": "oral",
            "date_from": date(2026, 11, 20), "date_to": date(2026, 11, 30), "reason": "Business trip",
        }

    def _records(self):
        reception = self._reception(10000)
        return {
            "vip.reception": (reception, {
                "company_id": self.company.id, "partner_ids": [Command.set(self.customer.ids)],
                "business_type_id": self.business.id, "purpose": "Forged", "date_start": datetime(2026, 12, 2, 9),
                "date_end": datetime(2026, 12, 3, 17),
            }),
            "vip.visit.appointment": (self.appointment, {
                "company_id": self.company.id, "partner_id": self.customer.id,
                "host_employee_id": self.requester_employee.id, "date_start": VISIT_START,
                "date_end": datetime(2026, 11, 24, 12), "purpose": "Forged", "channel": "phone",
            }),
            "vip.visitor": (self.visitor, {"appointment_id": self.appointment.id, "name": "Forged visitor"}),
            # A pass's workflow fields are refused before its own checks; every field of a gate
            # log is a workflow field.
            "vip.access.pass": (self.vip_pass, {}),
            "vip.access.log": (self.log, {}),
            "vip.valuable.handover": (self.handover, self._handover_vals()),
            "vip.approval.delegation": (self.delegation, self._delegation_vals()),
        }

    def _forged_value(self, model, name):
        """A value different from the field's default and from the current one."""
        return forged_value(self.env[model], name, {
            "res.users": self.vp, "calendar.event": self.event, "vip.access.area": self.premium,
            "hr.department": self.other_dept, "res.company": self.other_company,
            "account.analytic.account": self.analytic_account,
        })

    def test_direct_create_and_write_refused_for_every_group(self):
        """Issue 8 point 2 (R-SEC-01, R-APV-09): for every model and every group, a direct
        create or write (as RPC does) of each workflow field is refused with a clear message."""
        records = self._records()
        checked = 0
        for model in MODELS:
            record, create_vals = records[model]
            Model = self.env[model]
            self.assertTrue(Model._vip_workflow_fields, model)
            for role, user in self.roles.items():
                exempt = {
                    name for name, groups in Model._vip_workflow_field_groups.items() if user.has_groups(groups)
                }
                for name in Model._vip_workflow_fields:
                    if name in exempt:
                        continue
                    label = Model._fields[name]._description_string(self.env)
                    value = self._forged_value(model, name)
                    # A delegation in someone else's name is refused before its fields are
                    # looked at (R-APV-06): only the delegator's own attempt reaches the guard.
                    foreign_delegation = model == "vip.approval.delegation" and user != self.head
                    with self.subTest(model=model, role=role, field=name):
                        with self.assertRaisesRegex(
                            UserError, GUARDED + LOG_REFUSED + ("|R-APV-06" if foreign_delegation else ""),
                        ) as caught, self.env.cr.savepoint():
                            Model.with_user(user).create({**create_vals, name: value})
                        # The gate log refuses any hand-made entry first.
                        if model != "vip.access.log" and not foreign_delegation:
                            self.assertIn(label, str(caught.exception))
                        # Roles without any right on the model are stopped by the access rights.
                        refusal = GUARDED + LOG_REFUSED
                        if not record.with_user(user).has_access("read"):
                            refusal += "|top-secret"
                        with self.assertRaisesRegex(UserError, refusal), self.env.cr.savepoint():
                            record.with_user(user).write({name: value})
                        checked += 1
        self.assertGreater(checked, 400)

    def test_rpc_paths_cannot_forge_state(self):
        """Issue 8 point 2: a sales requester cannot approve their own reception through
        web_save, default_* context keys or duplication."""
        reception = self._reception(10000)
        with self.assertRaisesRegex(UserError, GUARDED):
            reception.with_user(self.requester).web_save({"state": "approved"}, {})
        self.assertEqual(reception.state, "draft")
        create_vals = self._records()["vip.reception"][1]
        forged = self.env["vip.reception"].with_user(self.requester).with_context(
            default_state="approved", default_sales_countersigned=True,
        ).create(create_vals)
        self.assertEqual(forged.state, "draft")
        self.assertFalse(forged.sales_countersigned)
        self._to_approval(reception)
        copy = reception.with_user(self.requester).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.sales_countersigned or copy.submit_date)
        with self.assertRaisesRegex(UserError, GUARDED):
            reception.with_user(self.requester).copy({"state": "approved"})

    def test_context_marker_cannot_be_forged(self):
        """Issue 8 point 2: the action marker is an in-process object; a context key sent by a
        client (any value) does not unlock workflow fields."""
        reception = self._reception(10000)
        for value in ("1", True, 1, {"vip_workflow": True}):
            with self.subTest(value=value), self.assertRaisesRegex(UserError, GUARDED):
                reception.with_user(self.requester).with_context(vip_workflow=value).write({"state": "approved"})

    def test_actions_and_administrators_still_write(self):
        """Issue 8 point 2: action methods write their fields through the guard; an
        administrator may still correct a record directly."""
        reception = self._to_approval(self._reception(10000))
        self.assertEqual(reception.state, "to_approve")
        self.assertTrue(reception.sales_countersigned and reception.submit_date)
        self.delegation.with_user(self.head).action_confirm_in_writing()
        self.assertTrue(self.delegation.written_confirmation_date)
        self.handover.with_user(self.head).action_confirm_verifier()
        self.assertTrue(self.handover.verifier_1_date)
        self.assertEqual(self.vip_pass.state, "checked_in")
        self.assertEqual(self.log.event, "check_in")
        self.vip_pass.with_user(self.requester).action_host_confirm()
        self.assertTrue(self.vip_pass.host_confirmed)
        admin = new_test_user(
            self.env, login="integrity_admin", groups="base.group_system,vip_customer_care.group_vip_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        draft = self._reception(10000)
        draft.with_user(admin).write({"state": "planning", "purpose": "Corrected by the administrator"})
        self.assertEqual(draft.state, "planning")

    def test_host_confirm_checks_the_state(self):
        """R-ACC-08: the host confirms the end of a visit only while the visitor is on site."""
        issued = self.appointment.pass_ids - self.vip_pass
        with self.assertRaisesRegex(UserError, "on site"):
            issued.with_user(self.requester).action_host_confirm()
        self.assertFalse(issued.host_confirmed)

    def test_service_log_in_own_name(self):
        """R-REC-08: a service log entry is logged in the name of whoever writes it; nobody logs
        in a colleague's name."""
        reception = self._reception(10000).with_user(self.requester)
        reception.write({"service_log_ids": [Command.create({"name": "Tea served", "user_id": self.requester.id})]})
        self.assertEqual(reception.service_log_ids.user_id, self.requester)
        with self.assertRaisesRegex(UserError, GUARDED):
            reception.write({"service_log_ids": [Command.create({"name": "Gift handed over", "user_id": self.head.id})]})
        with self.assertRaisesRegex(UserError, GUARDED):
            reception.service_log_ids.write({"user_id": self.head.id})

    def test_plan_sent_not_forged_by_context(self):
        """R-REC-06 / issue 8 point 2: the plan counts as sent only when a message really mailed
        it to the customer, not when a client posts a note with the composer's context key."""
        reception = self._to_approval(self._reception(10000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard, self.head])
        self.assertEqual(reception.state, "approved")
        reception.with_user(self.requester).with_context(vip_mark_plan_sent=True).message_post(
            body="Plan sent (not really)", message_type="comment",
        )
        self.assertFalse(reception.plan_sent_date)
        with self.assertRaisesRegex(UserError, "Send the confirmed plan"):
            reception.with_user(self.requester).action_start()
