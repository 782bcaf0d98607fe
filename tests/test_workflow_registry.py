# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every model of the add-on, present and future: workflow fields are guarded (R-SEC-01, R-APV-09).

test_workflow_integrity walks the reception, visitor and handover models record by record; this
test walks the registry, so a model added by a later area (costs, complaints, incidents,
loyalty, archives...) is covered as soon as it exists."""
import importlib
import re
from datetime import date

from odoo import Command, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.vip_guard_mixin import vip_is_chatter_field

from .common import forged_value

GUARDED = "change only through its buttons"
# The gate log refuses any hand-made entry or change before looking at the fields.
REFUSED = GUARDED + "|written by the gate screen only|entries cannot be changed"
EVERY_VIP_GROUP = ",".join(f"vip_customer_care.group_vip_{name}" for name in (
    "user", "officer", "administration", "security", "finance", "compliance", "manager", "gm",
    "customer_service", "archive_keeper", "pii", "data_export",
))
# Stored fields a model may call "state" without it being a workflow field: none today.
STATE_NOT_WORKFLOW = set()
# Issue 18: the per-state lock refuses with one of these messages (the workflow guard, the
# route freeze and the lock itself).
LOCKED = (
    "can no longer be changed|change only through its buttons|decide the approval route|"
    "cannot be added, changed or deleted|cannot be deleted|is not edited|kept for|"
    # who filed a document is fixed at its creation (vip.workflow.mixin, issue 18)
    "is fixed at its creation"
)
# Issue 19: every approval model has a test submitting several records in one call (a list
# action or RPC on several ids), each getting its own reviews: {model: (test module, class, method)}.
SEVERAL_AT_ONCE = {
    "vip.reception": ("test_reception_approval", "TestReceptionApproval", "test_send_several_for_approval_at_once"),
    "vip.visit.appointment": ("test_visit_appointment", "TestVisitAppointment", "test_submit_several_at_once"),
    "vip.customer.archive": ("test_archive_approval", "TestArchiveApproval", "test_submit_several_at_once"),
    "vip.archive.loan": ("test_archive_loan", "TestArchiveLoan", "test_submit_several_at_once"),
    "vip.satisfaction.campaign": ("test_archive_survey", "TestArchiveSurvey", "test_request_several_approvals_at_once"),
    "vip.complaint.solution": ("test_complaint_flow", "TestComplaintFlow", "test_several_major_solutions_at_once"),
    "vip.reward.campaign": ("test_loyalty_campaign", "TestRewardCampaign", "test_submit_several_at_once"),
    "vip.reception.budget.supplement": ("test_cost_control", "TestCostOverBudget", "test_submit_several_supplements_at_once"),
    "vip.evaluation": ("test_oversight_evaluation", "TestOversightEvaluation", "test_submit_several_at_once"),
}
# Requested at creation, one per wizard run (the exchange of points): nothing to submit together.
SUBMITTED_ONE_BY_ONE = {"vip.loyalty.redemption"}


class _WentThrough(Exception):
    """A write that was not refused: rolled back with its savepoint and reported."""


@tagged("post_install", "-at_install")
class TestWorkflowRegistry(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every VIP group but not an Odoo administrator (administrators may correct records).
        cls.user = new_test_user(cls.env, login="vip_all_groups", groups=f"base.group_user,{EVERY_VIP_GROUP}")
        cls.guarded_models = [
            name for name in sorted(cls.env.registry)
            if not cls.env[name]._abstract and not cls.env[name]._transient
            and getattr(cls.env[name], "_vip_workflow_fields", ())
        ]

    def test_every_model_with_a_state_guards_it(self):
        """R-SEC-01: every stored ``state`` of the add-on's models is a workflow field."""
        found = 0
        for name in sorted(self.env.registry):
            Model = self.env[name]
            field = Model._fields.get("state")
            if Model._abstract or Model._transient or not field or not field.store or name in STATE_NOT_WORKFLOW:
                continue
            if field._module != "vip_customer_care" and "vip_customer_care" not in (Model._original_module or ""):
                continue
            found += 1
            with self.subTest(model=name):
                self.assertIn("state", getattr(Model, "_vip_workflow_fields", ()), f"{name}.state is not guarded")
        self.assertGreaterEqual(found, 10)

    def test_every_approval_model_tested_several_at_once(self):
        """Issue 19 (R-APV-01): each model of the approval machinery, present and future, has a
        test submitting several records in one call; a new approval model fails here until it has one."""
        models_ = set(self.env["vip.workflow.mixin"]._vip_workflow_model_names())
        self.assertEqual(models_ - SUBMITTED_ONE_BY_ONE, set(SEVERAL_AT_ONCE))
        for module, class_name, method in SEVERAL_AT_ONCE.values():
            test_module = importlib.import_module(f"odoo.addons.vip_customer_care.tests.{module}")
            self.assertTrue(callable(getattr(getattr(test_module, class_name), method, None)), (module, method))

    def test_every_workflow_field_refused_over_rpc(self):
        """R-SEC-01 / R-APV-09: for every model with workflow fields, ``create`` and ``write`` with a
        workflow field are refused for a user holding every VIP group (fields their groups may
        edit excepted), naming the field, before anything is written."""
        checked = set()
        for name in self.guarded_models:
            Model = self.env[name].with_user(self.user)
            for field_name in Model._vip_workflow_fields:
                groups = Model._vip_workflow_field_groups.get(field_name)
                if groups and self.user.has_groups(groups):
                    continue
                value = forged_value(Model, field_name)
                if value is None:
                    continue
                label = Model._fields[field_name]._description_string(self.env)
                with self.subTest(model=name, field=field_name):
                    with self.assertRaisesRegex(UserError, REFUSED) as caught, self.env.cr.savepoint():
                        Model.create({field_name: value})
                    if GUARDED in str(caught.exception):
                        self.assertIn(label, str(caught.exception))
                    with self.assertRaisesRegex(UserError, REFUSED), self.env.cr.savepoint():
                        Model.browse().write({field_name: value})
                    checked.add(name)
        # Receptions, appointments, passes, gate logs, handovers, delegations, complaints,
        # incidents, costs, loyalty exchanges and campaigns, tier reviews, archives, loans...
        self.assertGreaterEqual(len(checked), 20, sorted(set(self.guarded_models) - checked))


