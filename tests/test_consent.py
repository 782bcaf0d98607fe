# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import VipCommon


@tagged("post_install", "-at_install")
class TestConsent(VipCommon):
    def _consent(self, partner, marketing=True):
        partner.write({
            "vip_consent_service": True, "vip_consent_marketing": marketing,
            "vip_consent_date": date.today(), "vip_consent_method": "written",
        })

    def test_consent_needs_date_and_method(self):
        """R-PII-03: consent is recorded with its date and the way it was given."""
        with self.assertRaisesRegex(ValidationError, "date and the way"):
            self.customer.write({"vip_consent_marketing": True})
        with self.assertRaisesRegex(ValidationError, "future"):
            self.customer.write({
                "vip_consent_service": True, "vip_consent_method": "written",
                "vip_consent_date": fields.Date.context_today(self.customer) + timedelta(days=1),
            })
        self._consent(self.customer)
        self.assertTrue(self.customer.vip_marketing_allowed)

    def test_marketing_allowed_follows_consent_and_blacklist(self):
        """R-PII-03: marketing is allowed only with marketing consent, an e-mail and no blacklist."""
        self._consent(self.customer, marketing=False)
        self._consent(self.customer_other)
        Partner = self.env["res.partner"]
        self.assertFalse(self.customer.vip_marketing_allowed)
        self.assertFalse(self.customer_other.vip_marketing_allowed, "no e-mail address")
        self.customer_other.email = "li@example.com"
        self.assertTrue(self.customer_other.vip_marketing_allowed)
        ids = (self.customer | self.customer_other).ids
        self.assertEqual(Partner.search([("id", "in", ids), ("vip_marketing_allowed", "=", True)]), self.customer_other)
        self.assertEqual(Partner.search([("id", "in", ids), ("vip_marketing_allowed", "=", False)]), self.customer)

    def test_withdrawal_blacklists_and_new_consent_lifts(self):
        """R-PII-03: withdrawing marketing consent blocks mass mailing; giving it again lifts it."""
        self._consent(self.customer)
        self.customer.with_user(self.sales).vip_consent_marketing = False
        self.assertTrue(self.customer.is_blacklisted)
        self.customer.with_user(self.sales).vip_consent_marketing = True
        self.customer.invalidate_recordset(["is_blacklisted"])
        self.assertFalse(self.customer.is_blacklisted)

    def test_marketing_message_only_to_consenting_customers(self):
        """R-PII-03: the marketing wizard mails consenting customers only, with an unsubscribe link."""
        self._consent(self.customer)
        self._consent(self.customer_other, marketing=False)
        customers = self.customer | self.customer_other
        wizard = self.env["vip.marketing.message"].with_user(self.users["officer"]).with_context(
            active_model="res.partner", active_ids=customers.ids,
        ).create({"subject": "Autumn jade preview", "body": "<p>Welcome</p>"})
        self.assertEqual(wizard.partner_ids, customers)
        self.assertEqual(wizard.allowed_partner_ids, self.customer)
        self.assertEqual(wizard.skipped_partner_ids, self.customer_other)
        wizard.action_send()
        mails = self.env["mail.mail"].search([("subject", "=", "Autumn jade preview")])
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertIn(f"/vip_customer_care/unsubscribe/{self.customer.id}/", mails.body_html)

    def test_marketing_message_refused_without_consent(self):
        """R-PII-03: nothing is sent when no selected customer consents; sales cannot send."""
        wizard = self.env["vip.marketing.message"].with_user(self.users["officer"]).create({
            "subject": "x", "body": "<p>x</p>", "partner_ids": [(6, 0, self.customer.ids)],
        })
        with self.assertRaisesRegex(UserError, "accepts marketing"):
            wizard.action_send()
        with self.assertRaises(AccessError):
            self.env["vip.marketing.message"].with_user(self.sales).create({"subject": "x", "body": "x"})


@tagged("post_install", "-at_install")
class TestUnsubscribe(HttpCase):
    def test_unsubscribe_link(self):
        """R-PII-03: the unsubscribe path withdraws consent; a forged token changes nothing."""
        partner = self.env["res.partner"].create({
            "name": "Wang Fang", "email": "wang.fang@example.com", "vip_service_level": "general",
            "vip_consent_marketing": True, "vip_consent_date": date.today(), "vip_consent_method": "electronic",
        })
        token = self.env["vip.marketing.message"]._unsubscribe_token(partner)
        response = self.url_open(f"/vip_customer_care/unsubscribe/{partner.id}/forged")
        self.assertEqual(response.status_code, 404)
        partner.invalidate_recordset()
        self.assertTrue(partner.vip_consent_marketing)
        response = self.url_open(f"/vip_customer_care/unsubscribe/{partner.id}/{token}")
        self.assertEqual(response.status_code, 200)
        partner.invalidate_recordset()
        self.assertFalse(partner.vip_consent_marketing)
        self.assertTrue(partner.is_blacklisted)
