# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.models import parse_read_group_spec

# R-PII-01: implied by the security guard and compliance / internal control.
PII_GROUPS = "vip_customer_care.group_vip_pii"

# GB 11643-1999: ISO 7064 MOD 11-2 weights and check characters.
PRC_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PRC_ID_CHECK = "10X98765432"

ID_PATTERNS = {
    "passport": re.compile(r"^[A-Z0-9]{5,20}$"),
    "hk_macau": re.compile(r"^[HMC][A-Z0-9]{8,10}$"),
    "taiwan": re.compile(r"^[A-Z]?[0-9]{8}([0-9]{2})?$"),
    "other": re.compile(r"^[A-Z0-9-]{4,30}$"),
}


# R-PII-05 (issue 20): the anonymisation wizard's token. Only code holding this object (not a
# context value a client could send) writes personal data of an anonymised customer; its own
# evidence (vip.pii.anonymisation) replaces the per-record chatter notes of ``write``.
_ANONYMISE = object()


def vip_in_anonymisation(env):
    return env.context.get("vip_pii_anonymise") is _ANONYMISE


def normalize_id_number(number):
    """Upper-case and drop blanks so that "1101 05..x" and "110105...X" compare equal."""
    return re.sub(r"\s+", "", number or "").upper()


def mask_value(value):
    """Keep the first and last four characters of long values (``1101**********1234``),
    two of each for shorter ones and nothing of very short ones."""
    if not value:
        return value
    keep = 4 if len(value) >= 12 else 2 if len(value) > 4 else 0
    if not keep:
        return "*" * len(value)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


