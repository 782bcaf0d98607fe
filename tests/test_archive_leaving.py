# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .archive_common import ArchiveCommon


@tagged("post_install", "-at_install")
class TestArchiveLeaving(ArchiveCommon):
    @freeze_time("2026-11-20 10:00:00")
    def test_leaving_employee_handover(self):
        """R-ARC-07 / R-PII-05: one step hands the leaving employee's customers, archives, open
        receptions and activities to the replacement; each archive gets a note, each customer a
        drafted introduction; no record stays with the old owner and the account reads nothing."""
        self.customer.lang = "en_US"
        archive = self._archive(keeper_id=self.keeper.id)
        archive.action_submit()
        archive.with_user(self.lead).validate_tier()
        reception = self._reception()
        self.customer.activity_schedule("mail.mail_activity_data_call", user_id=self.requester.id)
        wizard = self.env["vip.archive.leaving"].with_user(self.manager).create({
            "leaving_user_id": self.requester.id, "replacement_user_id": self.sales_other.id,
        })
        with self.assertRaises(AccessError):
            wizard.with_user(self.requester).action_apply()
        wizard.action_apply()
        old = self.requester
        archive, reception = archive.with_env(self.env), reception.with_env(self.env)
        with self.assertRaises(AccessError):
            self.env["vip.customer.archive"].browse(archive.id).with_user(old).read(["name"])
        env = self.env(context={"active_test": False})
        self.assertFalse(env["res.partner"].search(["|", ("user_id", "=", old.id), ("vip_agent_id", "=", old.id)]))
        self.assertFalse(env["vip.customer.archive"].search(
            ["|", "|", ("user_id", "=", old.id), ("responsible_user_ids", "in", old.id), ("keeper_id", "=", old.id)]))
        self.assertFalse(env["vip.reception"].search([("user_id", "=", old.id), ("state", "not in", ("done", "cancelled"))]))
        self.assertFalse(env["mail.activity"].search([("user_id", "=", old.id)]))
        self.assertEqual(archive.user_id, self.sales_other)
        self.assertEqual(reception.user_id, self.sales_other)
        self.assertTrue(any("taken over by" in (m.body or "") for m in archive.message_ids))
        intro = self.customer.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("vip_customer_care.mail_act_vip_archive_introduction"))
        self.assertEqual(intro.user_id, self.sales_other)
        self.assertIn(self.sales_other.name, str(intro.note))
        self.assertFalse(old.active)
        self.assertNotIn(old.partner_id, archive.message_partner_ids)
        self.assertFalse(self.env["vip.customer.archive"].with_user(old).search([]))
