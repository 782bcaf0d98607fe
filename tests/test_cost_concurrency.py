# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.modules.registry import Registry


@tagged("post_install", "-at_install")
class TestCostConcurrency(BaseCase):
    """R-COST-03: two accountants posting bills of the same reception at the same time cannot
    both pass the budget check (row lock on the reception, two real database connections)."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True})
            company = env.company
            plan = env.ref("vip_customer_care.analytic_plan_vip_receptions")
            reception = env["vip.reception"].create({
                "company_id": company.id,
                "partner_ids": [Command.create({"name": "Concurrency VIP", "company_id": company.id})],
                "business_type_id": env.ref("vip_customer_care.business_type_reception").id,
                "purpose": "Concurrency test", "date_start": "2026-12-02 09:00:00",
                "date_end": "2026-12-02 17:00:00",
                "budget_line_ids": [Command.create({"category": "gifts", "amount": 1000.0, "basis": "test"})],
            })
            account = env["account.analytic.account"].create({
                "name": reception.name, "plan_id": plan.id, "company_id": company.id,
                "vip_reception_id": reception.id,
            })
            reception._vip_action_write({"state": "approved", "vip_analytic_account_id": account.id})
            partner = env["res.partner"].create({"name": "Concurrency vendor"})
            product = env["product.product"].create({
                "name": "Concurrency gift box", "type": "service", "vip_cost_category": "gifts",
            })
            self.bills = env["account.move"].create([{
                "move_type": "in_invoice", "partner_id": partner.id, "invoice_date": date(2026, 12, 3),
                "invoice_line_ids": [Command.create({
                    "product_id": product.id, "price_unit": 600.0, "tax_ids": [Command.clear()],
                    "vip_reception_id": reception.id,
                })],
            } for _i in range(2)]).ids
            self.env_ids = (reception.id, account.id, partner.id, reception.partner_ids.id, product.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        reception_id, account_id, partner_id, customer_id, product_id = self.env_ids
        with self.registry.cursor() as cr:
            # Test data only: removed with SQL (posted entries and receptions inside the
            # retention period refuse deletion through the ORM, as they should).
            cr.execute("DELETE FROM account_move WHERE id IN %s", [tuple(self.bills)])
            cr.execute("DELETE FROM account_analytic_line WHERE vip_reception_id = %s", [reception_id])
            cr.execute("UPDATE vip_reception SET vip_analytic_account_id = NULL WHERE id = %s", [reception_id])
            cr.execute("DELETE FROM account_analytic_account WHERE id = %s", [account_id])
            cr.execute("DELETE FROM vip_reception WHERE id = %s", [reception_id])
            cr.execute("DELETE FROM vip_reception_partner_rel WHERE reception_id = %s", [reception_id])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [(partner_id, customer_id)])
            cr.execute("SELECT product_tmpl_id FROM product_product WHERE id = %s", [product_id])
            template_id = cr.fetchone()[0]
            cr.execute("DELETE FROM product_product WHERE id = %s", [product_id])
            cr.execute("DELETE FROM product_template WHERE id = %s", [template_id])

    def test_two_accountants_post_at_once(self):
        """R-COST-03: while the first accountant's posting is open, the second is refused; after
        the first commits, the second is refused as over budget (600 + 600 > 1,000)."""
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            env1["account.move"].browse(self.bills[0]).action_post()
            with self.assertRaises(UserError) as err:
                env2["account.move"].browse(self.bills[1]).action_post()
            self.assertIn("Another accountant", str(err.exception))
            cr1.commit()
            cr2.rollback()
            with self.assertRaises(UserError) as err:
                env2["account.move"].browse(self.bills[1]).action_post()
            self.assertIn("Over budget", str(err.exception))
            cr2.rollback()
        finally:
            cr1.close()
            cr2.close()
