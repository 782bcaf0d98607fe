# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .vip_identity_mixin import PII_GROUPS

ARCHIVE_KEEPER_GROUP = "vip_customer_care.group_vip_archive_keeper"

# Attachment fields that carry a document's content.
CONTENT_FIELDS = {"datas", "raw", "db_datas", "index_content"}
# Issue 18: what makes an attachment the paper it is (content, name, record it belongs to).
PAPER_FIELDS = CONTENT_FIELDS | {"res_model", "res_id", "res_field", "name", "url", "type", "store_fname"}


class IrAttachment(models.Model):
    """ID copies are readable only by the groups that need them (R-PII-01): security at the
    gate and compliance / internal control, whatever the path (record read, search,
    /web/content download). Everybody else sees neither the content nor, for the ID copies
    of receptions, the attachment itself (id, file name: R-PII-02), except the person who
    attached it, who keeps the file name but not the content; the reception shows everyone
    whether copies are attached.

    An ID copy is an attachment of a reception's ``id_copy_ids``, or the attachment of a
    binary field restricted to groups the user is not in (visitor ID copy, document photo):
    Odoo hides the latter from searches but still serves them by id."""

    _inherit = "ir.attachment"

    vip_id_copy_reception_ids = fields.Many2many(
        "vip.reception", "vip_reception_id_copy_rel", "attachment_id", "reception_id",
        string="ID copy of receptions", readonly=True,
    )

    def _vip_forbidden_id_copies(self):
        """The attachments of ``self`` whose content the current user may not read."""
        if self.env.su or not self.ids or self.env.user.has_groups(PII_GROUPS):
            return self.browse()
        rows = self.env.execute_query(SQL(
            """SELECT a.id, a.res_model, a.res_field,
                      EXISTS(SELECT 1 FROM vip_reception_id_copy_rel r WHERE r.attachment_id = a.id)
                 FROM ir_attachment a
                WHERE a.id IN %s AND (a.res_field IS NOT NULL
                      OR a.id IN (SELECT attachment_id FROM vip_reception_id_copy_rel))""",
            tuple(self.ids),
        ))
        forbidden = []
        for att_id, res_model, res_field, is_id_copy in rows:
            field = res_field and res_model in self.env and self.env[res_model]._fields.get(res_field)
            if is_id_copy or (field and field.groups and not self.env.user.has_groups(field.groups)):
                forbidden.append(att_id)
        return self.browse(forbidden)

    @api.model
    def _vip_visible_id_copy_domain(self):
        """R-PII-02: the ID copies of receptions the current user sees at all (file name,
        id): security and compliance see them all, the others only the copies they uploaded."""
        if self.env.su or self.env.user.has_groups(PII_GROUPS):
            return []
        return [("create_uid", "=", self.env.uid)]

    def _vip_hidden_id_copies(self):
        """The reception ID copies of ``self`` the current user may not even see (R-PII-02)."""
        if self.env.su or not self.ids or self.env.user.has_groups(PII_GROUPS):
            return self.browse()
        rows = self.env.execute_query(SQL(
            """SELECT a.id FROM ir_attachment a
                WHERE a.id IN %s AND a.create_uid IS DISTINCT FROM %s
                  AND a.id IN (SELECT attachment_id FROM vip_reception_id_copy_rel)""",
            tuple(self.ids), self.env.uid,
        ))
        return self.browse([row[0] for row in rows])

    def _vip_archive_scans(self, safe_only=False):
        """Issue 18 (R-ARC-05/06): the attachments of ``self`` that are files of archive
        documents (the document's scanned file or an attachment of its chatter) of which the
        current user is not the keeper; with ``safe_only``, of documents kept in the safe."""
        if self.env.su or not self.ids or self.env.user.has_group(ARCHIVE_KEEPER_GROUP):
            return self.browse()
        rows = self.env.execute_query(SQL(
            """SELECT f.id FROM (
                       SELECT d.attachment_id AS id, d.archive_id, d.location
                         FROM vip_customer_archive_document d WHERE d.attachment_id IN %(ids)s
                    UNION ALL
                       SELECT a.id, d.archive_id, d.location
                         FROM ir_attachment a JOIN vip_customer_archive_document d ON d.id = a.res_id
                        WHERE a.id IN %(ids)s AND a.res_model = 'vip.customer.archive.document'
                   ) f
                 JOIN vip_customer_archive ar ON ar.id = f.archive_id
                WHERE ar.keeper_id IS DISTINCT FROM %(uid)s AND (%(all)s OR f.location = 'safe')""",
            ids=tuple(self.ids), uid=self.env.uid, all=not safe_only,
        ))
        return self.browse({row[0] for row in rows})

    def _vip_check_id_copy_content(self):
        if self._vip_forbidden_id_copies():
            raise AccessError(self.env._(
                "Identity document copies are readable only by security and compliance (R-PII-01)."
            ))
        if self._vip_archive_scans(safe_only=True):
            raise AccessError(self.env._(
                "Scans of documents kept in the safe are read by the archive keeper only; others "
                "consult them with an approved loan (R-ARC-05/06)."
            ))

    def validate_access(self, access_token):
        """Issue 18 (R-ARC-06): an access token or the "public" flag never opens an archive
        document's file: it would outlive the loan and work without a login. The keeper reads
        it; the others open it through "Consult" (permission checked and logged)."""
        shared = access_token or self.sudo().with_context(prefetch_fields=False).public
        if shared and self._vip_archive_scans():
            raise AccessError(self.env._(
                "Archive documents are opened through “Consult” with a valid permission, not by a "
                "shared link (R-ARC-06)."
            ))
        return super().validate_access(access_token)

    def check(self, mode, values=None):
        res = super().check(mode, values)
        if mode in ("write", "unlink") and self:
            # Nobody but security, compliance and the person who uploaded it changes or
            # deletes an ID copy (evidence of R-REC-01).
            others = self._vip_forbidden_id_copies().sudo().filtered(lambda a: a.create_uid != self.env.user)
            if others:
                raise AccessError(self.env._(
                    "Only security, compliance and the person who attached it may change or "
                    "delete an identity document copy (R-PII-01)."
                ))
        if self and (mode == "unlink" or (mode == "write" and (CONTENT_FIELDS | {"url"}) & set(values or ()))):
            self._vip_check_fx_vouchers()
        return res

    def _vip_check_fx_vouchers(self):
        """Issue 18 / R-COST-06: the exchange voucher of an approved or paid expense is evidence:
        it is not deleted or replaced."""
        if self.env.su or not self.ids:
            return
        expense = self.env["hr.expense"].sudo().search(
            [("vip_fx_voucher_ids", "in", self.ids), ("state", "in", ("approved", "done"))], limit=1,
        )
        if expense:
            raise UserError(self.env._(
                "This file is the exchange voucher of the approved expense %s (R-COST-06): it cannot be "
                "deleted or replaced.", expense.name,
            ))

    def write(self, vals):
        if PAPER_FIELDS.intersection(vals):
            self._vip_check_record_lock()
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._vip_check_record_lock()
        return super().unlink()

    def _vip_check_record_lock(self):
        """Issue 18: the papers of a VIP record in a final state (a closed incident, a filed
        checklist...) are neither replaced nor deleted (``vip.guard.mixin``)."""
        by_model = {}
        for row in self.sudo().read(["res_model", "res_id", "res_field"]) if self.ids else ():
            if row["res_model"] and row["res_id"] and not row["res_field"]:
                by_model.setdefault(row["res_model"], set()).add(row["res_id"])
        for model, ids in by_model.items():
            if model in self.env and hasattr(self.env[model], "_vip_check_attachment_lock"):
                self.env[model].sudo().browse(ids).exists()._vip_check_attachment_lock()

    def fetch(self, field_names=None):
        if field_names is None or CONTENT_FIELDS.intersection(field_names):
            self._vip_check_id_copy_content()
        elif self._vip_hidden_id_copies():
            # R-PII-02: not even the file name of somebody else's ID copy.
            raise AccessError(self.env._(
                "Identity document copies are visible only to security, compliance and the "
                "person who attached them (R-PII-02)."
            ))
        return super().fetch(field_names)

    def _compute_datas(self):
        self._vip_check_id_copy_content()
        return super()._compute_datas()

    def _compute_raw(self):
        self._vip_check_id_copy_content()
        return super()._compute_raw()

    def _to_http_stream(self):
        self._vip_check_id_copy_content()
        return super()._to_http_stream()

    def copy_data(self, default=None):
        self._vip_check_id_copy_content()
        return super().copy_data(default)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # R-PII-02: searches (chatter, attachment menu, lookups by id, access checks) leave
        # out the ID copies of receptions, except for security, compliance and the person who
        # attached them (file name only: the content stays closed, see fetch).
        if not self.env.su and not self.env.user.has_groups(PII_GROUPS):
            domain = ["|", ("vip_id_copy_reception_ids", "=", False), ("create_uid", "=", self.env.uid), *domain]
        return super()._search(domain, offset, limit, order)
