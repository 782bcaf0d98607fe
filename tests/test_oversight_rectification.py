# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase, RpcRefused
from .reception_common import FRIDAY, ReceptionCommon


class RectificationCommon(ReceptionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip_manager = new_test_user(
            cls.env, login="rx_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        # The owner (requester) reports to the sales head (reception_common's employees).
        cls.owner = cls.requester

    def _rect(self, level="general", owner=None, **vals):
        return self.env["vip.rectification"].with_user(self.compliance).create({
            "company_id": self.company.id, "title": "Missing ID copy", "description": "No ID copy on file.",
            "source": "audit", "level": level, "owner_id": (owner or self.owner).id, **vals,
        })

    def _evidence(self, rect):
        attachment = self.env["ir.attachment"].with_user(self.owner).create({
            "name": "evidence.pdf", "raw": b"%PDF evidence", "res_model": rect._name, "res_id": rect.id,
        })
        rect.with_user(self.owner).write({
            "action_plan": "Copy the ID at the next visit.", "evidence_ids": [Command.link(attachment.id)],
        })


@tagged("post_install", "-at_install")
class TestRectification(RectificationCommon):
    def test_deadlines_per_level(self):
        """R-OVS-04: assigned on Friday 20 November 2026 10:00, a general rectification is due
        7 working days later (the Monday holiday skipped: Wednesday 2 December 17:00), a major one
        30 working days later (Monday 4 January 2027), an urgent one 24 clock hours later."""
        with freeze_time(FRIDAY):
            general, major, urgent = self._rect("general"), self._rect("major"), self._rect("urgent")
            self.assertFalse(general.deadline)
            (general | major | urgent).with_user(self.compliance).action_start()
        self.assertEqual(general.state, "in_progress")
        self.assertEqual(general.name[:8], "RX/2026/")
        self.assertEqual(general.deadline, datetime(2026, 12, 2, 17, 0))
        self.assertEqual(major.deadline, datetime(2027, 1, 4, 17, 0))
        self.assertEqual(urgent.deadline, datetime(2026, 11, 21, 10, 0))
        # The owner has the to-do, due on the deadline's day.
        todo = general.activity_ids.filtered(lambda a: a.user_id == self.owner)
        self.assertEqual(todo.date_deadline, datetime(2026, 12, 2).date())

    def test_deadline_setting(self):
        """R-OVS-04: the deadlines are company settings (2 working days here: Wednesday 25
        November, the Monday holiday skipped)."""
        self.company.vip_ovs_rect_general_days = 2
        self.assertEqual(self.env["res.company"].default_get(["vip_ovs_rect_general_days"]), {"vip_ovs_rect_general_days": 7})
        with freeze_time(FRIDAY):
            rect = self._rect()
            rect.with_user(self.compliance).action_start()
        self.assertEqual(rect.deadline, datetime(2026, 11, 25, 17, 0))

    def test_general_deadline_across_national_day(self):
        """R-OVS-04 / issue 9.7: on the Shanghai calendar with the shipped Chinese holidays, a
        general rectification assigned on Wednesday 30 September 2026 skips National Day (1-7
        October) and counts the make-up Saturday 10 October: due Thursday 15 October 17:00
        Shanghai time (09:00 UTC)."""
        self.calendar.tz = "Asia/Shanghai"
        self.env["vip.holiday.import"]._vip_copy_shipped_holidays(self.calendar.id)
        with freeze_time(datetime(2026, 9, 30, 2, 0)):
            rect = self._rect()
            rect.with_user(self.compliance).action_start()
        self.assertEqual(rect.deadline, datetime(2026, 10, 15, 9, 0))

    def test_who_does_which_step(self):
        """R-OVS-04: internal control assigns; only the owner writes the plan and submits the
        evidence; only internal control re-checks, sends back with a note or closes."""
        rect = self._rect()
        with self.assertRaisesRegex(UserError, "Only internal control"):
            rect.with_user(self.vip_manager).action_start()
        with self.assertRaisesRegex(UserError, "Only internal control"):
            rect.with_user(self.owner).action_start()
        rect.with_user(self.compliance).action_start()
        with self.assertRaisesRegex(UserError, "Only the owner"):
            rect.with_user(self.compliance).write({"action_plan": "Compliance writes it"})
        with self.assertRaisesRegex(UserError, "Write the action plan"):
            rect.with_user(self.owner).action_submit()
        self._evidence(rect)
        with self.assertRaisesRegex(UserError, "Only the owner"):
            rect.with_user(self.compliance).action_submit()
        rect.with_user(self.owner).action_submit()
        self.assertEqual(rect.state, "to_recheck")
        self.assertFalse(rect.activity_ids.filtered(lambda a: a.user_id == self.owner))
        with self.assertRaisesRegex(UserError, "Only internal control"):
            rect.with_user(self.owner).action_close()
        with self.assertRaisesRegex(UserError, "Only internal control"):
            rect.with_user(self.owner).write({"recheck_note": "Fine by me"})
        # A failed re-check: back to the owner, with the reason.
        with self.assertRaisesRegex(UserError, "re-check note"):
            rect.with_user(self.compliance).action_reopen()
        rect.with_user(self.compliance).recheck_note = "The copy is unreadable."
        rect.with_user(self.compliance).action_reopen()
        self.assertEqual((rect.state, rect.reopen_count), ("in_progress", 1))
        rect.with_user(self.owner).action_submit()
        rect.with_user(self.compliance).action_close()
        self.assertEqual(rect.state, "closed")
        self.assertEqual(rect.recheck_user_id, self.compliance)
        self.assertTrue(rect.close_date)
        # Closed: the plan and the evidence no longer change.
        with self.assertRaises(UserError):
            rect.with_user(self.owner).write({"action_plan": "Rewritten"})

    def test_state_only_through_buttons(self):
        """R-OVS-04 / R-SEC-01: neither the owner nor internal control writes the state or the
        deadline directly."""
        rect = self._rect()
        rect.with_user(self.compliance).action_start()
        for user in (self.owner, self.compliance, self.gm):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "change only through its buttons"):
                rect.with_user(user).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            rect.with_user(self.compliance).write({"deadline": "2030-01-01 00:00:00"})
        self.assertEqual(rect.state, "in_progress")

    def test_late_flag_and_escalation(self):
        """R-OVS-04: past its deadline an open rectification is late (a searchable flag); the
        hourly cron gives the owner's manager and the internal controller who assigned it one
        escalation activity each, once."""
        with freeze_time(FRIDAY):
            rect = self._rect("urgent")
            rect.with_user(self.compliance).action_start()
            on_time = self._rect("general")
            on_time.with_user(self.compliance).action_start()
        self.assertEqual(rect.manager_id, self.head)
        Rect = self.env["vip.rectification"].with_user(self.compliance)
        with freeze_time(datetime(2026, 11, 21, 11, 0)):
            rect.invalidate_recordset(["is_late"])
            self.assertTrue(rect.is_late)
            self.assertEqual(Rect.search([("is_late", "=", True), ("id", "in", (rect | on_time).ids)]), rect)
            self.assertEqual(Rect.search([("is_late", "=", False), ("id", "in", (rect | on_time).ids)]), on_time)
            self.env.ref("vip_customer_care.cron_vip_rectification_late").method_direct_trigger()
            self.env.ref("vip_customer_care.cron_vip_rectification_late").method_direct_trigger()
        warning = self.env.ref("mail.mail_activity_data_warning")
        alerts = rect.activity_ids.filtered(lambda a: a.activity_type_id == warning)
        self.assertEqual(alerts.user_id, self.head | self.compliance)
        self.assertEqual(len(alerts), 2)
        self.assertIn(rect.name, alerts[0].summary)
        self.assertTrue(rect.late_alerted)
        self.assertFalse(on_time.activity_ids.filtered(lambda a: a.activity_type_id == warning))
        # The manager reads the late rectification the alert points to, without changing it.
        self.assertEqual(rect.with_user(self.head).read(["title"])[0]["title"], "Missing ID copy")
        with self.assertRaises(AccessError):
            rect.with_user(self.head).check_access("write")

    def test_new_from_incident(self):
        """R-OVS-04: internal control opens a rectification from an incident, prefilled with
        its source, company, title and links; sales may not."""
        incident = self.env["vip.incident"].with_user(self.requester).create({
            "company_id": self.company.id, "incident_type": "lost_item", "title": "Bag left in the lounge",
        })
        action = incident.with_user(self.compliance).action_vip_new_rectification()
        self.assertEqual(action["res_model"], "vip.rectification")
        form = self.env["vip.rectification"].with_user(self.compliance).with_context(**action["context"])
        rect = form.create({"description": "Lounge not checked after the visit.", "owner_id": self.owner.id})
        self.assertEqual((rect.source, rect.incident_id, rect.title), ("incident", incident, "Bag left in the lounge"))
        with self.assertRaises(AccessError):
            incident.with_user(self.requester).action_vip_new_rectification()

    def test_record_rules(self):
        """R-OVS-04 / R-SEC-02: an owner sees their own rectifications only; internal control,
        VIP managers and the GM see all of their company, none of another company."""
        mine = self._rect()
        other = self._rect(owner=self.sales_other)
        Rect = self.env["vip.rectification"]
        both = (mine | other).ids
        self.assertEqual(Rect.with_user(self.owner).search([("id", "in", both)]), mine)
        self.assertEqual(Rect.with_user(self.sales_other).search([("id", "in", both)]), other)
        with self.assertRaises(AccessError):
            other.with_user(self.owner).read(["title"])
        with self.assertRaises(AccessError):
            Rect.with_user(self.owner).create({"title": "x", "description": "y", "owner_id": self.owner.id,
                                               "company_id": self.company.id})
        for user in (self.compliance, self.vip_manager, self.gm):
            with self.subTest(user=user.login):
                self.assertEqual(Rect.with_user(user).search([("id", "in", both)]), mine | other)
        company_b = self.env["res.company"].create({"name": "Rectification B"})
        compliance_b = new_test_user(
            self.env, login="rx_compliance_b", groups="base.group_user,vip_customer_care.group_vip_compliance",
            company_id=company_b.id, company_ids=[company_b.id],
        )
        self.assertFalse(Rect.with_user(compliance_b).search([("id", "in", both)]))
        with self.assertRaises(AccessError):
            mine.with_user(compliance_b).read(["title"])


@tagged("post_install", "-at_install")
class TestRectificationRpc(CallKwCase):
    """R-OVS-04 over JSON-RPC as the web client sends it: the owner cannot write the state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.owner = new_test_user(cls.env, login="rx_rpc_owner", groups="base.group_user,vip_customer_care.group_vip_user",
                                  company_id=company.id, company_ids=[company.id])
        cls.compliance = new_test_user(
            cls.env, login="rx_rpc_compliance", groups="base.group_user,vip_customer_care.group_vip_compliance",
            company_id=company.id, company_ids=[company.id],
        )
        cls.rect = cls.env["vip.rectification"].with_user(cls.compliance).create({
            "title": "Late survey", "description": "Survey sent after 5 days.", "owner_id": cls.owner.id,
            "source": "survey",
        })
        cls.rect.with_user(cls.compliance).action_start()

    def test_owner_cannot_write_state_over_rpc(self):
        """R-OVS-04 / R-SEC-01: a raw write of the state by the owner over JSON-RPC is refused
        with the message the user reads; the owner's own buttons work."""
        self.login(self.owner)
        with self.assertRaises(RpcRefused) as refused:
            self.call_kw("vip.rectification", "write", [[self.rect.id], {"state": "closed"}])
        self.assertIn("change only through its buttons", refused.exception.message)
        with self.assertRaises(RpcRefused) as refused:
            self.call_kw("vip.rectification", "action_close", [[self.rect.id]])
        self.assertIn("Only internal control", refused.exception.message)
        attachment = self.call_kw("ir.attachment", "create", [{
            "name": "proof.txt", "datas": base64.b64encode(b"proof").decode(),
            "res_model": "vip.rectification", "res_id": self.rect.id,
        }])
        self.call_kw("vip.rectification", "write", [[self.rect.id], {
            "action_plan": "Send surveys the same day.", "evidence_ids": [[4, attachment]],
        }])
        self.call_kw("vip.rectification", "action_submit", [[self.rect.id]])
        self.assertEqual(self.rect.state, "to_recheck")
        self.login(self.compliance)
        with self.assertRaises(RpcRefused) as refused:
            self.call_kw("vip.rectification", "write", [[self.rect.id], {"state": "closed"}])
        self.assertIn("change only through its buttons", refused.exception.message)
        self.call_kw("vip.rectification", "action_close", [[self.rect.id]])
        self.assertEqual(self.rect.state, "closed")
