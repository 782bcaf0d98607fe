# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every model of the add-on, present and future: workflow fields are guarded (R-SEC-01, R-APV-09).

test_workflow_integrity walks the reception, visitor and handover models record by record; this
test walks the registry, so a model added by a later area (costs, complaints, incidents,
loyalty, archives...) is covered as soon as it exists."""
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

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
