# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .vip_loyalty_tier import TIER_RANK

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

CAMPAIGN_TYPES = [
    ("points_exchange", "Points exchange"),
    ("birthday_perk", "Birthday perk"),
    ("exclusive_discount", "Exclusive discount"),
    ("product_trial", "Product trial"),
    ("appreciation_event", "Appreciation event"),
]
TARGET_TIERS = [("diamond", "Diamond"), ("platinum", "Platinum"), ("gold", "Gold"), ("all", "All members")]
# R-LOY-06 / R-TIER-04: the lowest target tier a campaign type serves is a company setting
# (res.company.vip_campaign_min_tier_<type>, defaults from the rule book in DEFAULT_MIN_TIER).
TARGET_RANK = {"all": 0, "gold": 1, "platinum": 2, "diamond": 3}
# R-LOY-08: code of the KH archive sequences (one per company, yearly ranges).
ARCHIVE_CODE = "vip.reward.campaign.archive"


class VipRewardCampaign(models.Model):
    """R-LOY-06 / R-LOY-08: a reward campaign (回饋活動) approved department head → internal
    control → finance → VP / GM office by amount, closed within 10 working days after its end
    and archived under a KH number."""

    _name = "vip.reward.campaign"
    _description = "Reward campaign"
    _inherit = ["vip.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    _vip_workflow_fields = (
        "state", "approval_band", "dept_head_user_id", "vp_user_id", "approval_due", "closing_due",
        "archive_number", "archive_date", "closed_date", "closed_by_id", "archived_by_id", "closing_alerted",
    )
    _vip_retention = True
    _vip_final_states = ("archived",)
    _vip_requester_field = "user_id"
    _vip_due_field = "approval_due"
    _vip_amount_field = "budget"
    _vip_route_fields = ("budget", "campaign_type", "target_tier", "department_id")
    # Issue 18: what is approved is what runs; sales keeps the note on the archived contracts and
    # photos up to date until the campaign is archived (R-LOY-08).
    _vip_editable_fields = {
        "to_approve": ("attachment_note",), "approved": ("attachment_note",), "rejected": ("attachment_note",),
        "closed": ("attachment_note",), "archived": (), "cancelled": (),
    }

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Requested by", default=lambda self: self.env.user, required=True, tracking=True,
    )
    department_id = fields.Many2one(
        "hr.department", required=True, check_company=True, tracking=True,
        default=lambda self: self.env.user.employee_id.department_id,
    )
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [
            ("draft", "Draft"), ("to_approve", "To approve"), ("approved", "Approved"),
            ("rejected", "Rejected"), ("closed", "Reimbursement closed"), ("archived", "Archived"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    campaign_type = fields.Selection(CAMPAIGN_TYPES, string="Type", required=True, tracking=True)
    target_tier = fields.Selection(TARGET_TIERS, string="Target tier", required=True, tracking=True)
    partner_ids = fields.Many2many("res.partner", string="Target customers")
    budget = fields.Monetary(required=True, tracking=True)
    expected_effect = fields.Text(string="Expected effect", required=True)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    approval_band = fields.Selection(
        [("dept_head", "Department head"), ("vp", "VP in charge"), ("gm", "GM office")],
        compute="_compute_approval_band", store=True, string="Approved by (amount)",
    )
    dept_head_user_id = fields.Many2one("res.users", string="Department head", compute="_compute_approvers", store=True)
    vp_user_id = fields.Many2one("res.users", string="VP in charge", compute="_compute_approvers", store=True)
    # R-APV-04: the whole approval; each step has its own deadline on its review (issue 19: the
    # compliance review is due 1 working day after the department head signed, R-LOY-06).
    approval_due = fields.Datetime(string="Approval due", readonly=True, copy=False)
    closing_due = fields.Date(
        string="Close by", compute="_compute_closing_due", store=True,
        help="R-LOY-08: reimbursement closed and contracts archived within 10 working days after the end.",
    )
    closing_alerted = fields.Boolean(
        string="Closing overdue alerted", readonly=True, copy=False,
        help="R-LOY-08: finance and sales were alerted once that the closing deadline passed.",
    )
    closing_overdue = fields.Boolean(
        string="Closing overdue", compute="_compute_closing_overdue", search="_search_closing_overdue",
    )
    closed_date = fields.Datetime(string="Reimbursement closed on", readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", string="Closed by", readonly=True, copy=False)
    archive_number = fields.Char(string="Archive number", readonly=True, copy=False, index=True)
    archive_date = fields.Date(string="Archived on", readonly=True, copy=False)
    archived_by_id = fields.Many2one("res.users", string="Archived by", readonly=True, copy=False)
    attachment_note = fields.Text(string="Archived contracts and photos")

    _sql_constraints = [
        ("archive_number_unique", "UNIQUE(company_id, archive_number)", "An archive number is used once."),
    ]

    @api.constrains("date_start", "date_end", "budget")
    def _check_dates(self):
        for rec in self:
            if rec.date_end < rec.date_start:
                raise ValidationError(self.env._("A campaign ends after it starts."))
            if rec.budget <= 0:
                raise ValidationError(self.env._("The campaign budget must be positive."))

    @api.depends("budget", "company_id.vip_campaign_vp_from", "company_id.vip_campaign_gm_from")
    def _compute_approval_band(self):
        for rec in self:
            company = rec.company_id
            if rec.budget > company.vip_campaign_gm_from:
                rec.approval_band = "gm"
            elif rec.budget > company.vip_campaign_vp_from:
                rec.approval_band = "vp"
            else:
                rec.approval_band = "dept_head"

    @api.depends("department_id.manager_id.user_id", "department_id.manager_id.parent_id.user_id",
                 "department_id.vip_vp_user_id.employee_ids.parent_id.user_id", "user_id", "company_id",
                 "approval_band")
    def _compute_approvers(self):
        """R-LOY-06 / R-APV-05: the department head always signs and the VP above the head's
        limit: a head's own campaign goes up to the VP, and the VP's step then up to the
        general manager (issue 23)."""
        for rec in self:
            rec.dept_head_user_id, rec.vp_user_id = rec._vip_department_reviewers(
                rec.department_id, both_steps=rec.approval_band in ("vp", "gm"),
            )

    @api.depends("date_end", "company_id.vip_campaign_closing_days")
    def _compute_closing_due(self):
        for rec in self:
            calendar = rec.company_id.resource_calendar_id
            if not rec.date_end or not calendar:
                rec.closing_due = False
                continue
            end = fields.Datetime.to_datetime(rec.date_end).replace(hour=23, minute=59)
            rec.closing_due = calendar.vip_working_days_deadline(
                end, rec.company_id.vip_campaign_closing_days, rec.company_id,
            ).date()

    def _closing_overdue_domain(self):
        """Approved campaigns not closed, or closed ones not archived, after the day of their
        closing deadline (R-LOY-08)."""
        return [("state", "in", ("approved", "closed")), ("closing_due", "<", fields.Date.context_today(self))]

    @api.depends("state", "closing_due")
    def _compute_closing_overdue(self):
        self._vip_compute_flag("closing_overdue", self._closing_overdue_domain())

    def _search_closing_overdue(self, operator, value):
        return self._vip_bool_search(self._closing_overdue_domain(), operator, value)

    @api.model
    def _cron_vip_closing_overdue(self):
        """R-LOY-08, issue 19: a campaign past its closing deadline (10 working days after its
        end, setting) alerts, once, finance (reimbursement not closed yet) and sales (the
        requester, who archives the contracts and photos), through the add-on's alert
        machinery (``mail.activity._vip_cron_alerts``: one batch per run, one create)."""
        domain = self._closing_overdue_domain() + [("closing_alerted", "=", False)]
        finance = self.env.ref("vip_customer_care.group_vip_finance").users.filtered(lambda u: not u.share)

        def alerts(rec):
            due = rec.closing_due
            users = rec.user_id.filtered("active")
            if rec.state == "approved":
                users |= finance.filtered(lambda u, c=rec.company_id: c in u.company_ids)
            summary = _lt("Campaign closing overdue: %s", rec.name)
            note = (
                _lt("Finance closes the reimbursement and sales archives the contracts and photos; both were "
                           "due by %s (R-LOY-08).", due)
                if rec.state == "approved"
                else _lt("Sales archives the contracts and photos; this was due by %s (R-LOY-08).", due)
            )
            return [(user, summary, note) for user in users]

        self.env["mail.activity"]._vip_cron_alerts(
            self, domain, "closing_due, id", "mail.mail_activity_data_warning", alerts, {"closing_alerted": True},
        )

    def evaluate_tier(self, tier):
        """R-LOY-06: diamond-only campaigns skip the steps configured to be skipped."""
        if tier.vip_skip_diamond_only and self.target_tier == "diamond":
            return self.browse()
        return super().evaluate_tier(tier)

    def _vip_check_type_tier(self):
        """R-LOY-06: the type must match the target tier (the company's minimum tier per type)."""
        Company = self.env["res.company"]
        for rec in self:
            minimum = rec.company_id[f"vip_campaign_min_tier_{rec.campaign_type}"]
            if TARGET_RANK[rec.target_tier] < TARGET_RANK[minimum]:
                raise ValidationError(self.env._(
                    "A %(type)s campaign is for %(minimum)s (settings); it does not serve %(tier)s members "
                    "(R-LOY-06 / R-TIER-04).",
                    type=dict(self._fields["campaign_type"]._description_selection(self.env))[rec.campaign_type],
                    minimum=dict(Company._fields[f"vip_campaign_min_tier_{rec.campaign_type}"]._description_selection(
                        self.env))[minimum],
                    tier=dict(self._fields["target_tier"]._description_selection(self.env))[rec.target_tier],
                ))

    @api.constrains("partner_ids", "target_tier")
    def _check_target_customers(self):
        self._vip_check_target_customers()

    def _vip_check_target_customers(self):
        """R-LOY-06, issue 19: the listed target customers belong to the target tier (that tier
        or a higher one; "all members": a tier or a VIP member card). Checked when the list or
        the tier changes and again at submission (tiers move with spend). Every listed customer
        counts, also those the user may not open (read as the system for the check only; the
        refusal names the ones the user can open)."""
        for rec in self:
            customers = rec.sudo().partner_ids
            if not customers:
                continue
            minimum = TARGET_RANK[rec.target_tier]
            if rec.target_tier == "all":
                holders = set(self.env["loyalty.card"].sudo().search([
                    ("partner_id", "in", customers.ids), ("vip_is_points", "=", True), ("vip_state", "!=", "blocked"),
                ]).partner_id.ids)
                outside = customers.filtered(
                    lambda p, holders=holders: (p.vip_loyalty_tier or "none") == "none" and p.id not in holders
                )
            else:
                outside = customers.filtered(lambda p, m=minimum: TIER_RANK[p.vip_loyalty_tier or "none"] < m)
            if not outside:
                continue
            visible = outside.with_env(self.env)._filtered_access("read")
            names = ", ".join(visible.mapped("display_name"))
            hidden = len(outside) - len(visible)
            if hidden:
                names = "; ".join(filter(None, [names, self.env._("customers you cannot open: %s", hidden)]))
            if rec.target_tier == "all":
                raise ValidationError(self.env._(
                    "Campaign %(campaign)s is for members; these target customers have neither a tier nor a member "
                    "card: %(names)s. Remove them (R-LOY-06).", campaign=rec.name, names=names,
                ))
            tier = dict(self._fields["target_tier"]._description_selection(self.env))[rec.target_tier]
            raise ValidationError(self.env._(
                "Campaign %(campaign)s is for %(tier)s members and above; these target customers are below that "
                "tier: %(names)s. Remove them or change the target tier (R-LOY-06).",
                campaign=rec.name, tier=tier, names=names,
            ))

    def action_submit(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only draft campaigns are submitted."))
            rec._vip_check_type_tier()
            rec._vip_check_target_customers()
            rec._vip_send_for_approval("vip_sla_approval_days")
        return self._vip_next_step_action()

    def action_close_reimbursement(self):
        """R-LOY-08: finance closes the reimbursement after the campaign."""
        if not self.env.user.has_group("vip_customer_care.group_vip_finance"):
            raise UserError(self.env._("Only finance closes a campaign's reimbursement (R-LOY-08)."))
        for rec in self:
            if rec.state != "approved":
                raise UserError(self.env._("Only approved campaigns are closed."))
            rec._vip_action_write({"state": "closed", "closed_date": fields.Datetime.now(), "closed_by_id": self.env.uid})
        return True

    def action_archive_campaign(self):
        """R-LOY-08: sales archives contracts and photos; the archive number KH + year + serial
        is taken at this moment, gap-free per company and year (R-SEC-02, issue 19)."""
        if not self.env.user.has_group("vip_customer_care.group_vip_user"):
            raise UserError(self.env._("Only VIP staff archive campaigns."))
        today = fields.Date.context_today(self)
        for rec in self:
            if rec.state != "closed":
                raise UserError(self.env._("Finance closes the reimbursement before the campaign is archived (R-LOY-08)."))
            number = rec._vip_archive_sequence()._next(sequence_date=today)
            rec._vip_action_write({
                "state": "archived", "archive_number": number, "archive_date": today, "archived_by_id": self.env.uid,
            })
        return True

    def _vip_archive_sequence(self):
        """The campaign's company's own gap-free KH sequence (one serial per company and year,
        R-LOY-08 / R-SEC-02), made on first use from the shared template
        ``seq_vip_reward_campaign_archive`` (prefix, padding, yearly ranges); administrators
        edit it per company afterwards. Sequences are the numbering's bookkeeping: read and
        advanced as the system, as Odoo numbers its own documents. Numbers a company already
        took this way from the shared sequence (before issue 19) are continued, not reused."""
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        company = self.company_id
        sequence = Sequence.search([("code", "=", ARCHIVE_CODE), ("company_id", "=", company.id)], limit=1)
        if sequence:
            return sequence
        template = self.env.ref("vip_customer_care.seq_vip_reward_campaign_archive", raise_if_not_found=False)
        template = template.sudo() if template else Sequence.search([("code", "=", ARCHIVE_CODE)], limit=1)
        sequence = Sequence.create({
            "name": f"{template.name or ARCHIVE_CODE} ({company.name})",
            "code": ARCHIVE_CODE,
            "prefix": template.prefix or "KH%(range_year)s-",
            "suffix": template.suffix,
            "padding": template.padding or 4,
            "implementation": "no_gap",
            "use_date_range": True,
            "company_id": company.id,
        })
        taken = {}
        for number in self.sudo().with_context(active_test=False).search([
            ("company_id", "=", company.id), ("archive_number", "!=", False),
        ]).mapped("archive_number"):
            match = re.search(r"(\d{4})\D+(\d+)$", number)
            if match:
                year, serial = int(match.group(1)), int(match.group(2))
                taken[year] = max(taken.get(year, 0), serial)
        self.env["ir.sequence.date_range"].sudo().create([{
            "sequence_id": sequence.id, "date_from": date(year, 1, 1), "date_to": date(year, 12, 31),
            # number_next_actual: its inverse sets number_next (its default of 1 would win otherwise).
            "number_next_actual": serial + 1,
        } for year, serial in taken.items()])
        return sequence

    def action_cancel(self):
        for rec in self:
            if rec.state in ("closed", "archived"):
                raise UserError(self.env._("A closed or archived campaign cannot be cancelled."))
            rec._vip_action_write({"state": "cancelled"})
        return True

    def action_draft(self):
        for rec in self:
            if rec.state not in ("rejected", "cancelled"):
                raise UserError(self.env._("Only rejected or cancelled campaigns return to draft."))
            rec._vip_action_write({"state": "draft"})
        return True