@tagged("post_install", "-at_install")
class TestWorkflowLock(TransactionCase):
    """Issue 18 (R-SEC-01, R-APV-09): one declarative lock per workflow model. For every model
    with a lock declaration and every state after submission, a user holding every VIP group
    (not an administrator) cannot write a field the state does not open, create, change or
    delete a line the state does not open, nor delete the record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="vip_lock_all_groups", groups=f"base.group_user,{EVERY_VIP_GROUP}")
        # Reads every company's records (the demo spreads them): refusals come from the lock.
        cls.user.company_ids = cls.env["res.company"].search([])
        cls.declared = [
            name for name in sorted(cls.env.registry)
            if not cls.env[name]._abstract and not cls.env[name]._transient
            and getattr(cls.env[name], "_vip_editable_fields", None) is not None
        ]

    # ------------------------------------------------------------------ fixtures
    def _record(self, name):
        """A record of ``name`` (demo data, or one made here for the models without demo)."""
        Model = self.env[name].with_context(active_test=False)
        record = Model.search([], limit=1, order="id desc")
        if record:
            return record
        archive = self.env["vip.customer.archive"].search([], limit=1)
        if name == "vip.archive.handover":
            return Model.create({
                "archive_id": archive.id, "deal_reference": "D-LOCK", "deal_close_date": date(2026, 11, 2),
                "reviewer_id": self.user.id, "keeper_id": self.env.ref("base.user_demo").id,
                "line_ids": [Command.create({"name": "Contract"})],
            })
        if name == "vip.loyalty.tier.review":
            partner = self.env["res.partner"].search([("is_company", "=", False)], limit=1)
            return Model.create({"year": 2025, "line_ids": [Command.create({
                "partner_id": partner.id, "current_tier": "none", "proposed_tier": "gold", "direction": "up",
            })]})
        if name == "vip.cost.sample":
            expense = self.env["hr.expense"].search([], limit=1)
            return Model.create({"company_id": expense.company_id.id, "month": date(2026, 10, 1), "expense_id": expense.id})
        if name == "vip.audit.sample.line":
            reception = self.env["vip.reception"].search([], limit=1)
            sample = self.env["vip.audit.sample"].create({
                "company_id": reception.company_id.id, "month": date(2026, 10, 1),
            })
            return Model.create({"sample_id": sample.id, "reception_id": reception.id})
        return Model

    def _set_state(self, record, state):
        """Test shortcut: the record in ``state`` (the paths to each state are tested elsewhere)."""
        field = record._vip_state_field
        record.flush_recordset()
        self.env.cr.execute(f'UPDATE "{record._table}" SET "{field}" = %s WHERE id = %s', [state, record.id])
        record.invalidate_recordset()

    def _attempt(self, call):
        """None when ``call`` is refused by the lock, else what happened (rolled back)."""
        self.attempts = getattr(self, "attempts", 0) + 1
        try:
            with self.env.cr.savepoint():
                call()
                raise _WentThrough("went through")
        except (UserError, ValidationError, AccessError) as error:
            message = str(error)
            self.env.invalidate_all()
            if isinstance(error, UserError) and re.search(LOCKED, message):
                return None
            # No group may do it at all (access rights): refused before any lock.
            if isinstance(error, AccessError) and "No group currently allows" in message:
                return None
            return message[:400]
        except _WentThrough:
            self.env.invalidate_all()
            return "went through"

    def _lock_failures(self, name):
        """[(state, what, outcome)] of the attempts the lock did not refuse for model ``name``."""
        Model = self.env[name]
        record = self._record(name)
        if not record:
            return [("-", "no record", "no record of the model to try")]
        state_field = Model._fields[Model._vip_state_field]
        states = [value for value, _label in state_field._description_selection(self.env)]
        line_fields = {
            fname: field for fname, field in Model._fields.items()
            if field.type == "one2many" and field.inverse_name
            and getattr(self.env[field.comodel_name], "_vip_parent_field", None) == field.inverse_name
        }
        failures = []
        for state in states:
            if state == Model._vip_draft_state and state not in (Model._vip_editable_fields or {}):
                continue  # before submission
            self._set_state(record, state)
            mine = record.with_user(self.user)
            declared = Model._vip_editable_fields is not None
            editable, lines = Model._vip_editable_spec(state) if declared else (set(), {})
            for fname, field in Model._fields.items():
                if (fname in editable or fname in line_fields or vip_is_chatter_field(fname) or not field.store
                        or field.related or fname in models.MAGIC_COLUMNS or fname in ("id", "active")):
                    continue
                value = forged_value(Model, fname)
                if value is None:
                    continue
                outcome = self._attempt(lambda fname=fname, value=value: mine.write({fname: value}))
                if outcome:
                    failures.append((state, f"write {fname}", outcome))
            for fname, field in line_fields.items():
                opened = lines.get(fname, set())
                if opened is None:
                    continue
                Line = self.env[field.comodel_name].with_user(self.user)
                outcome = self._attempt(lambda Line=Line, field=field: Line.create({field.inverse_name: record.id}))
                if outcome:
                    failures.append((state, f"create {fname}", outcome))
                line = record[fname][:1].with_user(self.user)
                if not line:
                    continue
                outcome = self._attempt(line.unlink)
                if outcome:
                    failures.append((state, f"unlink {fname}", outcome))
                for lname, lfield in line._fields.items():
                    if (lname in opened or not lfield.store or lfield.related or lname in models.MAGIC_COLUMNS
                            or lname in ("id", field.inverse_name) or vip_is_chatter_field(lname)):
                        continue
                    value = forged_value(line, lname)
                    if value is None:
                        continue
                    outcome = self._attempt(lambda line=line, lname=lname, value=value: line.write({lname: value}))
                    if outcome:
                        failures.append((state, f"write {fname}.{lname}", outcome))
            if not declared or "*" not in Model._vip_state_entries(state):
                outcome = self._attempt(mine.unlink)
                if outcome and "went through" in outcome:
                    failures.append((state, "unlink", outcome))
        return failures

    # ------------------------------------------------------------------ tests
    def test_every_workflow_model_declares_its_lock(self):
        """Issue 18: every model with a workflow (a stored state that is a workflow field) declares
        what stays editable per state (approval delegations included, on their usage)."""
        for name in sorted(self.env.registry):
            Model = self.env[name]
            if Model._abstract or Model._transient:
                continue
            field = Model._fields.get(getattr(Model, "_vip_state_field", "state"))
            if not field or not field.store or field.name not in getattr(Model, "_vip_workflow_fields", ()):
                continue
            with self.subTest(model=name):
                self.assertIsNotNone(Model._vip_editable_fields, f"{name} declares no per-state lock")
        self.assertGreaterEqual(len(self.declared), 8, self.declared)

    def test_locked_fields_and_lines_refused_in_every_state(self):
        """Issue 18 (R-SEC-01, R-APV-09): write, line create/write/unlink and unlink refused in
        every state after submission for every declared model, for a user with every VIP group."""
        for name in self.declared:
            with self.subTest(model=name):
                self.assertEqual(self._lock_failures(name), [], name)
        # Hundreds of refused writes, line changes and deletions, not a handful.
        self.assertGreater(self.attempts, 300)

    def test_check_fails_without_the_declaration(self):
        """Issue 18: the check above is not vacuous: without its declaration, the incident's
        detection time (and the rest) can be written after closing, and the check says so."""
        self.patch(type(self.env["vip.incident"]), "_vip_editable_fields", None)
        failures = self._lock_failures("vip.incident")
        self.assertIn(("closed", "write detected_date", "went through"), failures)
