# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools.sql import column_exists



class VipReceptionBudget(models.Model):
    """Budget line by category (R-COST-01); the total is the approval amount (R-APV-01)."""

    _name = "vip.reception.budget"
    _description = "Reception budget line"
    _inherit = ["vip.guard.mixin"]
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"
    # Issue 18 item 8: what was approved is written by the workflow, never typed.
    _vip_workflow_fields = ("approved_amount",)

    reception_id = fields.Many2one("vip.reception", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True)
    currency_id = fields.Many2one(related="reception_id.currency_id")
    category = fields.Selection(
        [
            ("transport", "Transport"),
            ("meals", "Meals"),
            ("lodging", "Lodging"),
            ("venue", "Venue"),
            ("materials", "Materials"),
            ("gifts", "Gifts"),
            ("other", "Other"),
        ],
        required=True,
    )
    amount = fields.Monetary(required=True)
    approved_amount = fields.Monetary(
        string="Approved amount", readonly=True, copy=False,
        help="The part of this line approved (R-COST-03, issue 18): bills and expenses are checked "
        "against it. An increase after approval counts once its supplementary approval is given; a "
        "decrease counts at once.",
    )
    basis = fields.Char(string="Basis of estimate", required=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A budget amount cannot be negative."),
    ]

    def _auto_init(self):
        """Lines existing before the approved amount was kept: approved as they stand."""
        new = not column_exists(self.env.cr, self._table, "approved_amount")
        res = super()._auto_init()
        if new:
            self.env.cr.execute("UPDATE vip_reception_budget SET approved_amount = amount")
        return res

    def _vip_follows_amount(self):
        """Lines whose approved amount follows the amount: of a reception never approved (no
        cost can be booked on it yet, its approval covers the whole budget), or written by
        the system, an administrator or an action (data files, imports)."""
        return self.filtered(
            lambda line: self._vip_is_action() or not line.reception_id.sudo().vip_analytic_account_id
        )

    @api.model
    def _vip_derived_create_values(self, vals_list):
        """Issue 18 item 8: the approved amount follows the amount on a reception never approved
        (or when an action, the system or an administrator creates the line, e.g. data files
        creating a done reception with its lines); after approval a new line is approved at 0
        until its supplementary approval."""
        is_action = self._vip_is_action()
        receptions = self.env["vip.reception"].browse(
            list({vals.get("reception_id") for vals in vals_list} - {False, None}))
        # Whether the reception has an analytic account (i.e. was approved) is a workflow fact,
        # read whatever the user's rights on accounting fields.
        approved = set(receptions.sudo().filtered("vip_analytic_account_id").ids)
        for vals in vals_list:
            follows = is_action or vals.get("reception_id") not in approved
            vals["approved_amount"] = vals.get("amount", 0.0) if follows else 0.0

    def write(self, vals):
        res = super().write(vals)
        if "amount" in vals or "reception_id" in vals:
            follow = self._vip_follows_amount()
            follow._vip_approve_amount()
            for line in self - follow:
                if line.approved_amount > line.amount:
                    line._vip_action_write({"approved_amount": line.amount})
        return res

    def _vip_approve_amount(self):
        """The amounts of these lines are approved (the reception was approved)."""
        for line in self:
            if line.approved_amount != line.amount:
                line._vip_action_write({"approved_amount": line.amount})
