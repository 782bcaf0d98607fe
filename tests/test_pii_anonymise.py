# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .call_kw_common import CallKwCase
from .test_valuable_handover import SIGNATURE
from .visitor_common import COMPANION_PASSPORT, INSIDE, VisitorCommon

_logger = logging.getLogger(__name__)

CUSTOMER_ID = "11010519491231002X"
CUSTOMER_PHONE = "+86 138 0000 0000"


class AnonymiseCommon(VisitorCommon):
    """The customer of the visitor tests ("Domestic VIP", PRC ID, phone, e-mail) with a contact,
    a reception, a visit (the VIP and a companion registered, passes issued, the VIP checked in
    by car), a valuable handover, a complaint, a customer archive and chatter quoting them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The reception first: its staff (the head of sales, who also approves the visit) see the customer.
        cls.reception = cls._reception(cls)
        cls._set_up_visit()
        cls.customer.write({
            "mobile": "+86 139 1111 2222", "street": "1 Jade Road", "city": "Shenzhen", "website": "https://zhang.example.com",
            "comment": "<p>Likes jade</p>", "vip_birthday": date(1949, 12, 31), "vip_private_phone": "13800138000",
            "vip_dietary_notes": "No seafood", "vip_preferences": "Tea", "function": "Collector",
        })
        cls.contact = cls.env["res.partner"].create({
            "name": "Assistant Wu", "parent_id": cls.customer.id, "email": "wu@example.com", "phone": "+86 137 5555 6666",
        })
        cls.vip_visitor = cls.appointment.visitor_ids.filtered("is_vip")
        cls.companion = cls.appointment.visitor_ids - cls.vip_visitor
        with freeze_time(INSIDE):
            gate = cls._gate(cls, cls.vip_pass.code, belongings_checked=True, vehicle_plate="粤B12345",
                             vehicle_checked=True, belongings_notes="Handbag")
            gate.action_check_in()
        cls.gate_log = cls.vip_pass.log_ids
        cls.handover = cls.env["vip.valuable.handover"].create({
            "company_id": cls.company.id, "partner_id": cls.customer.id, "item": "Imperial jade bangle",
            "weight": 52.125, "verifier_1_id": cls.head_employee.id, "verifier_2_id": cls.guard_employee.id,
            "customer_signature": SIGNATURE, "video_reference": "CAM-03 2026-12-02 10:15",
        })
        cls.complaint = cls.env["helpdesk.ticket"].with_context(vip_complaint=True).create({
            "name": "Scratched bangle after repair", "description": "<p>The bangle came back scratched.</p>",
            "team_id": cls.env.ref("vip_customer_care.helpdesk_team_vip").id, "partner_id": cls.customer.id,
            "vip_type": "complaint", "vip_channel": "phone", "partner_name": "Domestic VIP",
            "partner_email": "domestic@example.com",
        })
        cls.archive = cls.env["vip.customer.archive"].create({
            "partner_id": cls.customer.id, "company_id": cls.company.id, "first_contact_date": date(2026, 11, 20),
            "customer_status": "cooperating", "responsible_user_ids": [Command.set(cls.requester.ids)],
            "legal_representative": "Domestic VIP", "decision_maker": "Domestic VIP",
            "decision_maker_preferences": "Jade", "decision_maker_birthday": date(1949, 12, 31),
            "vip_id_type": "prc_id", "vip_id_number": CUSTOMER_ID,
        })
        # Chatter: a tracked change of the e-mail and a note quoting the phone.
        tracked = cls.customer.with_context(tracking_disable=False, mail_notrack=False)
        for email in ("zhang.new@example.com", "domestic@example.com"):
            tracked.email = email
            cls.env.flush_all()
            cls.env.cr.precommit.run()
        cls.note = cls.customer.message_post(body=f"Call back on {CUSTOMER_PHONE}", message_type="comment",
                                             author_id=cls.customer.id, email_from="domestic@example.com")
        cls.other_note = cls.customer.message_post(body="Birthday gift sent", message_type="comment")
        cls.Wizard = cls.env["vip.pii.anonymise"]

    def _anonymise(self, user=None, partner=None):
        wizard = self.Wizard.with_user(user or self.compliance).create({
            "partner_id": (partner or self.customer).id, "request_reference": "REQ-2026-007",
            "request_date": date(2026, 12, 1), "reason": "Written request, identity checked at the front desk",
        })
        action = wizard.action_anonymise()
        self.env.invalidate_all()
        return self.env["vip.pii.anonymisation"].browse(action["res_id"])

    def _age(self, records, years=4):
        """Move the creation of ``records`` back before the retention period."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "UPDATE %s SET create_date = create_date - %s * interval '1 year' WHERE id IN %s",
            SQL.identifier(records._table), years, tuple(records.ids),
        ))
        records.invalidate_recordset(["create_date"])

    def _line(self, log, record):
        return log.line_ids.filtered(lambda l: l.res_model == record._name and l.res_id == record.id)


