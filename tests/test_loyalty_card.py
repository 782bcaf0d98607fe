# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import pdf_text
from .loyalty_common import LoyaltyCommon


class TestLoyaltyCard(LoyaltyCommon):
    """R-LOY-02 / R-LOY-04 / R-LOY-05: personal cards, validity, lost cards, freeze."""

    def setUp(self):
        super().setUp()
        self._paid_invoice(self.member, 3000)
        self.card = self._card(self.member)

    def test_no_transfer(self):
        """R-LOY-02: a card never changes holder."""
        with self.assertRaisesRegex(UserError, "personal"):
            self.card.with_user(self.marketing).write({"partner_id": self.member_2.id})
        self.assertEqual(self.card.partner_id, self.member)

    def test_no_merge(self):
        """R-LOY-02: contacts holding member cards are not merged (points are not combined)."""
        self._paid_invoice(self.member_2, 3000)
        wizard = self.env["base.partner.merge.automatic.wizard"]
        with self.assertRaisesRegex(UserError, "never merged"):
            wizard._merge((self.member | self.member_2).ids, self.member)

    def test_no_second_card(self):
        """R-LOY-02: one card per customer; points are not combined across cards."""
        with self.assertRaisesRegex(UserError, "already has a VIP member card"):
            self.env["loyalty.card"].with_user(self.marketing).create({
                "program_id": self.program.id, "partner_id": self.member.id,
            })

    def test_valid_two_years(self):
        """R-LOY-04: a card is valid 2 years; an expired card earns nothing."""
        today = fields.Date.context_today(self.card)
        self.assertEqual(self.card.expiration_date, today + relativedelta(years=2))
        with freeze_time(today + relativedelta(years=2, days=1)):
            self.card.invalidate_recordset()
            self.assertTrue(self.card.vip_is_expired)
            self._paid_invoice(self.member, 5000)
            self.assertEqual(self.card.points, 30)

    def test_lost_card_blocked_and_replacement_starts_at_zero(self):
        """R-LOY-04: the lost card is blocked; the replacement starts at zero and earns."""
        action = self.card.with_user(self.marketing).action_vip_replace()
        new = self.env["loyalty.card"].browse(action["res_id"])
        self.assertEqual(self.card.vip_state, "blocked")
        self.assertEqual((new.points, new.partner_id, new.vip_replaces_id), (0, self.member, self.card))
        self._paid_invoice(self.member, 1000)
        self.assertEqual((self.card.points, new.points), (30, 10))
        with self.assertRaises(UserError):
            self.card._vip_can_use(raise_error=True)

    def test_replace_needs_officer(self):
        """R-LOY-04: sales staff cannot block and replace cards."""
        with self.assertRaisesRegex(UserError, "officers"):
            self.card.with_user(self.requester).action_vip_replace()

    def test_freeze_and_unfreeze(self):
        """R-LOY-05: freeze with origin, 2-hour and 3-working-day deadlines; only internal
        control unfreezes."""
        origin = self.member_2  # stands for the complaint (any record)
        self.card._vip_freeze("Abnormal points", origin=origin)
        self.assertEqual(self.card.vip_state, "frozen")
        self.assertEqual((self.card.vip_freeze_res_model, self.card.vip_freeze_res_id), ("res.partner", origin.id))
        self.assertEqual(self.card.vip_freeze_due, origin.create_date + relativedelta(hours=2))
        self.assertGreater(self.card.vip_investigation_due, self.card.vip_freeze_date)
        with self.assertRaisesRegex(UserError, "internal control"):
            self.card.with_user(self.requester).action_vip_unfreeze()
        with self.assertRaises(UserError):
            self.card.with_user(self.marketing).write({"vip_state": "active"})
        self.card.with_user(self.compliance).action_vip_unfreeze("Checked: system error")
        self.assertEqual(self.card.vip_state, "active")
        self.assertEqual(self.card.vip_unfreeze_user_id, self.compliance)

    def test_access_per_group(self):
        """R-SEC-01 / R-LOY-02: VIP staff read cards and history; employees without a VIP role
        do not; nobody moves points by hand."""
        plain = new_test_user(
            self.env, login="loy_plain", groups="base.group_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            self.card.with_user(plain).read(["points"])
        card = self.card.with_user(self.requester)
        self.assertEqual(card.points, 30)
        self.assertEqual(card.history_ids.mapped("vip_reason"), ["earn"])
        with self.assertRaises(AccessError):
            card.write({"code": "VIP-TAKEN"})
        self.assertEqual(self.member.with_user(self.requester).vip_loyalty_card_id, self.card)

    def test_statement_pdf_content(self):
        """R-LOY-01: the member statement PDF (会员积分对账单), in the member's Chinese, lists
        the card and its points history."""
        self.member.lang = "zh_CN"
        text = pdf_text(self.env, "vip_customer_care.action_vip_loyalty_statement_report", self.card, lang="zh_CN")
        for expected in ("会员积分对账单", self.member.name, self.card.code, self.card.history_ids.description):
            self.assertIn(re.sub(r"\s+", "", expected), text)

    def test_card_screens_speak_vip_in_chinese(self):
        """R-LOY-02 / issue 23: the VIP card screens say customer, points program, points, card
        number, earned and redeemed in zh_CN and zh_TW, not the loyalty app's generic words
        (partner 合作伙伴/業務夥伴, points 分数/分, code 代码/程式碼, recharged 已充值)."""
        expected = {
            "zh_CN": ({"客户", "积分计划", "积分", "卡号", "获得", "已兑换"}, {"合作伙伴", "分数", "代码", "已充值"}),
            "zh_TW": ({"客戶", "積分計畫", "積分", "卡號", "獲得", "已兌換"}, {"業務夥伴", "程式碼", "已發出"}),
        }
        Card = self.env["loyalty.card"].with_user(self.marketing)
        for lang, (shown, hidden) in expected.items():
            self.env["res.lang"]._activate_lang(lang)
            labels = set()
            for xmlid, view_type in (("view_vip_loyalty_card_form", "form"), ("view_vip_loyalty_card_list", "list")):
                view = self.env.ref(f"vip_customer_care.{xmlid}")
                arch = Card.with_context(lang=lang).get_views([(view.id, view_type)])["views"][view_type]["arch"]
                labels |= set(re.findall(r'string="([^"]*)"', arch))
            with self.subTest(lang=lang):
                self.assertLessEqual(shown, labels)
                self.assertFalse(hidden & labels)
