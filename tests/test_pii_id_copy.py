# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .reception_common import FRIDAY
from .visitor_common import VisitorCommon

SCAN = base64.b64encode(b"%PDF-1.4 passport scan of the customer")


@tagged("post_install", "-at_install")
class TestPiiIdCopy(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reception = cls._reception(cls, 10000, id_copy=False)
        # The requester attaches the ID copy on the reception form (many2many_binary upload).
        cls.id_copy = cls.env["ir.attachment"].with_user(cls.requester).create({
            "name": "passport_domestic_vip.pdf", "datas": SCAN,
            "res_model": "vip.reception", "res_id": cls.reception.id,
        })
        cls.reception.with_user(cls.requester).write({"id_copy_ids": [Command.link(cls.id_copy.id)]})
        cls.other_file = cls.env["ir.attachment"].with_user(cls.requester).create({
            "name": "programme.pdf", "datas": base64.b64encode(b"%PDF-1.4 programme"),
            "res_model": "vip.reception", "res_id": cls.reception.id,
        })

    def _attachments_of_reception(self, user):
        return self.env["ir.attachment"].with_user(user).search(
            [("res_model", "=", "vip.reception"), ("res_id", "=", self.reception.id)])

    def test_reception_id_copy_unreadable_outside_security_and_compliance(self):
        """R-PII-01: finance, marketing and the requester cannot read a reception's ID copy
        through ir.attachment (read, search, download stream, copy); other attachments of the
        reception stay readable."""
        for user in (self.finance_1, self.marketing, self.requester, self.gm):
            attachment = self.id_copy.with_user(user)
            with self.subTest(user=user.login):
                for fname in ("datas", "raw", "db_datas", "index_content"):
                    with self.assertRaises(AccessError):
                        attachment.read([fname])
                with self.assertRaises(AccessError):
                    self.env["ir.binary"].with_user(user)._get_stream_from(record=attachment)
                with self.assertRaises(AccessError):
                    attachment.copy()
                # R-PII-02: only the person who attached the copy still finds it (file name).
                listed = self.id_copy | self.other_file if user == self.requester else self.other_file
                self.assertEqual(self._attachments_of_reception(user), listed)
                self.assertEqual(self.other_file.with_user(user).read(["raw"])[0]["raw"], b"%PDF-1.4 programme")

    def test_reception_id_copy_field_shows_name_only(self):
        """R-PII-01 / R-REC-01: the requester who attached the ID copy sees its file name on the
        form but not its content."""
        values = self.reception.with_user(self.requester).web_read(
            {"id_copy_ids": {"fields": {"name": {}, "mimetype": {}}}, "id_copy_attached": {}})[0]
        self.assertEqual([v["name"] for v in values["id_copy_ids"]], ["passport_domestic_vip.pdf"])
        self.assertTrue(values["id_copy_attached"])
        with self.assertRaises(AccessError):
            self.reception.with_user(self.requester).web_read({"id_copy_ids": {"fields": {"datas": {}}}})

    def test_finance_sees_no_id_copy_ids_or_names(self):
        """R-PII-02: finance (and marketing) see that an ID copy is attached, but neither its id
        nor its file name: not on the reception form, not through ir.attachment search (even
        by id), read or read_group; security and compliance do."""
        for user in (self.finance_1, self.marketing):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                values = self.reception.with_user(user).web_read(
                    {"id_copy_ids": {"fields": {"name": {}}}, "id_copy_attached": {}})[0]
                self.assertEqual(values["id_copy_ids"], [])
                self.assertTrue(values["id_copy_attached"])
                Attachment = self.env["ir.attachment"].with_user(user)
                self.assertFalse(Attachment.search([("id", "=", self.id_copy.id)]))
                self.assertFalse(Attachment.search([("name", "ilike", "passport")]))
                self.assertFalse(Attachment.search_count([("id", "in", self.id_copy.ids)]))
                groups = Attachment.read_group([("res_model", "=", "vip.reception")], ["name"], ["name"])
                self.assertNotIn("passport_domestic_vip.pdf", [g["name"] for g in groups])
                with self.assertRaises(AccessError):
                    self.id_copy.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.id_copy.with_user(user).mapped("name")
        for user in (self.guard, self.compliance):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                values = self.reception.with_user(user).web_read({"id_copy_ids": {"fields": {"name": {}}}})[0]
                self.assertEqual([v["name"] for v in values["id_copy_ids"]], ["passport_domestic_vip.pdf"])
                self.assertEqual(
                    self.env["ir.attachment"].with_user(user).search([("id", "=", self.id_copy.id)]), self.id_copy,
                )

    def test_security_and_compliance_read_id_copies(self):
        """R-PII-01: security at the gate and compliance read and find the ID copy."""
        for user in (self.guard, self.compliance):
            with self.subTest(user=user.login):
                self.assertEqual(self.id_copy.with_user(user).read(["datas"])[0]["datas"], SCAN)
                self.assertEqual(self._attachments_of_reception(user), self.id_copy | self.other_file)
                self.assertEqual(self.id_copy.with_user(user).raw, b"%PDF-1.4 passport scan of the customer")

    def test_visitor_id_copy_and_photo_by_id(self):
        """R-PII-01: the visitor's ID copy field and the customer's document photo are stored as
        attachments; read by id through ir.attachment they stay closed to marketing."""
        with freeze_time(FRIDAY):
            appointment = self._approved_with_passes()
        visitor = appointment.visitor_ids.filtered("is_vip")
        visitor.with_user(self.guard).write({"id_copy": SCAN})
        attachment = self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "vip.visitor"), ("res_id", "=", visitor.id), ("res_field", "=", "id_copy")])
        self.assertTrue(attachment)
        with self.assertRaises(AccessError):
            visitor.with_user(self.marketing).read(["id_copy"])
        with self.assertRaises(AccessError):
            attachment.with_user(self.marketing).read(["datas"])
        self.assertFalse(self.env["ir.attachment"].with_user(self.marketing).search(
            [("res_model", "=", "vip.visitor"), ("res_id", "=", visitor.id)]))
        self.assertEqual(visitor.with_user(self.compliance).read(["id_copy"])[0]["id_copy"], SCAN)
        self.assertEqual(attachment.with_user(self.guard).read(["datas"])[0]["datas"], SCAN)

    def test_plain_employee_lists_attachments_without_id_copies(self):
        """R-PII-01 / R-PII-02: an employee without a VIP role lists attachments as usual, never
        an ID copy, and cannot read one by id."""
        employee = self.env["res.users"].create({
            "name": "Plain employee", "login": "pii_plain_employee", "company_id": self.company.id,
            "company_ids": [(6, 0, self.company.ids)], "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
        })
        own = self.env["ir.attachment"].with_user(employee).create({"name": "note.txt", "raw": b"hello"})
        found = self.env["ir.attachment"].with_user(employee).search([("name", "like", ".")])
        self.assertIn(own, found)
        self.assertNotIn(self.id_copy, found)
        with self.assertRaises(AccessError):
            self.id_copy.with_user(employee).read(["datas"])

    def test_id_copy_not_replaced_or_deleted_by_others(self):
        """R-PII-01 / R-REC-01: finance and marketing cannot overwrite or delete a reception's ID
        copy; the requester who attached it can replace it; security can delete it."""
        for user in (self.finance_1, self.marketing):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.id_copy.with_user(user).write({"datas": base64.b64encode(b"forged")})
                with self.assertRaises(AccessError):
                    self.id_copy.with_user(user).unlink()
        self.id_copy.with_user(self.requester).write({"name": "passport_domestic_vip_v2.pdf"})
        self.assertEqual(self.id_copy.name, "passport_domestic_vip_v2.pdf")
        self.id_copy.with_user(self.guard).unlink()
        self.assertFalse(self.id_copy.exists())
