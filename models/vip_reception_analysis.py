# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Highest first: a reception for several customers counts at its most demanding level.
LEVEL_RANK = {"vip": 0, "important": 1, "general": 2}


class VipReception(models.Model):
    """Reception analysis (issue 9.5): the customer level as a stored field, so that the pivot
    and graph views can group receptions by it (``_read_group`` cannot group through the
    many2many ``partner_ids``)."""

    _inherit = "vip.reception"

    customer_level = fields.Selection(
        [("vip", "VIP"), ("important", "Important"), ("general", "General")],
        string="Customer level", compute="_compute_customer_level", store=True, precompute=True, index=True,
        help="Highest service level among the reception's customers (R-TIER-01).",
    )

    @api.depends("partner_ids.vip_service_level")
    def _compute_customer_level(self):
        for rec in self:
            levels = [level for level in rec.partner_ids.mapped("vip_service_level") if level]
            rec.customer_level = min(levels, key=LEVEL_RANK.get) if levels else False
