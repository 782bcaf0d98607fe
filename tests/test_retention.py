# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .reception_common import FRIDAY
from .visitor_common import VISIT_START, VisitorCommon

KEPT = "retention, R-PII-06"
LOCKED = "cannot be added, changed or deleted"


@tagged("post_install", "-at_install")
class TestRetention(VisitorCommon):
    """R-PII-06: records are kept for the retention period (archived, never deleted); done or
    cancelled records never return to draft; lines of done receptions are locked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()
        cls.vip_pass = cls.appointment.pass_ids[:1]
        with freeze_time(VISIT_START):
            cls.env["vip.gate.check"].with_user(cls.guard).create({
                "code": cls.vip_pass.code, "gate_id": cls.gate.id, "area_id": cls.lobby.id, "belongings_checked": True,
            }).action_check_in()
        cls.handover = cls.env["vip.valuable.handover"].with_user(cls.head).create({
            "company_id": cls.company.id, "partner_id": cls.customer.id, "item": "Gold chain", "weight": 10.0,
            "verifier_1_id": cls.head_employee.id, "verifier_2_id": cls.guard_employee.id,
        })
        cls.delegation = cls.env["vip.approval.delegation"].with_user(cls.head).create({
            "company_id": cls.company.id, "delegator_id": cls.head.id, "delegate_id": cls.deputy.id,
            "business_type_ids": [Command.set(cls.business.ids)],
            "date_from": date(2026, 11, 20), "date_to": date(2026, 11, 30), "reason": "Business trip",
        })

    def _kept_records(self):
        reception = self._to_approval(self._reception(10000))
        self._approve_next(reception, self.marketing)
        return {
            "reception": reception,
            "appointment": self.appointment,
            "visitor": self.appointment.visitor_ids,
            "pass": self.appointment.pass_ids,
            "gate log": self.vip_pass.log_ids,
            "handover": self.handover,
            "delegation": self.delegation,
        }

    def test_records_not_deleted_inside_retention(self):
        """R-PII-06: receptions, appointments, visitors, passes, gate logs, handovers and
        delegations cannot be deleted inside the retention period, not even by the system."""
        for label, records in self._kept_records().items():
            with self.subTest(model=label):
                self.assertTrue(records)
                with self.assertRaisesRegex(UserError, KEPT), self.env.cr.savepoint():
                    records.sudo().unlink()
                self.assertTrue(records.exists())

    def test_reviews_not_deleted(self):
        """R-PII-06 / R-APV-09: a tier review (a signature) cannot be deleted by a user over RPC,
        not even by the reviewer who signed it."""
        reception = self._to_approval(self._reception(10000))
        self._approve_next(reception, self.marketing)
        signed = reception.review_ids.filtered(lambda r: r.status == "approved")
        self.assertTrue(signed)
        with self.assertRaisesRegex(UserError, "retention|not allowed|kept as evidence"), self.env.cr.savepoint():
            signed.with_user(self.marketing).unlink()
        admin = self.env["res.users"].create({
            "name": "System admin", "login": "ret_admin", "company_id": self.company.id,
            "company_ids": [Command.set(self.company.ids)],
            "groups_id": [Command.set(self.env.ref("base.group_system").ids)],
        })
        with self.assertRaisesRegex(UserError, "kept as evidence"), self.env.cr.savepoint():
            signed.with_user(admin).unlink()
        self.assertTrue(signed.exists())

    def test_archive_instead(self):
        """R-PII-06: archiving hides the records; they stay in the database."""
        records = self._kept_records()
        reception = self._reception(10000)
        reception.with_user(self.requester).action_cancel()
        reception.with_user(self.requester).write({"active": False})
        Reception = self.env["vip.reception"].with_user(self.requester)
        self.assertFalse(Reception.search([("id", "=", reception.id)]))
        self.assertEqual(Reception.with_context(active_test=False).search([("id", "=", reception.id)]), reception)
        for label in ("appointment", "handover", "delegation", "visitor", "pass", "gate log"):
            with self.subTest(model=label):
                records[label].with_env(self.env).write({"active": False})
                self.assertFalse(records[label].exists().filtered("active"))

    def test_retention_period_is_a_setting(self):
        """R-PII-06: the period is a company setting (default 3 years, never less); after it a
        record may be deleted."""
        self.assertEqual(self.env["res.company"].create({"name": "New"}).vip_retention_years, 3)
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertEqual(settings.vip_retention_years, 3)
        with self.assertRaisesRegex(ValidationError, "between 3 and 100"):
            self.company.vip_retention_years = 2
        self.company.vip_retention_years = 5
        reception = self._reception(10000)
        created = reception.create_date
        with freeze_time(created + relativedelta(years=4)), self.assertRaisesRegex(UserError, "5 years"):
            reception.sudo().unlink()
        with freeze_time(created + relativedelta(years=5, days=1)):
            reception.sudo().unlink()
        self.assertFalse(reception.exists())

    def test_partner_with_records_not_deleted(self):
        """R-PII-06: a VIP customer with receptions (or appointments, visits, handovers) cannot
        be deleted, leaving them without a customer; archive it instead."""
        partner = self.env["res.partner"].create({
            "name": "Reception-only VIP", "company_id": self.company.id, "vip_service_level": "vip",
            "user_id": self.requester.id,
        })
        self._reception(10000, partner=partner)
        with self.assertRaisesRegex(UserError, "Reception-only VIP cannot be deleted"), self.env.cr.savepoint():
            partner.with_user(self.marketing).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"), self.env.cr.savepoint():
            partner.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"), self.env.cr.savepoint():
            self.customer.sudo().unlink()  # appointment, visitors and handover
        partner.with_user(self.marketing).action_archive()
        self.assertFalse(partner.active)
        unused = self.env["res.partner"].create({"name": "Never visited", "company_id": self.company.id})
        unused.with_user(self.marketing).unlink()
        self.assertFalse(unused.exists())

    def test_done_or_cancelled_never_back_to_draft(self):
        """R-PII-06: done or cancelled receptions and appointments never return to draft, not
        through the button, an administrator or the system."""
        cancelled = self._reception(10000)
        cancelled.with_user(self.requester).action_cancel()
        with self.assertRaisesRegex(UserError, "Only rejected"):
            cancelled.with_user(self.requester).action_reset_draft()
        done = self._reception(10000)
        done.with_env(self.env).write({"state": "done"})  # shortcut: the path to done is tested in test_reception_execution
        for record in (cancelled, done):
            with self.subTest(state=record.state), self.assertRaisesRegex(UserError, "never returns to draft"):
                record.with_env(self.env).write({"state": "draft"})
        appointment = self._appointment()
        appointment.with_user(self.requester).action_cancel()
        with self.assertRaisesRegex(UserError, "never returns to draft"):
            appointment.with_env(self.env).write({"state": "draft"})
        self.assertEqual(appointment.state, "cancelled")

    def test_lines_of_done_reception_locked(self):
        """R-PII-06: schedule, staff, material, budget, service log and action lines of a done or
        cancelled reception cannot be created, edited or deleted."""
        reception = self._reception(10000)
        reception.with_env(self.env).write({
            "material_line_ids": [Command.create({"name": "Catalogue"})],
            "service_log_ids": [Command.create({"name": "Tea served"})],
            "action_ids": [Command.create({
                "name": "Call back", "user_id": self.requester.id, "date_due": date(2026, 12, 10),
            })],
        })
        reception.with_env(self.env).write({"state": "done"})  # shortcut: the path to done is tested elsewhere
        cancelled = self._reception(10000)
        cancelled.with_user(self.requester).action_cancel()
        lines = {
            "schedule_line_ids": ({"name": "Extra", "date_start": datetime(2026, 12, 2, 15)}, {"name": "Changed"}),
            "staff_line_ids": ({"employee_id": self.deputy_employee.id}, {"role": "driver"}),
            "material_line_ids": ({"name": "Brochure"}, {"quantity": 3}),
            "budget_line_ids": ({"category": "gifts", "amount": 1000.0, "basis": "2 gifts"}, {"amount": 9.0}),
            "service_log_ids": ({"name": "Late entry"}, {"name": "Changed"}),
            "action_ids": ({"name": "Late", "user_id": self.requester.id, "date_due": date(2026, 12, 11)},
                           {"done": True}),
        }
        for field, (create_vals, write_vals) in lines.items():
            with self.subTest(lines=field):
                records = reception[field]
                self.assertTrue(records)
                Line = self.env[records._name].with_user(self.marketing)
                with self.assertRaisesRegex(UserError, LOCKED), self.env.cr.savepoint():
                    Line.create({"reception_id": reception.id, **create_vals})
                with self.assertRaisesRegex(UserError, LOCKED), self.env.cr.savepoint():
                    Line.create({"reception_id": cancelled.id, **create_vals})
                with self.assertRaisesRegex(UserError, LOCKED), self.env.cr.savepoint():
                    records.with_user(self.marketing).write(write_vals)
                with self.assertRaisesRegex(UserError, LOCKED), self.env.cr.savepoint():
                    reception.with_user(self.marketing).write({field: [Command.update(records[0].id, write_vals)]})
                with self.assertRaisesRegex(UserError, LOCKED), self.env.cr.savepoint():
                    records.sudo().unlink()
        draft = self._reception(10000)
        draft.with_user(self.marketing).write({"material_line_ids": [Command.create({"name": "Brochure"})]})
        draft.material_line_ids.with_user(self.marketing).unlink()
        self.assertFalse(draft.material_line_ids)
