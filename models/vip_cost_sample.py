# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class VipCostSample(models.Model):
    """Monthly finance sample of reception expenses (R-COST-05): a reproducible random share
    (company setting, 50 %) of one month's reception expenses, seeded by company and month;
    drawing the same month again gives the same sample."""

    _name = "vip.cost.sample"
    _description = "Reception expense sample"
    _inherit = ["vip.sample.mixin", "vip.guard.mixin", "mail.thread"]
    _order = "month desc, id"
    _check_company_auto = True
    _vip_workflow_fields = ("result", "reviewer_id", "review_date", "month", "expense_id", "company_id")
    _vip_retention = True
    # Issue 18: a decided finding (pass or fail) keeps its comment and result.
    _vip_state_field = "result"
    _vip_draft_state = "pending"
    _vip_editable_fields = {"pass": (), "fail": ()}

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    month = fields.Date(required=True, readonly=True, index=True, help="First day of the sampled month.")
    expense_id = fields.Many2one("hr.expense", required=True, readonly=True, ondelete="restrict")
    employee_id = fields.Many2one(related="expense_id.employee_id", string="Employee")
    reception_id = fields.Many2one(related="expense_id.vip_reception_id", string="Reception")
    category = fields.Selection(related="expense_id.vip_cost_category")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(related="expense_id.total_amount", string="Amount")
    result = fields.Selection(
        [("pending", "To review"), ("pass", "Pass"), ("fail", "Fail")],
        default="pending", required=True, readonly=True, index=True, tracking=True,
    )
    comment = fields.Text(help="Checked against the contract and the approved plan.")
    reviewer_id = fields.Many2one("res.users", string="Reviewed by", readonly=True)
    review_date = fields.Datetime(string="Reviewed on", readonly=True)

    _sql_constraints = [
        ("expense_month_unique", "UNIQUE(company_id, month, expense_id)", "An expense is sampled once a month."),
    ]

    @api.model
    def _vip_draw(self, company, month):
        """The sample of ``company`` for the month starting ``month`` (drawn once)."""
        month = month.replace(day=1)
        existing = self.search([("company_id", "=", company.id), ("month", "=", month)])
        if existing:
            return existing
        population = self.env["hr.expense"].search([
            ("company_id", "=", company.id), ("vip_reception_id", "!=", False),
            ("date", ">=", month), ("date", "<", month + relativedelta(months=1)),
            ("state", "in", ("approved", "done")),
        ], order="id").ids
        # Seeded by company and month (vip.sample.mixin): the same month always gives the same sample.
        chosen = self._vip_sample_ids(company, month, population, company.vip_cost_sample_percent)
        if not chosen:
            return existing
        return self._vip_action_env().create([
            {"company_id": company.id, "month": month, "expense_id": expense_id} for expense_id in chosen
        ]).with_env(self.env)

    def action_draw_last_month(self):
        """R-COST-05: draw last month's sample of each allowed company (a list header button)."""
        return self._vip_draw_last_month("vip_customer_care.action_vip_cost_sample")

    def _vip_review(self, result):
        if not self.env.user.has_group("vip_customer_care.group_vip_finance"):
            raise UserError(self.env._("Only finance reviews sampled expenses."))
        if any(rec.result != "pending" for rec in self):
            raise UserError(self.env._("This expense was already reviewed: its finding stands."))
        if result == "fail" and any(not rec.comment for rec in self):
            raise UserError(self.env._("Say in the comment why the expense fails the check."))
        self._vip_action_write({"result": result, "reviewer_id": self.env.user.id, "review_date": fields.Datetime.now()})
        return True

    def action_pass(self):
        return self._vip_review("pass")

    def action_fail(self):
        return self._vip_review("fail")
