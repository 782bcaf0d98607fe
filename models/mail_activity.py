# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    vip_review_id = fields.Many2one(
        "tier.review", string="Approval step", index="btree_not_null", ondelete="set null", readonly=True,
        help="The approval step this activity asks the user to sign; closed when the step moves on.",
    )
    vip_escalation = fields.Boolean(
        string="Escalation", readonly=True,
        help="Sent to the reviewer's manager because the step is overdue (R-APV-04).",
    )
