# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .reception_common import FRIDAY
from .visitor_common import VISIT_START, VisitorCommon


@tagged("post_install", "-at_install")
class TestVisitAppointment(VisitorCommon):
    @freeze_time(FRIDAY)
    def test_lead_time_in_working_days(self):
        """R-ACC-01: from Friday, with Monday a public holiday, the earliest visit is Tuesday."""
        for day in (datetime(2026, 11, 21, 9), datetime(2026, 11, 23, 9)):
            appointment = self._appointment(date_start=day, date_end=day + timedelta(hours=2))
            with self.subTest(day=day), self.assertRaisesRegex(ValidationError, "working day"):
                appointment.with_user(self.requester).action_submit()
            self.assertEqual(appointment.state, "draft")
        appointment = self._appointment()
        appointment.with_user(self.requester).action_submit()
        self.assertEqual(appointment.state, "to_confirm")

    def test_confirm_deadline_in_working_hours(self):
        """R-ACC-02: with the clock set to working hours, submitted Friday 15:00, customer service
        confirms by Tuesday 10:00 (4 working hours, across the weekend and the holiday); later it
        shows as late."""
        self.company.vip_acc_confirm_clock = "working"
        with freeze_time(datetime(2026, 11, 20, 15, 0)):
            appointment = self._appointment(date_start=datetime(2026, 11, 25, 9), date_end=datetime(2026, 11, 25, 11))
            appointment.with_user(self.requester).action_submit()
        self.assertEqual(appointment.confirm_due, datetime(2026, 11, 24, 10, 0))
        Appointment = self.env["vip.visit.appointment"]
        with freeze_time(datetime(2026, 11, 24, 11, 0)):
            self.assertEqual(Appointment.search([("id", "=", appointment.id), ("is_late_confirmation", "=", True)]), appointment)
        with freeze_time(datetime(2026, 11, 24, 9, 0)):
            self.assertFalse(Appointment.search([("id", "=", appointment.id), ("is_late_confirmation", "=", True)]))

    @freeze_time(FRIDAY)
    def test_decline_needs_reason_and_new_slot(self):
        """R-ACC-02: a decline states a reason and offers another slot."""
        appointment = self._appointment()
        appointment.with_user(self.requester).action_submit()
        with self.assertRaisesRegex(UserError, "reason"):
            appointment.with_user(self.marketing).action_decline()
        appointment.write({"decline_reason": "Showroom closed for inventory", "proposed_start": datetime(2026, 11, 26, 9)})
        appointment.with_user(self.marketing).action_decline()
        self.assertEqual(appointment.state, "declined")

    @freeze_time(FRIDAY)
    def test_approval_by_grade(self):
        """R-ACC-03: the sales head approves; special and level-1 visitors also need the VP."""
        ordinary = self._appointment()
        ordinary.with_user(self.requester).action_submit()
        ordinary.with_user(self.marketing).action_confirm()
        self.assertEqual(ordinary.review_ids.reviewer_ids, self.head)
        ordinary.with_user(self.head).validate_tier()
        self.assertEqual(ordinary.state, "approved")
        self.customer.vip_access_grade = "special"
        special = self._appointment()
        special.with_user(self.requester).action_submit()
        self.assertEqual(special.room_area_id, self.premium, "R-ACC-10: special grade gets the premium room")
        self.assertIn(self.premium, special.area_ids)
        special.with_user(self.marketing).action_confirm()
        self.assertEqual(special.review_ids.sorted("sequence").reviewer_ids, self.head | self.vp)
        special.with_user(self.head).validate_tier()
        special.invalidate_recordset()
        self.assertEqual(special.state, "to_approve")
        special.with_user(self.vp).validate_tier()
        self.assertEqual(special.state, "approved")

    @freeze_time(FRIDAY)
    def test_approval_notifies_security_and_host(self):
        """R-ACC-04 / R-ACC-10: security and the host department follow the approved visit; the
        host's calendar starts 15 minutes before the visitor."""
        appointment = self._approved_with_passes()
        followers = appointment.message_partner_ids
        self.assertIn(self.guard.partner_id, followers)
        self.assertIn(self.head.partner_id, followers)
        self.assertEqual(appointment.host_event_id.start, VISIT_START - timedelta(minutes=15))
        self.assertEqual(appointment.host_event_id.partner_ids, self.requester.partner_id)

    @freeze_time(FRIDAY)
    def test_visitors_prefilled_and_masked(self):
        """R-ACC-05 / R-PII-01: registration is prefilled from the appointment and the customer;
        visitor ID numbers are validated and masked like customers'."""
        appointment = self._approved_with_passes()
        vip = appointment.visitor_ids.filtered("is_vip")
        self.assertEqual(len(appointment.visitor_ids), 2)
        self.assertEqual(vip.name, "Domestic VIP")
        self.assertEqual(vip.with_user(self.guard).vip_id_number_display, "11010519491231002X")
        self.assertEqual(vip.with_user(self.marketing).vip_id_number_display, "1101**********002X")
        with self.assertRaises(AccessError):
            vip.with_user(self.marketing).read(["vip_id_number"])
        with self.assertRaisesRegex(ValidationError, "check digit"):
            vip.with_user(self.guard).write({"vip_id_number": "110105194912310021"})
        self.assertEqual(len(appointment.pass_ids), 2)

    def test_sales_sees_own_appointments(self):
        """R-PII-02: a salesperson sees the appointments of their customers and hosts only."""
        appointment = self._appointment()
        Appointment = self.env["vip.visit.appointment"]
        self.assertEqual(Appointment.with_user(self.requester).search([("id", "=", appointment.id)]), appointment)
        self.assertFalse(Appointment.with_user(self.sales_other).search([("id", "=", appointment.id)]))
        self.assertEqual(Appointment.with_user(self.guard).search([("id", "=", appointment.id)]), appointment)

    @freeze_time(FRIDAY)
    def test_confirmation_letter(self):
        """R-ACC-04: the confirmation letter states time, host, route and entry notes."""
        appointment = self._approved_with_passes()
        Report = self.env["ir.actions.report"].with_user(self.requester)
        html = Report._render_qweb_html("vip_customer_care.action_report_vip_appointment_letter", appointment.ids)[0].decode()
        for text in (appointment.name, self.requester_employee.name, "North gate, 2nd floor", "Bring ID", "11/24/2026"):
            self.assertIn(text, html)
        pdf = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "vip_customer_care.action_report_vip_appointment_letter", appointment.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))

    @freeze_time(FRIDAY)
    def test_submit_several_at_once(self):
        """R-APV-01 / R-ACC-03 / issue 19: several appointments confirmed in one call (a list
        action, or RPC on several ids) each get their own reviews and approval activities."""
        appointments = self._appointment() | self._appointment(purpose="Second viewing")
        appointments.with_user(self.requester).action_submit()
        appointments.with_user(self.marketing).action_confirm()
        for appointment in appointments:
            self.assertEqual(appointment.state, "to_approve")
            self.assertEqual(appointment.review_ids.reviewer_ids, self.head)
            self.assertTrue(appointment.activity_ids.filtered(lambda a: a.user_id == self.head))
        for appointment in appointments:
            appointment.with_user(self.head).validate_tier()
        self.assertEqual(appointments.mapped("state"), ["approved", "approved"])
