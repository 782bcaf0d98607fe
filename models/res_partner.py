# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .base import export_reaches_people
from .vip_guard_mixin import vip_check_input
from . import vip_visibility
from .vip_identity_mixin import PII_GROUPS, mask_value, vip_in_anonymisation

# Every VIP role: implied by the VIP user group and by the security guard (R-SEC-01).
VIP_GROUP = "vip_customer_care.group_vip_base"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "vip.identity.mixin"]

    # R-PII-01: derived values (masked phone, birth month) are personal data too.
    _vip_pii_fields = (
        "vip_id_number", "vip_id_number_display", "vip_id_photo",
        "vip_birthday", "vip_birth_month", "vip_private_phone", "vip_private_phone_display",
    )

    # Employees without a VIP role see VIP customers as plain contacts (R-PII-02).
    vip_id_type = fields.Selection(groups=VIP_GROUP)
    vip_id_number_display = fields.Char(groups=VIP_GROUP)

    # R-TIER-01 / R-TIER-02
    vip_service_level = fields.Selection(
        [("vip", "VIP"), ("important", "Important"), ("general", "General")],
        string="Service level",
        tracking=True,
        index=True,
        groups=VIP_GROUP,
        help="VIP: dedicated plan and senior escort. Important: standard plan and a dedicated "
        "staff member. General: basic plan on demand.",
    )
    vip_access_grade = fields.Selection(
        [("special", "Special"), ("level_1", "Level 1"), ("level_2", "Level 2")],
        string="Access grade",
        tracking=True,
        groups=VIP_GROUP,
        help="Only for VIP customers. Special-grade visitors get the premium room and a "
        "dedicated attendant.",
    )
    vip_loyalty_tier = fields.Selection(
        [("diamond", "Diamond"), ("platinum", "Platinum"), ("gold", "Gold"), ("none", "None")],
        string="Loyalty tier",
        default="none",
        tracking=True,
        readonly=True,
        index=True,
        groups=VIP_GROUP,
        help="Derived from the customer's spend (R-TIER-03).",
    )
    vip_agent_id = fields.Many2one(
        "res.users",
        string="Dedicated service agent",
        tracking=True,
        index="btree_not_null",
        groups=VIP_GROUP,
        domain="[('share', '=', False)]",
    )
    vip_nationality_id = fields.Many2one("res.country", string="Nationality", groups=VIP_GROUP)
    vip_dietary_notes = fields.Text(string="Dietary requirements", groups=VIP_GROUP)
    vip_preferences = fields.Text(string="Preferences", groups=VIP_GROUP)
    vip_birthday = fields.Date(string="Birthday", groups=PII_GROUPS)
    vip_birth_month = fields.Selection(
        [(str(m), str(m)) for m in range(1, 13)],
        string="Birth month",
        compute="_compute_vip_birth_month",
        store=True,
        groups=VIP_GROUP,
    )
    vip_private_phone = fields.Char(string="Private phone (full)", groups=PII_GROUPS)
    vip_private_phone_display = fields.Char(
        string="Private phone",
        compute="_compute_vip_private_phone_display",
        inverse="_inverse_vip_private_phone_display",
        search="_search_vip_private_phone_display",
        groups=VIP_GROUP,
    )
    # R-PII-03
    vip_consent_date = fields.Date(string="Consent date", tracking=True, groups=VIP_GROUP)
    vip_consent_service = fields.Boolean(
        string="Consents to service data processing", tracking=True, groups=VIP_GROUP
    )
    vip_consent_marketing = fields.Boolean(
        string="Consents to marketing messages", tracking=True, groups=VIP_GROUP
    )
    vip_consent_method = fields.Selection(
        [
            ("written", "Signed privacy authorisation"),
            ("electronic", "Electronic confirmation"),
            ("recorded", "Recorded verbal consent"),
        ],
        string="Consent given by",
        tracking=True,
        groups=VIP_GROUP,
    )
    vip_marketing_allowed = fields.Boolean(
        string="Marketing allowed",
        compute="_compute_vip_marketing_allowed",
        search="_search_vip_marketing_allowed",
        groups=VIP_GROUP,
    )

    # For the record rule only (security/vip_partner_rules.xml): the receptions of the customer,
    # so that their staff and reviewers open the customers on them (R-PII-02).
    vip_rule_reception_ids = fields.Many2many(
        "vip.reception", "vip_reception_partner_rel", "partner_id", "reception_id",
        string="Receptions (access)", groups="base.group_system", copy=False,
    )
    # What the rule searches (issue 14): the users who see one of the customer's receptions,
    # one index range of the visibility table (issues 14, 21, ``models/vip_visibility.py``).
    vip_rule_user_ids = fields.Many2many(
        "res.users", string="Users of the receptions (access)", compute="_compute_vip_rule_user_ids",
        search="_search_vip_rule_user_ids", groups="base.group_system",
    )

    # R-PII-05 (issue 20): set by the anonymisation wizard only (vip.pii.anonymisation).
    vip_anonymised = fields.Boolean(
        string="Anonymised", readonly=True, copy=False, groups=VIP_GROUP,
        help="The customer's personal data was removed on their request (R-PII-05); records under "
        "legal retention keep what the law requires. Personal data cannot be entered again.",
    )

    vip_next_revisit_date = fields.Date(
        string="Next revisit", copy=False, groups=VIP_GROUP, index="btree_not_null",
        help="Quarterly revisit of VIP customers is scheduled automatically (R-REC-12).",
    )

    @api.depends("vip_rule_reception_ids.vip_rule_user_ids")
    def _compute_vip_rule_user_ids(self):
        # Odoo checks the customers a user reads through a list's many2many (and writes)
        # against the rule in Python: one query on the visibility table for the batch
        # (issue 21) instead of every reception of the customers with its staff and reviews
        # through the ORM (issue 14: the reception list read them in 28 queries).
        users = vip_visibility.users_of(self.env, "vip_partner_visibility", "partner_id", self.filtered("id").ids)
        for partner in self:
            partner.vip_rule_user_ids = self.env["res.users"].browse(users.get(partner.id, ()))

    def _search_vip_rule_user_ids(self, operator, value):
        """R-PII-02: customers of the receptions that the users (ids) see through the
        reception rule (requester, lead, staff, reviewer): one index range of
        ``vip_partner_visibility`` (issue 21); archived receptions count only with
        ``active_test=False``, as with the ORM path."""
        if operator not in ("in", "="):
            raise ValidationError(self.env._("This filter only supports 'in' a list of users."))
        return [("id", "in", vip_visibility.visible_sql(self.env, "vip_partner_visibility", "partner_id", value))]

    @api.depends("vip_birthday")
    def _compute_vip_birth_month(self):
        for partner in self:
            birthday = partner.vip_birthday
            partner.vip_birth_month = str(birthday.month) if birthday else False

    @api.depends("vip_private_phone")
    @api.depends_context("uid")
    def _compute_vip_private_phone_display(self):
        full = self._vip_can_read_pii()
        for partner in self:
            phone = partner.sudo().vip_private_phone
            partner.vip_private_phone_display = phone if full else mask_value(phone)

    def _inverse_vip_private_phone_display(self):
        for partner in self:
            phone = (partner.vip_private_phone_display or "").strip()
            if "*" in phone:
                raise ValidationError(
                    self.env._("Type the complete phone number: a masked number cannot be saved.")
                )
            # Write-only entry, as for identity numbers (see vip.identity.mixin).
            partner._vip_write_sensitive("vip_private_phone", phone or False)

    def _search_vip_private_phone_display(self, operator, value):
        self._vip_check_pii_query("vip_private_phone_display")
        return [("vip_private_phone", operator, value)]

    @api.depends("vip_consent_marketing", "email_normalized", "is_blacklisted")
    def _compute_vip_marketing_allowed(self):
        for partner in self:
            partner.vip_marketing_allowed = bool(
                partner.vip_consent_marketing
                and partner.email_normalized
                and not partner.is_blacklisted
            )

    def _search_vip_marketing_allowed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on 'Marketing allowed'."))
        blacklisted = self.env["mail.blacklist"]._search([]).subselect("email")
        domain = [
            ("vip_consent_marketing", "=", True),
            ("email_normalized", "!=", False),
            ("email_normalized", "not in", blacklisted),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", "&", *domain]

    @api.constrains("vip_service_level", "vip_access_grade")
    def _check_vip_access_grade(self):
        for partner in self:
            if partner.vip_access_grade and partner.vip_service_level != "vip":
                raise ValidationError(
                    self.env._("%(name)s: an access grade is only given to VIP customers.", name=partner.name)
                )

    @api.constrains("vip_consent_date", "vip_consent_service", "vip_consent_marketing", "vip_consent_method")
    def _check_vip_consent(self):
        today = fields.Date.context_today(self)
        for partner in self:
            consented = partner.vip_consent_service or partner.vip_consent_marketing
            if consented and not (partner.vip_consent_date and partner.vip_consent_method):
                raise ValidationError(
                    self.env._("%(name)s: record the date and the way consent was given.", name=partner.name)
                )
            if partner.vip_consent_date and partner.vip_consent_date > today:
                raise ValidationError(
                    self.env._("%(name)s: the consent date cannot be in the future.", name=partner.name)
                )

    @api.constrains("vip_birthday")
    def _check_vip_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.vip_birthday and partner.vip_birthday > today:
                raise ValidationError(
                    self.env._("%(name)s: the birthday cannot be in the future.", name=partner.name)
                )

    @api.constrains("vip_id_type", "vip_id_number", "company_id")
    def _check_vip_id_unique(self):
        # Uniqueness must see every customer, like an SQL constraint, whatever the user may read.
        partners = self.sudo().filtered("vip_id_number")
        if not partners:
            return
        groups = self.sudo()._read_group(
            [("vip_id_number", "in", partners.mapped("vip_id_number"))],
            ["vip_id_type", "vip_id_number", "company_id"],
            having=[("__count", ">", 1)],
        )
        if not groups:
            return
        id_type, number, company = groups[0]
        holders = self.sudo().search([
            ("vip_id_type", "=", id_type), ("vip_id_number", "=", number),
            ("company_id", "=", company.id), ("id", "not in", self.ids),
        ])
        # Name the other customer only to users who may read it (R-PII-02); the check may run
        # under the write-only sudo of the ID number inverse, so drop it for this test.
        visible = self.env(su=False)["res.partner"].browse(holders.ids)._filtered_access("read")
        if visible and visible == holders:
            raise ValidationError(self.env._(
                "%(names)s already has this identity document (%(number)s).",
                names=", ".join(visible.mapped("display_name")), number=mask_value(number),
            ))
        raise ValidationError(self.env._(
            "This identity document (%(number)s) is already registered for another customer of "
            "the company. Ask compliance to check it.",
            number=mask_value(number),
        ))

    def _vip_export_needs_authorisation(self, fields_to_export):
        """Exporting VIP customers, or any VIP field, is an export of customer data (R-PII-04);
        plain contacts export as before."""
        if export_reaches_people(self, fields_to_export):
            return True
        # One query, as the system: the export must not depend on what the user may filter on.
        return bool(self.sudo().with_context(active_test=False).search_count(
            [("id", "in", self.ids), ("vip_service_level", "!=", False)], limit=1,
        ))

    def _vip_check_partner_input(self, vals):
        """Bad input in the add-on's fields gets a translated message, not a raw error
        (dates out of range, oversized text...); Odoo's own partner fields are left to Odoo."""
        vip_check_input(self, {name: value for name, value in vals.items() if name.startswith("vip_")})

    # R-PII-05 (issue 20): what an anonymised customer can never be given again by a normal
    # write (only the anonymisation itself writes them, to clear them).
    _VIP_ANONYMISED_FIELDS = (
        "name", "email", "phone", "mobile", "street", "street2", "zip", "city", "state_id", "country_id",
        "website", "comment", "function", "title", "vat", "image_1920", "vip_id_type", "vip_id_number",
        "vip_id_number_display", "vip_id_photo", "vip_birthday", "vip_private_phone",
        "vip_private_phone_display", "vip_nationality_id", "vip_dietary_notes", "vip_preferences",
    )

    def _vip_check_anonymised(self, vals):
        """R-PII-05: the anonymised flag is the wizard's, and an anonymised customer does not
        get personal data again (a new request is a new customer)."""
        if vip_in_anonymisation(self.env):
            return
        if "vip_anonymised" in vals and (self or vals["vip_anonymised"]):
            raise UserError(self.env._(
                "Only the anonymisation wizard of compliance marks a customer as anonymised (R-PII-05)."
            ))
        filled = [name for name in self._VIP_ANONYMISED_FIELDS if vals.get(name)]
        # The flag is read as the system: employees without a VIP role edit plain contacts.
        anonymised = self.sudo().filtered("vip_anonymised") if filled else self.browse()
        if anonymised:
            raise UserError(self.env._(
                "%(partners)s was anonymised on request (R-PII-05): personal data (%(fields)s) cannot "
                "be entered again. Create a new contact if the person comes back.",
                partners=", ".join(anonymised.mapped("display_name")),
                fields=", ".join(self._fields[name]._description_string(self.env) for name in filled),
            ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vip_check_partner_input(vals)
            self.browse()._vip_check_anonymised(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._vip_check_partner_input(vals)
        self._vip_check_anonymised(vals)
        res = super().write(vals)
        if "vip_consent_marketing" in vals:
            self._vip_sync_marketing_blacklist()
        return res

    def action_vip_anonymise(self):
        """R-PII-05 (issue 20): open the anonymisation wizard for this customer (compliance only)."""
        self.ensure_one()
        self.env["vip.pii.anonymise"]._vip_check_compliance()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Anonymise customer"),
            "res_model": "vip.pii.anonymise",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @api.model
    def _cron_vip_quarterly_revisit(self):
        """R-REC-12: a revisit activity for the salesperson of each VIP customer, every quarter.

        Issue 14: only the customers due (indexed date), oldest first, one batch per run
        (one activity ``create``, no e-mail unless the salesperson asked for e-mails; the
        scheduler commits and runs again while some remain). A daily quota of 1/91 of the VIP
        customers (at least one batch) spreads the herd of a new quarter over the quarter:
        the customers done today are those whose next revisit is today + 3 months."""
        today = fields.Date.context_today(self)
        next_date = today + relativedelta(months=3)
        Activity = self.env["mail.activity"]
        batch = Activity._vip_cron_batch_size()
        Partner = self.sudo()
        base = self._vip_revisit_domain()
        quota = max(batch, -(-Partner.search_count(base) // 91))
        left_today = quota - Partner.search_count([*base, ("vip_next_revisit_date", "=", next_date)])
        if left_today <= 0:
            return
        due = [*base, "|", ("vip_next_revisit_date", "=", False), ("vip_next_revisit_date", "<=", today)]
        partners = Partner.search(due, limit=min(batch, left_today), order="vip_next_revisit_date asc nulls first, id")
        if not partners:
            return
        activity_type = self.env.ref("vip_customer_care.mail_activity_type_vip_revisit")
        model_id = self.env["ir.model"]._get_id("res.partner")
        Activity._vip_create_batch([{
            "res_model_id": model_id, "res_id": partner.id, "activity_type_id": activity_type.id,
            "user_id": user.id, "automated": True, "date_deadline": today,
            "summary": activity_type.summary, "note": activity_type.default_note,
        } for partner in partners for user in partner._vip_revisit_user()[:1]])
        partners.write({"vip_next_revisit_date": next_date})
        remaining = min(Partner.search_count(due), left_today - len(partners))
        Activity._vip_notify_cron_progress(len(partners), max(remaining, 0))

    @api.model
    def _vip_revisit_domain(self):
        """Customers revisited every quarter (hook: key customers' archives add theirs, R-ARC-03)."""
        return [("vip_service_level", "=", "vip"), ("user_id", "!=", False)]

    def _vip_revisit_user(self):
        """Who carries the quarterly revisit of this customer."""
        self.ensure_one()
        return self.user_id

    def _vip_sync_marketing_blacklist(self):
        """Withdrawn marketing consent puts the address on Odoo's mail blacklist, so that
        every mass-mailing tool respects it; newly given consent lifts it (R-PII-03)."""
        blacklist = self.env["mail.blacklist"]
        for partner in self.filtered("email_normalized"):
            if partner.vip_consent_marketing:
                blacklist._remove(partner.email_normalized, message=self.env._("Marketing consent given"))
            else:
                blacklist._add(partner.email_normalized, message=self.env._("Marketing consent withdrawn"))

    # Records that keep a customer (R-PII-06): model -> partner field.
    _VIP_KEPT_RECORDS = {
        "vip.reception": "partner_ids",
        "vip.visit.appointment": "partner_id",
        "vip.visitor": "partner_id",
        "vip.valuable.handover": "partner_id",
        "vip.customer.archive": "partner_id",
    }

    @api.ondelete(at_uninstall=False)
    def _unlink_vip_kept_records(self):
        """A customer with receptions, appointments, visits or handovers is kept with them
        (R-PII-06): archive instead. The records are counted as the system, whoever the user
        sees, so that nothing is left without its customer."""
        for model, field in self._VIP_KEPT_RECORDS.items():
            Model = self.env[model].sudo().with_context(active_test=False)
            used = Model._read_group([(field, "in", self.ids)], [field])
            if used:
                partners = self.browse([partner.id for (partners,) in used for partner in partners]) & self
                raise UserError(self.env._(
                    "%(partners)s cannot be deleted: their %(records)s are kept (retention, R-PII-06). "
                    "Archive the contact instead.",
                    partners=", ".join(partners.sudo().mapped("name")), records=self.env["ir.model"]._get(model).name,
                ))

    # ------------------------------------------------------------------ portal (issue 22)
    def action_vip_portal_invite(self):
        """Issue 22: Odoo's portal wizard for the customer and their contacts (VIP officers
        and managers, the button's groups; the wizard itself checks contact managers)."""
        self.ensure_one()
        if not self.env.user.has_group("vip_customer_care.group_vip_officer"):
            raise UserError(self.env._("Only VIP officers and managers invite customers to the portal."))
        partner = self.commercial_partner_id
        return self.env["portal.wizard"].with_context(
            active_ids=partner.ids, active_model="res.partner",
        ).action_open_wizard()
