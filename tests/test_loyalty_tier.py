# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError

from .loyalty_common import LoyaltyCommon


class TestLoyaltyTier(LoyaltyCommon):
    """R-TIER-03 / R-TIER-04: tier from spend, set-based recompute, benefits."""

    def _partners(self, count):
        return self.env["res.partner"].create([
            {"name": f"Tier customer {i}", "company_id": self.company.id} for i in range(count)
        ])

    def _tiers(self, partners):
        partners.invalidate_recordset()
        return partners.mapped("vip_loyalty_tier")

    def test_tier_edges(self):
        """R-TIER-03: 49,999.99 none, 50,000 gold, 200,000 platinum, 500,000 diamond."""
        partners = self._partners(5)
        for partner, amount in zip(partners, (49999.99, 50000, 199999.99, 200000, 500000), strict=True):
            self._invoice(partner, amount)
        self.env["res.partner"]._vip_recompute_loyalty_tiers(partners.ids)
        self.assertEqual(self._tiers(partners), ["none", "gold", "gold", "platinum", "diamond"])
        self.assertEqual(partners[0].vip_loyalty_spend, 49999.99)

    def test_draft_invoices_do_not_count(self):
        """R-TIER-03: only posted invoices count."""
        partner = self._partners(1)
        self._invoice(partner, 80000, post=False)
        self.env["res.partner"]._vip_recompute_loyalty_tiers(partner.ids)
        self.assertEqual(self._tiers(partner), ["none"])

    def test_credit_note_lowers_tier(self):
        """R-TIER-03: spend is invoices minus credit notes; the change is logged."""
        partner = self._partners(1)
        invoice = self._invoice(partner, 210000)
        Partner = self.env["res.partner"]
        Partner._vip_recompute_loyalty_tiers(partner.ids)
        self.assertEqual(self._tiers(partner), ["platinum"])
        self._refund(invoice, 20000)
        Partner._vip_recompute_loyalty_tiers(partner.ids)
        self.assertEqual(self._tiers(partner), ["gold"])
        self.assertEqual(partner.vip_loyalty_spend, 190000)
        changes = partner.vip_loyalty_tier_change_ids.sorted("id")
        self.assertEqual(changes.mapped("old_tier"), ["none", "platinum"])
        self.assertEqual(changes.mapped("new_tier"), ["platinum", "gold"])
        self.assertEqual(changes[-1].spend, 190000)
        self.assertEqual(changes[-1].source, "recompute")

    def test_trailing_vs_calendar_year(self):
        """R-TIER-03: the period is the trailing 12 months or the calendar year (a setting)."""
        partner = self._partners(1)
        self._invoice(partner, 45000, invoice_date=date(2025, 12, 10))
        self._invoice(partner, 10000, invoice_date=date(2026, 1, 10))
        self._invoice(partner, 90000, invoice_date=date(2025, 3, 1))  # older than 12 months
        Partner = self.env["res.partner"]
        self.company.vip_tier_period = "rolling"
        Partner._vip_recompute_loyalty_tiers(partner.ids, today=date(2026, 3, 15))
        self.assertEqual(self._tiers(partner), ["gold"])
        self.assertEqual(partner.vip_loyalty_spend, 55000)
        self.company.vip_tier_period = "calendar_year"
        Partner._vip_recompute_loyalty_tiers(partner.ids, today=date(2026, 3, 15))
        self.assertEqual(self._tiers(partner), ["none"])
        self.assertEqual(partner.vip_loyalty_spend, 10000)

    def test_thresholds_are_settings(self):
        """R-TIER-03: thresholds come from the company settings."""
        partner = self._partners(1)
        self._invoice(partner, 30000)
        self.company.vip_tier_gold_amount = 30000
        self.env["res.partner"]._vip_recompute_loyalty_tiers(partner.ids)
        self.assertEqual(self._tiers(partner), ["gold"])

    def test_recompute_is_set_based(self):
        """R-TIER-03: one pass whatever the number of customers (no query per partner)."""
        partners = self._partners(30)
        for i, partner in enumerate(partners):
            self._invoice(partner, 10000 * (i + 1))
        Partner = self.env["res.partner"]
        self.env.flush_all()
        with self.assertQueryCount(1):
            Partner._vip_recompute_loyalty_tiers()
        tiers = self._tiers(partners)
        # 10k..300k in steps of 10k: 4 below gold, 15 gold (50k-190k), 11 platinum (200k-300k).
        self.assertEqual((tiers.count("none"), tiers.count("gold"), tiers.count("platinum")), (4, 15, 11))

    def test_benefits_shown_and_tier_not_editable(self):
        """R-TIER-04: benefits per tier are configuration shown on the customer; nobody edits
        the tier by hand (R-TIER-03)."""
        partner = self._partners(1)
        self._invoice(partner, 600000)
        self.env["res.partner"]._vip_recompute_loyalty_tiers(partner.ids)
        benefits = partner.with_user(self.requester).vip_loyalty_benefit_ids.mapped("name")
        self.assertIn("Double points in the birthday month", benefits)
        self.assertIn("Dedicated service agent", benefits)
        with self.assertRaises(UserError):
            partner.with_user(self.marketing).write({"vip_loyalty_tier": "gold"})

    def test_cron_and_settings_button(self):
        """R-TIER-03: the settings button runs the same pass."""
        partner = self._partners(1)
        self._invoice(partner, 250000)
        settings = self.env["res.config.settings"].create({})
        action = settings.action_vip_recompute_tiers()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self._tiers(partner), ["platinum"])
