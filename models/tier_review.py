# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class TierReview(models.Model):
    _inherit = "tier.review"

    vip_on_behalf_of_id = fields.Many2one(
        "res.users", string="On behalf of", readonly=True,
        help="Set when a delegate approved or rejected in place of the reviewer (R-APV-06).",
    )
    vip_distinct_signer = fields.Boolean(related="definition_id.vip_distinct_signer")

    def _get_own_reviewers(self):
        return super()._get_reviewers()

    def _get_reviewers(self):
        reviewers = super()._get_reviewers()
        if self.model != "vip.reception" or not self.res_id:
            return reviewers
        reception = self.env["vip.reception"].browse(self.res_id)
        reviewers |= self.env["vip.approval.delegation"]._delegates_for(
            reviewers, reception.business_type_id
        )
        if self.definition_id.vip_distinct_signer:
            signed = reception.review_ids.filtered(
                lambda r: r.vip_distinct_signer and r.status == "approved" and r != self
            )
            reviewers -= signed.done_by
        # R-APV-05: nobody reviews their own request.
        return reviewers - reception.user_id
