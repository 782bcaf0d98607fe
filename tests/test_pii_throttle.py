# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPiiThrottleConcurrency(TransactionCase):
    """R-PII-01 / issue 18: the identity-check counter holds across workers."""

    def test_simultaneous_checks_of_one_pair_are_serialised(self):
        """R-PII-01 / issue 18: while one transaction checks a person for a user (the pair's
        counter is claimed), a second simultaneous check of the same pair cannot read the
        counter: it waits, here until a lock timeout, which Odoo retries like a serialisation
        failure, so that both checks are counted. Two real transactions (not the test's)."""
        admin_id = self.env.ref("base.user_admin").id
        partner_id = self.env.ref("base.main_partner").id
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            try:
                env1 = api.Environment(cr1, admin_id, {})
                env2 = api.Environment(cr2, admin_id, {})
                lock = env1["vip.identity.check.lock"]._vip_claim(env1["res.partner"].browse(partner_id))
                self.assertEqual(lock.failed_count, 0)
                cr2.execute("SET LOCAL lock_timeout = '300ms'")
                with self.assertRaises(psycopg2.errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                    env2["vip.identity.check.lock"]._vip_claim(env2["res.partner"].browse(partner_id))
            finally:
                cr1.rollback()
                cr2.rollback()
