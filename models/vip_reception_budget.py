# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipReceptionBudget(models.Model):
    """Budget line by category (R-COST-01); the total is the approval amount (R-APV-01)."""

    _name = "vip.reception.budget"
    _description = "Reception budget line"
    _inherit = ["vip.guard.mixin"]
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"

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
    basis = fields.Char(string="Basis of estimate", required=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A budget amount cannot be negative."),
    ]
