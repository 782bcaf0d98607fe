# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .reception_common import FRIDAY
from .visitor_common import INSIDE, VISIT_START, VisitorCommon


@tagged("post_install", "-at_install")
class TestAccessPassRules(VisitorCommon):
    """Passes as the guard, the host, sales, marketing and administration would use them,
    through the buttons and through plain create/write (what an RPC client sends)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_visit()
        cls.companion = cls.companion_pass.visitor_id
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write({"company_ids": [Command.link(cls.company.id)]})

    def _pass_vals(self, visitor, **vals):
        return {
            "visitor_id": visitor.id, "date_from": VISIT_START, "date_to": VISIT_START + timedelta(hours=1),
            "area_ids": [Command.set(self.lobby.ids)], **vals,
        }

    def test_pass_needs_identity_document(self):
        """R-ACC-05: a pass is issued only to a registered person with an identity document; a
        companion without one gets no pass, neither from the button nor from a direct create."""
        with freeze_time(FRIDAY):
            appointment = self._approved_with_passes(visitor_count=1)
        appointment.visitor_count = 2
        appointment.with_user(self.guard).action_prefill_visitors()
        newcomer = appointment.visitor_ids.filtered(lambda v: not v.pass_ids)
        self.assertFalse(newcomer.with_user(self.guard).vip_id_number)
        # Each refusal in a savepoint, as a request's rollback would do (the row is inserted first).
        with self.assertRaisesRegex(ValidationError, "identity document"), self.env.cr.savepoint():
            appointment.with_user(self.guard).action_issue_passes()
        with self.assertRaisesRegex(ValidationError, "identity document"), self.env.cr.savepoint():
            self.env["vip.access.pass"].with_user(self.guard).create(self._pass_vals(newcomer))
        newcomer.invalidate_recordset()
        self.assertFalse(newcomer.pass_ids)
        newcomer.with_user(self.guard).write({"vip_id_type": "passport", "vip_id_number": "G98765432"})
        appointment.with_user(self.guard).action_issue_passes()
        self.assertEqual(newcomer.pass_ids.state, "issued")

    def test_pass_only_for_approved_appointment(self):
        """R-ACC-05/06: no pass for a visit that is not approved."""
        with freeze_time(FRIDAY):
            draft = self._appointment()
        visitor = self.env["vip.visitor"].with_user(self.guard).create({
            "appointment_id": draft.id, "name": "Walk-in Wang", "vip_id_type": "passport", "vip_id_number": "W1234567",
        })
        with self.assertRaisesRegex(ValidationError, "approved appointments only"), self.env.cr.savepoint():
            self.env["vip.access.pass"].with_user(self.guard).create(self._pass_vals(visitor))

    def test_one_valid_pass_per_person(self):
        """R-ACC-06: a person holds one valid pass per visit: a second one is refused, whoever
        creates it; the button skips people who already hold one."""
        for env in (self.env(user=self.guard), self.env):
            with self.subTest(user=env.user.login), self.assertRaisesRegex(ValidationError, "already holds a valid pass"), \
                    self.env.cr.savepoint():
                env["vip.access.pass"].create(self._pass_vals(self.companion))
        self.companion.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "one valid pass at most"):
            self.appointment.with_user(self.guard).action_issue_passes()
        self.assertEqual(len(self.companion.pass_ids), 1)

    def test_person_registered_once_per_visit(self):
        """R-ACC-05/06: the same identity document cannot be registered twice for one visit, so
        one person cannot hold a second valid pass under a second registration."""
        with self.assertRaisesRegex(ValidationError, "already registered for this visit"), self.env.cr.savepoint():
            self.env["vip.visitor"].with_user(self.guard).create({
                "appointment_id": self.appointment.id, "name": "Same person again",
                "vip_id_type": "passport", "vip_id_number": self.companion.with_user(self.guard).vip_id_number,
            })
        with self.assertRaisesRegex(ValidationError, "already registered for this visit"), self.env.cr.savepoint():
            self.companion.with_user(self.guard).write({"vip_id_type": "prc_id", "vip_id_number": "11010519491231002X"})
        self.assertEqual(len(self.appointment.visitor_ids), 2)

    def test_revoked_pass_never_revived(self):
        """R-ACC-06: a revoked pass stays revoked, even for an administrator; a new pass is issued."""
        with self.assertRaisesRegex(UserError, "Only security"):
            self.companion_pass.with_user(self.requester).action_revoke()
        self.companion_pass.with_user(self.guard).action_revoke()
        self.assertEqual(self.companion_pass.state, "revoked")
        for user in (self.guard, self.marketing, self.admin):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "issue a new pass"):
                self.companion_pass.with_user(user).write({"state": "issued"})
        with self.assertRaisesRegex(UserError, "issue a new pass"):
            self.companion_pass.sudo().write({"state": "issued"})
        self.companion_pass.invalidate_recordset()
        self.assertEqual(self.companion_pass.state, "revoked")
        with freeze_time(INSIDE):
            self.assertIn("Revoked", self._gate(self.companion_pass.code).verdict)
        self.appointment.with_user(self.guard).action_issue_passes()
        new_pass = self.companion.pass_ids - self.companion_pass
        self.assertEqual(new_pass.state, "issued")
        self.assertNotEqual(new_pass.code, self.companion_pass.code)

    def test_pass_fields_not_forged(self):
        """R-ACC-06/08: state, code, check-in data and the host's confirmation are not written
        directly, at creation or later."""
        forged = [{"state": "checked_in"}, {"host_confirmed": True}, {"code": "AAAAAAAAAAAA"},
                  {"current_area_id": self.showroom.id}]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "buttons"):
                self.vip_pass.with_user(self.guard).write(vals)
        with self.assertRaisesRegex(UserError, "buttons"):
            self.vip_pass.with_user(self.requester).write({"host_confirmed": True})
        with self.assertRaisesRegex(UserError, "one person"):
            self.vip_pass.with_user(self.guard).write({"visitor_id": self.companion.id})

    def test_areas_not_widened_on_pass(self):
        """R-ACC-06: a pass never opens more than the approved appointment; the guard narrows only."""
        with self.assertRaisesRegex(ValidationError, "does not include"), self.env.cr.savepoint():
            self.vip_pass.with_user(self.marketing).write({"area_ids": [Command.link(self.premium.id)]})
        self.vip_pass.invalidate_recordset()
        self.vip_pass.with_user(self.guard).write({"area_ids": [Command.unlink(self.vault.id)]})
        with self.assertRaisesRegex(ValidationError, "widen"), self.env.cr.savepoint():
            self.vip_pass.with_user(self.guard).write({"area_ids": [Command.link(self.vault.id)]})
        self.vip_pass.invalidate_recordset()
        self.assertNotIn(self.vault, self.vip_pass.area_ids)

    def test_areas_not_widened_on_approved_appointment(self):
        """R-ACC-06: a guard (or anybody else) does not widen an approved appointment's areas, so
        passes cannot follow; narrowing stays possible."""
        self.assertEqual(self.appointment.state, "approved")
        for user in (self.guard, self.marketing, self.requester):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    self.appointment.with_user(user).write({"area_ids": [Command.link(self.premium.id)]})
                self.appointment.invalidate_recordset()
                self.assertNotIn(self.premium, self.appointment.area_ids)
        with self.assertRaisesRegex(ValidationError, "cannot be widened"), self.env.cr.savepoint():
            self.appointment.with_user(self.guard).write({"area_ids": [Command.link(self.premium.id)]})
        self.appointment.invalidate_recordset()
        self.appointment.with_user(self.marketing).write({"area_ids": [Command.unlink(self.showroom.id)]})
        self.assertNotIn(self.showroom, self.appointment.area_ids)
        # The pass still lists the showroom, but the gate follows the narrowed visit.
        with freeze_time(INSIDE):
            self.assertIn("Wrong area", self._gate(self.vip_pass.code, self.showroom).verdict)

    def test_only_host_confirms_business_done(self):
        """R-ACC-08: only the host confirms that the business is done: not security, marketing,
        administration, another salesperson or an administrator."""
        with freeze_time(INSIDE):
            self._gate(self.vip_pass.code, belongings_checked=True).action_check_in()
        for user in (self.guard, self.marketing, self.admin_dept, self.sales_other, self.admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.vip_pass.with_user(user).action_host_confirm()
        with self.assertRaisesRegex(UserError, "Only the host"):
            self.vip_pass.with_user(self.marketing).action_host_confirm()
        self.assertFalse(self.vip_pass.host_confirmed)
        self.vip_pass.with_user(self.requester).action_host_confirm()
        self.assertTrue(self.vip_pass.host_confirmed)

    def test_host_confirms_only_on_site(self):
        """R-ACC-08: the confirmation belongs to a visitor who is on site."""
        with self.assertRaisesRegex(UserError, "on site"):
            self.companion_pass.with_user(self.requester).action_host_confirm()

    def test_cancelled_appointment_revokes_unused_passes(self):
        """R-ACC-06: cancelling the visit revokes its unused passes (through the pass's own action)."""
        self.appointment.with_user(self.marketing).action_cancel()
        self.assertEqual(set(self.appointment.pass_ids.mapped("state")), {"revoked"})
