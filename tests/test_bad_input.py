# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .visitor_common import VisitorCommon


@tagged("post_install", "-at_install")
class TestBadInput(VisitorCommon):
    """Issue 8 point 12: bad input over RPC (create, write, web_save) gets a clear translated
    message naming the field, never a raw PostgreSQL error (which would also abort the
    transaction)."""

    def _check(self, call, field_label, message):
        with self.assertRaisesRegex(ValidationError, message) as caught, self.env.cr.savepoint():
            call()
        self.assertIn(field_label, str(caught.exception))
        # The transaction is still usable: nothing reached PostgreSQL.
        self.env.cr.execute("SELECT 1")

    def test_dates_out_of_range(self):
        """Issue 8 point 12 (R-REC-01): impossible or absurd dates are refused with a message."""
        reception = self._reception(10000).with_user(self.requester)
        cases = [
            ("date_start", "99999-01-01 09:00:00", "not a valid date"),
            ("date_start", "2026-02-30 09:00:00", "not a valid date"),
            ("date_end", datetime(1800, 1, 1), "out of range"),
            ("date_end", "3026-01-01 00:00:00", "out of range"),
        ]
        for name, value, message in cases:
            label = reception._fields[name].string
            with self.subTest(field=name, value=value):
                self._check(lambda: reception.write({name: value}), label, message)
                self._check(lambda: reception.web_save({name: value}, {}), label, message)
        self._check(
            lambda: self.env["vip.approval.delegation"].with_user(self.head).create({
                "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
                "business_type_ids": [Command.set(self.business.ids)], "reason": "Trip",
                "date_from": date(2026, 11, 20), "date_to": "10000-01-01",
            }),
            "To", "not a valid date",
        )

    def test_integers_beyond_the_column(self):
        """Issue 8 point 12 (R-REC-01): integers beyond PostgreSQL's int4 and huge amounts are
        refused with a message, on the reception, its lines and appointments."""
        reception = self._reception(10000).with_user(self.requester)
        self._check(lambda: reception.write({"visitor_count": 2**31}), "Number of visitors", "out of range")
        self._check(lambda: reception.web_save({"companion_count": 10**12}, {}), "Companions", "out of range")
        self._check(lambda: reception.write({"lead_user_id": 2**40}), "Lead person", "out of range")
        self._check(
            lambda: reception.with_user(self.marketing).write({
                "material_line_ids": [Command.create({"name": "Catalogue", "quantity": 2**35})],
            }),
            "Quantity", "out of range",
        )
        self._check(
            lambda: reception.with_user(self.marketing).write({
                "budget_line_ids": [Command.create({"category": "meals", "amount": 1e300, "basis": "x"})],
            }),
            "Amount", "out of range",
        )
        self._check(
            lambda: reception.write({"cooperating_department_ids": [Command.set([2**33])]}),
            "Cooperating departments", "out of range",
        )
        self._check(lambda: self._appointment(visitor_count=2**31), "Number of visitors", "out of range")

    def test_oversized_text(self):
        """Issue 8 point 12 (R-REC-01/02): names, notes and descriptions have a sensible size."""
        reception = self._reception(10000).with_user(self.requester)
        self._check(lambda: reception.write({"purpose": "x" * 20001}), "Purpose", "too long")
        self._check(lambda: reception.web_save({"venue": "v" * 1025}, {}), "Venue", "too long")
        self._check(
            lambda: reception.with_user(self.marketing).write({
                "schedule_line_ids": [Command.create({"name": "n" * 5000, "date_start": datetime(2026, 12, 2, 9)})],
            }),
            "Description", "too long",
        )
        appointment = self._appointment()
        self._check(
            lambda: appointment.with_user(self.guard).write({
                "visitor_ids": [Command.create({"name": "名" * 2000})],
            }),
            "Name", "too long",
        )
        # At the limit it is accepted.
        reception.write({"purpose": "x" * 20000, "venue": "v" * 1024})
        self.assertEqual(len(reception.purpose), 20000)

    def test_unknown_choice(self):
        """Issue 8 point 12: a value outside a selection gets a message, not a server error."""
        reception = self._reception(10000).with_user(self.requester)
        self._check(
            lambda: reception.with_user(self.marketing).write({
                "budget_line_ids": [Command.create({"category": "bribes", "amount": 1.0, "basis": "x"})],
            }),
            "Category", "not one of the allowed choices",
        )

    def test_customer_fields(self):
        """Issue 8 point 12 (R-PII-01, R-PII-03): the add-on's fields on customers get the same
        checks: a birthday or consent date out of range and oversized preferences are refused
        with a message, for the roles that may write them, on write and on create."""
        customer = self.customer
        cases = [
            (self.guard, "vip_birthday", "0000-01-01", "not a valid date"),
            (self.compliance, "vip_birthday", "99999-01-01", "not a valid date"),
            (self.gm, "vip_consent_date", "0000-01-01", "not a valid date"),
            (self.gm, "vip_next_revisit_date", "1800-01-01", "out of range"),
            (self.gm, "vip_preferences", "x" * 300000, "too long"),
        ]
        for user, name, value, message in cases:
            label = customer._fields[name].string
            with self.subTest(field=name, user=user.login):
                self._check(lambda: customer.with_user(user).write({name: value}), label, message)
        self._check(
            lambda: self.env["res.partner"].with_user(self.gm).create({
                "name": "Bad date", "vip_service_level": "vip", "vip_consent_date": "99999-01-01",
            }),
            customer._fields["vip_consent_date"].string, "not a valid date",
        )
        # A sensible value still goes through.
        customer.with_user(self.gm).write({"vip_preferences": "Jade, white tea"})
        self.assertEqual(customer.vip_preferences, "Jade, white tea")
