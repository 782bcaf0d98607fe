# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .vip_archive_document import DOC_TYPES


class VipArchiveHandover(models.Model):
    """R-ARC-05: after a deal closes, its files go to the reviewer within 3 working days and to
    the archive keeper within 2 more (settings, company working calendar), against a checklist
    signed by the handing employee, the reviewer and the keeper. Items not received stay on the
    completion list; received ones are registered in the archive when the keeper signs."""

    _name = "vip.archive.handover"
    _description = "Handover to the archive"
    _inherit = ["vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "deal_close_date desc, id desc"
    _check_company_auto = True

    _vip_workflow_fields = ("state", "handed_date", "reviewed_date", "filed_date", "review_due", "keeper_due")
    _vip_retention = True
    _vip_final_states = ("filed",)
    # Issue 18: what may still change once handed (vip.guard.mixin; the README's table): the
    # signers, the deal and its closing date are what the signatures cover; the reviewer and
    # the keeper tick what they received.
    _vip_editable_fields = {
        "handed": ("line_ids.received",),
        "reviewed": ("line_ids.received",),
        "filed": (),
    }

    archive_id = fields.Many2one("vip.customer.archive", string="Customer archive", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="archive_id.company_id", store=True, index=True)
    deal_reference = fields.Char(string="Deal", required=True)
    deal_close_date = fields.Date(string="Deal closed on", required=True, tracking=True)
    handing_user_id = fields.Many2one("res.users", string="Handed by", required=True,
                                      default=lambda self: self.env.user)
    reviewer_id = fields.Many2one("res.users", required=True)
    keeper_id = fields.Many2one("res.users", required=True,
                                default=lambda self: self.env.company.vip_arc_keeper_id)
    review_due = fields.Datetime(string="To the reviewer by", compute="_compute_dues", store=True)
    keeper_due = fields.Datetime(string="To the keeper by", compute="_compute_dues", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("handed", "Handed to the reviewer"), ("reviewed", "Reviewed"), ("filed", "Filed")],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    handed_date = fields.Datetime(string="Handed on", readonly=True, copy=False)
    reviewed_date = fields.Datetime(string="Reviewed on", readonly=True, copy=False)
    filed_date = fields.Datetime(string="Filed on", readonly=True, copy=False)
    line_ids = fields.One2many("vip.archive.handover.line", "handover_id", string="Checklist")
    missing_count = fields.Integer(compute="_compute_missing_count", string="Missing items")
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late", string="Late")

    @api.depends("deal_close_date", "company_id.vip_arc_handover_review_days",
                 "company_id.vip_arc_handover_keeper_days", "company_id.resource_calendar_id")
    def _compute_dues(self):
        for rec in self:
            company = rec.company_id
            calendar = company.resource_calendar_id
            if not rec.deal_close_date or not calendar:
                rec.review_due = rec.keeper_due = False
                continue
            review_due = calendar.vip_working_days_deadline(
                datetime.combine(rec.deal_close_date, time(12, 0)), company.vip_arc_handover_review_days, company)
            rec.review_due = review_due
            rec.keeper_due = review_due and calendar.vip_working_days_deadline(
                review_due, company.vip_arc_handover_keeper_days, company)

    @api.constrains("handing_user_id", "reviewer_id", "keeper_id")
    def _check_three_signers(self):
        """R-ARC-05 (issue 19): the checklist is signed by three different people."""
        for rec in self:
            signers = [rec.handing_user_id, rec.reviewer_id, rec.keeper_id]
            if len(set(signers)) < 3:
                raise ValidationError(self.env._(
                    "The handover checklist is signed by three different people (R-ARC-05): "
                    "%(handing)s hands over, %(reviewer)s reviews, %(keeper)s files. Choose another "
                    "reviewer or keeper.",
                    handing=rec.handing_user_id.name, reviewer=rec.reviewer_id.name, keeper=rec.keeper_id.name,
                ))

    @api.depends("line_ids.received")
    def _compute_missing_count(self):
        for rec in self:
            rec.missing_count = len(rec.line_ids.filtered(lambda line: not line.received))

    @api.model
    def _late_domain(self):
        now = fields.Datetime.now()
        return ["|", "&", ("state", "=", "draft"), ("review_due", "<", now),
                "&", ("state", "in", ("draft", "handed", "reviewed")), ("keeper_due", "<", now)]

    def _compute_is_late(self):
        self._vip_compute_flag("is_late", self._late_domain())

    def _search_is_late(self, operator, value):
        return self._vip_bool_search(self._late_domain(), operator, value)

    def _vip_check_signer(self, user_field, from_state):
        for rec in self:
            if rec.state != from_state:
                raise UserError(self.env._("This checklist is not at that step."))
            if rec[user_field] != self.env.user:
                raise UserError(self.env._(
                    "Only %s signs this step of the checklist (R-ARC-05).", rec[user_field].name,
                ))

    def _vip_sign(self, user_field, from_state, to_state, date_field):
        self._vip_check_signer(user_field, from_state)
        for rec in self:
            rec._vip_action_write({"state": to_state, date_field: fields.Datetime.now()})

    def action_hand(self):
        """The handing employee signs: the files go to the reviewer."""
        if any(not rec.line_ids for rec in self):
            raise UserError(self.env._("List the files handed over on the checklist first."))
        self._vip_sign("handing_user_id", "draft", "handed", "handed_date")
        return True

    def action_review(self):
        self._vip_sign("reviewer_id", "handed", "reviewed", "reviewed_date")
        return True

    def action_file(self):
        """The keeper signs: received files are registered in the archive; missing ones stay on
        the completion list. The files are registered before the signature locks the checklist."""
        self._vip_check_signer("keeper_id", "reviewed")
        Document = self.env["vip.customer.archive.document"]
        for rec in self:
            for line in rec.line_ids.filtered(lambda ln: ln.received and not ln.document_id):
                line._vip_action_write({"document_id": Document.create({
                    "archive_id": rec.archive_id.id, "title": line.name, "doc_type": line.doc_type,
                    "pages": line.pages or 1, "original": line.original,
                    "location": "safe" if line.doc_type == "title" and line.original == "original" else "archive_room",
                }).id})
        self._vip_sign("keeper_id", "reviewed", "filed", "filed_date")
        for rec in self:
            if rec.missing_count:
                rec.message_post(body=self.env._(
                    "Filed with %s item(s) on the completion list.", rec.missing_count))
        return True


class VipArchiveHandoverLine(models.Model):
    _name = "vip.archive.handover.line"
    _inherit = ["vip.guard.mixin"]
    _description = "Handover checklist item"
    # R-ARC-05: the checklist of a filed handover is what the three signatures covered.
    _vip_parent_field = "handover_id"
    _vip_parent_locked_states = ("filed",)

    handover_id = fields.Many2one("vip.archive.handover", required=True, ondelete="cascade", index=True)
    archive_id = fields.Many2one(related="handover_id.archive_id", string="Customer archive", store=True)
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    name = fields.Char(string="File", required=True)
    doc_type = fields.Selection(DOC_TYPES, string="Type", required=True, default="contract")
    pages = fields.Integer(default=1)
    original = fields.Selection([("original", "Original"), ("copy", "Copy")], required=True, default="original")
    received = fields.Boolean(help="Unticked items are on the completion list.")
    document_id = fields.Many2one("vip.customer.archive.document", string="Registered as", readonly=True)
