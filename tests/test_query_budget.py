# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 21: the customer form, the reception form and a reception's creation within a query
budget, as the web client calls them (``web_read`` with the form's fields, ``web_save``).

The budgets are what the forms take after issue 21 (see README, "Scale"); plain Odoo's partner
form takes 16 queries and an expense report's creation 19 in ``scripts/bench``."""
from datetime import datetime

from lxml import etree

from odoo import Command
from odoo.tests import tagged, users, warmup

from .reception_common import ReceptionCommon

# Budgets, per user (the salesperson, the VIP officer who sees every customer and reception).
CUSTOMER_FORM = {"rec_requester": 26, "rec_marketing": 28}
RECEPTION_FORM = {"rec_requester": 35, "rec_marketing": 36}
RECEPTION_CREATE = {"rec_requester": 23}


@tagged("post_install", "-at_install")
class TestQueryBudget(ReceptionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing.groups_id = [Command.link(cls.env.ref("vip_customer_care.group_vip_manager").id)]
        # The customer's receptions: one of the salesperson's, one of another salesperson's
        # (the salesperson counts only the first: R-PII-02).
        cls.own = cls._new_reception(cls.requester, 12000.0)
        cls.others = cls._new_reception(cls.sales_other, 3000.0)

    @classmethod
    def _new_reception(cls, user, amount):
        return cls.env["vip.reception"].with_user(user).create(cls._reception_vals(amount))

    @classmethod
    def _reception_vals(cls, amount):
        return {
            "company_id": cls.company.id,
            "partner_ids": [Command.set(cls.customer.ids)],
            "business_type_id": cls.business.id,
            "purpose": "Private jade viewing",
            "date_start": datetime(2026, 12, 2, 9, 0),
            "date_end": datetime(2026, 12, 3, 17, 0),
            "venue": "VIP room 1",
            "schedule_line_ids": [
                Command.create({"date_start": datetime(2026, 12, 2, 9 + i, 0), "name": f"Step {i}",
                                "activity_type": "visit", "staff_user_ids": [Command.set(cls.head.ids)]})
                for i in range(3)
            ],
            "staff_line_ids": [Command.create({
                "employee_id": cls.head_employee.id, "role": "lead",
                "language_ids": [Command.set(cls.env.ref("base.lang_en").ids)],
            })],
            "material_line_ids": [Command.create({"name": "Collection catalogue", "quantity": 3})],
            "budget_line_ids": [
                Command.create({"category": "meals", "amount": amount / 2, "basis": "per head"}),
                Command.create({"category": "gifts", "amount": amount / 2, "basis": "welcome gift"}),
            ],
        }

    def _form_spec(self, model):
        """What the web client asks when it opens a record: the fields of the form as the user
        gets it (``get_views``: fields of groups the user lacks are not in it), relational
        fields with their display name (``scripts/bench``'s specification)."""
        Model = self.env[model]
        root = etree.fromstring(Model.get_views([(False, "form")])["views"]["form"]["arch"])
        spec = {}
        for node in root.iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()) or node.get("name") not in Model._fields:
                continue
            field = Model._fields[node.get("name")]
            relational = field.type in ("many2one", "many2many", "one2many")
            spec[field.name] = {"fields": {"display_name": {}}} if relational else {}
        return spec

    def _budget(self, budgets):
        return {login: budgets[login] for login in budgets if login == self.env.user.login}

    @users("rec_requester", "rec_marketing")
    @warmup
    def test_customer_form_queries(self):
        """R-PII-02 / R-TIER-04: the customer form (VIP page, smart buttons, tier benefits)
        loads within its budget; the reception count is what the reader may open (the
        salesperson: their own reception; the VIP manager: both), in one grouped statement."""
        spec = self._form_spec("res.partner")
        self.assertIn("vip_reception_count", spec)
        customer = self.customer.with_env(self.env)
        self.env.invalidate_all()
        self.env.cr.execute("SHOW max_parallel_workers_per_gather")
        parallel = self.env.cr.fetchone()
        with self.assertQueryCount(**self._budget(CUSTOMER_FORM)):
            [values] = customer.web_read(spec)
        # The counts statement runs without parallel workers and gives the setting back.
        self.env.cr.execute("SHOW max_parallel_workers_per_gather")
        self.assertEqual(self.env.cr.fetchone(), parallel)
        expected = 1 if self.env.user == self.requester else 2
        self.assertEqual(values["vip_reception_count"], expected)
        self.assertEqual(values["vip_reception_count"], self.env["vip.reception"].search_count(
            [("partner_ids", "in", self.customer.ids)]))
        self.assertEqual(values["vip_appointment_count"], 0)
        self.assertEqual(values["vip_pass_count"], 0)
        self.assertEqual(values["vip_handover_count"], 0)
        self.assertEqual(values["name"], "Domestic VIP")

    @users("rec_requester", "rec_marketing")
    @warmup
    def test_reception_form_queries(self):
        """R-REC-01 / R-COST-02: the salesperson's reception form (lines, reviews, counts,
        budget against actual) loads within its budget, for its requester and for the
        officer; the budget figure is the approved budget lines' total."""
        spec = self._form_spec("vip.reception")
        self.assertIn("vip_cost_budget", spec)
        reception = self.own.with_env(self.env)
        self.env.invalidate_all()
        with self.assertQueryCount(**self._budget(RECEPTION_FORM)):
            [values] = reception.web_read(spec)
        self.assertEqual(values["amount_total"], 12000.0)
        budget, actual = self.own.sudo()._vip_cost_totals()
        self.assertEqual(values["vip_cost_budget"], budget[self.own.id])
        self.assertEqual(values["vip_cost_actual"], 0.0)
        self.assertEqual(values["vip_cost_remaining"], budget[self.own.id] - actual[self.own.id])
        self.assertEqual(values["handover_count"], 0)
        self.assertEqual(len(values["schedule_line_ids"]), 3)
        self.assertEqual(values["state"], "draft")

    @users("rec_requester")
    @warmup
    def test_reception_create_queries(self):
        """R-REC-01: the salesperson's new reception (schedule, staff, materials, budget) is
        saved as the form saves it (``web_save``) within its budget, gap-free numbering
        included: it takes the sequence's next number and its lines the reception's company."""
        sequence = self.env["ir.sequence"].sudo().search([("code", "=", "vip.reception")], limit=1)
        number = sequence.number_next_actual
        expected = sequence.get_next_char(number)
        vals = self._reception_vals(8000.0)
        self.env.invalidate_all()
        with self.assertQueryCount(**self._budget(RECEPTION_CREATE)):
            [values] = self.env["vip.reception"].web_save(vals, {"display_name": {}})
        reception = self.env["vip.reception"].browse(values["id"])
        self.assertEqual(reception.name, expected)
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, number + 1)
        self.assertEqual(reception.amount_total, 8000.0)
        self.assertEqual(len(reception.schedule_line_ids), 3)
        for lines in (reception.schedule_line_ids, reception.staff_line_ids, reception.material_line_ids,
                      reception.budget_line_ids):
            self.assertEqual(lines.company_id, self.company)
