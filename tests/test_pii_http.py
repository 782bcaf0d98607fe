# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase, RpcRefused
from .common import OTHER_PRC_ID, VALID_PRC_ID, VipCommon

WRONG_GUESSES = [f"110105194912{day:02d}0029" for day in range(1, 12)]


@tagged("post_install", "-at_install")
class TestPiiHttp(VipCommon, CallKwCase):
    """Issue 18, the older areas of customer data, tried over JSON-RPC as the web client sends
    it: identity checks throttled (R-PII-01), VIP customers hidden from users without a VIP role
    (R-PII-02), masked values not blanked by those who cannot read them (R-PII-01)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.compliance = cls.users["compliance"]
        cls.plain_contact = cls.env["res.partner"].create({"name": "Plain Supplier", "company_id": cls.company_a.id})

    def _verify(self, number, partner=None):
        return self.call_kw("res.partner", "vip_verify_identity", [[(partner or self.customer).id], number])

    # ------------------------------------------------------------------ R-PII-01 throttle
    def test_identity_check_locked_after_failed_attempts(self):
        """R-PII-01 / issue 18: after 5 failed 'Verify ID' checks of one customer (company
        setting) the salesperson's checks of that customer are refused, even with the right
        number; every failure is logged, compliance gets an activity and sees the lock; another
        user is not locked."""
        self.assertEqual(self.company_a.vip_id_check_max_attempts, 5)
        self.login(self.sales)
        for guess in WRONG_GUESSES[:5]:
            self.assertFalse(self._verify(guess))
        with self.assertRaises(RpcRefused) as caught:
            self._verify(VALID_PRC_ID)
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertIn("locked for you", caught.exception.message)
        self.assertIn("Zhang Wei", caught.exception.message)
        self.assertNotIn(VALID_PRC_ID, caught.exception.message)
        # The wizard of the form refuses as well.
        check = self.call_kw("vip.identity.check", "create", [{
            "res_model": "res.partner", "res_id": self.customer.id, "id_number": VALID_PRC_ID}])
        with self.assertRaisesRegex(RpcRefused, "locked for you"):
            self.call_kw("vip.identity.check", "action_verify", [[check]])

        logs = self.env["vip.identity.check.log"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertEqual(logs.mapped("result"), ["no_match"] * 5)
        self.assertEqual(logs.user_id, self.sales)

        self.login(self.compliance)
        locks = self.call_kw("vip.identity.check.lock", "search_read", [[("lock_count", ">", 0)]], {
            "fields": ["user_id", "res_name", "failed_count", "locked_until"]})
        self.assertEqual(len(locks), 1)
        self.assertEqual(locks[0]["user_id"][0], self.sales.id)
        self.assertEqual((locks[0]["res_name"], locks[0]["failed_count"]), ("Zhang Wei", 5))
        activities = self.call_kw("mail.activity", "search_read", [[
            ("res_model", "=", "vip.identity.check.lock"), ("user_id", "=", self.compliance.id)]], {
            "fields": ["summary", "note"]})
        self.assertEqual(len(activities), 1)
        self.assertIn("Zhang Wei", activities[0]["summary"])
        self.assertIn(self.sales.name, activities[0]["note"])
        activity = self.env["mail.activity"].browse(activities[0]["id"])
        self.assertEqual(activity.create_uid, self.env.ref("base.user_root"))

        # The lock is the salesperson's for this customer: marketing still checks it.
        self.login(self.users["officer"])
        self.assertTrue(self._verify(VALID_PRC_ID))

    def test_identity_check_match_resets_and_lock_expires(self):
        """R-PII-01 / issue 18: a match starts the count again; the company setting sets the
        number of failures and the window; the lock ends after the window."""
        self.company_a.write({"vip_id_check_max_attempts": 3, "vip_id_check_lock_minutes": 30})
        customer = self.customer.with_user(self.sales)
        start = datetime(2026, 11, 20, 10, 0)
        with freeze_time(start):
            self.assertFalse(customer.vip_verify_identity(WRONG_GUESSES[0]))
            self.assertFalse(customer.vip_verify_identity(WRONG_GUESSES[1]))
            self.assertTrue(customer.vip_verify_identity(VALID_PRC_ID))
            self.assertFalse(customer.vip_verify_identity(WRONG_GUESSES[2]))
            self.assertFalse(customer.vip_verify_identity(WRONG_GUESSES[3]))
            self.assertFalse(customer.vip_verify_identity(WRONG_GUESSES[4]))
            with self.assertRaisesRegex(Exception, "locked for you"):
                customer.vip_verify_identity(VALID_PRC_ID)
        with freeze_time(start + timedelta(minutes=29)), self.assertRaisesRegex(Exception, "locked for you"):
            customer.vip_verify_identity(VALID_PRC_ID)
        with freeze_time(start + timedelta(minutes=31)):
            self.assertTrue(customer.vip_verify_identity(VALID_PRC_ID))

    # ------------------------------------------------------------------ R-PII-02 visibility
    def test_no_vip_role_sees_no_vip_customer(self):
        """R-PII-02 / issue 18: an internal user without a VIP role finds no VIP customer (list,
        name search, read by id), while plain contacts and colleagues stay visible; an
        accountant without a VIP role still sees them (invoicing) but no VIP field."""
        self.login(self.internal)
        customers = (self.customer | self.customer_other | self.plain_contact | self.sales.partner_id).ids
        rows = self.call_kw("res.partner", "search_read", [[("id", "in", customers)]], {"fields": ["name", "email", "phone"]})
        self.assertEqual({row["id"] for row in rows}, {self.plain_contact.id, self.sales.partner_id.id})
        self.assertFalse(self.call_kw("res.partner", "name_search", [], {"name": "Zhang Wei"}))
        with self.assertRaises(RpcRefused) as caught:
            self.call_kw("res.partner", "read", [[self.customer.id], ["name", "email"]])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")

        accountant = new_test_user(
            self.env, login="vip_test_accountant", groups="base.group_user,account.group_account_invoice",
            company_id=self.company_a.id, company_ids=[self.company_a.id],
        )
        self.login(accountant)
        rows = self.call_kw("res.partner", "search_read", [[("id", "in", customers)]], {"fields": ["name"]})
        self.assertEqual({row["id"] for row in rows}, set(customers))
        with self.assertRaisesRegex(RpcRefused, "AccessError"):
            self.call_kw("res.partner", "read", [[self.customer.id], ["vip_service_level"]])

    # ------------------------------------------------------------------ R-PII-01 masked writes
    def test_masked_values_not_blanked_by_who_cannot_read_them(self):
        """R-PII-01 / issue 18: a salesperson, who reads the ID number and private phone masked,
        cannot clear or replace them (clear message, values kept); the raw fields are refused
        too. Security, who reads them, changes them and the change is logged in the chatter
        by name, without the values."""
        self.login(self.sales)
        for vals in ({"vip_id_number_display": False}, {"vip_id_number_display": ""},
                     {"vip_id_number_display": OTHER_PRC_ID}, {"vip_private_phone_display": False}):
            with self.subTest(vals=vals), self.assertRaises(RpcRefused) as caught:
                self.call_kw("res.partner", "write", [[self.customer.id], vals])
            self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
            self.assertIn("cannot change or clear it", caught.exception.message)
        for fname in ("vip_id_number", "vip_private_phone", "vip_birthday", "vip_id_photo"):
            with self.subTest(field=fname), self.assertRaisesRegex(RpcRefused, "AccessError"):
                self.call_kw("res.partner", "write", [[self.customer.id], {fname: False}])
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.vip_id_number, VALID_PRC_ID)
        self.assertEqual(self.customer.vip_private_phone, "13800138000")

        guard = self.users["security"]
        self.login(guard)
        self.call_kw("res.partner", "write", [[self.customer.id], {"vip_private_phone_display": False}])
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.vip_private_phone)
        log = self.customer.message_ids.filtered(lambda m: "changed personal data" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, guard.partner_id)
        self.assertIn("Private phone (full)", log.body)
        self.assertNotIn("13800138000", log.body)

        # Now empty, the salesperson may record a number again (write-only entry), logged too.
        self.login(self.sales)
        self.call_kw("res.partner", "write", [[self.customer.id], {"vip_private_phone_display": "13900139000"}])
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.vip_private_phone, "13900139000")
        self.assertEqual(self.customer.message_ids[:1].author_id, self.sales.partner_id)
