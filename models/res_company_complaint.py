# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Complaint and incident clocks (rule book sections 9 and 10): settings, defaults from
    the rule book."""

    _inherit = "res.company"

    # R-CMP-02 / R-CMP-04 complaint deadlines.
    vip_cmp_consultation_hours = fields.Float(string="Consultation answered within (hours)", default=24.0)
    vip_cmp_solution_days = fields.Integer(string="Investigation and solution within (working days)", default=1)
    vip_cmp_reply_days = fields.Integer(string="Satisfactory reply within (working days)", default=2)
    vip_cmp_close_days = fields.Integer(string="Closed within (working days)", default=3)
    vip_cmp_special_close_days = fields.Integer(string="Special case closed within (working days)", default=7)
    vip_cmp_due_soon_hours = fields.Float(
        string="Deadline shown as due soon (hours before)", default=4.0,
        help="A complaint deadline turns orange this many hours before it is due.",
    )
    # R-LOY-05: abnormal points freeze the loyalty card within this many hours.
    vip_cmp_freeze_hours = fields.Float(string="Freeze the loyalty card within (hours)", default=2.0)
    # R-CMP-07 retention.
    vip_cmp_retention_years = fields.Integer(string="Keep complaints for (years)", default=1)
    vip_cmp_major_retention_years = fields.Integer(string="Keep major complaints for (years)", default=3)
    # R-INC-02 / R-INC-03 incident timeline (minutes after detection) and follow-up.
    vip_inc_security_minutes = fields.Integer(string="Security on site within (minutes)", default=5)
    vip_inc_gm_minutes = fields.Integer(string="GM informed within (minutes)", default=10)
    vip_inc_reassure_minutes = fields.Integer(string="Customer reassured within (minutes)", default=30)
    vip_inc_review_hours = fields.Integer(string="Incident review within (hours)", default=24)
    vip_inc_investigation_days = fields.Integer(string="Crisis investigation within (days)", default=7)

    @api.constrains(
        "vip_cmp_consultation_hours", "vip_cmp_solution_days", "vip_cmp_reply_days", "vip_cmp_close_days",
        "vip_cmp_special_close_days", "vip_cmp_due_soon_hours", "vip_cmp_freeze_hours",
        "vip_cmp_retention_years", "vip_cmp_major_retention_years", "vip_inc_security_minutes",
        "vip_inc_gm_minutes", "vip_inc_reassure_minutes", "vip_inc_review_hours", "vip_inc_investigation_days",
    )
    def _check_vip_complaint_settings(self):
        for company in self:
            if not (
                0 < company.vip_cmp_solution_days <= company.vip_cmp_reply_days
                <= company.vip_cmp_close_days <= company.vip_cmp_special_close_days
            ):
                raise ValidationError(self.env._(
                    "Complaint deadlines must grow: solution, reply, closing, then special closing (R-CMP-04)."
                ))
            if min(company.vip_cmp_consultation_hours, company.vip_cmp_freeze_hours) <= 0 or company.vip_cmp_due_soon_hours < 0:
                raise ValidationError(self.env._("Complaint clocks must be positive (R-CMP-02, R-LOY-05)."))
            if not 1 <= company.vip_cmp_retention_years <= company.vip_cmp_major_retention_years <= 100:
                raise ValidationError(self.env._(
                    "Complaints are kept at least 1 year and major ones at least as long (R-CMP-07)."
                ))
            if company.vip_cmp_major_retention_years < 3:
                raise ValidationError(self.env._("Major complaints are kept at least 3 years (R-CMP-07)."))
            if min(
                company.vip_inc_security_minutes, company.vip_inc_gm_minutes, company.vip_inc_reassure_minutes,
                company.vip_inc_review_hours, company.vip_inc_investigation_days,
            ) <= 0:
                raise ValidationError(self.env._("Incident timeline targets must be positive (R-INC-02)."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    vip_cmp_consultation_hours = fields.Float(related="company_id.vip_cmp_consultation_hours", readonly=False)
    vip_cmp_solution_days = fields.Integer(related="company_id.vip_cmp_solution_days", readonly=False)
    vip_cmp_reply_days = fields.Integer(related="company_id.vip_cmp_reply_days", readonly=False)
    vip_cmp_close_days = fields.Integer(related="company_id.vip_cmp_close_days", readonly=False)
    vip_cmp_special_close_days = fields.Integer(related="company_id.vip_cmp_special_close_days", readonly=False)
    vip_cmp_due_soon_hours = fields.Float(related="company_id.vip_cmp_due_soon_hours", readonly=False)
    vip_cmp_freeze_hours = fields.Float(related="company_id.vip_cmp_freeze_hours", readonly=False)
    vip_cmp_retention_years = fields.Integer(related="company_id.vip_cmp_retention_years", readonly=False)
    vip_cmp_major_retention_years = fields.Integer(related="company_id.vip_cmp_major_retention_years", readonly=False)
    vip_inc_security_minutes = fields.Integer(related="company_id.vip_inc_security_minutes", readonly=False)
    vip_inc_gm_minutes = fields.Integer(related="company_id.vip_inc_gm_minutes", readonly=False)
    vip_inc_reassure_minutes = fields.Integer(related="company_id.vip_inc_reassure_minutes", readonly=False)
    vip_inc_review_hours = fields.Integer(related="company_id.vip_inc_review_hours", readonly=False)
    vip_inc_investigation_days = fields.Integer(related="company_id.vip_inc_investigation_days", readonly=False)
