# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name

from .call_kw_common import CallKwCase
from .loyalty_common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestVipCardDoors(LoyaltyCommon, CallKwCase):
    """Issue 18 items 6 and 7 (R-LOY-02/04, R-SEC-02): a VIP card carries its customer's
    company, and a customer holds one usable VIP card whatever the path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Card Test Textile B"})
        cls.officer_b = new_test_user(
            cls.env, login="card_officer_b", groups="base.group_user,vip_customer_care.group_vip_officer",
            company_id=cls.company_b.id, company_ids=[cls.company_b.id],
        )
        cls.other_program = cls.env["loyalty.program"].create({
            "name": "Shop stamps", "program_type": "loyalty", "company_id": False,
            "currency_id": cls.company.currency_id.id,
        })

    def setUp(self):
        super().setUp()
        self._paid_invoice(self.member, 3000)
        self.card = self._card(self.member)
        self.assertEqual(len(self.card), 1)

    def _vip_cards(self, partner):
        return self.env["loyalty.card"].with_context(active_test=False).search(
            [("partner_id", "=", partner.id), ("vip_is_points", "=", True)])

    def test_card_carries_customer_company(self):
        """R-SEC-02, issue 18: the VIP program has no company; its cards take the customer's,
        so another company's VIP officer neither finds nor reads a card and its points (ORM and
        JSON-RPC)."""
        self.assertFalse(self.program.company_id)
        self.assertEqual(self.card.company_id, self.company)
        Card = self.env["loyalty.card"].with_user(self.officer_b).with_context(allowed_company_ids=self.company_b.ids)
        self.assertFalse(Card.search([("id", "=", self.card.id)]))
        self.login(self.officer_b)
        result = self.call_kw("loyalty.card", "search_read", [[("vip_is_points", "=", True)], ["points"]])
        self.assertNotIn(self.card.id, [row["id"] for row in result])
        self.assertRefused("doesn't have 'read' access", "loyalty.card", "read",
                           [self.card.ids, ["points", "partner_id"]], exception="AccessError")
        self.login(self.marketing)
        result = self.call_kw("loyalty.card", "read", [self.card.ids, ["points"]])
        self.assertEqual(result, [{"id": self.card.id, "points": 30.0}])

    def test_second_card_refused_over_rpc(self):
        """R-LOY-02, issue 18: a VIP officer creating a second VIP card for a member over
        JSON-RPC, or importing one, is refused with a clear message; nothing is created."""
        self.login(self.marketing)
        self.assertRefused("already has a VIP member card", "loyalty.card", "create",
                           [{"program_id": self.program.id, "partner_id": self.member.id}], exception="ValidationError")
        result = self.call_kw(
            "loyalty.card", "load", [["program_id/.id", "partner_id/.id"], [[self.program.id, self.member.id]]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("already has a VIP member card", " ".join(m["message"] for m in result["messages"]))
        self.assertEqual(self._vip_cards(self.member), self.card)

    def test_card_moved_into_vip_program_refused(self):
        """R-LOY-02, issue 18: a card of another program is not moved into the VIP program
        (refused over JSON-RPC); even the bookkeeping itself (no Python check) meets the
        database's one-card rule, with the translated message."""
        stamp = self.env["loyalty.card"].create({"program_id": self.other_program.id, "partner_id": self.member.id})
        self.login(self.marketing)
        self.assertRefused("does not move into the VIP points program", "loyalty.card", "write",
                           [stamp.ids, {"program_id": self.program.id}], exception="UserError")
        stamp.invalidate_recordset()
        self.assertEqual(stamp.program_id, self.other_program)
        with self.assertRaisesRegex(ValidationError, "already has a VIP member card"):
            stamp._vip_system().write({"program_id": self.program.id})
        stamp.invalidate_recordset()
        self.assertEqual(stamp.program_id, self.other_program)
        self.assertEqual(self._vip_cards(self.member), self.card)

    def test_replacement_after_block_still_works(self):
        """R-LOY-04, issue 18: the one-card rule counts usable cards only: a lost card is
        blocked and its replacement issued in the same step."""
        action = self.card.with_user(self.marketing).action_vip_replace()
        new = self.env["loyalty.card"].browse(action["res_id"])
        self.assertEqual((self.card.vip_state, new.vip_state), ("blocked", "active"))
        self.assertEqual(new.company_id, self.company)


@tagged("post_install", "-at_install")
class TestVipCardRace(BaseCase):
    """R-LOY-02, issue 18: two simultaneous creations of a VIP card for one customer (two real
    database connections): the second waits for the first and is refused by the database's
    one-card rule, with the translated message."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self.partner_id = env["res.partner"].create({"name": "Race VIP", "company_id": env.company.id}).id
            self.program_id = env.ref("vip_customer_care.loyalty_program_vip_points").id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM loyalty_card WHERE partner_id = %s", [self.partner_id])
            card_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("DELETE FROM mail_message WHERE model = 'loyalty.card' AND res_id IN %s", [card_ids])
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'loyalty.card' AND res_id IN %s", [card_ids])
            cr.execute("DELETE FROM loyalty_card WHERE id IN %s", [card_ids])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _create(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["loyalty.card"].create({"program_id": self.program_id, "partner_id": self.partner_id})

    def test_two_creations_at_once(self):
        """R-LOY-02, issue 18: the first creation is still open when the second runs; after
        the first commits, the second is refused and only one card exists."""
        outcome = {}
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            self._create(cr1)  # not committed yet: the second creation cannot see it

            def second():
                try:
                    self._create(cr2)
                    outcome["created"] = True
                except ValidationError as exc:
                    outcome["error"] = str(exc)
                    cr2.rollback()

            thread = threading.Thread(target=second)
            thread.start()
            time.sleep(1.5)
            self.assertTrue(thread.is_alive(), "the second creation waits for the first")
            cr1.commit()
            thread.join(30)
        self.assertNotIn("created", outcome)
        self.assertIn("already has a VIP member card", outcome.get("error", ""))
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM loyalty_card WHERE partner_id = %s", [self.partner_id])
            self.assertEqual(cr.fetchone()[0], 1)
