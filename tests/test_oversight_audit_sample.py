# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .reception_common import ReceptionCommon

DECEMBER = date(2026, 12, 1)


@tagged("post_install", "-at_install")
class TestAuditSample(ReceptionCommon):
    """R-OVS-03: internal control samples 10 % (setting, at least one) of last month's
    receptions, reproducibly; findings become rectification items (R-OVS-04)."""

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
        cls.env.invalidate_all()

    def _draw(self, month=DECEMBER, user=None):
        return self.env["vip.audit.sample"].with_user(user or self.compliance)._vip_draw(self.company, month)

    def test_size_and_reproducible(self):
        """R-OVS-03: ceil(10 % of 12) = 2 receptions of the month that took place; drawing the
        month again gives the same sample; a fresh draw with the same seed picks the same ones."""
        sample = self._draw()
        self.assertEqual(sample.line_count, math.ceil(12 * 0.10))
        self.assertEqual(sample.population_count, 12)
        self.assertEqual(sample.name, "Audit sample 2026-12")
        self.assertTrue(set(sample.line_ids.reception_id.ids) <= set(self.receptions.ids))
        self.assertEqual(self._draw(date(2026, 12, 20)), sample)
        self.assertEqual(self.env["vip.audit.sample"].search_count([("company_id", "=", self.company.id)]), 1)
        chosen = sample.line_ids.reception_id
        # Forget the stored sample (test only): a fresh draw picks the same receptions.
        self.env.cr.execute("DELETE FROM vip_audit_sample WHERE id = %s", [sample.id])
        self.env.invalidate_all()
        self.assertEqual(self._draw().line_ids.reception_id, chosen)

    def test_at_least_one_and_setting(self):
        """R-OVS-03: the share is a company setting (50 %: 6 of 12); a small month still gives one."""
        self.company.vip_ovs_audit_sample_percent = 50.0
        self.assertEqual(self._draw().line_count, 6)
        self.company.vip_ovs_audit_sample_percent = 1.0
        self.env.cr.execute("UPDATE vip_reception SET date_start = '2026-11-10 09:00' WHERE id = %s",
                            [self.receptions[0].id])
        self.env.invalidate_all()
        november = self._draw(date(2026, 11, 1))
        self.assertEqual(november.line_ids.reception_id, self.receptions[0])
        self.assertFalse(self._draw(date(2026, 10, 1)), "no reception, no sample")

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
        lines = self._draw().line_ids.with_user(self.compliance)
        good, bad = lines[0], lines[1]
        with self.assertRaisesRegex(UserError, "every check ticked"):
            good.action_pass()
        good.write({name: True for name in ("identity_ok", "approvals_ok", "costs_ok", "records_ok", "satisfaction_ok")})
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
                with self.assertRaises(AccessError):
                    line.with_user(user).write({"identity_ok": True})
                with self.assertRaisesRegex(UserError, "Only internal control"):
                    line.with_user(user).action_pass()
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
