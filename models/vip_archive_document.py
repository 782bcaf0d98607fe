# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

KEEPER_GROUP = "vip_customer_care.group_vip_archive_keeper"
DOC_TYPES = [
    ("contract", "Contract"),
    ("certificate", "Certificate"),
    ("id_copy", "ID copy"),
    ("title", "Title document"),
    ("license", "Business licence"),
    ("other", "Other"),
]


class VipCustomerArchiveDocument(models.Model):
    """R-ARC-05: a registered archive document (contract, certificate, ID copy...) with its
    archive number, pages, original or copy, location and retention. Originals of title
    documents are kept in the safe and listed in the safe register. The file itself is opened
    through :meth:`action_consult` only, which checks the permission and logs the consultation
    (R-ARC-06)."""

    _name = "vip.customer.archive.document"
    _description = "Archive document"
    _inherit = ["vip.guard.mixin", "mail.thread"]
    _order = "archive_id, name"
    _check_company_auto = True
    _vip_retention = True

    archive_id = fields.Many2one(
        "vip.customer.archive", string="Customer archive", required=True, index=True, check_company=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="archive_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="archive_id.partner_id", store=True, string="Customer")
    name = fields.Char(string="Archive number", required=True, copy=False, readonly=True, default="/", index=True)
    title = fields.Char(string="Document", required=True)
    doc_type = fields.Selection(DOC_TYPES, string="Type", required=True, default="contract", index=True)
    pages = fields.Integer(default=1, required=True)
    original = fields.Selection(
        [("original", "Original"), ("copy", "Copy")], string="Original or copy", required=True, default="copy",
    )
    location = fields.Selection(
        # "Safe (strongbox)": the roll call's "Safe" (a person accounted for) is another word in Chinese.
        [("archive_room", "Archive room"), ("safe", "Safe (strongbox)")], required=True, default="archive_room",
        tracking=True,
    )
    safe_position = fields.Char(string="Safe position", help="Drawer or box in the safe.")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Scanned file", groups=KEEPER_GROUP, copy=False, index="btree_not_null",
        help="Opened by the others through 'Consult', which checks the permission and logs it (R-ARC-06).",
    )
    has_file = fields.Boolean(compute="_compute_has_file", store=True)
    date = fields.Date(string="Registered on", default=fields.Date.context_today, required=True)
    retention_until = fields.Date(
        string="Keep until", compute="_compute_retention_until", store=True, readonly=False,
        help="Defaults to the company's retention period (R-PII-06).",
    )
    is_safe_register = fields.Boolean(
        string="In the safe register", compute="_compute_is_safe_register", store=True, index=True,
        help="Originals of title documents, kept in the safe (R-ARC-05).",
    )
    on_loan = fields.Boolean(compute="_compute_on_loan", search="_search_on_loan", string="On loan")
    loan_borrower_id = fields.Many2one("res.users", compute="_compute_on_loan", string="Lent to")
    loan_return_date = fields.Date(compute="_compute_on_loan", string="Due back")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("pages_positive", "CHECK(pages > 0)", "A document has at least one page."),
        ("name_unique", "UNIQUE(company_id, name)", "The archive number of a document is unique."),
    ]

    @api.depends("attachment_id")
    def _compute_has_file(self):
        for doc in self:
            doc.has_file = bool(doc.sudo().attachment_id)

    @api.depends("date", "company_id.vip_retention_years")
    def _compute_retention_until(self):
        for doc in self:
            if doc.date:
                doc.retention_until = doc.date + relativedelta(years=doc.company_id.vip_retention_years or 3)

    @api.depends("doc_type", "original")
    def _compute_is_safe_register(self):
        for doc in self:
            doc.is_safe_register = doc.doc_type == "title" and doc.original == "original"

    def _compute_on_loan(self):
        """Issue 23: the register says which files are out, to whom and until when, whoever
        reads it: whether a file is in the room is a fact of the register, not of the reader's
        loans (the loans are read as the system here, only these three values are shown)."""
        loans = self.env["vip.archive.loan"].sudo().search(
            [("document_ids", "in", self.ids), ("state", "=", "issued")], order="return_date")
        by_doc = {}
        for loan in loans:
            for doc in loan.document_ids:
                by_doc.setdefault(doc.id, loan)
        for doc in self:
            loan = by_doc.get(doc.id)
            doc.on_loan = bool(loan)
            doc.loan_borrower_id = loan.borrower_id if loan else False
            doc.loan_return_date = loan.return_date if loan else False

    def _search_on_loan(self, operator, value):
        ids = self.env["vip.archive.loan"].sudo().search([("state", "=", "issued")]).document_ids.ids
        return self._vip_bool_search([("id", "in", ids)], operator, value)

    @api.constrains("is_safe_register", "location")
    def _check_safe(self):
        for doc in self:
            if doc.is_safe_register and doc.location != "safe":
                raise ValidationError(self.env._(
                    "%s is the original of a title document: it is kept in the safe (R-ARC-05).", doc.title,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        archives = self.env["vip.customer.archive"].browse([v.get("archive_id") for v in vals_list if v.get("archive_id")])
        counts = dict(self.with_context(active_test=False)._read_group(
            [("archive_id", "in", archives.ids)], ["archive_id"], ["__count"],
        ))
        for vals in vals_list:
            if vals.get("name", "/") == "/" and vals.get("archive_id"):
                archive = archives.browse(vals["archive_id"])
                counts[archive] = counts.get(archive, 0) + 1
                vals["name"] = f"{archive.name}-{counts[archive]:03d}"
        return super().create(vals_list)

    # ------------------------------------------------------------------ consultation (R-ARC-06)
    def _vip_consult_basis(self):
        """Why the current user may consult this document now, or False: the keeper; the
        chairman, GM and VPs directly; anyone else with a loan of the document issued by the
        keeper and not yet due back."""
        self.ensure_one()
        user = self.env.user
        if user.has_group(KEEPER_GROUP) or user == self.archive_id.keeper_id:
            return "keeper", self.env["vip.archive.loan"]
        if self.env["vip.archive.loan"]._vip_is_direct_borrower(user, self.company_id):
            return "direct", self.env["vip.archive.loan"]
        loan = self.env["vip.archive.loan"].search([
            ("borrower_id", "=", user.id), ("state", "=", "issued"), ("document_ids", "in", self.ids),
            ("return_date", ">=", fields.Date.context_today(self)),
        ], limit=1)
        return (loan and "loan", loan) if loan else (False, loan)

    def action_consult(self):
        """Open the scanned file: refused without a valid permission, logged otherwise."""
        self.ensure_one()
        self.check_access("read")
        basis, loan = self._vip_consult_basis()
        if not basis:
            raise AccessError(self.env._(
                "You have no valid permission to consult %(doc)s of archive %(archive)s: file a loan slip "
                "approved by the GM or the VP in charge (R-ARC-06).",
                doc=self.name, archive=self.archive_id.name,
            ))
        consultation = self.env["vip.archive.consultation"].sudo()._vip_action_env().create({
            "document_id": self.id, "archive_id": self.archive_id.id, "user_id": self.env.uid,
            "basis": basis, "loan_id": loan.id,
        })
        if not self.sudo().attachment_id:
            return True
        # Issue 18: no access token on the file (it would outlive the loan and work without a
        # login); the link names this consultation and is checked again when opened.
        return {
            "type": "ir.actions.act_url", "target": "new",
            "url": f"/vip_customer_care/archive/consult/{consultation.id}",
        }

    def _vip_check_consultation(self, consultation):
        """R-ARC-06, issue 18: a consultation link opens the file only for the user who
        consulted, while the permission it was given on still holds: a loan's link expires
        with the loan (returned, cancelled or due back)."""
        self.ensure_one()
        if consultation.sudo().user_id != self.env.user or consultation.sudo().document_id != self:
            raise AccessError(self.env._("This consultation link belongs to another user (R-ARC-06)."))
        self.check_access("read")
        basis, loan = self._vip_consult_basis()
        bound_loan = consultation.sudo().loan_id
        if not basis or (bound_loan and loan != bound_loan):
            raise AccessError(self.env._(
                "This consultation link of %(doc)s expired with its permission (loan %(loan)s returned, "
                "cancelled or due back): file a new loan slip (R-ARC-06).",
                doc=self.name, loan=bound_loan.sudo().name or "-",
            ))
        return True


class VipArchiveConsultation(models.Model):
    """R-ARC-06: every consultation of an archive document (who, when, which archive)."""

    _name = "vip.archive.consultation"
    _description = "Archive consultation"
    _inherit = ["vip.guard.mixin"]
    _order = "date desc, id desc"
    _vip_workflow_fields = ("document_id", "archive_id", "user_id", "date", "basis", "loan_id")
    _vip_retention = True

    document_id = fields.Many2one("vip.customer.archive.document", required=True, ondelete="restrict", index=True)
    archive_id = fields.Many2one("vip.customer.archive", string="Customer archive", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="archive_id.company_id", store=True)
    user_id = fields.Many2one("res.users", string="Consulted by", required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    basis = fields.Selection(
        [("keeper", "Archive keeper"), ("direct", "Chairman, GM or VP"), ("loan", "Approved loan")],
        string="Permission", required=True,
    )
    loan_id = fields.Many2one("vip.archive.loan", string="Loan slip")