@tagged("post_install", "-at_install")
class TestPiiAnonymise(AnonymiseCommon):

    def test_customer_contacts_and_archive_anonymised(self):
        """R-PII-05: compliance anonymises the customer on request: its name is replaced, contact
        data, address, notes, identity document, birthday, private phone, nationality and
        preferences are gone, it is archived and marked anonymised; the same for its contact;
        the customer archive loses its personal data and keeps the business record."""
        log = self._anonymise()
        customer = self.customer.with_user(self.compliance).with_context(active_test=False)
        values = customer.read([
            "name", "email", "phone", "mobile", "street", "city", "website", "comment", "function", "active",
            "vip_anonymised", "vip_id_type", "vip_id_number", "vip_id_number_display", "vip_birthday",
            "vip_birth_month", "vip_private_phone", "vip_private_phone_display", "vip_dietary_notes",
            "vip_preferences", "vip_nationality_id", "vip_service_level",
        ])[0]
        self.assertEqual(values["name"], f"Anonymised customer #{self.customer.id}")
        for name in ("email", "phone", "mobile", "street", "city", "website", "function", "vip_id_type",
                     "vip_id_number", "vip_id_number_display", "vip_birthday", "vip_birth_month",
                     "vip_private_phone", "vip_private_phone_display", "vip_dietary_notes", "vip_preferences",
                     "vip_nationality_id"):
            self.assertFalse(values[name], name)
        self.assertFalse(values["comment"] and str(values["comment"]).strip("<p></p>"))
        self.assertTrue(values["vip_anonymised"])
        self.assertTrue(values["active"], "its reception lists it: left active (R-PII-06)")
        self.assertIn("left active", self._line(log, self.customer).details)
        self.assertEqual(values["vip_service_level"], "vip", "not personal data: kept")
        contact = self.contact.with_user(self.compliance).with_context(active_test=False)
        self.assertEqual(contact.name, f"Anonymised contact of customer #{self.customer.id}")
        self.assertFalse(contact.email or contact.phone or contact.active, "archived")
        self.assertTrue(contact.vip_anonymised)

        archive = self.archive.with_user(self.compliance)
        self.assertFalse(archive.vip_id_number_display or archive.legal_representative or archive.decision_maker
                         or archive.decision_maker_birthday or archive.decision_maker_preferences)
        self.assertEqual(archive.customer_status, "cooperating")
        self.assertEqual(archive.partner_id, self.customer)
        self.assertEqual(self._line(log, self.archive).outcome, "anonymised")

    def test_records_under_retention_keep_what_the_law_requires(self):
        """R-PII-06 / R-CMP-07: inside the retention period the gate register keeps the visitor's
        name and identity document (only phone, photo and ID copy go), the gate log keeps the
        vehicle plate, the handover the customer's signature, the complaint the customer's name
        and e-mail as recorded, the reception and the visit show the anonymised customer; the
        evidence lists each of them with the date their retention ends. The companion (another
        person) is untouched."""
        log = self._anonymise()
        visitor = self.vip_visitor.with_user(self.guard)
        self.assertEqual(visitor.name, "Domestic VIP")
        self.assertEqual(visitor.vip_id_number_display, CUSTOMER_ID)
        self.assertFalse(visitor.phone)
        self.assertEqual(self.companion.with_user(self.guard).vip_id_number_display, COMPANION_PASSPORT)
        self.assertEqual(self.companion.name, "Companion Li")
        self.assertEqual(self.gate_log.with_user(self.guard).vehicle_plate, "粤B12345")
        self.assertEqual(self.handover.customer_signature, SIGNATURE)
        self.assertEqual(self.complaint.partner_name, "Domestic VIP")
        self.assertEqual(self.reception.with_user(self.compliance).partner_ids.display_name,
                         f"Anonymised customer #{self.customer.id}")
        self.assertEqual(self.appointment.with_user(self.compliance).partner_id.display_name,
                         f"Anonymised customer #{self.customer.id}")

        years = self.company.vip_retention_years
        self.assertEqual(years, 3)
        expect = {
            self.vip_visitor: ("partly", max(self.vip_visitor.create_date, self.vip_pass.create_date, self.gate_log.create_date)),
            self.gate_log: ("kept", self.gate_log.create_date),
            self.vip_pass: ("kept", self.vip_pass.create_date),
            self.appointment: ("kept", self.appointment.create_date),
            self.reception: ("kept", self.reception.create_date),
            self.handover: ("kept", self.handover.create_date),
        }
        for record, (outcome, created) in expect.items():
            with self.subTest(model=record._name):
                line = self._line(log, record)
                self.assertEqual(line.outcome, outcome)
                self.assertEqual(line.kept_until, (created + relativedelta(years=years)).date())
        complaint = self._line(log, self.complaint)
        self.assertEqual(complaint.outcome, "kept")
        self.assertEqual(complaint.kept_until, (self.complaint.create_date + relativedelta(
            years=self.company.vip_cmp_retention_years)).date())
        self.assertIn("R-CMP-07", complaint.details)
        self.assertFalse(self._line(log, self.companion))
        self.assertEqual(log.kept_until, max(d for d in log.line_ids.mapped("kept_until") if d))

    def test_outside_retention_everything_goes(self):
        """R-PII-05 / R-PII-06: once the retention period is over, the visitor is anonymised
        (name, phone, organisation, identity document), the gate log loses the vehicle plate and
        belongings notes, the handover the signature and video, the complaint the customer's
        name and e-mail."""
        self._age(self.vip_visitor | self.companion)
        self._age(self.appointment.pass_ids)
        self._age(self.gate_log)
        self._age(self.handover)
        self._age(self.complaint)
        log = self._anonymise()
        visitor = self.vip_visitor.with_user(self.guard)
        self.assertEqual(visitor.name, f"Anonymised visitor of customer #{self.customer.id}")
        self.assertFalse(visitor.phone or visitor.organisation or visitor.vip_id_type or visitor.vip_id_number_display)
        log_entry = self.gate_log.with_user(self.guard)
        self.assertFalse(log_entry.vehicle_plate or log_entry.belongings_notes)
        self.assertEqual(log_entry.event, "check_in", "the entry itself stays")
        self.assertFalse(self.handover.customer_signature or self.handover.video_reference)
        self.assertFalse(self.complaint.partner_name or self.complaint.partner_email)
        for record in (self.vip_visitor, self.gate_log, self.handover, self.complaint):
            with self.subTest(model=record._name):
                self.assertEqual(self._line(log, record).outcome, "anonymised")
                self.assertFalse(self._line(log, record).kept_until)
        self.assertEqual(self.companion.name, "Companion Li", "another person's data is not the customer's")

    def test_search_by_old_data_finds_nothing(self):
        """R-PII-05: searching the customers by the old name, phone, e-mail or identity number
        (compliance, archived customers included) no longer finds the customer."""
        self._anonymise()
        Partner = self.env["res.partner"].with_user(self.compliance).with_context(active_test=False)
        for domain in ([("name", "ilike", "Domestic VIP")], [("phone", "ilike", "138 0000")],
                       [("email", "ilike", "domestic@")], [("vip_id_number_display", "=", CUSTOMER_ID)],
                       [("vip_private_phone_display", "=", "13800138000")], [("name", "ilike", "Assistant Wu")]):
            with self.subTest(domain=domain):
                self.assertFalse(Partner.search(domain))
        self.assertFalse(Partner.name_search("Domestic VIP"))

    def test_chatter_keeps_no_old_personal_data(self):
        """R-PII-05: the tracked old and new e-mails, the tracked customer name on the handover,
        notes quoting the phone and the customer's sender address are cleared; other notes stay."""
        tracking = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "res.partner"), ("mail_message_id.res_id", "=", self.customer.id),
            ("field_id.name", "=", "email"),
        ])
        self.assertTrue(tracking)
        self._anonymise()
        for value in tracking:
            self.assertFalse(value.old_value_char or value.new_value_char)
        self.assertNotIn(CUSTOMER_PHONE, str(self.note.body))
        self.assertIn("anonymised on request", str(self.note.body))
        self.assertFalse(self.note.email_from)
        self.assertIn("Birthday gift sent", str(self.other_note.body))
        messages = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertFalse([m for m in messages if "domestic@example.com" in str(m.body)])
        partner_tracking = self.env["mail.tracking.value"].search([
            ("field_id.relation", "=", "res.partner"), ("old_value_integer", "=", self.customer.id),
        ]) | self.env["mail.tracking.value"].search([
            ("field_id.relation", "=", "res.partner"), ("new_value_integer", "=", self.customer.id),
        ])
        for value in partner_tracking:
            self.assertNotIn("Domestic VIP", (value.old_value_char or "") + (value.new_value_char or ""))

    def test_evidence_content(self):
        """R-PII-05: the evidence records who, when, the request and reason, one line per record
        touched with the outcome, and no personal data (persons by record number only)."""
        log = self._anonymise()
        self.assertEqual(log.user_id, self.compliance)
        self.assertEqual(log.company_id, self.company)
        self.assertEqual(log.partner_id, self.customer)
        self.assertEqual(log.request_reference, "REQ-2026-007")
        self.assertEqual(log.request_date, date(2026, 12, 1))
        self.assertEqual(self._line(log, self.customer).res_name, f"Contact #{self.customer.id}")
        self.assertEqual(self._line(log, self.vip_visitor).res_name, f"Visitor #{self.vip_visitor.id}")
        self.assertEqual(self._line(log, self.complaint).res_name, self.complaint.number)
        text = " ".join(f"{l.res_name} {l.details}" for l in log.line_ids)
        for value in ("Domestic VIP", CUSTOMER_ID, CUSTOMER_PHONE, "domestic@example.com", "Assistant Wu"):
            self.assertNotIn(value, text)
        self.assertEqual(set(log.line_ids.mapped("res_model")) >= {
            "res.partner", "vip.visitor", "vip.access.log", "vip.access.pass", "vip.visit.appointment",
            "vip.reception", "vip.valuable.handover", "helpdesk.ticket", "vip.customer.archive"}, True)
        self.assertEqual(log.kept_count + log.anonymised_count - len(log.line_ids.filtered(
            lambda l: l.outcome == "partly")), len(log.line_ids))

    def test_evidence_cannot_be_changed(self):
        """R-PII-05: the evidence is append-only in the model: nobody writes, deletes or creates
        it by hand, the GM and ``sudo()`` included (deleting is refused by the access rights,
        and by the model under ``sudo()``)."""
        log = self._anonymise()
        for env in (log.with_user(self.compliance), log.with_user(self.gm), log.with_user(self.compliance).sudo()):
            with self.subTest(user=env.env.user.login, su=env.env.su):
                with self.assertRaisesRegex(UserError, "evidence"):
                    env.write({"reason": "changed"})
                with self.assertRaisesRegex(UserError, "evidence"):
                    env.line_ids.write({"details": "changed"})
                refusal = (UserError, "evidence") if env.env.su else (AccessError, "not allowed to delete")
                with self.assertRaisesRegex(*refusal):
                    env.unlink()
                with self.assertRaisesRegex(*refusal):
                    env.line_ids.unlink()
        with self.assertRaisesRegex(AccessError, "anonymisation wizard only"):
            self.env["vip.pii.anonymisation"].with_user(self.compliance).create({
                "user_id": self.compliance.id, "company_id": self.company.id, "partner_id": self.foreign_customer.id,
                "request_reference": "FAKE", "request_date": date(2026, 12, 1), "reason": "forged",
            })
        self.assertEqual(log.reason, "Written request, identity checked at the front desk")

    def test_wizard_shows_what_is_kept_before(self):
        """R-PII-05 / R-PII-06: before confirming, the dialog lists the records kept under
        retention and until when."""
        wizard = self.Wizard.with_user(self.compliance).create({
            "partner_id": self.customer.id, "request_reference": "REQ", "reason": "Request"})
        summary = str(wizard.summary)
        self.assertIn("Kept under retention", summary)
        self.assertIn("Valuables handover", summary)
        until = (self.handover.create_date + relativedelta(years=3)).date()
        self.assertIn(until.strftime("%m/%d/%Y"), summary)

    def test_refusals(self):
        """R-PII-05: an anonymised customer cannot be anonymised again nor given personal data
        again by a normal write; the flag is the wizard's; a user's own contact is refused."""
        self._anonymise()
        with self.assertRaisesRegex(UserError, "already been anonymised"):
            self._anonymise()
        customer = self.customer.with_user(self.compliance)
        for vals in ({"name": "Domestic VIP"}, {"phone": CUSTOMER_PHONE}, {"vip_id_number_display": CUSTOMER_ID},
                     {"email": "domestic@example.com"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "anonymised on request"):
                customer.write(vals)
        customer.write({"vip_preferences": False})  # clearing stays possible
        with self.assertRaisesRegex(UserError, "Only the anonymisation wizard"):
            self.foreign_customer.with_user(self.compliance).write({"vip_anonymised": True})
        with self.assertRaisesRegex(UserError, "Only the anonymisation wizard"):
            self.customer.with_user(self.compliance).write({"vip_anonymised": False})
        with self.assertRaisesRegex(UserError, "user account"):
            self._anonymise(partner=self.requester.partner_id)

    def test_access_per_group(self):
        """R-PII-05 / R-SEC-01: only compliance opens and runs the wizard and reads the
        evidence; sales, marketing, security, managers and the GM are refused."""
        log = self._anonymise(partner=self.foreign_customer)
        foreign = self.foreign_customer.with_context(active_test=False)
        self.assertFalse(foreign.active, "no reception lists it: archived")
        self.assertEqual(foreign.name, f"Anonymised customer #{foreign.id}")
        for user in (self.requester, self.marketing, self.guard, self.admin_dept, self.gm):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._anonymise(user=user, partner=self.customer)
                with self.assertRaises(AccessError):
                    self.customer.with_user(user).action_vip_anonymise()
                with self.assertRaises(AccessError):
                    log.with_user(user).read(["request_reference"])
        action = self.customer.with_user(self.compliance).action_vip_anonymise()
        self.assertEqual(action["res_model"], "vip.pii.anonymise")
        self.assertEqual(log.with_user(self.compliance).request_reference, "REQ-2026-007")
        self.assertFalse(self.customer.vip_anonymised)

    def test_queries(self):
        """R-PII-05 (set-based): one anonymisation of a customer with a contact, a reception, a
        visit, a handover, a complaint and an archive stays within a fixed number of queries
        (measured and logged)."""
        wizard = self.Wizard.with_user(self.compliance).create({
            "partner_id": self.customer.id, "request_reference": "REQ", "reason": "Request"})
        self.env.flush_all()
        self.env.invalidate_all()
        before, start = self.env.cr.sql_log_count, time.time()
        wizard.action_anonymise()
        self.env.flush_all()
        count, ms = self.env.cr.sql_log_count - before, (time.time() - start) * 1000
        _logger.info("Anonymisation of a customer with visit, reception, handover, complaint, archive: "
                     "%s queries, %.0f ms", count, ms)
        self.assertLess(count, 150)


@tagged("post_install", "-at_install")
class TestPiiAnonymiseRpc(CallKwCase):
    """R-PII-05 over JSON-RPC as the web client sends it, with the demo users of the real roles."""

    def test_only_compliance_over_rpc(self):
        """R-PII-05: the demo salesperson and manager get an AccessError opening or running the
        wizard and reading the evidence; the demo compliance officer anonymises a demo customer,
        and cannot change or delete the evidence."""
        ref = self.env.ref
        customer = self.env["vip.reception"].search([], limit=1).partner_ids[:1]
        self.assertTrue(customer)
        request = {"partner_id": customer.id, "request_reference": "REQ-RPC", "reason": "By letter"}
        for xmlid in ("vip_customer_care.user_vip_sales", "vip_customer_care.user_vip_manager"):
            with self.subTest(user=xmlid):
                self.login(ref(xmlid))
                self.assertRefused(".", "vip.pii.anonymise", "create", [request], exception="AccessError")
                self.assertRefused(".", "res.partner", "action_vip_anonymise", [[customer.id]], exception="AccessError")
                self.assertRefused(".", "vip.pii.anonymisation", "search_read", [[]], exception="AccessError")
        self.login(ref("vip_customer_care.user_vip_compliance"))
        action = self.call_kw("res.partner", "action_vip_anonymise", [[customer.id]])
        self.assertEqual(action["res_model"], "vip.pii.anonymise")
        wizard = self.call_kw("vip.pii.anonymise", "create", [request])
        result = self.call_kw("vip.pii.anonymise", "action_anonymise", [[wizard]])
        log_id = result["res_id"]
        self.assertTrue(customer.with_context(active_test=False).vip_anonymised)
        self.assertRefused("evidence", "vip.pii.anonymisation", "write", [[log_id], {"reason": "x"}],
                           exception="UserError")
        self.assertRefused("delete", "vip.pii.anonymisation", "unlink", [[log_id]], exception="AccessError")
        lines = self.call_kw("vip.pii.anonymisation.line", "search", [[("anonymisation_id", "=", log_id)]])
        self.assertTrue(lines)
        self.assertRefused("evidence", "vip.pii.anonymisation.line", "write", [lines, {"details": "x"}],
                           exception="UserError")
        self.assertRefused("delete", "vip.pii.anonymisation.line", "unlink", [lines], exception="AccessError")
        self.assertRefused("wizard only", "vip.pii.anonymisation", "create", [{
            "user_id": 1, "company_id": 1, "partner_id": customer.id, "request_reference": "F",
            "request_date": "2026-12-01", "reason": "forged"}], exception="AccessError")
        self.assertRefused("wizard", "res.partner", "write", [[customer.id], {"vip_anonymised": False}],
                           exception="UserError")
        self.assertEqual(self.env["vip.pii.anonymisation"].browse(log_id).reason, "By letter")
