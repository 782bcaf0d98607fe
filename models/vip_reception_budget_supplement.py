# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_reception_cost import COST_STATES


class VipReceptionBudgetSupplement(models.Model):
    """Supplementary budget of one reception category (R-COST-03), approved through the shared
    approval machinery (routed by its amount, finance double signature from the setting)."""

    _name = "vip.reception.budget.supplement"
    _description = "Supplementary reception budget"
    _inherit = ["vip.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _vip_amount_field = "amount"
    # Frozen once sent: a different amount is a new supplementary budget.
    _vip_route_fields = ("reception_id", "category", "user_id", "company_id", "amount")
    _vip_workflow_fields = (
        "state", "approval_due", "approval_band", "needs_finance_double_sign", "escalated",
        "vip_routed_amount", "submit_date",
    )
    _vip_retention = True
    # No "in progress" after approval: a larger amount is a new supplementary budget.
    _vip_supplement_states = ()
    # Issue 18: what is sent is what is approved; a changed request is a new supplementary budget.
    _vip_editable_fields = {"to_approve": (), "approved": (), "rejected": (), "cancelled": ()}

    name = fields.Char(compute="_compute_name", store=True)
    reception_id = fields.Many2one(
        "vip.reception", required=True, index=True, check_company=True,
        domain="[('state', 'in', %s)]" % (list(COST_STATES),),
    )
    company_id = fields.Many2one(related="reception_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="reception_id.currency_id")
    business_type_id = fields.Many2one(related="reception_id.business_type_id", store=True)
    category = fields.Selection(
        lambda self: self.env["vip.reception.budget"]._fields["category"]._description_selection(self.env),
        string="Budget category", required=True,
    )
    amount = fields.Monetary(string="Additional amount", required=True, tracking=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Requested by", required=True, default=lambda self: self.env.user, index=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To approve"), ("approved", "Approved"),
         ("rejected", "Rejected"), ("cancelled", "Cancelled")],
        string="Status", default="draft", required=True, tracking=True, index=True, copy=False,
    )
    submit_date = fields.Datetime(string="Requested on", readonly=True, copy=False)
    approval_due = fields.Datetime(string="Approval due", readonly=True, copy=False)
    approval_band = fields.Selection(
        [("dept_head", "Department head"), ("vp", "VP in charge"), ("gm", "General manager")],
        compute="_compute_routing", store=True,
    )
    needs_finance_double_sign = fields.Boolean(compute="_compute_routing", store=True)
    dept_head_user_id = fields.Many2one(related="reception_id.dept_head_user_id", string="Department head")
    vp_user_id = fields.Many2one(related="reception_id.vp_user_id", string="VP in charge")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A supplementary budget must be positive."),
    ]

    @api.depends("reception_id.name", "category")
    def _compute_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for rec in self:
            rec.name = "%s / %s" % (rec.reception_id.name or "", labels.get(rec.category, ""))

    @api.depends("amount", "company_id")
    def _compute_routing(self):
        for rec in self:
            rec.approval_band, rec.needs_finance_double_sign = rec._vip_amount_route(rec.amount)

    @api.constrains("amount")
    def _check_amount_route(self):
        self._vip_check_amount_route()

    def action_request(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only draft supplementary budgets can be sent for approval."))
            if rec.reception_id.state not in COST_STATES:
                raise UserError(self.env._(
                    "%s is not approved: change its budget lines instead of a supplementary budget.",
                    rec.reception_id.name,
                ))
            rec._vip_send_for_approval("vip_sla_approval_days", stamp_submit=True)
        return True

    def action_cancel(self):
        for rec in self:
            if rec.state in ("approved", "cancelled"):
                raise UserError(self.env._("An approved supplementary budget cannot be cancelled."))
            if self.env.user != rec.user_id and not self.env.user.has_group("vip_customer_care.group_vip_finance"):
                raise UserError(self.env._("Only the requester or finance cancel a supplementary budget."))
            rec._vip_action_write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        for rec in self:
            if rec.state != "rejected":
                raise UserError(self.env._("Only rejected supplementary budgets return to draft."))
            rec._vip_action_write({"state": "draft"})
        return True

    def _on_approved(self):
        self.ensure_one()
        self.reception_id.sudo().message_post(body=self.env._(
            "Supplementary budget approved: %(category)s +%(amount)s.",
            category=dict(self._fields["category"]._description_selection(self.env)).get(self.category),
            amount=self.currency_id.format(self.amount),
        ))
