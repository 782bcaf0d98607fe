# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class VipReceptionAction(models.Model):
    """Improvement action or customer follow-up from the review (R-REC-10); each one
    becomes an activity of its owner."""

    _name = "vip.reception.action"
    _description = "Reception review action"
    _inherit = ["vip.guard.mixin"]
    _order = "date_due, id"
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"

    reception_id = fields.Many2one("vip.reception", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True)
    kind = fields.Selection(
        [("improvement", "Improvement"), ("follow_up", "Customer follow-up")],
        required=True, default="improvement",
    )
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one("res.users", string="Owner", required=True, domain="[('share', '=', False)]")
    date_due = fields.Date(string="Due", required=True)
    done = fields.Boolean()

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        for action in actions:
            action.reception_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_due,
                summary=action.name,
                user_id=action.user_id.id,
            )
        return actions
