# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

KEEPER_GROUP = "vip_customer_care.group_vip_archive_keeper"
OVERDUE_ACTIVITY = "vip_customer_care.mail_act_vip_archive_loan_overdue"


class VipArchiveLoan(models.Model):
    """R-ARC-06: the loan slip (檔案資料出借單). The chairman, the GM and the VPs borrow through
    the keeper directly; any other employee's slip is approved by the GM or the VP in charge of
    their department (either signs; issue 19) through the shared approval machinery. The keeper
    issues the files, registers the return and checks completeness; an overdue loan alerts the
    keeper and the borrower's manager."""

    _name = "vip.archive.loan"
    _description = "Archive loan slip"
    _inherit = ["vip.reference.mixin", "vip.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _vip_workflow_fields = (
        "state", "approval_due", "approver_user_id", "approver_user_ids", "is_direct", "issued_date", "issued_by_id", "returned_date",
        "returned_by_id", "overdue_alerted",
    )
    _vip_retention = True
    _vip_requester_field = "borrower_id"
    _vip_route_fields = ("borrower_id", "company_id")
    _vip_final_states = ("returned", "cancelled")
    # Issue 18: what may still change once submitted (vip.guard.mixin; the README's table):
    # the files and the return date are what was approved and issued; the keeper records the
    # completeness of an issued loan before registering its return.
    _vip_editable_fields = {
        "to_approve": (),
        "approved": (),
        "issued": ("return_complete", "return_notes"),
        "returned": (),
        "rejected": (),
        "cancelled": (),
    }

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    borrower_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True, tracking=True,
        domain="[('share', '=', False)]",
    )
    borrower_manager_id = fields.Many2one(
        "res.users", string="Borrower's manager", compute="_compute_approver", store=True,
    )
    archive_id = fields.Many2one("vip.customer.archive", string="Customer archive", required=True, check_company=True,
                                 index=True, tracking=True)
    document_ids = fields.Many2many(
        "vip.customer.archive.document", string="Files", domain="[('archive_id', '=', archive_id)]",
        check_company=True,
    )
    purpose = fields.Text(required=True)
    return_date = fields.Date(
        string="Return by", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=self.env.company.vip_arc_loan_days),
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("issued", "Issued"),
            ("returned", "Returned"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False, group_expand=True,
    )
    is_direct = fields.Boolean(
        string="Direct (chairman, GM, VP)", compute="_compute_approver", store=True,
        help="The chairman, the GM and the VPs borrow through the keeper without approval (R-ARC-06).",
    )
    approver_user_id = fields.Many2one(
        "res.users", string="Approver (GM or VP in charge)", compute="_compute_approver", store=True,
    )
    approver_user_ids = fields.Many2many(
        "res.users", "vip_archive_loan_approver_rel", "loan_id", "user_id",
        string="Who may approve", compute="_compute_approver", store=True,
        help="The VP in charge of the borrower's department and the general managers: either signs (R-ARC-06).",
    )
    approval_due = fields.Datetime(readonly=True, copy=False)
    issued_date = fields.Datetime(string="Issued on", readonly=True, copy=False)
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    returned_date = fields.Datetime(string="Returned on", readonly=True, copy=False)
    returned_by_id = fields.Many2one("res.users", string="Return registered by", readonly=True, copy=False)
    return_complete = fields.Boolean(string="Returned complete", copy=False)
    return_notes = fields.Text(string="Missing or damaged", copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    overdue_alerted = fields.Boolean(readonly=True, copy=False)

    @api.model
    def _vip_is_direct_borrower(self, user, company):
        """The chairman, the GM (GM group) and the VPs in charge of a department borrow directly."""
        if user.has_group("vip_customer_care.group_vip_gm"):
            return True
        return bool(self.env["hr.department"].sudo().search_count(
            [("vip_vp_user_id", "=", user.id), ("company_id", "in", (company.id, False))], limit=1,
        ))

    @api.depends("borrower_id", "company_id")
    def _compute_approver(self):
        for loan in self:
            employee = loan.borrower_id.employee_ids.filtered(lambda e, loan=loan: e.company_id == loan.company_id)[:1]
            loan.borrower_manager_id = employee.parent_id.user_id or employee.department_id.manager_id.user_id
            loan.is_direct = bool(loan.borrower_id) and self._vip_is_direct_borrower(loan.borrower_id, loan.company_id)
            vp = employee.department_id.vip_vp_user_id
            loan.approver_user_id = loan._vip_first_reviewer([vp], loan._vip_gm_users)
            # R-ARC-06 (issue 19): the GM or the VP in charge; never the borrower (R-APV-05).
            loan.approver_user_ids = loan._vip_company_users(
                (vp | loan._vip_gm_users()) - loan._vip_non_signers()) if loan.borrower_id else False

    @api.model
    def _overdue_domain(self):
        return [("state", "=", "issued"), ("return_date", "<", fields.Date.context_today(self))]

    @api.constrains("document_ids", "archive_id")
    def _check_documents(self):
        for loan in self:
            if loan.document_ids.archive_id - loan.archive_id:
                raise ValidationError(self.env._("A loan slip lends files of its own archive only."))

    def _vip_check_keeper(self):
        if not self.env.user.has_group(KEEPER_GROUP):
            raise UserError(self.env._("Only the archive keeper issues files and registers their return (R-ARC-06)."))

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        for loan in self:
            if loan.state != "draft":
                raise UserError(self.env._("Only draft loan slips can be submitted."))
            if not loan.document_ids:
                raise UserError(self.env._("Choose the files to borrow."))
            if loan.return_date < fields.Date.context_today(loan):
                raise ValidationError(self.env._("The return date cannot be in the past."))
            if loan.is_direct:
                loan._vip_action_write({"state": "approved"})
                loan.message_post(body=self.env._("Borrowed directly through the keeper (chairman, GM or VP)."))
                continue
            loan._vip_send_for_approval("vip_sla_approval_days")
        return self._vip_next_step_action(self.env._("Submitted"))

    def action_issue(self):
        self._vip_check_keeper()
        for loan in self:
            if loan.state != "approved":
                raise UserError(self.env._("Only approved loan slips can be issued."))
            loan._vip_action_write({"state": "issued", "issued_date": fields.Datetime.now(), "issued_by_id": self.env.uid})
        return True

    def action_return(self):
        self._vip_check_keeper()
        for loan in self:
            if loan.state != "issued":
                raise UserError(self.env._("Only issued loans can be returned."))
            if not loan.return_complete and not (loan.return_notes or "").strip():
                raise UserError(self.env._(
                    "Check the returned files: tick 'Returned complete' or note what is missing or damaged."
                ))
            loan._vip_action_write({"state": "returned", "returned_date": fields.Datetime.now(),
                                    "returned_by_id": self.env.uid})
            loan.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(OVERDUE_ACTIVITY)
            ).sudo().action_feedback(feedback=self.env._("Returned."))
            if not loan.return_complete:
                loan.message_post(body=self.env._("Returned incomplete: %s", loan.return_notes))
        return True

    def action_cancel(self):
        for loan in self:
            if loan.state in ("issued", "returned"):
                raise UserError(self.env._("Issued files must be returned, not cancelled."))
            loan._vip_action_env().with_context(skip_validation_check=True).write({"state": "cancelled"})
        return True

    def _vip_keepers(self):
        self.ensure_one()
        keeper = self.archive_id.keeper_id | self.company_id.vip_arc_keeper_id
        if not keeper:
            keeper = self.env.ref(KEEPER_GROUP).users.filtered(lambda u: self.company_id in u.company_ids)
        return keeper

    @api.model
    def _cron_vip_loan_overdue(self):
        """R-ARC-06: the day after the return date, the keeper and the borrower's manager get an
        activity (once per loan); batched like the other VIP crons (issue 14)."""
        def alerts(loan):
            note = _lt("%(borrower)s was to return the files of %(archive)s by %(date)s.",
                              borrower=loan.borrower_id.name, archive=loan.archive_id.name, date=loan.return_date)
            return [(user, None, note) for user in (loan._vip_keepers() | loan.borrower_manager_id)]

        self.env["mail.activity"]._vip_cron_alerts(
            self, self._overdue_domain() + [("overdue_alerted", "=", False)], "return_date, id",
            OVERDUE_ACTIVITY, alerts, {"overdue_alerted": True},
        )
