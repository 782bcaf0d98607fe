# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class VipMonthlyReportWizard(models.TransientModel):
    """Generate the monthly execution report of any month (R-OVS-02): a new report, or the
    figures of a draft refreshed; a sent report is kept."""

    _name = "vip.monthly.report.wizard"
    _description = "Generate monthly report"

    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    month = fields.Date(required=True, default=lambda self: self._default_month(),
                        help="Any day of the month to report.")

    def action_generate(self):
        self.ensure_one()
        report = self.env["vip.monthly.report"]._vip_generate(self.company_id, self.month)
        return {
            "type": "ir.actions.act_window",
            "name": report.display_name,
            "res_model": report._name,
            "res_id": report.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
