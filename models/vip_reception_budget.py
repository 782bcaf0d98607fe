# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools.sql import column_exists

from .vip_guard_mixin import _CREATING_PARENT


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
    company_id = fields.Many2one(related="reception_id.company_id", store=True)
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

    @api.model_create_multi
    def create(self, vals_list):
        # Given with the values (not written afterwards): a done reception's lines are
        # created with it by data files, and locked right after.
        is_action = self._vip_is_action()
        if not is_action:
            self._vip_refuse(["approved_amount"] if any(
                not self._vip_is_default("approved_amount", vals["approved_amount"])
                for vals in vals_list if "approved_amount" in vals
            ) else [])
            # The lines are created in the action environment below (for approved_amount): the
            # reception's lock on its lines is checked here, with the user's rights.
            if self.env.context.get("vip_parent_create") is not _CREATING_PARENT:
                self._vip_check_parent_lock(self.env["vip.reception"].browse(
                    list({vals.get("reception_id") for vals in vals_list} - {False, None})), op="create")
        Reception = self.env["vip.reception"].sudo()
        for vals in vals_list:
            follows = is_action or not Reception.browse(vals.get("reception_id")).vip_analytic_account_id
            vals["approved_amount"] = vals.get("amount", 0.0) if follows else 0.0
        return super(VipReceptionBudget, self._vip_action_env()).create(vals_list).with_env(self.env)

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
