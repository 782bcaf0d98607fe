# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command, fields

from .approval_common import ApprovalCommon
from .common import OTHER_PRC_ID, VALID_PRC_ID


class LoyaltyCommon(ApprovalCommon):
    """ReceptionCommon's company with a chart of accounts, a tax-free product, the VIP points
    program and members with identity documents; helpers post, pay and refund real invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.program = cls.env.ref("vip_customer_care.loyalty_program_vip_points")
        cls.product = cls.env["product.product"].create({
            "name": "Jade bracelet", "list_price": 100.0, "taxes_id": [Command.clear()],
        })
        Partner = cls.env["res.partner"]
        cls.member = Partner.create({
            "name": "Member Wang", "company_id": cls.company.id, "user_id": cls.requester.id,
            "vip_id_type": "prc_id", "vip_id_number": VALID_PRC_ID, "vip_birthday": date(1980, 3, 15),
        })
        cls.member_2 = Partner.create({
            "name": "Member Zhao", "company_id": cls.company.id, "user_id": cls.requester.id,
            "vip_id_type": "prc_id", "vip_id_number": OTHER_PRC_ID, "vip_birthday": date(1975, 3, 2),
        })

    def _invoice(self, partner, amount, invoice_date=None, move_type="out_invoice", post=True, origin=None):
        move = self.env["account.move"].with_company(self.company).create({
            "move_type": move_type,
            "partner_id": partner.id,
            "company_id": self.company.id,
            "invoice_date": invoice_date or fields.Date.context_today(self.env.user),
            "reversed_entry_id": origin.id if origin else False,
            "invoice_line_ids": [Command.create({
                "product_id": self.product.id, "quantity": 1, "price_unit": amount, "tax_ids": [Command.clear()],
            })],
        })
        if post:
            move.action_post()
        return move

    def _pay(self, invoice):
        wizard = self.env["account.payment.register"].with_company(self.company).with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({})
        wizard._create_payments()
        invoice.invalidate_recordset()
        return invoice

    def _paid_invoice(self, partner, amount, **kw):
        return self._pay(self._invoice(partner, amount, **kw))

    def _refund(self, invoice, amount):
        return self._invoice(invoice.partner_id, amount, move_type="out_refund", origin=invoice)

    def _card(self, partner):
        partner.invalidate_recordset()
        return self.env["loyalty.card"].search([
            ("partner_id", "=", partner.id), ("vip_is_points", "=", True), ("vip_state", "!=", "blocked"),
        ])
