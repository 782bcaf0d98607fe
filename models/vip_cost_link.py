# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reception costs through analytic accounting (issue 10, R-COST-01/02).

Expenses and vendor bill lines carry the reception's analytic account in their analytic
distribution; the reception field on them follows the distribution and picking a reception
writes the distribution. Budget categories come from the expense product or the account
(configuration), so an actual amount lands in the right category.
"""
from odoo import api, fields, models
from odoo.exceptions import UserError

# Issue 18 item 4: marks Odoo's own accounting writing the analytic lines of a move line
# (posting, a changed distribution of a posted line). A plain object cannot travel through
# JSON-RPC, so a client cannot forge it with a context key of its own.
_ACCOUNTING = object()


def _cost_categories(model):
    """The budget categories of R-COST-01 (one list, the budget line's)."""
    return model.env["vip.reception.budget"]._fields["category"]._description_selection(model.env)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    vip_cost_category = fields.Selection(
        _cost_categories, string="Reception budget category",
        help="Reception costs booked with this product count against this budget category (R-COST-02).",
    )


class AccountAccount(models.Model):
    _inherit = "account.account"

    vip_cost_category = fields.Selection(
        _cost_categories, string="Reception budget category",
        help="Reception costs booked on this account count against this budget category when "
        "their product has none (R-COST-02).",
    )


class AccountAnalyticAccount(models.Model):
    _inherit = "account.analytic.account"

    vip_reception_id = fields.Many2one(
        "vip.reception", string="VIP reception", index="btree_not_null", readonly=True, copy=False,
        ondelete="restrict",
    )

    @api.model
    def _vip_reception_map(self, account_ids):
        """{analytic account id: reception id} for the given ids (one query)."""
        if not account_ids:
            return {}
        accounts = self.search_fetch(
            [("id", "in", list(account_ids)), ("vip_reception_id", "!=", False)], ["vip_reception_id"],
        )
        return {account.id: account.vip_reception_id.id for account in accounts}


class VipCostLinkMixin(models.AbstractModel):
    """The reception of a cost document follows its analytic distribution, and choosing a
    reception puts the reception's analytic account in the distribution (100 %)."""

    _name = "vip.cost.link.mixin"
    _description = "Link to a VIP reception through analytics"

    vip_reception_id = fields.Many2one(
        "vip.reception", string="VIP reception", compute="_compute_vip_reception_id", store=True,
        readonly=False, index="btree_not_null", copy=True,
        domain="[('vip_analytic_account_id', '!=', False)]",
        help="Reception whose budget this cost counts against; fills the analytic distribution (R-COST-02).",
    )

    def _compute_vip_reception_id(self):
        """From the analytic distribution (``@api.depends`` on the models using the mixin,
        which carry ``analytic.mixin``)."""
        keys = {int(key) for rec in self for keys in (rec.analytic_distribution or {}) for key in keys.split(",")}
        mapping = self.env["account.analytic.account"]._vip_reception_map(keys)
        for rec in self:
            found = [
                mapping[int(key)] for keys in (rec.analytic_distribution or {})
                for key in keys.split(",") if int(key) in mapping
            ]
            rec.vip_reception_id = found[0] if found else False

    def _vip_distribution_for(self, distribution, reception):
        """``distribution`` with the VIP receptions plan replaced by ``reception`` (100 %)."""
        plan = self.env.ref("vip_customer_care.analytic_plan_vip_receptions", raise_if_not_found=False)
        keys = {key for key in (distribution or {})}
        ids = {int(i) for key in keys for i in key.split(",")}
        vip_ids = set(self.env["account.analytic.account"].search([
            ("id", "in", list(ids)), ("root_plan_id", "=", plan.id if plan else 0),
        ]).ids) if ids else set()
        result = {
            key: value for key, value in (distribution or {}).items()
            if not {int(i) for i in key.split(",")} & vip_ids
        }
        if reception and reception.vip_analytic_account_id:
            result[str(reception.vip_analytic_account_id.id)] = 100.0
        return result

    @api.onchange("vip_reception_id")
    def _onchange_vip_reception_id(self):
        for rec in self:
            if rec.vip_reception_id != rec._origin.vip_reception_id or rec.vip_reception_id:
                rec.analytic_distribution = rec._vip_distribution_for(rec.analytic_distribution, rec.vip_reception_id)

    @api.model
    def _vip_receptions_of(self, distributions):
        """The receptions whose analytic accounts appear in ``distributions`` (read as the
        system: which account belongs to which reception is not the user's to hide)."""
        keys = {int(i) for distribution in distributions for key in (distribution or {}) for i in str(key).split(",")}
        mapping = self.env["account.analytic.account"].sudo()._vip_reception_map(keys)
        return self.env["vip.reception"].browse(set(mapping.values()))

    def _vip_check_link_access(self, receptions):
        """Issue 18 item 4: charging a cost to a reception (directly or through its analytic
        account) needs read access to that reception: a salesperson cannot charge a reception
        they cannot see."""
        if self.env.su or not receptions:
            return
        readable = receptions._filtered_access("read")
        hidden = receptions - readable
        if hidden:
            raise UserError(self.env._(
                "You cannot charge %(model)s to a VIP reception you cannot see (%(count)s reception(s) "
                "not readable by you).", model=self._description, count=len(hidden),
            ))

    @api.model_create_multi
    def create(self, vals_list):
        Reception = self.env["vip.reception"]
        if not self.env.su:
            self._vip_check_link_access(
                self._vip_receptions_of([vals.get("analytic_distribution") for vals in vals_list])
                | Reception.browse({vals["vip_reception_id"] for vals in vals_list if vals.get("vip_reception_id")})
            )
        for vals in vals_list:
            if vals.get("vip_reception_id") and "analytic_distribution" not in vals:
                vals["analytic_distribution"] = self._vip_distribution_for({}, Reception.browse(vals["vip_reception_id"]))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ("vip_reception_id" in vals or "analytic_distribution" in vals):
            new = self.env["vip.reception"].browse(vals.get("vip_reception_id") or [])
            if "analytic_distribution" in vals:
                new |= self._vip_receptions_of([vals["analytic_distribution"]])
            self._vip_check_link_access(new - self._vip_receptions_of(self.mapped("analytic_distribution")))
        if "vip_reception_id" in vals and "analytic_distribution" not in vals:
            reception = self.env["vip.reception"].browse(vals["vip_reception_id"])
            for distribution, records in self.grouped(lambda r: str(r.analytic_distribution or {})).items():
                super(VipCostLinkMixin, records).write({
                    **vals, "analytic_distribution": records[:1]._vip_distribution_for(
                        records[:1].analytic_distribution, reception),
                })
            return True
        return super().write(vals)


class HrExpense(models.Model):
    _name = "hr.expense"
    _inherit = ["hr.expense", "vip.cost.link.mixin"]

    vip_cost_category = fields.Selection(
        _cost_categories, string="Budget category", compute="_compute_vip_cost_category", store=True,
        help="From the product, else the expense account (R-COST-02).",
    )
    vip_fx_voucher_ids = fields.Many2many(
        "ir.attachment", "vip_hr_expense_fx_voucher_rel", "expense_id", "attachment_id",
        string="Exchange vouchers",
        help="Foreign-exchange transaction voucher of a cross-border expense (R-COST-06).",
    )
    vip_is_foreign_currency = fields.Boolean(string="Foreign currency", compute="_compute_vip_is_foreign_currency")

    @api.depends("analytic_distribution")
    def _compute_vip_reception_id(self):
        return super()._compute_vip_reception_id()

    def write(self, vals):
        """R-COST-06 / issue 18: the exchange vouchers of an approved or posted expense are
        evidence and do not change."""
        if "vip_fx_voucher_ids" in vals and not self.env.su:
            locked = self.filtered(lambda e: e.state in ("approved", "done"))
            if locked:
                raise UserError(self.env._(
                    "The exchange vouchers of %s are evidence of an approved expense (R-COST-06): they "
                    "cannot change.", locked[0].name,
                ))
        return super().write(vals)

    @api.depends("product_id.vip_cost_category", "account_id.vip_cost_category", "vip_reception_id")
    def _compute_vip_cost_category(self):
        for rec in self:
            rec.vip_cost_category = rec.vip_reception_id and (
                rec.product_id.vip_cost_category or rec.account_id.vip_cost_category or "other"
            )

    @api.depends("currency_id", "company_currency_id")
    def _compute_vip_is_foreign_currency(self):
        for rec in self:
            rec.vip_is_foreign_currency = rec.currency_id != rec.company_currency_id


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "vip.cost.link.mixin"]

    @api.depends("analytic_distribution")
    def _compute_vip_reception_id(self):
        return super()._compute_vip_reception_id()

    def _create_analytic_lines(self):
        """Analytic lines are written by accounting (see ``_ACCOUNTING``)."""
        return super(AccountMoveLine, self.with_context(vip_accounting=_ACCOUNTING))._create_analytic_lines()

    def _inverse_analytic_distribution(self):
        """Issue 18 item 4 / R-COST-03: a posted line linked (or relinked) to a reception
        afterwards runs the budget check of posting, on its entry as it will be."""
        posted = self.filtered(lambda line: line.parent_state == "posted")
        if posted and self._vip_receptions_of(posted.mapped("analytic_distribution")):
            posted.move_id._vip_check_bill_budgets(with_expenses=True)
        return super(AccountMoveLine, self.with_context(vip_accounting=_ACCOUNTING))._inverse_analytic_distribution()

    def _prepare_analytic_distribution_line(self, distribution, account_ids, distribution_on_each_plan):
        """Analytic lines carry the reception of their own analytic account (a line split
        over two receptions gives one analytic line per reception)."""
        vals = super()._prepare_analytic_distribution_line(distribution, account_ids, distribution_on_each_plan)
        accounts = self.env["account.analytic.account"].browse(map(int, account_ids.split(",")))
        reception = accounts.filtered("vip_reception_id")[:1].vip_reception_id
        if reception:
            vals["vip_reception_id"] = reception.id
        return vals


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    vip_reception_id = fields.Many2one(
        "vip.reception", string="VIP reception", index="btree_not_null", readonly=True,
    )
    vip_cost_category = fields.Selection(
        _cost_categories, string="Budget category", compute="_compute_vip_cost_category", store=True,
    )

    # ------------------------------------------------------------------ issue 18 item 4
    def _vip_posted_costs(self):
        """The lines that are a reception's actual cost from posted accounting."""
        return self.filtered(lambda line: line.vip_reception_id and line.move_line_id.parent_state == "posted")

    def _vip_accounting(self):
        return self.env.su or self.env.context.get("vip_accounting") is _ACCOUNTING

    def _vip_refuse_posted(self, lines):
        if lines:
            raise UserError(self.env._(
                "%(line)s is the posted actual cost of VIP reception %(reception)s (R-COST-02): it "
                "changes only by a reversal or credit note of its document, not by editing, copying or "
                "deleting the analytic line.",
                line=lines[0].display_name, reception=lines[0].sudo().vip_reception_id.display_name,
            ))

    def _vip_check_manual(self, vals):
        """Only accounting gives an analytic line a reception (from a posted move line): a
        line entered by hand on a reception's analytic account would change its actual cost."""
        ids = {
            value for name, value in vals.items()
            if name in self._fields and self._fields[name].type == "many2one"
            and self._fields[name].comodel_name == "account.analytic.account"
            and isinstance(value, int) and not isinstance(value, bool)
        }
        if vals.get("vip_reception_id") or (ids and self.env["account.analytic.account"].sudo()._vip_reception_map(ids)):
            raise UserError(self.env._(
                "The actual cost of a VIP reception comes from posted vendor bills and expense "
                "reports (R-COST-02): analytic lines of a reception are not entered or moved by hand."
            ))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._vip_accounting():
            for vals in vals_list:
                self._vip_check_manual(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self._vip_accounting():
            self._vip_refuse_posted(self._vip_posted_costs())
            self._vip_check_manual(vals)
        return super().write(vals)

    def unlink(self):
        if not self._vip_accounting():
            self._vip_refuse_posted(self._vip_posted_costs())
        return super().unlink()

    def copy_data(self, default=None):
        if not self._vip_accounting():
            self._vip_refuse_posted(self._vip_posted_costs())
        return super().copy_data(default=default)

    @api.depends("vip_reception_id", "product_id.vip_cost_category", "general_account_id.vip_cost_category")
    def _compute_vip_cost_category(self):
        for line in self:
            line.vip_cost_category = line.vip_reception_id and (
                line.product_id.vip_cost_category or line.general_account_id.vip_cost_category or "other"
            )
