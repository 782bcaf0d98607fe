# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .reception_common import ReceptionCommon

SIGNATURE = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@tagged("post_install", "-at_install")
class TestValuableHandover(ReceptionCommon):
    def _handover(self, **vals):
        values = {
            "company_id": self.company.id, "partner_id": self.customer.id, "item": "Imperial jade bangle",
            "weight": 52.125, "verifier_1_id": self.head_employee.id, "verifier_2_id": self.guard_employee.id,
            "customer_signature": SIGNATURE, "video_reference": "CAM-03 2026-12-02 10:15",
        }
        values.update(vals)
        return self.env["vip.valuable.handover"].with_user(self.head).create(values)

    def _complete(self, handover):
        handover.with_user(self.head).action_confirm_verifier()
        handover.with_user(self.guard).action_confirm_verifier()
        return handover

    def test_same_verifier_twice_refused(self):
        """R-VAL-01: two different employees verify."""
        with self.assertRaisesRegex(ValidationError, "different employees"):
            self._handover(verifier_2_id=self.head_employee.id)

    def test_incomplete_until_both_confirm(self):
        """R-VAL-02: a handover is incomplete until both verifiers have confirmed, each only once
        and only in their own name."""
        handover = self._handover()
        self.assertEqual(handover.weight, 52.125)
        handover.with_user(self.head).action_confirm_verifier()
        self.assertEqual(handover.state, "draft")
        with self.assertRaisesRegex(UserError, "verifier"):
            handover.with_user(self.head).action_confirm_verifier()
        with self.assertRaisesRegex(UserError, "verifier"):
            handover.with_user(self.marketing).action_confirm_verifier()
        handover.with_user(self.guard).action_confirm_verifier()
        self.assertEqual(handover.state, "done")
        self.assertTrue(handover.verifier_1_date and handover.verifier_2_date)

    def test_signature_and_video_required(self):
        """R-VAL-01: the customer signs and a video reference is attached before completion."""
        handover = self._handover(customer_signature=False)
        handover.with_user(self.head).action_confirm_verifier()
        with self.assertRaisesRegex(UserError, "signature"):
            handover.with_user(self.guard).action_confirm_verifier()

    def test_return_within_tolerance(self):
        """R-VAL-02: a return weight within the tolerance (0.005 g) closes the handover."""
        handover = self._complete(self._handover())
        handover.return_weight = 52.130
        handover.action_register_return()
        self.assertEqual(handover.state, "returned")
        self.assertAlmostEqual(handover.weight_difference, 0.005, places=3)

    def test_weight_mismatch_raises_incident(self):
        """R-VAL-02: beyond the tolerance the handover becomes an incident for security."""
        handover = self._complete(self._handover())
        handover.return_weight = 52.119
        handover.action_register_return()
        self.assertEqual(handover.state, "mismatch")
        activity = handover.activity_ids.filtered(lambda a: a.user_id == self.guard)
        self.assertEqual(len(activity), 1)
        self.assertIn("mismatch", activity.summary)

    def test_tolerance_is_a_setting(self):
        """R-VAL-02: the tolerance comes from the company setting."""
        self.company.vip_handover_tolerance = 0.02
        handover = self._complete(self._handover())
        self.assertEqual(handover.tolerance, 0.02)
        handover.return_weight = 52.110
        handover.action_register_return()
        self.assertEqual(handover.state, "returned")

    def test_handover_kept(self):
        """R-PII-06: handovers cannot be deleted, not even by an administrator."""
        handover = self._handover()
        with self.assertRaises(AccessError):
            handover.unlink()
        with self.assertRaisesRegex(UserError, "retention"):
            handover.sudo().unlink()

    # ------------------------------------------------------------------ locks and any-path incidents
    def test_locked_after_verification(self):
        """R-VAL-02: once verified, item, weight and verifiers are locked for every group
        (plain write, as an RPC client or the form would send it); the signature and video once
        the handover is complete."""
        handover = self._handover()
        handover.with_user(self.head).action_confirm_verifier()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            handover.with_user(self.head).write({"weight": 50.0})
        handover.with_user(self.head).write({"customer_signature": SIGNATURE})
        handover.with_user(self.guard).action_confirm_verifier()
        self.assertEqual(handover.state, "done")
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.link(self.company.id)]})
        changes = [{"weight": 50.0}, {"item": "Glass bangle"}, {"verifier_2_id": self.deputy_employee.id},
                   {"verifier_1_id": self.deputy_employee.id}, {"video_reference": "none"}]
        for user in (self.head, self.guard, self.marketing, self.admin_dept, admin):
            for vals in changes:
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    handover.with_user(user).write(vals)
        handover.invalidate_recordset()
        self.assertEqual((handover.weight, handover.item, handover.verifier_2_id),
                         (52.125, "Imperial jade bangle", self.guard_employee))

    def test_workflow_fields_not_written_directly(self):
        """R-VAL-02: state, confirmation dates and the return date change through the buttons only."""
        handover = self._handover()
        for vals in ({"state": "done"}, {"verifier_1_date": "2026-12-02 10:00:00"}, {"return_date": "2026-12-02 10:00:00"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "buttons"):
                handover.with_user(self.head).write(vals)
        with self.assertRaisesRegex(UserError, "buttons"):
            self._handover(state="done")
        with self.assertRaisesRegex(UserError, "once the handover is complete"):
            self._handover(return_weight=52.0)
        with self.assertRaisesRegex(UserError, "after both verifiers"):
            handover.with_user(self.head).write({"return_weight": 52.125})

    def test_mismatch_by_plain_write_opens_incident(self):
        """R-VAL-02: a weight at return outside the tolerance written directly (RPC write, import)
        registers the return and opens the incident for security, like the button."""
        handover = self._complete(self._handover())
        handover.with_user(self.head).write({"return_weight": 52.000})
        self.assertEqual(handover.state, "mismatch")
        self.assertTrue(handover.return_date)
        activity = handover.activity_ids.filtered(lambda a: a.user_id == self.guard)
        self.assertEqual(len(activity), 1)
        self.assertIn("mismatch", activity.summary)
        # The button afterwards (the form saves, then calls it) adds nothing.
        handover.with_user(self.head).action_register_return()
        self.assertEqual(len(handover.activity_ids.filtered(lambda a: a.user_id == self.guard)), 1)
        with self.assertRaisesRegex(UserError, "after both verifiers"):
            handover.with_user(self.head).write({"return_weight": 52.125})

    def test_return_within_tolerance_by_plain_write(self):
        """R-VAL-02: a matching weight at return written directly closes the handover without incident."""
        handover = self._complete(self._handover())
        handover.with_user(self.guard).write({"return_weight": 52.121})
        self.assertEqual(handover.state, "returned")
        self.assertFalse(handover.activity_ids)

    def test_mismatch_by_import_and_form_opens_incident(self):
        """R-VAL-02: the weight at return imported (load) or saved from the form (web_save) opens
        the incident just the same; an import cannot change a verified weight."""
        imported = self._complete(self._handover())
        result = self.env["vip.valuable.handover"].with_user(self.guard).load(
            [".id", "return_weight"], [[str(imported.id), "52.000"]])
        self.assertFalse(result["messages"])
        self.assertEqual(imported.state, "mismatch")
        self.assertTrue(imported.activity_ids.filtered(lambda a: a.user_id == self.guard))
        result = self.env["vip.valuable.handover"].with_user(self.guard).load(
            [".id", "weight"], [[str(imported.id), "52.000"]])
        self.assertIn("can no longer be changed", result["messages"][0]["message"])
        imported.invalidate_recordset()
        self.assertEqual(imported.weight, 52.125)

        saved = self._complete(self._handover())
        saved.with_user(self.head).web_save({"return_weight": 51.9}, {"state": {}, "return_weight": {}})
        self.assertEqual(saved.state, "mismatch")
        self.assertTrue(saved.activity_ids.filtered(lambda a: a.user_id == self.guard))