class VipIdentityMixin(models.AbstractModel):
    """Identity document of a person (R-PII-01).

    The number is stored in ``vip_id_number``, readable only by the PII groups
    (security, compliance/internal control). Everybody else works with
    ``vip_id_number_display``: masked on read, write-only on input.

    Users outside the PII groups can neither search, filter, group nor sort by a
    personal-data field or anything derived from it (``_vip_pii_fields``): the
    masked value would otherwise give the number away one comparison at a time.
    The one exact-match question they may ask, "is this the person's document?",
    goes through :meth:`vip_verify_identity`, which answers match / no match and
    is logged (R-PII-01). Exporting the records needs the compliance-authorised
    group and is logged (R-PII-04).
    """

    _name = "vip.identity.mixin"
    _description = "VIP identity document"

    # Personal data and everything derived from it (R-PII-01).
    _vip_pii_fields = ("vip_id_number", "vip_id_number_display", "vip_id_photo")

    vip_id_type = fields.Selection(
        [
            ("prc_id", "PRC resident ID card"),
            ("passport", "Passport"),
            ("hk_macau", "Hong Kong/Macau travel permit"),
            ("taiwan", "Taiwan travel permit"),
            ("other", "Other document"),
        ],
        string="ID document type",
    )
    # Stored normalized (see the inverse): the uniqueness check and the lookup by full number
    # use this index (issue 14).
    vip_id_number = fields.Char(string="ID number (full)", groups=PII_GROUPS, copy=False, index="btree_not_null")
    vip_id_number_display = fields.Char(
        string="ID number",
        compute="_compute_vip_id_number_display",
        inverse="_inverse_vip_id_number_display",
        search="_search_vip_id_number_display",
        help="Masked for users outside security, compliance and internal control.",
    )
    vip_id_photo = fields.Image(
        string="ID document photo", groups=PII_GROUPS, max_width=1024, max_height=1024, copy=False
    )

    @api.model
    def _vip_can_read_pii(self):
        return self.env.user.has_groups(PII_GROUPS)

    @api.depends("vip_id_number")
    @api.depends_context("uid")
    def _compute_vip_id_number_display(self):
        full = self._vip_can_read_pii()
        for rec in self:
            number = rec.sudo().vip_id_number
            rec.vip_id_number_display = number if full else mask_value(number)

    def _inverse_vip_id_number_display(self):
        for rec in self:
            number = normalize_id_number(rec.vip_id_number_display)
            if "*" in number:
                raise ValidationError(
                    self.env._("Type the complete ID number: a masked number cannot be saved.")
                )
            # Write-only entry: users who may not read numbers may still record one.
            # The field itself stays unreadable for them (groups=PII_GROUPS).
            rec._vip_write_sensitive("vip_id_number", number or False)

    # ------------------------------------------------------------------
    # R-PII-01 (issue 18): who cannot read a sensitive value cannot change or clear it;
    # every change is logged (without the values)
    # ------------------------------------------------------------------
    def _vip_sensitive_fields(self):
        """The stored personal data of this model: the PII fields readable only by the PII
        groups (number, photo, birthday, private phone...)."""
        return [
            name for name in self._vip_pii_fields
            if name in self._fields and self._fields[name].store and self._fields[name].groups == PII_GROUPS
        ]

    def _vip_write_sensitive(self, fname, value):
        """Write-only entry of a sensitive value for users who cannot read it (the masked
        display fields): they may record a value where none is stored, but not overwrite or
        blank one they cannot see (issue 18: they could erase a document number without a
        trace). The write itself is done as the system and logged by ``write``."""
        self.ensure_one()
        stored = self.sudo()[fname]
        if stored == value:
            return
        if stored and not self._vip_can_read_pii():
            raise AccessError(self.env._(
                "%(field)s of %(record)s is already recorded and you cannot read it in full: you cannot "
                "change or clear it. Ask security or compliance to correct it (R-PII-01).",
                field=self._fields[fname]._description_string(self.env), record=self.sudo().display_name,
            ))
        self.sudo()[fname] = value

    def _vip_pii_log_target(self):
        """The record whose chatter logs changes of this record's personal data (hook)."""
        return self if "message_ids" in self._fields else self.browse()

    def write(self, vals):
        sensitive = [name for name in self._vip_sensitive_fields() if name in vals]
        if not sensitive or vip_in_anonymisation(self.env):
            return super().write(vals)
        before = {rec.id: {name: rec.sudo()[name] for name in sensitive} for rec in self}
        res = super().write(vals)
        for rec in self:
            changed = [name for name in sensitive if rec.sudo()[name] != before[rec.id][name]]
            target = rec._vip_pii_log_target()
            if changed and target:
                target.sudo()._message_log(
                    body=self.env._(
                        "%(user)s changed personal data of %(person)s: %(fields)s (values not shown, R-PII-01).",
                        user=self.env.user.name, person=rec.sudo().display_name,
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in changed),
                    ),
                    author_id=self.env.user.partner_id.id,
                )
        return res

    def _search_vip_id_number_display(self, operator, value):
        self._vip_check_pii_query("vip_id_number_display")
        if isinstance(value, str):
            value = normalize_id_number(value)
        return [("vip_id_number", operator, value)]

    # ------------------------------------------------------------------
    # R-PII-01: no search, filter, group-by or sort on personal data
    # ------------------------------------------------------------------
    def _vip_check_pii_query(self, fname):
        """Refuse to use ``fname`` in a domain, an order or a grouping for users
        outside the PII groups (the system itself is not restricted)."""
        if fname in self._vip_pii_fields and not self.env.su and not self._vip_can_read_pii():
            field = self._fields[fname]
            raise AccessError(self.env._(
                "Personal data cannot be used to search, filter, group or sort (%(field)s). "
                "To check an identity document, use the 'Verify ID' action.",
                field=field._description_string(self.env),
            ))

    def _condition_to_sql(self, alias, fname, operator, value, query):
        self._vip_check_pii_query(fname)
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        self._vip_check_pii_query(field_name.split(".", 1)[0])
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _read_group_groupby(self, groupby_spec, query):
        self._vip_check_pii_query(parse_read_group_spec(groupby_spec)[0])
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        self._vip_check_pii_query(aggregate_spec.split(":", 1)[0])
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    # R-PII-01: the one exact-match lookup, answered match / no match, logged
    # ------------------------------------------------------------------
    def vip_verify_identity(self, id_number, id_type=None):
        """Answer whether ``id_number`` (and ``id_type`` when given) is this person's
        identity document, without revealing the stored number; every question is
        logged for compliance. Front desk and gate use it instead of a search.

        Throttled (R-PII-01, issue 18): after the company's number of failed checks of one
        person by one user within its window, that user's checks of that person are refused
        until the window has passed and compliance is alerted (``vip.identity.check.lock``)."""
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_groups("vip_customer_care.group_vip_base"):
            raise AccessError(self.env._("Only VIP Care staff can verify identity documents."))
        number = normalize_id_number(id_number)
        if not number or "*" in number:
            raise ValidationError(self.env._("Type the complete ID number to verify it."))
        # Throttled per user and person (issue 18): the pair's counter is claimed first, so
        # that a locked pair gets no answer at all, and counted in the same transaction.
        throttle = self.env["vip.identity.check.lock"]._vip_claim(self)
        throttle._vip_check_not_locked(self)
        # The stored number is compared as the system: the caller may not read it.
        record = self.sudo()
        match = bool(record.vip_id_number) and record.vip_id_number == number
        if id_type:
            match = match and record.vip_id_type == id_type
        self.env["vip.identity.check.log"]._vip_log_check(self, match)
        throttle._vip_count(self, match)
        return match

    def action_vip_identity_check(self):
        """Open the 'Verify ID' dialog for this person."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify ID"),
            "res_model": "vip.identity.check",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    # R-PII-04: exporting people with an identity document is exporting customer or
    # visitor data (the check and the log are in models/base.py).
    def _vip_export_needs_authorisation(self, fields_to_export):
        return True

    @api.constrains("vip_id_type", "vip_id_number")
    def _check_vip_id_number(self):
        for rec in self:
            # Validation also runs when other roles change the type; they cannot read the number.
            number = rec.sudo().vip_id_number
            if not number:
                continue
            if not rec.vip_id_type:
                raise ValidationError(self.env._("Choose the type of the identity document."))
            error = self._vip_id_number_error(rec.vip_id_type, number)
            if error:
                raise ValidationError(error)

    @api.model
    def _vip_id_number_error(self, id_type, number):
        """Return a translated message explaining why ``number`` is not a valid
        document number of ``id_type``, or False."""
        if id_type == "prc_id":
            return self._vip_prc_id_error(number)
        if not ID_PATTERNS[id_type].match(number):
            return self.env._(
                "%(number)s is not a valid %(type)s number: check its length and characters.",
                number=mask_value(number),
                type=dict(self._fields["vip_id_type"]._description_selection(self.env))[id_type],
            )
        return False

    @api.model
    def _vip_prc_id_error(self, number):
        if not re.match(r"^[0-9]{17}[0-9X]$", number):
            return self.env._("A PRC resident ID number has 17 digits followed by a digit or X.")
        try:
            birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            birth = None
        if not birth or birth.year < 1900 or birth > fields.Date.context_today(self):
            return self.env._("The birth date encoded in the PRC resident ID number is not plausible.")
        total = sum(int(d) * w for d, w in zip(number[:17], PRC_ID_WEIGHTS, strict=True))
        if PRC_ID_CHECK[total % 11] != number[17]:
            return self.env._("The check digit of the PRC resident ID number is wrong.")
        return False
