# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .call_kw_common import CallKwCase
from .visitor_common import VisitorCommon

DECEMBER = date(2026, 12, 1)
RECEPTION_CHECKS = ("identity_ok", "approvals_ok", "costs_ok", "records_ok", "satisfaction_ok")
VISIT_CHECKS = ("identity_ok", "approvals_ok", "gate_ok", "records_ok")
LINE_SPEC = {name: {} for name in ("kind", "result", *RECEPTION_CHECKS, "gate_ok", "finding_note")} | {
    "appointment_id": {"fields": {"display_name": {}}}, "reception_id": {"fields": {"display_name": {}}},
    "rectification_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestAuditSample(CallKwCase, VisitorCommon):
    """R-OVS-03: internal control samples 10 % (setting, at least one) of last month's
    receptions, and apart of last month's visits, reproducibly; findings become rectification
    items (R-OVS-04)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip_manager = new_test_user(
            cls.env, login="audit_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.receptions = cls.env["vip.reception"]
        for _i in range(12):
            cls.receptions |= cls._reception(cls)
        # Receptions that took place in December 2026 (their approval is tested in the
        # reception area); a draft and a cancelled one are not sampled.
        cls.draft = cls._reception(cls)
        cls.cancelled = cls._reception(cls)
        cls.env.cr.execute("UPDATE vip_reception SET state = 'done' WHERE id IN %s", [tuple(cls.receptions.ids)])
        cls.env.cr.execute("UPDATE vip_reception SET state = 'cancelled' WHERE id = %s", [cls.cancelled.id])
        # 15 visits that took place in December 2026 (10 closed at the gate, 5 approved: their
        # approval is tested in the visitor area); a draft, a declined and a cancelled one are
        # not sampled, nor a visit of November.
        cls.visits = cls.env["vip.visit.appointment"]
        for day in range(1, 16):
            cls.visits |= cls._visit(datetime(2026, 12, day, 9, 0))
        cls.visit_draft = cls._visit(datetime(2026, 12, 16, 9, 0))
        cls.visit_declined = cls._visit(datetime(2026, 12, 17, 9, 0))
        cls.visit_cancelled = cls._visit(datetime(2026, 12, 18, 9, 0))
        cls.visit_november = cls._visit(datetime(2026, 11, 26, 9, 0))
        for state, visits in (("done", cls.visits[:10] | cls.visit_november), ("approved", cls.visits[10:]),
                              ("declined", cls.visit_declined), ("cancelled", cls.visit_cancelled)):
            cls.env.cr.execute("UPDATE vip_visit_appointment SET state = %s WHERE id IN %s", [state, tuple(visits.ids)])
        cls.env.invalidate_all()

    @classmethod
    def _visit(cls, start):
        return cls._appointment(date_start=start, date_end=start + timedelta(hours=3))

    def _draw(self, month=DECEMBER, user=None):
        return self.env["vip.audit.sample"].with_user(user or self.compliance)._vip_draw(self.company, month)

    @staticmethod
    def _lines(sample, kind):
        return sample.line_ids.filtered(lambda line: line.kind == kind)

    def _forget(self, sample):
        """Forget the stored sample (test only), to draw the month afresh."""
        self.env.cr.execute("DELETE FROM vip_audit_sample WHERE id = %s", [sample.id])
        self.env.invalidate_all()

    def test_size_and_reproducible(self):
        """R-OVS-03: ceil(10 % of 12) = 2 receptions of the month that took place; drawing the
        month again gives the same sample; a fresh draw with the same seed picks the same ones."""
        sample = self._draw()
        self.assertEqual(len(self._lines(sample, "reception")), math.ceil(12 * 0.10))
        self.assertEqual(sample.population_count, 12)
        self.assertEqual(sample.name, "Audit sample 2026-12")
        self.assertTrue(set(sample.line_ids.reception_id.ids) <= set(self.receptions.ids))
        self.assertEqual(self._draw(date(2026, 12, 20)), sample)
        self.assertEqual(self.env["vip.audit.sample"].search_count([("company_id", "=", self.company.id)]), 1)
        chosen = sample.line_ids.reception_id
        # A fresh draw picks the same receptions.
        self._forget(sample)
        self.assertEqual(self._draw().line_ids.reception_id, chosen)

    def test_at_least_one_and_setting(self):
        """R-OVS-03: the share is a company setting (50 %: 6 of 12); a small month still gives one."""
        self.company.vip_ovs_audit_sample_percent = 50.0
        self.assertEqual(len(self._lines(self._draw(), "reception")), 6)
        self.company.vip_ovs_audit_sample_percent = 1.0
        self.env.cr.execute("UPDATE vip_reception SET date_start = '2026-11-10 09:00' WHERE id = %s",
                            [self.receptions[0].id])
        self.env.invalidate_all()
        november = self._draw(date(2026, 11, 1))
        self.assertEqual(november.line_ids.reception_id, self.receptions[0])
        self.assertFalse(self._draw(date(2026, 10, 1)), "no reception nor visit, no sample")

    def test_no_duplicate_sample(self):
        """R-OVS-03: one sample per company and month, even when created by hand."""
        sample = self._draw()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.env["vip.audit.sample"].with_user(self.compliance).create({
                "company_id": self.company.id, "month": DECEMBER,
            })
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception), self.env.cr.savepoint():
            self.env["vip.audit.sample"].create({"company_id": self.company.id, "month": DECEMBER})
        self.assertEqual(self._draw(), sample)

    def test_draw_last_month_button(self):
        """R-OVS-03: the list's header button draws last month's sample, with rows selected or
        none (the web client passes the selection), and opens that month."""
        with freeze_time(datetime(2027, 1, 10, 9, 0)):
            Sample = self.env["vip.audit.sample"].with_user(self.compliance).with_context(
                allowed_company_ids=self.company.ids,
            )
            action = Sample.browse().action_draw_last_month()
            sample = Sample.search([("month", "=", DECEMBER)])
            self.assertEqual(len(sample), 1)
            self.assertEqual(action["domain"], [("month", "=", DECEMBER)])
            sample.action_draw_last_month()
            self.assertEqual(Sample.search_count([("month", "=", DECEMBER)]), 1)
            with self.assertRaisesRegex(UserError, "Only internal control"):
                sample.with_user(self.vip_manager).action_draw_last_month()

    def test_checklist_pass_and_finding(self):
        """R-OVS-03 / R-OVS-04: a line passes with every check ticked; a finding needs a note and
        creates a rectification (source audit finding, the reception's requester as owner),
        linked back to the line; the decided line no longer changes."""
        self.company.vip_ovs_audit_sample_percent = 50.0
        lines = self._lines(self._draw(), "reception").with_user(self.compliance)
        good, bad = lines[0], lines[1]
        with self.assertRaisesRegex(UserError, "every check ticked"):
            good.action_pass()
        with self.assertRaisesRegex(ValidationError, "Pass returned, gate log complete: does not apply"), \
                self.env.cr.savepoint():
            good.write({"gate_ok": True})
        good.write(dict.fromkeys(RECEPTION_CHECKS, True))
        good.action_pass()
        self.assertEqual((good.result, good.reviewer_id), ("pass", self.compliance))
        with self.assertRaises(UserError):
            good.write({"costs_ok": False})
        bad.identity_ok = True
        with self.assertRaisesRegex(UserError, "Describe the finding"):
            bad.action_finding()
        bad.finding_note = "No receipt for the banquet."
        bad.action_finding()
        rect = bad.rectification_id
        self.assertEqual(bad.result, "finding")
        self.assertEqual((rect.source, rect.state, rect.level), ("audit", "draft", "general"))
        self.assertEqual(rect.audit_line_id, bad)
        self.assertEqual(rect.reception_id, bad.reception_id)
        self.assertFalse(rect.appointment_id)
        self.assertEqual(rect.owner_id, self.requester)
        self.assertIn("No receipt for the banquet.", rect.description)
        self.assertIn("Costs matched with vouchers", rect.description)
        self.assertEqual(bad.sample_id.finding_count, 1)
        action = bad.sample_id.action_view_rectifications()
        self.assertEqual(self.env["vip.rectification"].search(action["domain"]), rect)
        # The rectification follows its course (R-OVS-04).
        rect.with_user(self.compliance).action_start()
        self.assertEqual(rect.state, "in_progress")
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            lines[2].write({"result": "pass"})

    def test_access_per_group(self):
        """R-OVS-03 / R-SEC-01/02: internal control draws and checks; VIP managers and the GM
        read; sales do not see the samples; another company's internal control sees nothing."""
        sample = self._draw()
        line = sample.line_ids[0]
        for user in (self.vip_manager, self.gm):
            with self.subTest(user=user.login):
                self.assertEqual(self.env["vip.audit.sample"].with_user(user).search([]), sample)
                for each in (line, self._lines(sample, "visit")[0]):
                    with self.assertRaises(AccessError):
                        each.with_user(user).write({"identity_ok": True})
                    with self.assertRaisesRegex(UserError, "Only internal control"):
                        each.with_user(user).action_pass()
        for user in (self.requester, self.marketing, self.finance_1):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                sample.with_user(user).read(["name"])
        company_b = self.env["res.company"].create({"name": "Audit B"})
        compliance_b = new_test_user(
            self.env, login="audit_compliance_b", groups="base.group_user,vip_customer_care.group_vip_compliance",
            company_id=company_b.id, company_ids=[company_b.id],
        )
        self.assertFalse(self.env["vip.audit.sample"].with_user(compliance_b).search([]))
        self.assertFalse(self.env["vip.audit.sample.line"].with_user(compliance_b).search([]))
        with self.assertRaises(AccessError):
            line.with_user(compliance_b).read(["result"])

    # ------------------------------------------------------------------ visits
    def test_visit_sample_size_and_reproducible(self):
        """R-OVS-03: the sample also holds ceil(10 % of 15) = 2 of December's 15 visits that took
        place (approved or done; not the draft, declined or cancelled ones, nor November's);
        drawing again, or afresh with the same seed, gives the same visits."""
        sample = self._draw()
        visit_lines = self._lines(sample, "visit")
        self.assertEqual((sample.visit_population_count, sample.visit_line_count), (15, math.ceil(15 * 0.10)))
        self.assertEqual((sample.population_count, sample.line_count), (12, 2 + 2))
        self.assertEqual(len(visit_lines.appointment_id), 2)
        self.assertTrue(visit_lines.appointment_id <= self.visits)
        self.assertFalse(visit_lines.reception_id)
        self.assertEqual(visit_lines.partner_ids, self.customer)
        self.assertEqual(visit_lines.requester_id, self.requester)
        self.assertEqual(self._draw(date(2026, 12, 28)), sample)
        chosen = visit_lines.appointment_id
        self._forget(sample)
        self.assertEqual(self._lines(self._draw(), "visit").appointment_id, chosen)

    def test_visit_share_setting_and_at_least_one(self):
        """R-OVS-03: the visits follow the same share setting (50 %: ceil(7.5) = 8 of 15), and a
        month with a single visit and no reception still gives a sample of that one visit."""
        self.company.vip_ovs_audit_sample_percent = 50.0
        december = self._draw()
        self.assertEqual((december.visit_line_count, len(self._lines(december, "reception"))), (8, 6))
        self.company.vip_ovs_audit_sample_percent = 1.0
        november = self._draw(date(2026, 11, 1))
        self.assertEqual((november.population_count, november.visit_population_count), (0, 1))
        self.assertEqual(november.line_ids.appointment_id, self.visit_november)
        self.assertEqual(november.line_ids.kind, "visit")

    def test_visit_draw_independent_of_receptions(self):
        """R-OVS-03: the visits are drawn apart from the receptions (their own seed): whatever
        last month's receptions were, even none, the same visits are sampled."""
        chosen = self._lines(self._draw(), "visit").appointment_id
        for cancelled in (self.receptions[:6], self.receptions):
            with self.subTest(receptions_left=len(self.receptions - cancelled)):
                self._forget(self.env["vip.audit.sample"].search([("company_id", "=", self.company.id)]))
                self.env.cr.execute("UPDATE vip_reception SET state = 'cancelled' WHERE id IN %s", [tuple(cancelled.ids)])
                self.env.invalidate_all()
                sample = self._draw()
                self.assertEqual(sample.population_count, len(self.receptions - cancelled))
                self.assertEqual(self._lines(sample, "visit").appointment_id, chosen)
        self.assertEqual(sample.line_count, 2, "no reception left: the visits only")

    def test_line_is_reception_or_visit(self):
        """R-OVS-03: a sampled line points to exactly one reception or one visit, and a visit is
        sampled once a month (even for the system)."""
        sample = self._draw()
        Line = self.env["vip.audit.sample.line"]
        for vals in ({}, {"reception_id": self.receptions[0].id, "appointment_id": self.visits[0].id},
                     {"appointment_id": self._lines(sample, "visit")[0].appointment_id.id}):
            with self.subTest(vals=vals), mute_logger("odoo.sql_db"), self.assertRaises(Exception), \
                    self.env.cr.savepoint():
                Line.create({"sample_id": sample.id, **vals})
                Line.flush_model()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            Line.with_user(self.compliance).create({"sample_id": sample.id, "appointment_id": self.visit_draft.id})

    def test_visit_finding_becomes_rectification(self):
        """R-OVS-03 / R-OVS-04: a visit passes with its own checklist ticked (identity at the
        gate, approvals, pass returned and gate log, records), without the costs and
        satisfaction checks, which do not apply to a visit; a finding on a visit creates a
        rectification linked to the appointment (the booker as owner) and back to the line."""
        self.company.vip_ovs_audit_sample_percent = 50.0
        good, bad = self._lines(self._draw(), "visit").with_user(self.compliance)[:2]
        for check in ("costs_ok", "satisfaction_ok"):
            with self.subTest(check=check), self.assertRaisesRegex(ValidationError, "does not apply to"), \
                    self.env.cr.savepoint():
                good.write({check: True})
        good.write(dict.fromkeys(VISIT_CHECKS[:-1], True))
        with self.assertRaisesRegex(UserError, "every check ticked"):
            good.action_pass()
        good.records_ok = True
        good.action_pass()
        self.assertEqual((good.result, good.reviewer_id, good.costs_ok), ("pass", self.compliance, False))
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            good.write({"result": "finding"})
        bad.write({"identity_ok": True, "approvals_ok": True})
        bad.finding_note = "The companion's pass was never returned."
        bad.action_finding()
        rect = bad.rectification_id
        self.assertEqual((bad.result, rect.source, rect.state), ("finding", "audit", "draft"))
        self.assertEqual((rect.appointment_id, rect.audit_line_id, rect.owner_id), (bad.appointment_id, bad, self.requester))
        self.assertFalse(rect.reception_id)
        self.assertEqual(rect.title, f"Audit 2026-12: {bad.appointment_id.display_name}")
        self.assertIn("Pass returned, gate log complete", rect.description)
        self.assertIn("Records attached", rect.description)
        self.assertNotIn("Costs matched with vouchers", rect.description)
        action = bad.sample_id.action_view_rectifications()
        self.assertEqual(self.env["vip.rectification"].search(action["domain"]), rect)
        # The owner sees the rectification about the visit (R-OVS-04).
        self.assertEqual(self.env["vip.rectification"].with_user(self.requester).search([]), rect)

    def test_visit_checklist_over_rpc(self):
        """R-OVS-03: internal control works the visit checklist as the web client does (the
        sample's form saved with the line's ticks, then the line's buttons): a check that does
        not apply is refused, Pass and Finding go through, a decided line keeps its ticks; a
        VIP manager reads but neither ticks nor decides; sales and security do not see the
        lines."""
        self.company.vip_ovs_audit_sample_percent = 50.0
        sample = self._draw()
        good, bad = self._lines(sample, "visit")[:2]
        Sample, Line = "vip.audit.sample", "vip.audit.sample.line"

        def save(line, vals):
            return self.call_kw(Sample, "web_save", [sample.ids, {"line_ids": [Command.update(line.id, vals)]}],
                                {"specification": {"line_ids": {"fields": LINE_SPEC}}})

        self.login(self.compliance)
        [form] = self.call_kw(Sample, "web_read", [sample.ids], {"specification": {
            "visit_line_count": {}, "line_ids": {"fields": LINE_SPEC},
        }})
        shown = {row["id"]: row for row in form["line_ids"]}
        self.assertEqual(form["visit_line_count"], 8)
        self.assertEqual(shown[good.id]["kind"], "visit")
        self.assertEqual(shown[good.id]["appointment_id"]["display_name"], good.appointment_id.display_name)
        self.assertFalse(shown[good.id]["reception_id"])
        self.assertRefused(r"Costs matched with vouchers: does not apply", Sample, "web_save",
                           [sample.ids, {"line_ids": [Command.update(good.id, {"costs_ok": True})]}],
                           {"specification": {}}, exception="ValidationError")
        save(good, dict.fromkeys(VISIT_CHECKS, True))
        self.assertTrue(self.call_kw(Line, "action_pass", [good.ids]))
        self.assertEqual((good.result, good.reviewer_id, good.gate_ok), ("pass", self.compliance, True))
        self.assertRefused(r"can no longer be changed", Line, "write", [good.ids, {"gate_ok": False}])
        self.assertRefused(r"already checked", Line, "action_finding", [good.ids])
        save(bad, {"identity_ok": True, "finding_note": "Gate log has no exit time."})
        self.call_kw(Line, "action_finding", [bad.ids])
        self.assertEqual(bad.result, "finding")
        self.assertEqual(bad.rectification_id.appointment_id, bad.appointment_id)
        self.login(self.vip_manager)
        [row] = self.call_kw(Line, "web_read", [bad.ids], {"specification": LINE_SPEC})
        self.assertEqual((row["kind"], row["result"]), ("visit", "finding"))
        other = self._lines(sample, "visit")[2]
        self.assertRefused(r".", Line, "write", [other.ids, {"identity_ok": True}], exception="AccessError")
        self.assertRefused(r"Only internal control", Line, "action_pass", [other.ids], exception="UserError")
        for user in (self.requester, self.guard):
            with self.subTest(user=user.login):
                self.login(user)
                self.assertRefused(r".", Line, "web_read", [other.ids], {"specification": LINE_SPEC},
                                   exception="AccessError")
        self.assertEqual((other.result, other.identity_ok), ("pending", False))
