# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command

from .approval_common import ApprovalCommon


class CostCommon(ApprovalCommon):
    """ReceptionCommon with accounting: a CNY company with a chart of accounts, USD at two
    rates, expense products mapped to budget categories, and one reception approved through
    the real approval path (budget: meals 10,000, transport 5,000)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cny = env.ref("base.CNY")
        cls.usd = env.ref("base.USD")
        (cls.cny | cls.usd).active = True
        env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        # The generic chart sets USD: the company works in CNY (no entries yet).
        cls.company.currency_id = cls.cny
        # 1 CNY = 0.125 USD in November, 0.1 USD from December: a USD document converts at its date.
        env["res.currency.rate"].create([
            {"name": date(2026, 1, 1), "rate": 1.0, "currency_id": cls.cny.id, "company_id": cls.company.id},
            {"name": date(2026, 11, 1), "rate": 0.125, "currency_id": cls.usd.id, "company_id": cls.company.id},
            {"name": date(2026, 12, 1), "rate": 0.1, "currency_id": cls.usd.id, "company_id": cls.company.id},
        ])
        Product = env["product.product"].with_company(cls.company)
        cls.meals_product = Product.create({
            "name": "Banquet", "type": "service", "can_be_expensed": True, "standard_price": 0.0,
            "vip_cost_category": "meals", "company_id": cls.company.id, "supplier_taxes_id": [Command.clear()],
        })
        cls.transport_product = Product.create({
            "name": "Car hire", "type": "service", "can_be_expensed": True, "standard_price": 0.0,
            "vip_cost_category": "transport", "company_id": cls.company.id, "supplier_taxes_id": [Command.clear()],
        })
        cls.vendor = env["res.partner"].create({"name": "Shenzhen Banquet Hall", "company_id": cls.company.id})
        for employee in (cls.requester_employee, cls.head_employee):
            employee.work_email = f"{employee.name}@example.com"
        cls.reception = cls._approved_reception(meals=10000.0, transport=5000.0)

    @classmethod
    def _approved_reception(cls, meals=10000.0, transport=5000.0):
        """A reception sent and approved by every reviewer (dept head band, no double signature)."""
        self = cls
        reception = cls.env["vip.reception"].with_user(cls.requester).create({
            "company_id": cls.company.id,
            "partner_ids": [Command.set(cls.customer.ids)],
            "business_type_id": cls.business.id,
            "purpose": "Jade viewing and dinner",
            "date_start": "2026-12-02 09:00:00",
            "date_end": "2026-12-03 17:00:00",
            "venue": "VIP room 1",
            "schedule_line_ids": [Command.create({
                "date_start": "2026-12-02 09:00:00", "name": "Welcome", "activity_type": "visit",
                "staff_user_ids": [Command.set(cls.head.ids)],
            })],
            "staff_line_ids": [Command.create({
                "employee_id": cls.head_employee.id, "role": "lead",
                "language_ids": [Command.set(cls.env.ref("base.lang_en").ids)],
            })],
            "budget_line_ids": [
                Command.create({"category": "meals", "amount": meals, "basis": "two dinners"}),
                Command.create({"category": "transport", "amount": transport, "basis": "car hire"}),
            ],
        })
        copy = cls.env["ir.attachment"].with_user(cls.requester).create({
            "name": "id-copy.txt", "raw": b"ID copy", "mimetype": "text/plain",
            "res_model": "vip.reception", "res_id": reception.id,
        })
        reception.write({"id_copy_ids": [Command.link(copy.id)]})
        reception = reception.with_user(cls.requester)
        reception.action_submit()
        reception.action_countersign_sales()
        reception.action_send_for_approval()
        for user in (cls.marketing, cls.admin_dept, cls.guard, cls.head):
            reception.with_user(user).validate_tier()
            reception.invalidate_recordset()
            reception.review_ids.invalidate_recordset()
        assert reception.state == "approved", reception.state
        del self
        return reception.with_env(cls.env)

    # ------------------------------------------------------------------ documents
    def _attach(self, record, name="receipt.pdf", user=None):
        return self.env["ir.attachment"].with_user(user or self.env.user).create({
            "name": name, "raw": b"%PDF-1.4 receipt", "mimetype": "application/pdf",
            "res_model": record._name, "res_id": record.id,
        })

    def _expense(self, amount, product=None, currency=None, expense_date=date(2026, 12, 2), reception=None,
                 employee=None, receipt=True, fx_voucher=True):
        employee = employee or self.requester_employee
        user = employee.user_id
        expense = self.env["hr.expense"].with_user(user).create({
            "name": f"Reception expense {amount}",
            "employee_id": employee.id,
            "product_id": (product or self.meals_product).id,
            "total_amount_currency": amount,
            "currency_id": (currency or self.cny).id,
            "date": expense_date,
            "payment_mode": "own_account",
            "vip_reception_id": (reception or self.reception).id,
        })
        if receipt:
            self._attach(expense, user=user)
        if fx_voucher and expense.currency_id != self.cny:
            voucher = self._attach(expense, "fx-voucher.pdf", user=user)
            expense.write({"vip_fx_voucher_ids": [Command.link(voucher.id)]})
        return expense

    def _sheet(self, expenses):
        employee = expenses.employee_id
        return self.env["hr.expense.sheet"].with_user(employee.user_id).create({
            "name": "Reception expenses",
            "employee_id": employee.id,
            "expense_line_ids": [Command.set(expenses.ids)],
        })

    def _submit(self, sheet):
        sheet.with_user(sheet.employee_id.user_id).action_submit_sheet()
        return sheet

    def _approve_sheet(self, sheet, approver=None):
        sheet.with_user(approver or self.finance_1).action_approve_expense_sheets()
        return sheet

    def _bill(self, amount, product=None, currency=None, bill_date=date(2026, 12, 3), reception=None, linked=True):
        """A vendor bill of one line charged to ``reception`` (default: the fixtures'), or to no
        reception if not ``linked``."""
        line = {
            "product_id": (product or self.meals_product).id,
            "quantity": 1, "price_unit": amount, "tax_ids": [Command.clear()],
        }
        if linked:
            line["vip_reception_id"] = (reception or self.reception).id
        return self.env["account.move"].with_user(self.finance_1).create({
            "move_type": "in_invoice",
            "company_id": self.company.id,
            "partner_id": self.vendor.id,
            "invoice_date": bill_date,
            "currency_id": (currency or self.cny).id,
            "invoice_line_ids": [Command.create(line)],
        })

    def _supplement(self, amount, category="meals", reception=None, user=None):
        return self.env["vip.reception.budget.supplement"].with_user(user or self.requester).create({
            "reception_id": (reception or self.reception).id, "category": category,
            "amount": amount, "reason": "More guests than planned",
        })
