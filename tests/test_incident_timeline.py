# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .complaint_common import ComplaintCommon
from .reception_common import FRIDAY

SIGNATURE = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@tagged("post_install", "-at_install")
class TestIncidentTimeline(ComplaintCommon):
    def _incident(self, user=None, **vals):
        values = {"company_id": self.company.id, "title": "Customer fainted in the showroom",
                  "incident_type": "illness", "partner_id": self.customer.id, "place": "2F showroom"}
        values.update(vals)
        return self.env["vip.incident"].with_user(user or self.guard).create(values)

    def _step(self, incident, code):
        return incident.step_ids.filtered(lambda s: s.code == code)

    def test_types(self):
        """R-INC-01: customer illness, lost item, security breach, complaint escalation, other."""
        types = dict(self.env["vip.incident"]._fields["incident_type"].selection)
        self.assertEqual(set(types), {"illness", "lost_item", "security", "complaint", "other"})

    def test_timeline_targets_and_late_flags_at_the_boundary(self):
        """R-INC-02: security on site in 5 minutes, GM informed in 10, customer reassured in 30,
        review in 24 hours; each step is timestamped with who recorded it; exactly at the target
        is on time, one second later is late and visible."""
        with freeze_time(FRIDAY):
            incident = self._incident()
        self.assertEqual(incident.step_ids.mapped("code"), ["security", "gm", "reassure", "review"])
        self.assertEqual(incident.step_ids.mapped("target_date"), [
            FRIDAY + timedelta(minutes=5), FRIDAY + timedelta(minutes=10), FRIDAY + timedelta(minutes=30),
            FRIDAY + timedelta(hours=24),
        ])
        with freeze_time(FRIDAY + timedelta(minutes=5)):
            self._step(incident, "security").with_user(self.guard).action_record_now()
        security = self._step(incident, "security")
        self.assertEqual(security.done_by_id, self.guard)
        self.assertEqual(security.done_date, FRIDAY + timedelta(minutes=5))
        self.assertFalse(security.is_late)
        Incident = self.env["vip.incident"].with_user(self.guard)
        with freeze_time(FRIDAY + timedelta(minutes=10)):
            self.assertNotIn(incident, Incident.search([("has_late_step", "=", True)]))
        with freeze_time(FRIDAY + timedelta(minutes=10, seconds=1)):
            self.assertIn(incident, Incident.search([("has_late_step", "=", True)]))
            self._step(incident, "gm").with_user(self.guard).action_record_now()
        self.assertTrue(self._step(incident, "gm").is_late)
        self.assertEqual(incident.late_step_count, 1)
        # Issue 23: the list's count is the form's red rows, whatever recorded the step (here the
        # workflow writing a given time on the step, as a correction or an import does).
        self._step(incident, "reassure")._vip_action_write({"done_date": FRIDAY + timedelta(minutes=45),
                                                            "done_by_id": self.guard.id})
        self.assertEqual(incident.late_step_count, 2)
        self.assertEqual(incident.late_step_count, len(incident.step_ids.filtered("is_late")))
        Incident = self.env["vip.incident"].with_user(self.guard)
        self.assertEqual(Incident.read_group([("id", "=", incident.id)], ["late_step_count:sum"], [])[0]["late_step_count"], 2)
        with self.assertRaisesRegex(UserError, "already recorded"):
            self._step(incident, "gm").with_user(self.guard).action_record_now()
        # The time is the system's, not typed in.
        with self.assertRaisesRegex(UserError, "buttons"):
            self._step(incident, "reassure").with_user(self.guard).write({"done_date": FRIDAY})

    def test_crisis_follow_up(self):
        """R-INC-03: investigation within 7 days, compensation plan approved by the GM, customer
        sign-off, then the papers are closed."""
        with freeze_time(FRIDAY):
            incident = self._incident()
            incident.with_user(self.cs).action_start_follow_up()
        self.assertEqual(incident.investigation_due, FRIDAY + timedelta(days=7))
        incident.with_user(self.cs).write({"investigation": "Air conditioning failure", "compensation_plan": "Spa voucher"})
        with self.assertRaisesRegex(UserError, "general manager"):
            incident.with_user(self.cs).action_approve_compensation()
        with self.assertRaisesRegex(UserError, "approved compensation"):
            incident.with_user(self.cs).action_customer_signoff()
        incident.with_user(self.gm).action_approve_compensation()
        self.assertEqual(incident.compensation_approved_by_id, self.gm)
        with self.assertRaisesRegex(UserError, "every step"):
            incident.with_user(self.cs).action_close()
        for step in incident.step_ids:
            step.with_user(self.guard).action_record_now()
        with self.assertRaisesRegex(UserError, "sign-off"):
            incident.with_user(self.cs).action_close()
        incident.with_user(self.cs).action_customer_signoff()
        incident.with_user(self.cs).action_close()
        self.assertEqual(incident.state, "closed")

    def test_weight_mismatch_opens_incident(self):
        """R-VAL-02 / R-INC-01: a weight mismatch at the return of a valuables handover opens an incident."""
        handover = self.env["vip.valuable.handover"].with_user(self.head).create({
            "company_id": self.company.id, "partner_id": self.customer.id, "item": "Imperial jade bangle",
            "weight": 52.125, "verifier_1_id": self.head_employee.id, "verifier_2_id": self.guard_employee.id,
            "customer_signature": SIGNATURE, "video_reference": "CAM-03",
        })
        handover.with_user(self.head).action_confirm_verifier()
        handover.with_user(self.guard).action_confirm_verifier()
        handover.with_user(self.head).write({"return_weight": 52.000})
        self.assertEqual(handover.state, "mismatch")
        incident = handover.incident_ids
        self.assertEqual(len(incident), 1)
        self.assertEqual(incident.incident_type, "lost_item")
        self.assertEqual(incident.partner_id, self.customer)
        self.assertEqual(len(incident.step_ids), 4)
        self.assertIn(incident, self.env["vip.incident"].with_user(self.guard).search([]))

    def test_emergency_reception_links_complaint(self):
        """R-APV-07: the emergency approval is triggered by a linked complaint; its number is the reference."""
        ticket = self._complaint(user=self.cs, vip_severity="major")
        reception = self._reception(1000)
        reception.with_user(self.requester).write({
            "is_emergency": True, "emergency_trigger": "complaint", "emergency_reason": "Angry VIP",
            "emergency_complaint_id": ticket.id,
        })
        self.assertEqual(reception.emergency_reference, ticket.number)
