# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.vip_identity_mixin import mask_value
from .common import VALID_PRC_ID, VipCommon


def prc_id(first17):
    """Complete 17 digits with their GB 11643 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


@tagged("post_install", "-at_install")
class TestIdentityValidation(VipCommon):
    def _partner(self, id_type, number):
        return self.env["res.partner"].create({
            "name": "Test person", "company_id": self.company_a.id,
            "vip_service_level": "general", "vip_id_type": id_type, "vip_id_number": number,
        })

    def test_prc_id_valid_numbers(self):
        """R-PII-01: valid resident ID numbers, including the X check character, are accepted."""
        for number in (prc_id("11010519491231003"), prc_id("44030619680114558"), prc_id("32058320000229123")):
            with self.subTest(number=number):
                self.assertEqual(self._partner("prc_id", number).vip_id_number, number)

    def test_prc_id_entry_is_normalised(self):
        """R-PII-01: blanks and a lower-case x typed through the form are normalised."""
        partner = self._partner("prc_id", False)
        self.customer.vip_id_number = False
        partner.vip_id_number_display = "110105 19491231 002x"
        self.assertEqual(partner.vip_id_number, VALID_PRC_ID)

    def test_prc_id_wrong_check_digit(self):
        """R-PII-01: a wrong ISO 7064 MOD 11-2 check character is refused."""
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self._partner("prc_id", VALID_PRC_ID[:-1] + "1")

    def test_prc_id_length_and_charset(self):
        """R-PII-01: 17 characters, 19 characters, letters inside and X in the middle are refused."""
        for number in (VALID_PRC_ID[:-1], VALID_PRC_ID + "1", "1101051949123A002X", "11010X19491231002X"):
            with self.subTest(number=number), self.assertRaisesRegex(ValidationError, "17 digits"):
                self._partner("prc_id", number)

    def test_prc_id_implausible_birth_date(self):
        """R-PII-01: the encoded birth date must exist, be after 1900 and not in the future."""
        future = (fields.Date.context_today(self.customer) + timedelta(days=1)).strftime("%Y%m%d")
        for first17 in ("11010519490230002", "11010518991231002", f"110105{future}002", "11010519491331002"):
            with self.subTest(first17=first17), self.assertRaisesRegex(ValidationError, "birth date"):
                self._partner("prc_id", prc_id(first17))

    def test_leap_day_birth_date(self):
        """R-PII-01: 29 February is plausible in a leap year."""
        self.assertTrue(self._partner("prc_id", prc_id("11010520000229002")))

    def test_other_document_types(self):
        """R-PII-01: passports, Hong Kong/Macau and Taiwan permits are length and charset checked."""
        good = {"passport": "E12345678", "hk_macau": "H12345678", "taiwan": "12345678", "other": "AB-1234"}
        bad = {"passport": "E1", "hk_macau": "X12345678", "taiwan": "1234", "other": "a b"}
        for id_type, number in good.items():
            with self.subTest(id_type=id_type):
                self.assertTrue(self._partner(id_type, number))
        for id_type, number in bad.items():
            with self.subTest(id_type=id_type), self.assertRaisesRegex(ValidationError, "not a valid"):
                self._partner(id_type, number)

    def test_number_needs_type(self):
        """R-PII-01: a document number without a document type is refused."""
        with self.assertRaisesRegex(ValidationError, "type of the identity document"):
            self._partner(False, "E12345678")

    def test_same_document_twice_refused(self):
        """R-PII-01: two customers of one company cannot carry the same document."""
        with self.assertRaisesRegex(ValidationError, "already has this identity document"):
            self._partner("prc_id", VALID_PRC_ID)

    def test_failed_write_keeps_previous_number(self):
        """R-PII-01: a refused number leaves the stored one untouched (no partial write)."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.customer.write({"vip_id_number": VALID_PRC_ID[:-1] + "1", "name": "Renamed"})
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.vip_id_number, VALID_PRC_ID)
        self.assertEqual(self.customer.name, "Zhang Wei")

    def test_access_grade_only_for_vip(self):
        """R-TIER-02: an access grade is only allowed on VIP customers."""
        with self.assertRaisesRegex(ValidationError, "only given to VIP"):
            self.customer_other.vip_access_grade = "level_1"
        self.customer.vip_access_grade = "level_2"
        self.assertEqual(self.customer.vip_access_grade, "level_2")

    def test_mask_value(self):
        """R-PII-01: masking keeps four characters at both ends of long numbers."""
        self.assertEqual(mask_value(VALID_PRC_ID), "1101**********002X")
        self.assertEqual(mask_value("E12345678"), "E1*****78")
        self.assertEqual(mask_value("1234"), "****")
        self.assertFalse(mask_value(False))

    def test_birthday_not_in_future(self):
        """R-PII-01: a birthday in the future is refused; the birth month is derived."""
        with self.assertRaisesRegex(ValidationError, "birthday"):
            self.customer.vip_birthday = fields.Date.context_today(self.customer) + timedelta(days=1)
        self.customer.vip_birthday = date(1980, 5, 17)
        self.assertEqual(self.customer.vip_birth_month, "5")
