# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .vip_guard_mixin import _WORKFLOW, vip_in_workflow
from odoo.tools.translate import LazyGettext, LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# Fields of a VIP points card that change only through its actions (R-LOY-02/04/05):
# points through loyalty.history entries, the holder never (no transfer), the state by
# block / freeze / unfreeze.
CARD_GUARDED = (
    "points", "partner_id", "program_id", "vip_state", "expiration_date", "vip_issue_date",
    "vip_replaces_id", "vip_freeze_reason", "vip_freeze_date", "vip_freeze_due", "vip_freeze_in_time",
    "vip_investigation_due", "vip_freeze_res_model", "vip_freeze_res_id", "vip_unfreeze_date",
    "vip_unfreeze_user_id", "vip_unfreeze_note", "vip_block_reason", "vip_freeze_requested_date",
    "vip_freeze_user_id",
)
# R-LOY-02, issue 18: one usable VIP card per customer, held by the database whatever the path
# (two simultaneous creations, a card moved into the VIP program, an import).
ONE_CARD = "vip_one_card_per_customer"
ONE_CARD_FIELDS = ("program_id", "partner_id", "vip_state", "active")


# Issue 23: the external ids of the VIP program's rewards, by (reward type, points).
VIP_REWARD_XMLIDS = {
    ("product", 5000): "loyalty_reward_vip_gold_pendant",
    ("discount", 1000): "loyalty_reward_vip_discount_500",
    ("discount", 2000): "loyalty_reward_vip_discount_ten_percent",
}


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    vip_is_points = fields.Boolean(
        string="VIP points program", index=True,
        help="Cards of this program earn points on paid customer invoices and follow the VIP rules "
        "(personal, 2 years, identity-checked redemption, freeze).",
    )

    @api.model
    def _vip_name_rewards(self):
        """Issue 23: the rewards of the add-on's VIP points program are created with it (a
        loyalty program cannot exist without one), so they had no external id and their
        descriptions could not be translated from i18n/*.po. Name them (noupdate) at install and
        on upgrade (migration 18.0.1.5.0); a reward an administrator added stays unnamed."""
        program = self.env.ref("vip_customer_care.loyalty_program_vip_points", raise_if_not_found=False)
        if not program:
            return
        rewards = program.with_context(active_test=False).reward_ids
        named = set(self.env["ir.model.data"].search([
            ("model", "=", "loyalty.reward"), ("res_id", "in", rewards.ids),
        ]).mapped("res_id"))
        taken = set(self.env["ir.model.data"].search([
            ("module", "=", "vip_customer_care"), ("name", "in", list(VIP_REWARD_XMLIDS.values())),
        ]).mapped("name"))
        data = []
        for reward in rewards.sorted("id"):
            name = VIP_REWARD_XMLIDS.get((reward.reward_type, round(reward.required_points)))
            if name and name not in taken and reward.id not in named:
                taken.add(name)
                data.append({"xml_id": f"vip_customer_care.{name}", "record": reward, "noupdate": True})
        self.env["ir.model.data"]._update_xmlids(data)

    @api.model
    def _vip_points_program(self, company):
        return self.search([
            ("vip_is_points", "=", True), ("company_id", "in", (company.id, False)),
        ], order="company_id desc, id", limit=1)

    def _vip_points_for(self, amount):
        """Points for a paid ``amount`` (company currency) by the program's own money rule
        (R-LOY-01: 1 point per 100)."""
        self.ensure_one()
        rule = self.rule_ids.filtered(lambda r: r.reward_point_mode == "money")[:1]
        rate = rule.reward_point_amount if rule else 0.01
        return math.floor(round(amount * rate, 6))


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    vip_reason = fields.Selection(
        [
            ("earn", "Paid invoice"),
            ("birthday", "Paid invoice (birthday month)"),
            ("held", "Paid invoice (held while frozen)"),
            ("refund", "Credit note"),
            ("redeem", "Exchange"),
            ("replacement", "Replacement card"),
        ],
        string="Reason", readonly=True,
    )
    vip_user_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    create_date = fields.Datetime(string="Date", readonly=True)


