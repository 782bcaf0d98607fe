# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    vip_reception_id = fields.Many2one(
        "vip.reception", string="VIP reception", index="btree_not_null", ondelete="set null",
    )

    # R-CMP-06: the answer to the complaint satisfaction survey closes or reopens the complaint.
    vip_ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", index="btree_not_null", ondelete="set null")

    def _mark_done(self):
        res = super()._mark_done()
        # The participant is usually the public user: the score is a system update.
        self.vip_reception_id.sudo()._update_satisfaction()
        survey = self.env.ref("vip_customer_care.survey_vip_complaint_satisfaction", raise_if_not_found=False)
        for answer in self.filtered(lambda a: a.vip_ticket_id and a.survey_id == survey):
            # Likewise the customer's answer on the complaint (the one place it is written as sudo).
            ticket = answer.vip_ticket_id.sudo()
            if ticket.vip_replied_date and not ticket.stage_id.closed:
                ticket._vip_record_satisfaction(answer.scoring_success)
        return res
