# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import re
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .vip_identity_mixin import normalize_id_number

# Activity summaries and notes are lazy terms, localised for each guard (as in vip.access.pass).
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

SECRET_PARAM = "vip_customer_care.watchlist_secret"
SECURITY_GROUPS = "vip_customer_care.group_vip_security,vip_customer_care.group_vip_compliance"


def name_key(name):
    """The compared form of a name: no blanks, case folded ("Wang  Wei" = "wangwei")."""
    return re.sub(r"\s+", "", name or "").casefold() or False


class VipWatchlist(models.Model):
    """Issue 22 (R-ACC-05, R-PII-01, R-SEC-01): a person who must not enter, by identity number and/or by name.

    The number is never stored: only its keyed hash (HMAC-SHA256 of the normalised number,
    keyed by a secret of this database in ``ir.config_parameter``), so that the table, a
    backup or an export gives no number away and a dictionary of ID numbers cannot be hashed
    without the secret. Readable and configurable by security and compliance only."""

    _name = "vip.watchlist"
    _description = "Watchlist entry"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(tracking=True, help="Compared without blanks and case.")
    name_key = fields.Char(compute="_compute_name_key", store=True, index="btree_not_null")
    id_number = fields.Char(
        string="ID number", compute="_compute_id_number", inverse="_inverse_id_number", store=False,
        help="Typed once and kept only as a keyed hash: it cannot be read back.",
    )
    id_number_hash = fields.Char(string="ID number hash", readonly=True, copy=False, index="btree_not_null")
    has_id_number = fields.Boolean(string="ID number on file", compute="_compute_has_id_number")
    reason = fields.Text(required=True, tracking=True)
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(string="Until", tracking=True, help="Empty: until further notice.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True, tracking=True)
    hit_ids = fields.One2many("vip.watchlist.hit", "watchlist_id", string="Hits")
    hit_count = fields.Integer(compute="_compute_hit_count")

    _sql_constraints = [
        ("period_ordered", "CHECK(date_to IS NULL OR date_to >= date_from)", "The watchlist period ends after it starts."),
    ]

    @api.constrains("name", "id_number_hash")
    def _check_someone(self):
        if self.filtered(lambda rec: not (name_key(rec.name) or rec.id_number_hash)):
            raise ValidationError(self.env._("A watchlist entry needs a name or an ID number."))

    @api.depends("name")
    def _compute_name_key(self):
        for rec in self:
            rec.name_key = name_key(rec.name)

    def _compute_id_number(self):
        # Write-only: nothing to show back.
        self.id_number = False

    def _inverse_id_number(self):
        for rec in self:
            number = normalize_id_number(rec.id_number)
            if number:
                rec.id_number_hash = self._vip_hash(number)
        # Not even the cache keeps the typed number.
        self.invalidate_recordset(["id_number"])

    @api.depends("id_number_hash")
    def _compute_has_id_number(self):
        for rec in self:
            rec.has_id_number = bool(rec.id_number_hash)

    def _compute_hit_count(self):
        counts = dict(self.env["vip.watchlist.hit"]._read_group([("watchlist_id", "in", self.ids)], ["watchlist_id"], ["__count"]))
        for rec in self:
            rec.hit_count = counts.get(rec, 0)

    # ------------------------------------------------------------------ hashing
    @api.model
    def _vip_secret(self):
        """This database's key (created once). Reading a system parameter is the system's
        business, not the user's: nobody is given ir.config_parameter for this."""
        params = self.env["ir.config_parameter"].sudo()
        secret = params.get_param(SECRET_PARAM)
        if not secret:
            secret = secrets.token_hex(32)
            params.set_param(SECRET_PARAM, secret)
        return secret

    @api.model
    def _vip_hash(self, number, secret=None):
        number = normalize_id_number(number)
        if not number:
            return False
        return hmac.new((secret or self._vip_secret()).encode(), number.encode(), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------------ matching
    @api.model
    def _vip_active_domain(self, companies):
        today = fields.Date.context_today(self)
        return [
            ("company_id", "in", companies.ids), ("date_from", "<=", today),
            "|", ("date_to", "=", False), ("date_to", ">=", today),
        ]

    @api.model
    def _vip_find(self, people, company=None):
        """``people``: visitors (``vip.visitor``) and/or contacts (``res.partner``) as a list of
        records. Returns [(person, entry, "id_number" | "name")] for those on an active entry
        of their company (``company``: the appointment's, else the person's or the user's), in
        one query.

        The check runs for whoever approves, issues or checks in, most of whom may not read
        the watchlist nor the identity numbers: it reads both as the system and returns only
        who is refused (the entries' reasons are for security)."""
        secret = self._vip_secret()
        wanted = []
        for person in people:
            number = person.sudo().vip_id_number
            person_company = company or person.company_id or self.env.company
            wanted.append((person, person_company, self._vip_hash(number, secret) if number else False, name_key(person.name)))
        hashes = {h for _p, _c, h, _n in wanted if h}
        keys = {k for _p, _c, _h, k in wanted if k}
        if not (hashes or keys):
            return []
        companies = self.env["res.company"].browse({c.id for _p, c, _h, _k in wanted})
        entries = self.sudo().search(self._vip_active_domain(companies) + [
            "|", ("id_number_hash", "in", list(hashes)), ("name_key", "in", list(keys)),
        ])
        hits = []
        for person, person_company, number_hash, key in wanted:
            for entry in entries.filtered(lambda e, person_company=person_company: e.company_id == person_company):
                if number_hash and entry.id_number_hash == number_hash:
                    hits.append((person, entry, "id_number"))
                    break
                if key and entry.name_key == key:
                    hits.append((person, entry, "name"))
                    break
        return hits

    @api.model
    def _vip_check(self, people, stage, appointment=None, access_pass=None, gate=None):
        return self._vip_check_people(people, stage, appointment, access_pass, gate)[0]

    @api.model
    def _vip_check_people(self, people, stage, appointment=None, access_pass=None, gate=None):
        """The one check of issue 22, for the approval, the pass issue, the guard's screen and
        the kiosk (``stage``: approval, pass, gate, kiosk): each person on the watchlist is
        logged (``vip.watchlist.hit``) and security is alerted (an activity for each security
        user of the company). Returns the translated refusal to show (or False) and the people
        refused (``_vip_check`` returns the refusal only).

        The log and the alerts are written as the system: the user checked against the list
        may neither read it nor its hits (R-SEC-01)."""
        where = appointment or access_pass or gate
        hits = self._vip_find(people, company=where.company_id if where else None)
        if not hits:
            return False, []
        Hit = self.env["vip.watchlist.hit"].sudo()
        log = Hit.create([{
            "watchlist_id": entry.id, "stage": stage, "matched_on": matched_on, "person_name": person.name,
            "visitor_id": person.id if person._name == "vip.visitor" else False,
            "partner_id": person.id if person._name == "res.partner" else False,
            "appointment_id": (appointment or (person.appointment_id if person._name == "vip.visitor" else False) or
                               self.env["vip.visit.appointment"]).id,
            "pass_id": access_pass.id if access_pass else False,
            "gate_id": gate.id if gate else False,
            "company_id": entry.company_id.id, "user_id": self.env.uid,
        } for person, entry, matched_on in hits])
        log._vip_alert_security()
        return self.env._(
            "Refused: %(people)s on the watchlist. Security has been alerted.",
            people=", ".join(sorted({person.name for person, _e, _m in hits})),
        ), [person for person, _e, _m in hits]

    def action_view_hits(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Watchlist hits"), "res_model": "vip.watchlist.hit",
            "view_mode": "list,form", "domain": [("watchlist_id", "=", self.id)],
        }


class VipWatchlistHit(models.Model):
    """Issue 22 (R-ACC-05): a watchlist hit, as evidence: written by the check only (as the
    system), never changed or deleted except by the system."""

    _name = "vip.watchlist.hit"
    _description = "Watchlist hit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    watchlist_id = fields.Many2one("vip.watchlist", required=True, ondelete="restrict", index=True, readonly=True)
    stage = fields.Selection(
        [("approval", "Appointment approval"), ("pass", "Pass issue"), ("gate", "Gate check"), ("kiosk", "Kiosk")],
        required=True, readonly=True,
    )
    matched_on = fields.Selection([("id_number", "ID number"), ("name", "Name")], required=True, readonly=True)
    person_name = fields.Char(string="Person", readonly=True)
    visitor_id = fields.Many2one("vip.visitor", readonly=True, ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True, ondelete="set null")
    appointment_id = fields.Many2one("vip.visit.appointment", readonly=True, ondelete="set null", index="btree_not_null")
    pass_id = fields.Many2one("vip.access.pass", readonly=True, ondelete="set null")
    gate_id = fields.Many2one("vip.access.gate", readonly=True, ondelete="set null")
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one("res.users", string="Checked by", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    reason = fields.Text(related="watchlist_id.reason")

    @api.depends("person_name", "stage")
    def _compute_display_name(self):
        stages = dict(self._fields["stage"]._description_selection(self.env))
        for hit in self:
            hit.display_name = f"{hit.person_name or ''} ({stages.get(hit.stage, '')})"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Watchlist hits are written by the watchlist check only."))
        return super().create(vals_list)

    def write(self, vals):
        # The chatter (messages, followers) stays open; the evidence does not.
        if not self.env.su and set(vals) & set(self._fields) - {"message_follower_ids", "activity_ids", "message_ids"}:
            raise UserError(self.env._("A watchlist hit is evidence: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_system(self):
        if not self.env.su:
            raise UserError(self.env._("A watchlist hit is evidence: it cannot be deleted."))

    def _vip_alert_security(self):
        """One warning activity per hit for each security user of its company."""
        stages = dict(self._fields["stage"]._description_selection(self.env))
        self.env["mail.activity"]._vip_warn_security(self, _lt("Watchlist hit"), lambda hit: _lt(
            "%(person)s is on the watchlist and was refused (%(stage)s).",
            person=hit.person_name, stage=stages.get(hit.stage, hit.stage),
        ))


def check_not_watchlisted(env, people):
    """Defence for direct creations (a pass created by hand): refused, without a hit row (it
    would roll back with the error); the buttons log the hit (``vip.watchlist._vip_check``)."""
    hits = env["vip.watchlist"]._vip_find(people)
    if hits:
        raise ValidationError(env._(
            "Refused: %(people)s on the watchlist (use the Issue passes button: it alerts security).",
            people=", ".join(sorted({person.name for person, _e, _m in hits})),
        ))
