# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from dateutil.relativedelta import relativedelta

from odoo import fields, models

from .vip_guard_mixin import _WORKFLOW

PAID_STATES = ("paid", "in_payment")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Issue 19 (R-LOY-07): the discount line of a points exchange (on the invoice or its credit note).
    vip_redemption_id = fields.Many2one(
        "vip.loyalty.redemption", string="Points exchange", readonly=True, copy=False, index="btree_not_null",
        ondelete="restrict",
    )

    def _reconcile_plan(self, reconciliation_plan):
        res = super()._reconcile_plan(reconciliation_plan)
        lines = self.browse()
        stack = list(reconciliation_plan)
        while stack:
            item = stack.pop()
            if isinstance(item, models.BaseModel):
                lines |= item
            else:
                stack.extend(item)
        moves = lines.move_id.filtered(lambda m: m.move_type == "out_invoice")
        if moves:
            moves._vip_loyalty_on_paid()
        return res
