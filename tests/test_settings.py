# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import VipCommon


@tagged("post_install", "-at_install")
class TestSettings(VipCommon):
    def test_defaults_from_rule_book(self):
        """R-TIER-03 / R-TIER-06: a new company gets the rule book's thresholds."""
        c = self.company_a
        self.assertEqual(
            (c.vip_tier_diamond_amount, c.vip_tier_platinum_amount, c.vip_tier_gold_amount, c.vip_tier_period),
            (500000.0, 200000.0, 50000.0, "rolling"),
        )
        self.assertEqual(
            (c.vip_member_single_amount, c.vip_member_cumulative_amount, c.vip_member_cumulative_months),
            (1000.0, 2000.0, 6),
        )

    def test_settings_round_trip(self):
        """R-SEC-03: thresholds edited in the settings are stored on the company and read back."""
        settings = self.env["res.config.settings"].with_company(self.company_a).create({
            "vip_tier_diamond_amount": 800000, "vip_tier_platinum_amount": 300000,
            "vip_tier_gold_amount": 80000, "vip_tier_period": "calendar_year",
            "vip_member_single_amount": 1500, "vip_member_cumulative_amount": 3000,
            "vip_member_cumulative_months": 12,
        })
        settings.execute()
        self.assertEqual(self.company_a.vip_tier_diamond_amount, 800000)
        self.assertEqual(self.company_a.vip_tier_period, "calendar_year")
        self.assertEqual(self.company_a.vip_member_cumulative_months, 12)
        reread = self.env["res.config.settings"].with_company(self.company_a).create({})
        self.assertEqual(reread.vip_tier_gold_amount, 80000)
        self.assertEqual(self.company_b.vip_tier_diamond_amount, 500000, "other company untouched")

    def test_thresholds_must_be_ordered(self):
        """R-TIER-03: tier thresholds must be positive and decreasing; bad input is refused whole."""
        for vals in ({"vip_tier_gold_amount": 600000}, {"vip_tier_gold_amount": 0},
                     {"vip_member_cumulative_months": 0}, {"vip_member_single_amount": -1}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company_a.write(vals)
        self.assertEqual(self.company_a.vip_tier_gold_amount, 50000)

    def test_only_admins_change_settings(self):
        """R-SEC-03: VIP users cannot change company thresholds."""
        with self.assertRaises(AccessError):
            self.company_a.with_user(self.sales).write({"vip_tier_gold_amount": 1})