class LoyaltyCard(models.Model):
    _name = "loyalty.card"
    # Activities: internal control's investigation of a frozen card (R-LOY-05).
    _inherit = ["loyalty.card", "mail.activity.mixin"]

    vip_is_points = fields.Boolean(related="program_id.vip_is_points", store=True, string="VIP card")
    # R-SEC-02, issue 18: a VIP card belongs to its customer's company (the VIP program has
    # none, and a card without a company is seen by every company's users).
    company_id = fields.Many2one(
        "res.company", related=None, compute="_compute_company_id", store=True, readonly=True, index=True,
    )
    vip_state = fields.Selection(
        [("active", "Active"), ("frozen", "Frozen"), ("blocked", "Blocked")],
        string="Card status", default="active", required=True, tracking=True, index=True, copy=False,
    )
    vip_issue_date = fields.Date(string="Issued on", default=fields.Date.context_today, copy=False)
    # Issue 22: the holder's tier as the portal shows it on the card (the partner's field is for VIP staff).
    vip_portal_tier = fields.Selection(related="partner_id.commercial_partner_id.vip_loyalty_tier", string="Tier")
    vip_is_expired = fields.Boolean(string="Expired", compute="_compute_vip_is_expired")
    vip_replaces_id = fields.Many2one("loyalty.card", string="Replaces card", readonly=True, copy=False)
    vip_block_reason = fields.Char(string="Block reason", readonly=True, copy=False)
    # R-LOY-05 freeze
    vip_freeze_reason = fields.Text(string="Freeze reason", readonly=True, copy=False)
    # Issue 19 (seed 001 §4.2.2): the sales department freezes the account within 2 hours
    # (setting) of the report of abnormal points: when it was asked and when it was done are
    # both kept, so the target is measured.
    vip_freeze_requested_date = fields.Datetime(
        string="Freeze asked on", readonly=True, copy=False,
        help="When the abnormal points were reported and the freeze asked (the complaint's creation for a "
        "complaint); the target counts from here.",
    )
    vip_freeze_date = fields.Datetime(string="Frozen on", readonly=True, copy=False)
    vip_freeze_user_id = fields.Many2one("res.users", string="Frozen by", readonly=True, copy=False)
    vip_freeze_due = fields.Datetime(
        string="Freeze due by", readonly=True, copy=False,
        help="R-LOY-05: the card must be frozen within 2 hours (setting) of the report.",
    )
    vip_freeze_in_time = fields.Boolean(string="Frozen in time", readonly=True, copy=False)
    vip_freeze_hours_taken = fields.Float(
        string="Freeze took (hours)", compute="_compute_vip_freeze_target",
        help="From the report of abnormal points to the freeze, in clock hours.",
    )
    vip_freeze_target = fields.Selection(
        [("in_time", "Within target"), ("late", "Late")], string="Freeze target",
        compute="_compute_vip_freeze_target",
        help="R-LOY-05: whether the card was frozen within the configured hours of the report.",
    )
    vip_investigation_due = fields.Datetime(
        string="Investigation due", readonly=True, copy=False,
        help="R-LOY-05: internal control investigates within 3 working days.",
    )
    vip_freeze_res_model = fields.Char(string="Freeze origin model", readonly=True, copy=False)
    vip_freeze_res_id = fields.Many2oneReference(
        string="Freeze origin", model_field="vip_freeze_res_model", readonly=True, copy=False,
    )
    vip_freeze_origin = fields.Char(string="Freeze origin document", compute="_compute_vip_freeze_origin")
    vip_unfreeze_date = fields.Datetime(string="Unfrozen on", readonly=True, copy=False)
    vip_unfreeze_user_id = fields.Many2one("res.users", string="Unfrozen by", readonly=True, copy=False)
    vip_unfreeze_note = fields.Text(string="Investigation result", readonly=True, copy=False)

    _sql_constraints = [
        ("vip_points_not_negative", "CHECK (vip_is_points IS NOT TRUE OR points >= 0)",
         "A VIP points card cannot go below zero points."),
        # A partial unique index as a constraint (PostgreSQL takes WHERE on EXCLUDE only):
        # the second of two concurrent creations waits for the first and is refused.
        (ONE_CARD, "EXCLUDE USING btree (partner_id WITH =) WHERE (vip_is_points AND vip_state <> 'blocked' AND active)",
         "This customer already has a VIP member card: points are not combined across cards (R-LOY-02)."),
    ]

    def init(self):
        res = super().init()
        # Cards issued before issue 18 took the program's (empty) company: give them their
        # customer's company.
        self.env.cr.execute("""
            UPDATE loyalty_card c SET company_id = p.company_id
              FROM res_partner p
             WHERE c.partner_id = p.id AND c.company_id IS NULL AND c.vip_is_points AND p.company_id IS NOT NULL
        """)
        return res

    @api.depends("program_id.company_id", "vip_is_points", "partner_id.company_id")
    def _compute_company_id(self):
        for card in self:
            company = card.program_id.company_id
            if not company and card.vip_is_points:
                partner = card.partner_id
                company = (
                    partner.company_id or partner.commercial_partner_id.company_id or card.company_id or self.env.company
                )
            card.company_id = company

    @api.depends("expiration_date")
    def _compute_vip_is_expired(self):
        today = fields.Date.context_today(self)
        for card in self:
            card.vip_is_expired = bool(card.expiration_date and card.expiration_date < today)

    @api.depends("vip_freeze_res_model", "vip_freeze_res_id")
    def _compute_vip_freeze_origin(self):
        for card in self:
            origin = card._vip_freeze_origin_record()
            card.vip_freeze_origin = origin.sudo().display_name if origin else False

    @api.depends("vip_freeze_requested_date", "vip_freeze_date", "vip_freeze_in_time")
    def _compute_vip_freeze_target(self):
        for card in self:
            asked, done = card.vip_freeze_requested_date, card.vip_freeze_date
            if asked and done:
                card.vip_freeze_hours_taken = max((done - asked).total_seconds(), 0.0) / 3600.0
                card.vip_freeze_target = "in_time" if card.vip_freeze_in_time else "late"
            else:
                card.vip_freeze_hours_taken = 0.0
                card.vip_freeze_target = False

    def _vip_freeze_origin_record(self):
        self.ensure_one()
        if self.vip_freeze_res_model in self.env and self.vip_freeze_res_id:
            return self.env[self.vip_freeze_res_model].browse(self.vip_freeze_res_id).exists()
        return None

    # ------------------------------------------------------------------ guard
    def _vip_system(self):
        """These cards as the loyalty bookkeeping: points, holder and status change only here
        (R-LOY-02). The one place the add-on acts as the system on cards: the callers (payment,
        credit note, approved exchange, internal control's buttons) checked the user's right."""
        return self.sudo().with_context(vip_workflow=_WORKFLOW, loyalty_no_mail=True)

    @api.model_create_multi
    def create(self, vals_list):
        Program = self.env["loyalty.program"]
        if any(Program.browse(vals.get("program_id") or []).exists().vip_is_points for vals in vals_list):
            # The VIP program sends no creation mail; its users need not read communication plans.
            self = self.with_context(loyalty_no_mail=True)
        for vals in vals_list:
            program = Program.browse(vals.get("program_id") or [])
            if not program.exists() or not program.vip_is_points:
                continue
            if not vip_in_workflow(self.env) and (vals.get("points") or vals.get("vip_state", "active") != "active"):
                raise UserError(self.env._(
                    "A VIP member card starts at zero points: points are earned on paid invoices only (R-LOY-01)."
                ))
            issue = fields.Date.to_date(vals.get("vip_issue_date")) or fields.Date.context_today(self)
            company = program.company_id or self.env.company
            vals.setdefault("vip_issue_date", issue)
            vals["expiration_date"] = issue + relativedelta(years=company.vip_card_valid_years)
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list if vals.get("partner_id")})
        try:
            with self.env.cr.savepoint():
                cards = super().create(vals_list)
                cards.flush_recordset()  # the database's one-card check runs here, not later
        except psycopg2.IntegrityError as exc:
            self._vip_raise_one_card(exc, partners)
        cards.filtered("vip_is_points")._vip_check_one_card()
        return cards

    def write(self, vals):
        vip_cards = self.filtered("vip_is_points")
        if vip_cards and not vip_in_workflow(self.env):
            guarded = [name for name in CARD_GUARDED if name in vals]
            if guarded:
                labels = ", ".join(self._fields[name]._description_string(self.env) for name in guarded)
                raise UserError(self.env._(
                    "VIP member cards are personal: %s change only through the card's actions "
                    "(no transfer, merge or manual points, R-LOY-02).", labels,
                ))
        if vals.get("program_id") and not vip_in_workflow(self.env):
            program = self.env["loyalty.program"].browse(vals["program_id"])
            if program.exists().vip_is_points and self - vip_cards:
                raise UserError(self.env._(
                    "A card does not move into the VIP points program: a VIP member card is issued "
                    "at zero points and earns on paid invoices only (R-LOY-01/02)."
                ))
        if not any(name in vals for name in ONE_CARD_FIELDS):
            return super().write(vals)
        try:
            with self.env.cr.savepoint():
                res = super().write(vals)
                self.flush_recordset()
        except psycopg2.IntegrityError as exc:
            partners = self.partner_id | self.env["res.partner"].browse(vals.get("partner_id") or [])
            self._vip_raise_one_card(exc, partners)
        return res

    def _vip_raise_one_card(self, exc, partners):
        """The database refused a second usable VIP card for a customer (constraint
        ``ONE_CARD``): the translated message instead of the raw database error."""
        if getattr(exc.diag, "constraint_name", None) != f"{self._table}_{ONE_CARD}":
            raise exc
        raise ValidationError(self.env._(
            "%s already has a VIP member card: points are not combined across cards; "
            "replace a lost card instead (R-LOY-02/04).", ", ".join(partners.exists().mapped("display_name")),
        )) from None

    def _vip_check_one_card(self):
        """R-LOY-02: one usable card per customer (points are not combined). The database
        holds the same rule (constraint ``ONE_CARD``) against concurrent creations."""
        partners = self.partner_id
        if not partners:
            return
        groups = self.sudo()._read_group(
            [("partner_id", "in", partners.ids), ("vip_is_points", "=", True), ("vip_state", "!=", "blocked")],
            ["partner_id"], ["__count"],
        )
        duplicates = [partner.display_name for partner, count in groups if count > 1]
        if duplicates:
            raise ValidationError(self.env._(
                "%s already has a VIP member card: points are not combined across cards; "
                "replace a lost card instead (R-LOY-02/04).", ", ".join(duplicates),
            ))

    @api.ondelete(at_uninstall=False)
    def _unlink_vip_card(self):
        if self.filtered(lambda c: c.vip_is_points and c.history_ids):
            raise UserError(self.env._("A VIP member card with points history is kept; block it instead."))

    # ------------------------------------------------------------------ points
    def _vip_can_use(self, raise_error=False):
        """Whether points may move on this card now (not frozen, blocked or expired)."""
        self.ensure_one()
        problem = False
        if self.vip_state == "frozen":
            problem = self.env._("Card %s is frozen (R-LOY-05): no points are earned or redeemed.", self.code)
        elif self.vip_state == "blocked":
            problem = self.env._("Card %s is blocked (R-LOY-04).", self.code)
        elif self.vip_is_expired:
            problem = self.env._("Card %(card)s expired on %(date)s (R-LOY-04).", card=self.code, date=self.expiration_date)
        if problem and raise_error:
            raise UserError(problem)
        return not problem

    def _vip_move_points(self, issued, used, reason, description, source=None):
        """Record one points change as a loyalty.history entry with reason and source document,
        and update the balance (R-LOY-01/03). ``description`` is a lazy term (``_lt``): it is
        written in the card holder's language (issue 23), which the customer and their
        salesperson read."""
        self.ensure_one()
        card = self._vip_system()
        if isinstance(description, LazyGettext):
            lang = card.partner_id.lang or self.env.lang or "en_US"
            description = self.env["mail.activity"]._vip_render(description, lang, self.env.context.get("tz") or "UTC")
        new_balance = card.points + issued - used
        if new_balance < 0:
            raise UserError(self.env._(
                "Card %(card)s has %(points)s points, not enough for %(used)s.",
                card=self.code, points=card.points, used=used,
            ))
        self.env["loyalty.history"].sudo().create({
            "card_id": card.id,
            "issued": issued,
            "used": used,
            "description": description,
            "vip_reason": reason,
            "vip_user_id": self.env.uid,
            "order_model": source._name if source else False,
            "order_id": source.id if source else False,
        })
        card.write({"points": new_balance})
        return True

    # ------------------------------------------------------------------ lost card (R-LOY-04)
    def action_vip_replace(self):
        """R-LOY-04: the lost card is blocked; the replacement starts at zero points."""
        self._vip_check_officer()
        new_cards = self.browse()
        for card in self:
            if not card.vip_is_points or card.vip_state == "blocked":
                raise UserError(self.env._("Only a usable VIP member card can be replaced."))
            if card.vip_state == "frozen":
                raise UserError(self.env._("A frozen card is replaced only after internal control unfreezes it."))
            card._vip_system().write({
                "vip_state": "blocked",
                "vip_block_reason": self.env._("Reported lost; replaced"),
            })
            new = self.with_context(vip_workflow=_WORKFLOW).create({
                "program_id": card.program_id.id,
                "partner_id": card.partner_id.id,
                "vip_replaces_id": card.id,
            })
            card.message_post(body=self.env._(
                "Card blocked as lost; replacement card %s issued with zero points (points do not move, R-LOY-04).",
                new.code,
            ))
            new_cards |= new
        if len(new_cards) == 1:
            return {"type": "ir.actions.act_window", "res_model": "loyalty.card", "res_id": new_cards.id, "view_mode": "form"}
        return {"type": "ir.actions.act_window", "res_model": "loyalty.card", "domain": [("id", "in", new_cards.ids)], "view_mode": "list,form"}

    def _vip_check_officer(self):
        if not self.env.user.has_group("vip_customer_care.group_vip_officer") and not self.env.su:
            raise UserError(self.env._("Only VIP officers manage member cards."))

    # ------------------------------------------------------------------ freeze (R-LOY-05)
    def _vip_freeze(self, reason, origin=None, requested=None):
        """R-LOY-05: freeze these cards (no earn, no redeem) because of ``origin`` (the record
        that caused it, e.g. a complaint about abnormal points). The freeze is due 2 hours
        (setting) after ``requested`` (when the abnormal points were reported; by default the
        origin's creation, else now); internal control investigates within 3 working days.
        Called by other modules (complaints) and by ``action_vip_freeze`` (sales), which check
        the user's right: the card's own bookkeeping acts as the system (``_vip_system``)."""
        now = fields.Datetime.now()
        for card in self:
            if not card.vip_is_points:
                raise UserError(self.env._("Only VIP member cards are frozen."))
            if card.vip_state == "frozen":
                continue
            company = card.company_id or self.env.company
            start = (
                fields.Datetime.to_datetime(requested)
                or (origin and "create_date" in origin._fields and origin.create_date) or now
            )
            due = start + timedelta(hours=company.vip_freeze_hours)
            calendar = company.resource_calendar_id
            investigation = (
                calendar.vip_working_days_deadline(now, company.vip_freeze_investigation_days, company)
                if calendar else now + timedelta(days=company.vip_freeze_investigation_days)
            )
            card._vip_system().write({
                "vip_state": "frozen",
                "vip_freeze_reason": reason,
                "vip_freeze_requested_date": start,
                "vip_freeze_date": now,
                "vip_freeze_user_id": self.env.uid,
                "vip_freeze_due": due,
                "vip_freeze_in_time": now <= due,
                "vip_investigation_due": investigation,
                "vip_freeze_res_model": origin._name if origin else False,
                "vip_freeze_res_id": origin.id if origin else False,
                "vip_unfreeze_date": False,
                "vip_unfreeze_user_id": False,
                "vip_unfreeze_note": False,
            })
            if now <= due:
                target = self.env._("within the %(hours)s-hour target", hours=_hours(company.vip_freeze_hours))
            else:
                target = self.env._(
                    "late: %(taken)s hours after the report, the target is %(hours)s hours",
                    taken=_hours((now - start).total_seconds() / 3600.0), hours=_hours(company.vip_freeze_hours),
                )
            card._vip_system().message_post(body=self.env._(
                "Card frozen by %(user)s (%(target)s): %(reason)s", user=self.env.user.name, target=target, reason=reason,
            ))
            compliance = self.env.ref("vip_customer_care.group_vip_compliance").users.filtered(
                lambda u, c=company: c in u.company_ids
            )[:1]
            if compliance:
                card._vip_system().activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=investigation.date(),
                    summary=_lt("Investigate frozen card %s", card.code),
                    note=reason,
                    user_id=compliance.id,
                )
        return True

    def action_vip_freeze_wizard(self):
        """Sales freezes the card (R-LOY-05): the reason and the time of the report are asked."""
        self.ensure_one()
        self._vip_check_can_freeze()
        return {
            "type": "ir.actions.act_window",
            "res_model": "vip.loyalty.freeze.wizard",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Freeze the member card"),
            "context": {"default_card_id": self.id},
        }

    def _vip_check_can_freeze(self):
        """Who freezes and what: the sales department (VIP users, seed 001 §4.2.2), an active
        VIP member card the user can open."""
        if not self.env.user.has_group("vip_customer_care.group_vip_user"):
            raise UserError(self.env._("Only VIP staff (sales) freeze a member card (R-LOY-05)."))
        self.check_access("read")
        for card in self:
            if not card.vip_is_points:
                raise UserError(self.env._("Only VIP member cards are frozen."))
            if card.vip_state == "frozen":
                raise UserError(self.env._("Card %s is already frozen.", card.code))
            if card.vip_state == "blocked":
                raise UserError(self.env._("Card %s is blocked (R-LOY-04).", card.code))

    def action_vip_freeze(self, reason, requested_date=None):
        """R-LOY-05 / seed 001 §4.2.2: sales freezes the card with a reason; the 2-hour target
        (setting) counts from ``requested_date``, when the abnormal points were reported
        (default: now; never in the future)."""
        self._vip_check_can_freeze()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason for freezing the card (R-LOY-05)."))
        now = fields.Datetime.now()
        requested = fields.Datetime.to_datetime(requested_date) if requested_date else now
        if requested > now:
            raise UserError(self.env._("The abnormal points cannot be reported in the future."))
        self._vip_freeze(reason, requested=requested)
        return True

    def action_vip_unfreeze(self, note=None):
        """R-LOY-05: only internal control lifts a freeze, with the investigation result."""
        if not self.env.user.has_group("vip_customer_care.group_vip_compliance") and not self.env.su:
            raise UserError(self.env._("Only internal control can unfreeze a member card (R-LOY-05)."))
        for card in self:
            if card.vip_state != "frozen":
                raise UserError(self.env._("Card %s is not frozen.", card.code))
            card._vip_system().write({
                "vip_state": "active",
                "vip_unfreeze_date": fields.Datetime.now(),
                "vip_unfreeze_user_id": self.env.uid,
                "vip_unfreeze_note": note or self.env._("Investigation closed"),
            })
            card._vip_system().message_post(body=self.env._("Card unfrozen by internal control."))
        self._vip_credit_held_points()
        return True

    def _vip_credit_held_points(self):
        """R-LOY-05: invoices paid while the card was frozen earned nothing then; once internal
        control has cleared the card, their held points are credited, each with its invoice."""
        moves = self.env["account.move"].sudo().search([
            ("vip_points_card_id", "in", self.ids), ("vip_points_held", ">", 0),
        ], order="id")
        for move in moves:
            move.vip_points_card_id._vip_move_points(
                move.vip_points_held, 0, "held",
                _lt("Paid invoice %s while the card was frozen, credited after the investigation", move.name),
                move,
            )
        moves.write({"vip_points_held": 0})


def _hours(value):
    """Hours for a message: 2, 1.5, 26.3."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """R-LOY-02: points are personal; contacts holding VIP points cards are not merged."""
        partners = self.env["res.partner"].browse(partner_ids).exists()
        cards = self.env["loyalty.card"].sudo().search_count([
            ("partner_id", "in", partners.ids), ("vip_is_points", "=", True),
        ], limit=1)
        if cards and len(partners) > 1:
            raise UserError(self.env._(
                "These contacts hold VIP member cards: points are personal and cards are never "
                "merged (R-LOY-02)."
            ))
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
