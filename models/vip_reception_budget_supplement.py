# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_reception_cost import COST_STATES


class VipReceptionBudgetSupplement(models.Model):
    """Supplementary budget of one reception category (R-COST-03), approved through the shared
    approval machinery. Issue 19: routed like a budget increase of the reception itself, by the
    reception's new total (``vip_route_total``, frozen when it is sent), and reviewed by the
    department head and VP of the reception's department for its own requester (R-APV-05)."""

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
        "vip_routed_amount", "submit_date", "vip_route_total", "dept_head_user_id", "vp_user_id",
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
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True, index=True)
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
    vip_route_total = fields.Monetary(
        string="New reception total", readonly=True, copy=False,
        help="The reception's budget this request is routed by, fixed when it was sent for approval: "
        "the reception's approved budget, the supplementary budgets still waiting for approval and "
        "this one (R-COST-03, R-APV-01/02). Approvals of other supplementary budgets afterwards do "
        "not change its route.",
    )
    approval_band = fields.Selection(
        [("dept_head", "Department head"), ("vp", "VP in charge"), ("gm", "General manager")],
        compute="_compute_routing", store=True,
    )
    needs_finance_double_sign = fields.Boolean(compute="_compute_routing", store=True)
    # R-APV-05: computed for this request's own requester, as the reception's are for its.
    dept_head_user_id = fields.Many2one(
        "res.users", string="Department head", compute="_compute_approvers", store=True,
    )
    vp_user_id = fields.Many2one("res.users", string="VP in charge", compute="_compute_approvers", store=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A supplementary budget must be positive."),
    ]

    @api.depends("reception_id.name", "category")
    def _compute_name(self):
        labels = dict(self._fields["category"]._description_selection(self.env))
        for rec in self:
            rec.name = "%s / %s" % (rec.reception_id.name or "", labels.get(rec.category, ""))

    @api.depends("vip_route_total", "state", "company_id")
    def _compute_routing(self):
        """R-COST-03 / R-APV-01/02: band and double signature of the reception's new total,
        frozen at the request (no route while in draft). Requests sent before issue 19 have no
        total: they were routed by their own amount and keep that route."""
        for rec in self:
            total = rec.vip_route_total or (rec.state != "draft" and rec.amount)
            if total:
                rec.approval_band, rec.needs_finance_double_sign = rec._vip_amount_route(total)
            else:
                rec.approval_band, rec.needs_finance_double_sign = False, False

    @api.depends(
        "reception_id.department_id.manager_id.user_id", "reception_id.department_id.manager_id.parent_id.user_id",
        "reception_id.department_id.vip_vp_user_id", "user_id", "company_id",
    )
    def _compute_approvers(self):
        """R-APV-01 / R-APV-05: department head and VP of the reception's department for this
        request's requester (as ``vip.reception._compute_approvers``): a department head who
        files a supplementary budget is signed by their manager, then the VP, never by
        themselves."""
        for rec in self:
            rec.dept_head_user_id, rec.vp_user_id = rec._vip_department_reviewers(rec.reception_id.department_id)

    def _vip_reception_total(self):
        """R-COST-03 / R-APV-01 (issue 19): the reception's new total this request is routed
        by, as a budget increase of the reception is (``_vip_request_supplement``): the
        reception's approved budget (approved amounts of its budget lines plus approved
        supplementary budgets, ``vip.reception._vip_approved_budget``), its other
        supplementary budgets still waiting for approval, and this one. Splitting an increase
        into supplementary budgets, one after the other or sent together, reaches the VP or
        the general manager as one increase would.

        The one place where routing reads as the system: the route is the workflow's act, and
        the requester need not be allowed to read every budget line or every supplementary
        budget of the reception (a department head, finance filing for sales, a request filed
        on behalf)."""
        self.ensure_one()
        system = self.sudo()
        reception = system.reception_id
        approved = sum(reception._vip_approved_budget().values())
        [(waiting,)] = system._read_group([
            ("reception_id", "=", reception.id), ("state", "=", "to_approve"), ("id", "!=", self.id),
        ], [], ["amount:sum"])
        return approved + waiting + system.amount

    @api.model
    def _vip_check_reception_access(self, receptions):
        """A supplementary budget is asked for a reception the requester can see (as costs are
        charged, ``_vip_check_link_access``): a salesperson cannot file one on a colleague's."""
        if self.env.su or not receptions:
            return
        if receptions - receptions._filtered_access("read"):
            raise UserError(self.env._(
                "You can only ask for a supplementary budget of a reception you can see."
            ))

    @api.model_create_multi
    def create(self, vals_list):
        self._vip_check_reception_access(self.env["vip.reception"].browse(
            {vals["reception_id"] for vals in vals_list if vals.get("reception_id")}
        ))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("reception_id"):
            self._vip_check_reception_access(self.env["vip.reception"].browse(vals["reception_id"]))
        return super().write(vals)

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
            # Issue 19: routed by the reception's new total, fixed now (R-COST-03, R-APV-01).
            rec._vip_action_write({"vip_route_total": rec._vip_reception_total()})
            rec._vip_send_for_approval("vip_sla_approval_days", stamp_submit=True)
        return self._vip_next_step_action()

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
            # Sent again, it is routed by the reception's total of that moment.
            rec._vip_action_write({"state": "draft", "vip_route_total": 0.0})
        return True

    def _on_approved(self):
        self.ensure_one()
        self.reception_id.sudo().message_post(body=self.env._(
            "Supplementary budget approved: %(category)s +%(amount)s.",
            category=dict(self._fields["category"]._description_selection(self.env)).get(self.category),
            amount=self.currency_id.format(self.amount),
        ))
