# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, format_amount, format_date


class VipConsumptionRecord(models.Model):
    """R-LOY-07 (issue 23): the consumption records a discount exchange applies to, as the
    VIP staff at the counter see them: the posted customer invoices of VIP members, with their
    number, customer, date and total and nothing else of the invoice.

    Whoever may record an exchange picks the customer's invoice here without invoicing rights
    (account.move stays closed to them, and nothing is read as the system): a read-only view
    of ``account_move`` whose ids are the invoices' ids, readable by VIP users
    (ir.model.access) within their allowed companies (record rule); the exchange wizard offers
    only the card holder's own records (field domain, checked again on confirmation)."""

    _name = "vip.consumption.record"
    _description = "Consumption record"
    _auto = False
    _order = "invoice_date desc, id desc"
    # The ORM flushes these before reading the view.
    _depends = {
        "account.move": [
            "name", "commercial_partner_id", "invoice_date", "amount_total", "currency_id", "company_id",
            "move_type", "state",
        ],
        "account.move.line": [
            "move_id", "display_type", "price_total", "price_unit", "quantity", "discount", "vip_redemption_id",
        ],
        "loyalty.card": ["partner_id", "vip_is_points"],
        "res.partner": ["commercial_partner_id"],
    }

    name = fields.Char(string="Number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    invoice_date = fields.Date(string="Date", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    # R-LOY-07 (issue 19): what the floor price of the purchase is judged on, tax included:
    # the list price (the lines before their own discounts) and the discounts on it other than
    # the points exchanges (line discounts, negative lines such as a sales discount).
    list_amount = fields.Monetary(string="List price", readonly=True)
    other_discount = fields.Monetary(string="Other discounts", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """SELECT m.id, m.name, m.commercial_partner_id AS partner_id, m.invoice_date, m.amount_total,
                      m.currency_id, m.company_id,
                      COALESCE(d.list_amount, 0) AS list_amount, COALESCE(d.list_amount - d.charged, 0) AS other_discount
                 FROM account_move m
            LEFT JOIN LATERAL (
                      SELECT SUM(CASE WHEN l.price_total < 0 THEN 0
                                      WHEN l.discount >= 100 THEN l.price_unit * l.quantity
                                      WHEN l.discount > 0 THEN l.price_total / (1 - l.discount / 100.0)
                                      ELSE l.price_total END) AS list_amount,
                             SUM(l.price_total) AS charged
                        FROM account_move_line l
                       WHERE l.move_id = m.id AND l.display_type = 'product' AND l.vip_redemption_id IS NULL
                      ) d ON TRUE
                WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                  AND EXISTS (SELECT 1 FROM loyalty_card c JOIN res_partner p ON p.id = c.partner_id
                               WHERE c.vip_is_points AND p.commercial_partner_id = m.commercial_partner_id)"""
        )

    @api.depends("name", "invoice_date", "amount_total", "currency_id")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = self.env._(
                "%(number)s of %(date)s, %(amount)s", number=rec.name or "",
                date=format_date(self.env, rec.invoice_date) if rec.invoice_date else "",
                amount=format_amount(self.env, rec.amount_total, rec.currency_id),
            )
