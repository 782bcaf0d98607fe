# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    vip_reception_id = fields.Many2one(
        "vip.reception", string="VIP reception", index="btree_not_null", ondelete="set null",
    )

    def _mark_done(self):
        res = super()._mark_done()
        # The participant is usually the public user: the score is a system update.
        self.vip_reception_id.sudo()._update_satisfaction()
        return res
