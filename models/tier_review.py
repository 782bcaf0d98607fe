# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_guard_mixin import vip_in_workflow, vip_retention_cutoff

VIP_REVIEWED_MODELS = ("vip.reception", "vip.visit.appointment")


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

    @api.ondelete(at_uninstall=False)
    def _unlink_vip_retention(self):
        """R-PII-06 / R-APV-09: a decided review is evidence; inside the retention period only
        the approval workflow itself (reset, cancel: see vip.guard.mixin) removes reviews, and
        never a decided one by a direct call."""
        if vip_in_workflow(self.env):
            return
        for review in self.filtered(lambda r: r.model in VIP_REVIEWED_MODELS):
            # The reviewed record's company, whoever may read the record.
            company = self.env[review.model].sudo().browse(review.res_id).exists().company_id
            if review.create_date and review.create_date > vip_retention_cutoff(self.env, company):
                raise UserError(self.env._(
                    "Approval reviews are kept for %(years)s years (retention, R-PII-06) and cannot be deleted.",
                    years=(company or self.env.company).vip_retention_years,
                ))
