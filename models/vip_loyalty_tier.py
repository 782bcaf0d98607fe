# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_guard_mixin import vip_in_workflow

VIP_GROUP = "vip_customer_care.group_vip_base"
TIERS = [("diamond", "Diamond"), ("platinum", "Platinum"), ("gold", "Gold"), ("none", "None")]
TIER_RANK = {"none": 0, "gold": 1, "platinum": 2, "diamond": 3}

# R-TIER-03: one set-based pass over every customer. Spend = posted customer invoices minus
# credit notes (amount_untaxed_signed is untaxed, in company currency, negative for credit
# notes) over each company's period; a customer shared by several companies takes the best
# tier, and never less than the tier of the last approved yearly review (R-TIER-05). Only rows
# that change are written, and every tier change is logged in the same statement.
TIER_SQL = """
WITH bounds AS (
    SELECT c.id AS company_id,
           CASE WHEN c.vip_tier_period = 'calendar_year'
                THEN make_date(EXTRACT(YEAR FROM %(today)s::date)::int, 1, 1)
                ELSE (%(today)s::date - INTERVAL '12 months')::date + 1 END AS date_from,
           c.vip_tier_diamond_amount AS diamond, c.vip_tier_platinum_amount AS platinum,
           c.vip_tier_gold_amount AS gold
      FROM res_company c
), spend AS (
    SELECT m.commercial_partner_id AS partner_id, m.company_id, SUM(m.amount_untaxed_signed) AS amount
      FROM account_move m
      JOIN bounds b ON b.company_id = m.company_id
     WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
       AND m.invoice_date >= b.date_from AND m.invoice_date <= %(today)s::date
       {partner_filter_move}
     GROUP BY m.commercial_partner_id, m.company_id
), ranked AS (
    SELECT DISTINCT ON (partner_id) partner_id, amount, rank
      FROM (SELECT s.partner_id, s.amount,
                   CASE WHEN s.amount >= b.diamond THEN 3 WHEN s.amount >= b.platinum THEN 2
                        WHEN s.amount >= b.gold THEN 1 ELSE 0 END AS rank
              FROM spend s JOIN bounds b ON b.company_id = s.company_id) x
     ORDER BY partner_id, rank DESC, amount DESC
), target AS (
    -- R-TIER-05: the tier of the last approved yearly review is a floor until the next review.
    SELECT p.id, COALESCE(r.amount, 0) AS amount,
           (ARRAY['none', 'gold', 'platinum', 'diamond'])[1 + GREATEST(
               COALESCE(r.rank, 0),
               array_position(ARRAY['none', 'gold', 'platinum', 'diamond']::varchar[],
                              COALESCE(p.vip_loyalty_review_tier, 'none')) - 1)] AS tier,
           COALESCE(p.vip_loyalty_tier, 'none') AS old_tier
      FROM res_partner p
      LEFT JOIN ranked r ON r.partner_id = p.id
     WHERE (r.partner_id IS NOT NULL OR COALESCE(p.vip_loyalty_tier, 'none') <> 'none'
            OR COALESCE(p.vip_loyalty_spend, 0) <> 0)
       {partner_filter}
), updated AS (
    UPDATE res_partner p
       SET vip_loyalty_spend = t.amount, vip_loyalty_tier = t.tier,
           vip_loyalty_tier_date = now() AT TIME ZONE 'UTC'
      FROM target t
     WHERE p.id = t.id AND (t.old_tier <> t.tier OR p.vip_loyalty_spend IS DISTINCT FROM t.amount)
 RETURNING p.id, p.company_id, t.old_tier, t.tier, t.amount
)
INSERT INTO vip_loyalty_tier_change (partner_id, company_id, old_tier, new_tier, spend, source, user_id, date)
SELECT id, company_id, old_tier, tier, amount, 'recompute', %(uid)s, now() AT TIME ZONE 'UTC'
  FROM updated
 WHERE old_tier <> tier
"""


