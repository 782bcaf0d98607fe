# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PII_GROUPS = "vip_customer_care.group_vip_security,vip_customer_care.group_vip_compliance"

# GB 11643-1999: ISO 7064 MOD 11-2 weights and check characters.
PRC_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PRC_ID_CHECK = "10X98765432"

ID_PATTERNS = {
    "passport": re.compile(r"^[A-Z0-9]{5,20}$"),
    "hk_macau": re.compile(r"^[HMC][A-Z0-9]{8,10}$"),
    "taiwan": re.compile(r"^[A-Z]?[0-9]{8}([0-9]{2})?$"),
    "other": re.compile(r"^[A-Z0-9-]{4,30}$"),
}


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
    """

    _name = "vip.identity.mixin"
    _description = "VIP identity document"

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
    vip_id_number = fields.Char(string="ID number (full)", groups=PII_GROUPS, copy=False)
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
            rec.sudo().vip_id_number = number or False

    def _search_vip_id_number_display(self, operator, value):
        if self._vip_can_read_pii():
            return [("vip_id_number", operator, normalize_id_number(value))]
        if operator != "=":
            raise ValidationError(
                self.env._("Without access to identity data you can only search by the complete ID number.")
            )
        ids = self.sudo()._search([("vip_id_number", "=", normalize_id_number(value))])
        return [("id", "in", ids)]

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
