# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Budget versus actual of a reception (issue 10, R-COST-01..03).

Actual = posted analytic lines of the reception (vendor bills, posted expense reports; company
currency, converted by accounting at the document date) plus expenses of approved reports not
posted yet. Budget = the approved budget lines plus approved supplementary budgets. Every figure
is aggregated with ``_read_group`` (a constant number of queries for any number of lines).
"""
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .vip_grouped_read import vip_group_part, vip_grouped_read
from .vip_reception import BUDGET_GROUPS, VipReception as BaseReception

FINANCE = "vip_customer_care.group_vip_finance"
# Issue 19, R-COST-02: marketing owns the plan and the monthly spend report; it reads budget
# versus actual per category (never the cost lines behind it).
COST_READERS = FINANCE + ",vip_customer_care.group_vip_officer"
COST_STATES = ("approved", "in_progress", "review", "done")


class VipReception(models.Model):
    _inherit = ["vip.reception"]

    _vip_workflow_fields = BaseReception._vip_workflow_fields + ("vip_analytic_account_id",)

    vip_analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic account", readonly=True, copy=False,
        index="btree_not_null", groups=BUDGET_GROUPS,
        help="Created in the plan “VIP receptions” when the reception is approved; costs carrying it "
        "in their analytic distribution are the reception's actual costs (R-COST-02).",
    )
    # Issue 19: the reception's department follows its supplementary budgets (record rules:
    # those of the receptions each user sees).
    vip_budget_supplement_ids = fields.One2many(
        "vip.reception.budget.supplement", "reception_id", string="Supplementary budgets", groups=BUDGET_GROUPS,
    )
    vip_cost_budget = fields.Monetary(
        string="Approved budget", compute="_compute_vip_cost_totals", groups=BUDGET_GROUPS,
        help="Approved amounts of the budget lines plus approved supplementary budgets.",
    )
    vip_cost_actual = fields.Monetary(
        string="Actual cost", compute="_compute_vip_cost_totals", groups=BUDGET_GROUPS,
        help="Posted vendor bills and expenses, plus approved expense reports not posted yet, in "
        "company currency at the document date (R-COST-02).",
    )
    vip_cost_remaining = fields.Monetary(
        string="Remaining budget", compute="_compute_vip_cost_totals", groups=BUDGET_GROUPS,
    )
    vip_cost_line_ids = fields.One2many(
        "vip.reception.cost.analysis", "reception_id", string="Budget versus actual", readonly=True,
        groups=COST_READERS,
    )
    vip_expense_count = fields.Integer(string="Expenses", compute="_compute_vip_cost_counts", groups=FINANCE)
    vip_bill_count = fields.Integer(string="Vendor bills", compute="_compute_vip_cost_counts", groups=FINANCE)
    vip_journal_item_count = fields.Integer(string="Journal items", compute="_compute_vip_cost_counts", groups=FINANCE)
    # Touched by _vip_lock_costs (row lock of concurrent budget checks).
    vip_cost_checked_at = fields.Datetime(string="Costs checked at", readonly=True, copy=False, groups="base.group_system")

    # ------------------------------------------------------------------ analytic account
    def _on_approved(self):
        res = super()._on_approved()
        self._vip_ensure_analytic_account()
        # Issue 18 item 8: the budget lines as approved (also after a supplementary approval).
        self.budget_line_ids._vip_approve_amount()
        return res

    def _vip_ensure_analytic_account(self):
        """One analytic account per approved reception in the plan "VIP receptions"."""
        plan = self.env.ref("vip_customer_care.analytic_plan_vip_receptions")
        todo = self.sudo().filtered(lambda r: not r.vip_analytic_account_id)
        if not todo:
            return
        # Written by the workflow: the account belongs to the reception, not to whoever
        # signed last (an approver need not be an accountant).
        # Issue 23: the number is the account's code; its name says which reception it is
        # (Odoo shows "[code] name": the number is not repeated).
        accounts = self.env["account.analytic.account"].sudo().create([{
            "name": " · ".join(filter(None, [", ".join(rec.partner_ids.mapped("name")),
                                              (rec.purpose or "").strip().split("\n")[0][:60]])) or rec.name,
            "code": rec.name,
            "plan_id": plan.id,
            "company_id": rec.company_id.id,
            "vip_reception_id": rec.id,
        } for rec in todo])
        for rec, account in zip(todo, accounts):
            rec._vip_action_write({"vip_analytic_account_id": account.id})

    # ------------------------------------------------------------------ budget versus actual
    def _vip_budget_vs_actual(self, exclude_move_ids=(), exclude_sheet_ids=()):
        """{(reception id, category): [budget, actual]} for these receptions, in company
        currency. Four grouped queries whatever the number of lines (R-COST-02)."""
        result = defaultdict(lambda: [0.0, 0.0])
        if not self.ids:
            return result
        ids = self.ids
        env = self.env
        for key, amount in self._vip_approved_budget().items():
            result[key][0] += amount
        line_domain = [("vip_reception_id", "in", ids)]
        if exclude_move_ids:
            line_domain.append(("move_line_id.move_id", "not in", list(exclude_move_ids)))
        for reception, category, amount in env["account.analytic.line"]._read_group(
            line_domain, ["vip_reception_id", "vip_cost_category"], ["amount:sum"],
        ):
            result[reception.id, category][1] -= amount
        # Approved expense reports whose journal entry is not posted yet count as spent.
        expense_domain = [("vip_reception_id", "in", ids), ("sheet_id.state", "=", "approve")]
        if exclude_sheet_ids:
            expense_domain.append(("sheet_id", "not in", list(exclude_sheet_ids)))
        # Untaxed, as the journal items the report will post (recoverable input tax is no cost).
        for reception, category, total, tax in env["hr.expense"]._read_group(
            expense_domain, ["vip_reception_id", "vip_cost_category"], ["total_amount:sum", "tax_amount:sum"],
        ):
            result[reception.id, category][1] += total - tax
        return result

    def _vip_approved_budget(self):
        """{(reception id, category): approved budget} of these receptions: the approved
        amounts of the budget lines plus the approved supplementary budgets, in two grouped
        queries (R-COST-03). Issue 18 item 8: an increase waiting for its supplementary
        approval does not count yet. Read with the caller's rights."""
        result = defaultdict(float)
        if not self.ids:
            return result
        for reception, category, amount in self.env["vip.reception.budget"]._read_group(
            [("reception_id", "in", self.ids)], ["reception_id", "category"], ["approved_amount:sum"],
        ):
            result[reception.id, category] += amount
        for reception, category, amount in self.env["vip.reception.budget.supplement"]._read_group(
            [("reception_id", "in", self.ids), ("state", "=", "approved")], ["reception_id", "category"], ["amount:sum"],
        ):
            result[reception.id, category] += amount
        return result

    def _vip_cost_totals(self):
        """({reception id: budget}, {reception id: actual}) of these receptions: the totals of
        ``_vip_budget_vs_actual`` over the categories, its four grouped reads in one statement
        (issue 21: the reception form). Read with the caller's rights."""
        budget, actual = defaultdict(float), defaultdict(float)
        ids = [rid for rid in self.ids if rid]
        if not ids:
            return budget, actual
        env = self.env
        figures = vip_grouped_read(env, {
            "budget": vip_group_part(
                env["vip.reception.budget"], [("reception_id", "in", ids)], "reception_id", "sum:approved_amount",
            ),
            "supplement": vip_group_part(
                env["vip.reception.budget.supplement"], [("reception_id", "in", ids), ("state", "=", "approved")],
                "reception_id", "sum:amount",
            ),
            "posted": vip_group_part(
                env["account.analytic.line"], [("vip_reception_id", "in", ids)], "vip_reception_id", "sum:amount",
            ),
            # Approved expense reports not posted yet, untaxed (as in _vip_budget_vs_actual).
            "approved": vip_group_part(
                env["hr.expense"], [("vip_reception_id", "in", ids), ("sheet_id.state", "=", "approve")],
                "vip_reception_id", "sum:total_amount-tax_amount",
            ),
        })
        for key in ("budget", "supplement"):
            for reception_id, amount in figures[key].items():
                budget[reception_id] += amount or 0.0
        for reception_id, amount in figures["posted"].items():
            actual[reception_id] -= amount or 0.0
        for reception_id, amount in figures["approved"].items():
            actual[reception_id] += amount or 0.0
        return budget, actual

    @api.depends_context("uid")
    def _compute_vip_cost_totals(self):
        # Sales see the totals of the receptions they may read (record rules on receptions),
        # not the cost lines behind them (no access to analytic lines or other employees'
        # expenses): the totals are the one figure read as the system.
        budget, actual = self.sudo()._vip_cost_totals()
        for rec in self:
            rec.vip_cost_budget = budget[rec.id]
            rec.vip_cost_actual = actual[rec.id]
            rec.vip_cost_remaining = budget[rec.id] - actual[rec.id]

    def _compute_vip_cost_counts(self):
        expenses = dict(self.env["hr.expense"]._read_group(
            [("vip_reception_id", "in", self.ids)], ["vip_reception_id"], ["__count"]))
        items = self.env["account.move.line"]._read_group(
            [("vip_reception_id", "in", self.ids), ("parent_state", "=", "posted")],
            ["vip_reception_id", "move_id"], ["__count"])
        bills = defaultdict(int)
        lines = defaultdict(int)
        for reception, move, count in items:
            lines[reception] += count
            if move._vip_is_vendor_bill():
                bills[reception] += 1
        for rec in self:
            rec.vip_expense_count = expenses.get(rec, 0)
            rec.vip_bill_count = bills[rec]
            rec.vip_journal_item_count = lines[rec]

    def _vip_cost_report_rows(self):
        """Rows of the internal plan PDF: budget and actual by category (the totals' figures)."""
        self.ensure_one()
        if not self._can_read_budget():
            return []
        figures = self.sudo()._vip_budget_vs_actual()
        labels = self.env["vip.reception.budget"]._fields["category"]._description_selection(self.env)
        return [
            {"category": label, "budget": figures[self.id, key][0], "actual": figures[self.id, key][1]}
            for key, label in labels if (self.id, key) in figures
        ]

    # ------------------------------------------------------------------ over-budget (R-COST-03)
    def _vip_lock_costs(self):
        """Serialise the budget checks of these receptions: the second of two accountants
        posting at the same time waits for nothing and is told to try again; once the first
        committed, the row update makes a stale snapshot fail and retry (REPEATABLE READ)."""
        if not self.ids:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM vip_reception WHERE id IN %s ORDER BY id FOR NO KEY UPDATE NOWAIT",
                    [tuple(self.ids)],
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(self.env._(
                "Another accountant is booking costs of %s right now; try again in a moment.",
                ", ".join(self.sudo().mapped("name")),
            )) from None
        self.env.cr.execute(
            "UPDATE vip_reception SET vip_cost_checked_at = now() at time zone 'UTC' WHERE id IN %s",
            [tuple(self.ids)],
        )
        self.invalidate_recordset(["vip_cost_checked_at"])

    @api.model
    def _vip_check_budget(self, new_amounts, exclude_move_ids=(), exclude_sheet_ids=()):
        """R-COST-03: refuse when ``new_amounts`` ({(reception, category): amount}) would push
        a category beyond its approved budget (lines plus approved supplements)."""
        new_amounts = {key: amount for key, amount in new_amounts.items() if float_compare(amount, 0, 2) > 0}
        if not new_amounts:
            return
        receptions = self.browse({reception.id for reception, _category in new_amounts}).sudo()
        receptions._vip_lock_costs()
        figures = receptions._vip_budget_vs_actual(exclude_move_ids, exclude_sheet_ids)
        labels = dict(self.env["vip.reception.budget"]._fields["category"]._description_selection(self.env))
        errors = []
        for (reception, category), amount in sorted(new_amounts.items(), key=lambda kv: (kv[0][0].id, kv[0][1])):
            reception = receptions.browse(reception.id)
            budget, actual = figures[reception.id, category]
            total = actual + amount
            if float_compare(total, budget, precision_rounding=reception.currency_id.rounding) > 0:
                currency = reception.currency_id
                errors.append(self.env._(
                    "%(reception)s, %(category)s: budget %(budget)s, actual %(actual)s, this document "
                    "%(amount)s, excess %(excess)s",
                    reception=reception.name, category=labels.get(category, category),
                    budget=currency.format(budget), actual=currency.format(actual),
                    amount=currency.format(amount), excess=currency.format(total - budget),
                ))
                errors += self._vip_supplement_hints(reception, category, labels)
        if errors:
            raise UserError(self.env._(
                "Over budget (R-COST-03): approve a supplementary budget for the reception and "
                "category first.\n%s", "\n".join(errors),
            ))

    @api.model
    def _vip_supplement_hints(self, reception, category, labels):
        """Issue 23: the over-budget refusal names the supplementary budgets of ``reception``
        and ``category`` already waiting (number, amount, state), or says how to request one."""
        Supplement = self.env["vip.reception.budget.supplement"].sudo()
        waiting = Supplement.search([
            ("reception_id", "=", reception.id), ("category", "=", category),
            ("state", "in", ("draft", "to_approve")),
        ], order="id")
        states = dict(Supplement._fields["state"]._description_selection(self.env))
        hints = [self.env._(
            "A supplementary budget is already waiting: %(number)s, %(amount)s, %(state)s. "
            "The spending can be recorded once it is approved.",
            number=supplement.name, amount=reception.currency_id.format(supplement.amount),
            state=states.get(supplement.state, supplement.state),
        ) for supplement in waiting]
        if not waiting:
            hints.append(self.env._(
                "No supplementary budget is waiting for %(category)s: open %(reception)s and press "
                "“Request supplementary budget”.", category=labels.get(category, category), reception=reception.name,
            ))
        return hints

    # ------------------------------------------------------------------ smart buttons
    def _vip_cost_action(self, xmlid, domain, context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(domain=domain, context=dict(context or {}, create=False))
        return action

    def action_vip_view_expenses(self):
        return self._vip_cost_action("hr_expense.hr_expense_actions_all", [("vip_reception_id", "=", self.id)])

    def action_vip_view_bills(self):
        moves = self.env["account.move.line"].search([("vip_reception_id", "=", self.id)]).move_id
        return self._vip_cost_action(
            "account.action_move_in_invoice_type",
            [("id", "in", moves.filtered(lambda m: m._vip_is_vendor_bill()).ids)],
            {"default_move_type": "in_invoice"},
        )

    def action_vip_view_journal_items(self):
        return self._vip_cost_action(
            "account.action_account_moves_all", [("vip_reception_id", "=", self.id), ("parent_state", "=", "posted")],
        )

    def action_vip_request_supplement(self):
        """Issue 19, R-COST-03: the reception's department asks for more budget from the
        reception: a new supplementary budget of this reception, in the user's own name."""
        self.ensure_one()
        if self.state not in COST_STATES:
            raise UserError(self.env._(
                "%s is not approved: change its budget lines instead of a supplementary budget.", self.name,
            ))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supplementary budget"),
            "res_model": "vip.reception.budget.supplement",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_reception_id": self.id},
        }

    def action_vip_view_cost_analysis(self):
        action = self._vip_cost_action(
            "vip_customer_care.action_vip_reception_cost_analysis", [("reception_id", "=", self.id)],
        )
        action["view_mode"] = "list,pivot,graph"
        return action
