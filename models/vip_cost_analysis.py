# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

CATEGORIES = ("transport", "meals", "lodging", "venue", "materials", "gifts", "other")


class VipReceptionCostAnalysis(models.Model):
    """Budget versus actual per reception and category (R-COST-02), for pivot and graph
    analyses across receptions. Same figures as ``vip.reception._vip_budget_vs_actual``:
    budget lines plus approved supplements; posted analytic lines plus approved expense
    reports not posted yet, in company currency at the document date."""

    _name = "vip.reception.cost.analysis"
    _description = "Reception budget versus actual"
    _auto = False
    _order = "reception_id desc, category"
    _rec_name = "category"
    # What the view reads: flushed before every query on it, so figures written in the same
    # transaction (a bill just posted, a supplementary budget just approved) are counted.
    _depends = {
        "vip.reception.budget": ["reception_id", "category", "approved_amount"],
        "vip.reception.budget.supplement": ["reception_id", "category", "amount", "state"],
        "account.analytic.line": ["vip_reception_id", "vip_cost_category", "amount"],
        "hr.expense": ["vip_reception_id", "vip_cost_category", "total_amount", "tax_amount", "sheet_id"],
        "hr.expense.sheet": ["state"],
        "vip.reception": ["company_id", "date_start", "department_id", "customer_level", "user_id"],
        "res.company": ["currency_id"],
    }

    reception_id = fields.Many2one("vip.reception", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    category = fields.Selection(
        lambda self: self.env["vip.reception.budget"]._fields["category"]._description_selection(self.env),
        string="Budget category", readonly=True,
    )
    date = fields.Datetime(string="Visit start", readonly=True)
    department_id = fields.Many2one("hr.department", string="Requesting department", readonly=True)
    customer_level = fields.Selection(
        [("vip", "VIP"), ("important", "Important"), ("general", "General")],
        string="Customer level", readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Requested by", readonly=True)
    state = fields.Selection(related="reception_id.state", string="Reception status")
    budget = fields.Monetary(readonly=True)
    actual = fields.Monetary(readonly=True)
    remaining = fields.Monetary(readonly=True)
    excess = fields.Monetary(readonly=True, help="Actual beyond budget (0 when within budget).")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %s AS (
                WITH amounts AS (
                    SELECT reception_id, category, approved_amount AS budget, 0.0 AS actual
                      FROM vip_reception_budget
                    UNION ALL
                    SELECT reception_id, category, amount, 0.0
                      FROM vip_reception_budget_supplement WHERE state = 'approved'
                    UNION ALL
                    SELECT vip_reception_id, COALESCE(vip_cost_category, 'other'), 0.0, -amount
                      FROM account_analytic_line WHERE vip_reception_id IS NOT NULL
                    UNION ALL
                    SELECT e.vip_reception_id, COALESCE(e.vip_cost_category, 'other'), 0.0,
                           e.total_amount - COALESCE(e.tax_amount, 0.0)
                      FROM hr_expense e JOIN hr_expense_sheet s ON s.id = e.sheet_id
                     WHERE e.vip_reception_id IS NOT NULL AND s.state = 'approve'
                ), grouped AS (
                    SELECT reception_id, category, SUM(budget) AS budget, SUM(actual) AS actual
                      FROM amounts GROUP BY reception_id, category
                )
                SELECT r.id * 8 + COALESCE(array_position(%s::text[], g.category::text), 0) AS id,
                       g.reception_id, r.company_id, c.currency_id, g.category,
                       r.date_start AS date, r.department_id, r.customer_level, r.user_id,
                       g.budget, g.actual, g.budget - g.actual AS remaining,
                       GREATEST(g.actual - g.budget, 0.0) AS excess
                  FROM grouped g
                  JOIN vip_reception r ON r.id = g.reception_id
                  JOIN res_company c ON c.id = r.company_id
            )
        """, SQL.identifier(self._table), list(CATEGORIES)))
