# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_guard_mixin import _WORKFLOW
from .vip_loyalty_tier import TIER_RANK, TIERS
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)


class VipLoyaltyTierReview(models.Model):
    """R-TIER-05: the January review. Proposals come from last year's spend; sales confirms,
    internal control approves; every applied change is logged with old and new tier, spend,
    who and when."""

    _name = "vip.loyalty.tier.review"
    _description = "Yearly tier review"
    _inherit = ["vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    _vip_workflow_fields = (
        "state", "confirmed_by_id", "confirmed_date", "approved_by_id", "approved_date",
    )
    _vip_retention = True
    _vip_final_states = ("approved", "cancelled")
    # Issue 18: the proposals sales confirmed are what internal control approves (lines follow).
    _vip_editable_fields = {"confirmed": (), "approved": (), "cancelled": ()}

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year - 1)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    state = fields.Selection(
        [
            ("draft", "Draft"), ("confirmed", "Confirmed by sales"), ("approved", "Approved"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    line_ids = fields.One2many("vip.loyalty.tier.review.line", "review_id", string="Proposed changes")
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True, copy=False)
    confirmed_date = fields.Datetime(string="Confirmed on", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved on", readonly=True, copy=False)

    @api.depends("year")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._("Tier review %s", rec.year)

    @api.model
    def _cron_vip_yearly_review(self):
        """R-TIER-05, issue 19: every January (the review month is a company setting) the
        scheduler starts the review of last calendar year for each company with ranked
        customers or customer invoices that year, proposes the changes from spend, and gives
        each salesperson of a reviewed customer an activity to check the proposals (the sales
        head, from the settings, for customers without a salesperson), through the add-on's
        batch activity machinery. Runs daily; a company gets one review per year (a cancelled
        one does not count)."""
        today = fields.Date.context_today(self)
        year = today.year - 1
        Activity = self.env["mail.activity"]
        for company in self.env["res.company"].search([("vip_tier_review_month", "=", today.month)]):
            if self.search_count([("company_id", "=", company.id), ("year", "=", year), ("state", "!=", "cancelled")]):
                continue
            if not self._vip_has_loyalty_activity(company, year):
                continue
            review = self.create({"year": year, "company_id": company.id})
            review.action_propose()
            review.message_post(body=self.env._(
                "Started by the scheduler: %(count)s proposed changes from the spend of %(year)s (R-TIER-05).",
                count=len(review.line_ids), year=year,
            ))
            Activity._vip_create_batch(review._vip_salesperson_activities())

    @api.model
    def _vip_has_loyalty_activity(self, company, year):
        """Whether ``company`` has anything to review for ``year``: ranked customers or posted
        customer invoices that year."""
        if self.env["res.partner"].search_count([
            ("company_id", "in", (company.id, False)), ("vip_loyalty_tier", "in", ("diamond", "platinum", "gold")),
        ], limit=1):
            return True
        return bool(self.env["account.move"].sudo().search_count([
            ("company_id", "=", company.id), ("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund")),
            ("invoice_date", ">=", date(year, 1, 1)), ("invoice_date", "<=", date(year, 12, 31)),
        ], limit=1))

    def _vip_salesperson_activities(self):
        """Activity values: one per salesperson of a customer in the proposals (the company's
        sales head for customers without one), due at the end of the review month."""
        self.ensure_one()
        company = self.company_id
        head = company.vip_sales_department_id.manager_id.user_id
        users = {}
        for line in self.line_ids:
            user = line.partner_id.user_id
            if not user or user.share or not user.active or company not in user.company_ids:
                user = head
            if user:
                users.setdefault(user, []).append(line.partner_id.display_name)
        today = fields.Date.context_today(self)
        deadline = date(today.year, today.month, 1) + relativedelta(months=1, days=-1)
        model_id = self.env["ir.model"]._get_id(self._name)
        act_type = self.env.ref("mail.mail_activity_data_todo")
        return [{
            "res_model_id": model_id, "res_id": self.id, "activity_type_id": act_type.id, "user_id": user.id,
            "date_deadline": deadline, "automated": True,
            "summary": _lt("Tier review %s: check your customers", self.year),
            "note": _lt(
                "Proposed tier changes for %(count)s of your customers: %(names)s. Check them before sales confirms "
                "the review (R-TIER-05).", count=len(names), names=", ".join(sorted(names)),
            ),
        } for user, names in users.items()]

    def action_propose(self):
        """Proposals from the calendar year's spend (one grouped read for every customer)."""
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Proposals are made on a draft review."))
            company = rec.company_id
            groups = self.env["account.move"].sudo()._read_group(
                [
                    ("company_id", "=", company.id), ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">=", date(rec.year, 1, 1)), ("invoice_date", "<=", date(rec.year, 12, 31)),
                ],
                ["commercial_partner_id"], ["amount_untaxed_signed:sum"],
            )
            spend = {partner: amount for partner, amount in groups}
            ranked = self.env["res.partner"].search([
                ("vip_loyalty_tier", "in", ("diamond", "platinum", "gold")),
                ("company_id", "in", (company.id, False)),
            ])
            partners = ranked | self.env["res.partner"].union(*spend)
            lines = [_review_line_vals(rec, partner, spend.get(partner, 0.0), company) for partner in partners]
            rec.line_ids.unlink()
            self.env["vip.loyalty.tier.review.line"].create([vals for vals in lines if vals])
        return True

    def action_confirm(self):
        """Sales confirms the proposals."""
        if not self.env.user.has_group("vip_customer_care.group_vip_user"):
            raise UserError(self.env._("Sales confirms the tier review."))
        for rec in self:
            if rec.state != "draft" or not rec.line_ids:
                raise UserError(self.env._("Propose the changes of a draft review first."))
            rec._vip_action_write({
                "state": "confirmed", "confirmed_by_id": self.env.uid, "confirmed_date": fields.Datetime.now(),
            })
            # The salespeople's checks (scheduler activities) end with the confirmation.
            rec.activity_feedback(["mail.mail_activity_data_todo"], user_id=self.env.uid)
            rec.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_approve(self):
        """Internal control approves; the tiers change and every change is logged."""
        if not self.env.user.has_group("vip_customer_care.group_vip_compliance"):
            raise UserError(self.env._("Internal control approves the tier review (R-TIER-05)."))
        now = fields.Datetime.now()
        for rec in self:
            if rec.state != "confirmed":
                raise UserError(self.env._("Sales confirms the review before internal control approves it."))
            if rec.confirmed_by_id == self.env.user:
                raise UserError(self.env._("The person who confirmed the review cannot also approve it."))
            rec._vip_apply_review(now)
            changes = [{
                "partner_id": line.partner_id.id, "company_id": rec.company_id.id,
                "old_tier": line.current_tier, "new_tier": line.proposed_tier, "spend": line.spend,
                "source": "review", "user_id": self.env.uid, "date": now, "note": rec.name,
            } for line in rec.line_ids]
            self.env["vip.loyalty.tier.change"].sudo().create(changes)
            rec._vip_action_write({"state": "approved", "approved_by_id": self.env.uid, "approved_date": now})
        return True

    def _vip_apply_review(self, now):
        """R-TIER-05: the approved review sets the proposed tiers and confirms the tier of every
        other ranked customer of the company. The reviewed tier holds until the next approved
        review: the nightly recompute (R-TIER-03) may raise a customer above it, never below."""
        self.ensure_one()
        Partner = self.env["res.partner"].with_context(vip_workflow=_WORKFLOW).sudo()
        reviewed = {line.partner_id: line.proposed_tier for line in self.line_ids}
        ranked = Partner.search([
            ("company_id", "in", (self.company_id.id, False)), ("id", "not in", [p.id for p in reviewed]),
            "|", ("vip_loyalty_tier", "in", ("diamond", "platinum", "gold")),
            ("vip_loyalty_review_tier", "in", ("diamond", "platinum", "gold")),
        ])
        for partner in ranked:
            reviewed[partner] = partner.vip_loyalty_tier or "none"
        by_tier = defaultdict(list)
        for partner, tier in reviewed.items():
            by_tier[tier].append(partner.id)
        for tier, partner_ids in by_tier.items():
            Partner.browse(partner_ids).write({
                "vip_loyalty_tier": tier, "vip_loyalty_tier_date": now,
                "vip_loyalty_review_tier": tier, "vip_loyalty_review_date": now.date(),
            })

    def action_cancel(self):
        for rec in self:
            if rec.state == "approved":
                raise UserError(self.env._("An approved review is kept as it is."))
            rec._vip_action_write({"state": "cancelled"})
        return True


def _review_line_vals(review, partner, spend, company):
    """Line values when the tier of ``partner`` for ``spend`` differs from the current one."""
    if spend >= company.vip_tier_diamond_amount:
        tier = "diamond"
    elif spend >= company.vip_tier_platinum_amount:
        tier = "platinum"
    elif spend >= company.vip_tier_gold_amount:
        tier = "gold"
    else:
        tier = "none"
    current = partner.vip_loyalty_tier or "none"
    if tier == current:
        return None
    return {
        "review_id": review.id, "partner_id": partner.id, "current_tier": current,
        "proposed_tier": tier, "spend": spend,
        "direction": "up" if TIER_RANK[tier] > TIER_RANK[current] else "down",
    }


class VipLoyaltyTierReviewLine(models.Model):
    _name = "vip.loyalty.tier.review.line"
    _description = "Yearly tier review: proposed change"
    _inherit = ["vip.guard.mixin"]
    _order = "direction, partner_id"
    # Issue 18: lines of a confirmed review are not added, changed or deleted.
    _vip_parent_field = "review_id"
    _vip_parent_locked_states = ("approved", "cancelled")

    review_id = fields.Many2one("vip.loyalty.tier.review", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    current_tier = fields.Selection(TIERS, string="Current tier", readonly=True)
    proposed_tier = fields.Selection(TIERS, string="Proposed tier", required=True)
    spend = fields.Float(digits=(16, 2), readonly=True)
    direction = fields.Selection([("up", "Upgrade"), ("down", "Downgrade")], readonly=True)

    def write(self, vals):
        if self.review_id.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("A confirmed review is not edited; cancel it and start again."))
        return super().write(vals)