class VipLoyaltyBenefit(models.Model):
    """R-TIER-04: what each tier brings, as configuration shown on the customer."""

    _name = "vip.loyalty.benefit"
    _description = "Loyalty tier benefit"
    _order = "tier, sequence, id"

    name = fields.Char(required=True, translate=True)
    tier = fields.Selection(TIERS[:3], required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)


class VipLoyaltyTierChange(models.Model):
    """R-TIER-03/05: every tier change with old and new tier, spend, who, when and why."""

    _name = "vip.loyalty.tier.change"
    _description = "Loyalty tier change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # A log with its own who (user_id) and when (date): no create/write columns, whose foreign
    # key checks cost a third of logging the tier changes of a first recompute (scripts/bench-loyalty).
    _log_access = False

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", index=True)
    old_tier = fields.Selection(TIERS, string="Old tier", required=True)
    new_tier = fields.Selection(TIERS, string="New tier", required=True)
    spend = fields.Float(digits=(16, 2))
    source = fields.Selection(
        [("recompute", "Recomputed from spend"), ("review", "Yearly review")], required=True,
    )
    user_id = fields.Many2one("res.users", string="By")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Char()


class VipLoyaltyMember(models.AbstractModel):
    """Loyalty on the customer (res.partner inherits it): tier from spend, benefits, tier
    history and the member card (R-TIER-03/04, R-LOY-01)."""

    _name = "vip.loyalty.member"
    _description = "VIP loyalty member"

    vip_loyalty_spend = fields.Float(
        string="Spend for tier", digits=(16, 2), readonly=True, copy=False, groups=VIP_GROUP,
        help="Posted customer invoices minus credit notes, untaxed, company currency, over the tier "
        "period (R-TIER-03). Updated by the nightly recompute.",
    )
    vip_loyalty_tier_date = fields.Datetime(string="Tier computed on", readonly=True, copy=False, groups=VIP_GROUP)
    vip_loyalty_review_tier = fields.Selection(
        TIERS, string="Tier of the yearly review", readonly=True, copy=False, groups=VIP_GROUP,
        help="R-TIER-05: the tier the last approved yearly review gave. It holds until the next approved "
        "review: the nightly recompute raises the tier above it when spend grows, never lowers it below.",
    )
    vip_loyalty_review_date = fields.Date(string="Reviewed on", readonly=True, copy=False, groups=VIP_GROUP)
    vip_loyalty_benefit_ids = fields.Many2many(
        "vip.loyalty.benefit", string="Tier benefits", compute="_compute_vip_loyalty_benefit_ids", groups=VIP_GROUP,
    )
    vip_loyalty_tier_change_ids = fields.One2many(
        "vip.loyalty.tier.change", "partner_id", string="Tier history", readonly=True, groups=VIP_GROUP,
    )

    vip_loyalty_card_id = fields.Many2one(
        "loyalty.card", string="VIP member card", compute="_compute_vip_loyalty_card_id",
        search="_search_vip_loyalty_card_id", groups="vip_customer_care.group_vip_base",
    )
    vip_loyalty_points = fields.Float(
        string="VIP points", compute="_compute_vip_loyalty_card_id", groups="vip_customer_care.group_vip_base",
    )

    def _compute_vip_loyalty_card_id(self):
        # The card and its points in one query (issue 21: the customer form).
        cards = self.env["loyalty.card"].search_fetch([
            ("partner_id", "in", self.ids), ("vip_is_points", "=", True), ("vip_state", "!=", "blocked"),
        ], ["partner_id", "points"])
        by_partner = {card.partner_id.id: card for card in cards}
        for partner in self:
            card = by_partner.get(partner.id, self.env["loyalty.card"])
            partner.vip_loyalty_card_id = card
            partner.vip_loyalty_points = card.points

    def _search_vip_loyalty_card_id(self, operator, value):
        cards = self.env["loyalty.card"]._search([("vip_is_points", "=", True), ("vip_state", "!=", "blocked")])
        if operator in ("!=", "=") and not value:
            holders = [("id", "in", cards.subselect("partner_id"))]
            return holders if operator == "!=" else ["!", *holders]
        return [("id", "in", self.env["loyalty.card"]._search(
            [("vip_is_points", "=", True), ("vip_state", "!=", "blocked"), ("id", operator, value)],
        ).subselect("partner_id"))]

    def action_vip_freeze_card(self):
        """R-LOY-05: sales freezes the customer's member card from the customer."""
        self.ensure_one()
        card = self.vip_loyalty_card_id
        if not card:
            raise UserError(self.env._("%s holds no VIP member card: there is no card to freeze.", self.display_name))
        return card.action_vip_freeze_wizard()

    @api.model
    def _vip_loyalty_cards(self, partners, company):
        """{partner id: usable-or-frozen VIP card} of ``partners`` in ``company`` (one search)."""
        cards = self.env["loyalty.card"].sudo().search([
            ("partner_id", "in", partners.ids), ("vip_is_points", "=", True), ("vip_state", "!=", "blocked"),
            ("company_id", "in", (company.id, False)),
        ])
        return {card.partner_id.id: card for card in cards}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vip_check_tier_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._vip_check_tier_write(vals)
        return super().write(vals)

    def _vip_check_tier_write(self, vals):
        """R-TIER-03/05: the tier comes from spend (recompute) or the approved yearly review."""
        guarded = {
            "vip_loyalty_tier", "vip_loyalty_spend", "vip_loyalty_tier_date", "vip_loyalty_review_tier",
            "vip_loyalty_review_date",
        } & set(vals)
        if not guarded or vip_in_workflow(self.env) or self.env.user._is_admin():
            return
        if not self and guarded == {"vip_loyalty_tier"} and vals["vip_loyalty_tier"] in (False, "none"):
            return  # a new customer starts without a tier
        raise UserError(self.env._(
            "The loyalty tier is computed from spend and changed by the yearly review only (R-TIER-03/05)."
        ))

    @api.depends("vip_loyalty_tier")
    def _compute_vip_loyalty_benefit_ids(self):
        # The benefits of these customers' tiers with their names in one query (issue 21).
        tiers = {tier for tier in self.mapped("vip_loyalty_tier") if tier}
        benefits = self.env["vip.loyalty.benefit"].search_fetch(
            [("tier", "in", list(tiers))], ["tier", "name", "active"],
        ) if tiers else self.env["vip.loyalty.benefit"]
        for partner in self:
            partner.vip_loyalty_benefit_ids = benefits.filtered(lambda b, p=partner: b.tier == p.vip_loyalty_tier)

    @api.model
    def _vip_recompute_loyalty_tiers(self, partner_ids=None, today=None):
        """R-TIER-03: recompute the tier of every customer (or of ``partner_ids``) in one SQL
        statement; returns how many tiers changed. Runs as the system (cron, settings button)."""
        today = today or fields.Date.context_today(self)
        params = {"today": today, "uid": self.env.uid}
        partner_filter = partner_filter_move = ""
        if partner_ids is not None:
            params["partner_ids"] = list(partner_ids)
            partner_filter = "AND p.id = ANY(%(partner_ids)s)"
            partner_filter_move = "AND m.commercial_partner_id = ANY(%(partner_ids)s)"
        self.env.flush_all()
        query = TIER_SQL.format(partner_filter=partner_filter, partner_filter_move=partner_filter_move)
        self.env.cr.execute(query, params)
        changed = self.env.cr.rowcount
        self.env["res.partner"].invalidate_model(["vip_loyalty_tier", "vip_loyalty_spend", "vip_loyalty_tier_date"])
        self.env["vip.loyalty.tier.change"].invalidate_model()
        return changed

    @api.model
    def _cron_vip_recompute_loyalty_tiers(self):
        self._vip_recompute_loyalty_tiers()


class ResPartner(models.Model):
    # The loyalty member mixin added to customers (like vip.identity.mixin in res_partner.py).
    _name = "res.partner"
    _inherit = ["res.partner", "vip.loyalty.member"]
