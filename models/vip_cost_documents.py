# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Controls on expense reports and bills linked to receptions (issue 10):
R-COST-03 over-budget block, R-COST-04 reimbursement checks, R-COST-06 exchange vouchers,
R-APV-02 finance double signature."""
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_guard_mixin import vip_in_workflow
from .vip_reception_cost import COST_STATES

FINANCE = "vip_customer_care.group_vip_finance"
SIGNATURE_FIELDS = ("vip_finance_signer1_id", "vip_finance_signer2_id")
# States of an expense whose report is approved, posted or paid.
LOCKED_EXPENSE_STATES = ("approved", "done")
# Marks Odoo's own expense-report actions writing ``approval_state`` (cannot come from RPC).
_EXPENSE_ACTION = object()


class HrExpenseSheet(models.Model):
    _inherit = "hr.expense.sheet"

    vip_reception_ids = fields.Many2many(
        "vip.reception", compute="_compute_vip_reception_ids", string="VIP receptions",
    )
    vip_needs_double_sign = fields.Boolean(
        string="Finance double signature", compute="_compute_vip_reception_ids",
        help="Expenses linked to a reception from the company's threshold need two different "
        "finance signatures before approval (R-APV-02).",
    )
    vip_finance_signer1_id = fields.Many2one("res.users", string="Finance signature 1", readonly=True, copy=False)
    vip_finance_signer2_id = fields.Many2one("res.users", string="Finance signature 2", readonly=True, copy=False)
    vip_can_finance_sign = fields.Boolean(string="Can sign as finance", compute="_compute_vip_can_finance_sign")

    @api.depends("expense_line_ids.vip_reception_id", "expense_line_ids.total_amount", "company_id")
    def _compute_vip_reception_ids(self):
        for sheet in self:
            linked = sheet.expense_line_ids.filtered("vip_reception_id")
            sheet.vip_reception_ids = linked.vip_reception_id
            sheet.vip_needs_double_sign = bool(linked) and sheet.company_id.currency_id.compare_amounts(
                sum(linked.mapped("total_amount")), sheet.company_id.vip_cost_double_sign_from,
            ) >= 0

    @api.depends_context("uid")
    @api.depends("vip_finance_signer1_id", "vip_finance_signer2_id", "state")
    def _compute_vip_can_finance_sign(self):
        user = self.env.user
        is_finance = user.has_group(FINANCE)
        for sheet in self:
            sheet.vip_can_finance_sign = (
                is_finance and sheet.vip_needs_double_sign and sheet.state == "submit"
                and not sheet.vip_finance_signer2_id and user not in sheet.vip_finance_signer1_id
                and user not in sheet.employee_id.user_id
            )

    # ------------------------------------------------------------------ guard
    @api.model_create_multi
    def create(self, vals_list):
        if any(name in vals for vals in vals_list for name in SIGNATURE_FIELDS) and not self._vip_may_sign_write():
            raise UserError(self.env._("Finance signatures are given with the Finance signature button only."))
        linked = set()
        for vals in vals_list:
            for command in (vals.get("expense_line_ids") or []) if vals.get("approval_state") else []:
                if command[0] == 6:
                    linked.update(command[2] or [])
                elif command[0] == 4:
                    linked.add(command[1])
        if self.env["hr.expense"].browse(linked).filtered("vip_reception_id"):
            self._vip_check_approval_write(linked=True)
        return super().create(vals_list)

    def write(self, vals):
        if any(name in vals for name in SIGNATURE_FIELDS) and not self._vip_may_sign_write():
            raise UserError(self.env._("Finance signatures are given with the Finance signature button only."))
        if "approval_state" in vals:
            self._vip_check_approval_write()
        return super().write(vals)

    def _vip_may_sign_write(self):
        return vip_in_workflow(self.env) or self.env.user._is_admin()

    def _vip_check_approval_write(self, linked=False):
        """Issue 18 / R-COST-03: the approval of an expense report moves only through Odoo's
        own actions (submit, approve, refuse, reset), which run the over-budget check, the
        finance double signature and the reimbursement checks; a direct write skips them.
        Reports with no expense linked to a reception behave exactly as in Odoo (issue 24:
        hr_expense's own tests create approved reports directly)."""
        if not (linked or self.expense_line_ids.filtered("vip_reception_id")):
            return
        if not (self.env.su or self.env.context.get("vip_expense_action") is _EXPENSE_ACTION):
            raise UserError(self.env._(
                "The approval of an expense report changes only through its buttons (submit, approve, "
                "refuse, reset), which check the reception budgets (R-COST-03), not by direct editing."
            ))

    def _vip_expense_action(self):
        return self.with_context(vip_expense_action=_EXPENSE_ACTION)

    def _do_refuse(self, reason):
        return super(HrExpenseSheet, self._vip_expense_action())._do_refuse(reason)

    def _do_reset_approval(self):
        return super(HrExpenseSheet, self._vip_expense_action())._do_reset_approval()

    # ------------------------------------------------------------------ R-APV-02
    def action_vip_finance_sign(self):
        """One finance signature; the second must come from a different finance user, never
        from the employee whose expenses these are (R-APV-02, R-APV-05)."""
        user = self.env.user
        for sheet in self:
            if not user.has_group(FINANCE) or sheet.company_id not in user.company_ids:
                raise UserError(self.env._("Only finance of %s signs expense reports.", sheet.company_id.name))
            if sheet.state != "submit" or not sheet.vip_needs_double_sign:
                raise UserError(self.env._("%s does not wait for a finance signature.", sheet.name))
            if user in sheet.employee_id.user_id:
                raise UserError(self.env._("You cannot sign your own expense report (R-APV-05)."))
            if user in sheet.vip_finance_signer1_id:
                raise UserError(self.env._(
                    "The second finance signature must come from another finance officer (R-APV-02)."))
            if sheet.vip_finance_signer2_id:
                raise UserError(self.env._("%s already has both finance signatures.", sheet.name))
            field = "vip_finance_signer2_id" if sheet.vip_finance_signer1_id else "vip_finance_signer1_id"
            sheet.with_context(vip_workflow=vip_action_marker(self.env)).write({field: user.id})
            sheet.message_post(body=self.env._("Finance signature by %s.", user.name))
        return True

    def _vip_check_double_sign(self):
        for sheet in self.filtered("vip_needs_double_sign"):
            if not sheet.vip_finance_signer2_id:
                raise UserError(self.env._(
                    "%(sheet)s is linked to a reception and reaches %(amount)s: it needs two different "
                    "finance signatures before approval (R-APV-02).",
                    sheet=sheet.name, amount=sheet.company_id.currency_id.format(sheet.company_id.vip_cost_double_sign_from),
                ))

    # ------------------------------------------------------------------ R-COST-04 / R-COST-06
    def _vip_submit_errors(self):
        errors = []
        for expense in self.expense_line_ids.filtered("vip_reception_id"):
            reception = expense.vip_reception_id.sudo()
            if reception.state not in COST_STATES:
                errors.append(self.env._(
                    "%(expense)s: the plan of %(reception)s is not approved.",
                    expense=expense.name, reception=reception.name))
            if not (expense.attachment_ids - expense.vip_fx_voucher_ids):
                errors.append(self.env._("%s: attach the receipt or invoice.", expense.name))
            if expense.vip_is_foreign_currency and not expense.vip_fx_voucher_ids:
                errors.append(self.env._(
                    "%(expense)s: paid in %(currency)s, attach the exchange voucher (R-COST-06).",
                    expense=expense.name, currency=expense.currency_id.name))
        return errors

    def _do_submit(self):
        errors = self._vip_submit_errors()
        if errors:
            raise UserError(self.env._(
                "This expense report cannot be submitted yet (R-COST-04):\n- %s", "\n- ".join(errors)))
        return super(HrExpenseSheet, self._vip_expense_action())._do_submit()

    # ------------------------------------------------------------------ R-COST-03
    def _do_approve(self):
        todo = self.filtered(lambda s: s.state in {"submit", "draft"})
        todo._vip_check_double_sign()
        amounts = defaultdict(float)
        for expense in todo.expense_line_ids.filtered("vip_reception_id"):
            # Untaxed, as the journal items it posts.
            amounts[expense.vip_reception_id, expense.vip_cost_category or "other"] += (
                expense.total_amount - expense.tax_amount)
        self.env["vip.reception"]._vip_check_budget(amounts, exclude_sheet_ids=todo.ids)
        return super(HrExpenseSheet, self._vip_expense_action())._do_approve()


def vip_action_marker(env):
    """The in-process marker of ``vip.guard.mixin`` action writes."""
    return env["vip.reception"]._vip_action_env().env.context["vip_workflow"]
