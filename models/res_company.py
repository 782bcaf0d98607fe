# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .vip_oversight_kpi import KPI_TARGET_FIELDS

# R-LOY-06 / R-TIER-04: the lowest target tier each reward campaign type serves (settings). The
# defaults follow the tier benefits: a birthday perk is a diamond benefit, product trials and
# appreciation events platinum and up, exclusive discounts gold and up; points exchanges are
# open to every member.
MIN_TIERS = [("all", "All members"), ("gold", "Gold and up"), ("platinum", "Platinum and up"), ("diamond", "Diamond only")]
DEFAULT_MIN_TIER = {
    "points_exchange": "all",
    "birthday_perk": "diamond",
    "exclusive_discount": "gold",
    "product_trial": "platinum",
    "appreciation_event": "platinum",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    # R-TIER-03: loyalty tier thresholds on spend.
    vip_tier_diamond_amount = fields.Monetary(string="Diamond tier from", default=500000.0)
    vip_tier_platinum_amount = fields.Monetary(string="Platinum tier from", default=200000.0)
    vip_tier_gold_amount = fields.Monetary(string="Gold tier from", default=50000.0)
    vip_tier_period = fields.Selection(
        [("rolling", "Trailing 12 months"), ("calendar_year", "Calendar year")],
        string="Tier spend period",
        default="rolling",
        required=True,
    )
    # R-TIER-05 (issue 19): the month in which the scheduler starts the yearly tier review.
    vip_tier_review_month = fields.Integer(
        string="Yearly tier review in month (1-12)", default=1, required=True,
        help="R-TIER-05: the scheduler starts the review of last calendar year in this month (January by default) "
        "and gives each salesperson an activity.",
    )
    # R-TIER-06: store membership entry.
    vip_member_single_amount = fields.Monetary(string="Member card: single purchase", default=1000.0)
    vip_member_cumulative_amount = fields.Monetary(
        string="Member card: cumulative purchases", default=2000.0
    )
    vip_member_cumulative_months = fields.Integer(string="Member card: within months", default=6)

    # R-APV-01 / R-APV-02: approval limits on the reception budget.
    vip_apv_dept_head_limit = fields.Monetary(string="Department head approves up to", default=100000.0)
    vip_apv_gm_from = fields.Monetary(string="General manager approves from", default=500000.0)
    vip_apv_finance_double_from = fields.Monetary(
        string="Finance double signature from", default=50000.0
    )
    # R-APV-04, R-REC-02/05/10/11, R-APV-07/08 durations.
    vip_sla_plan_days = fields.Integer(string="Plan within (working days)", default=2)
    vip_sla_approval_days = fields.Integer(string="Approval within (working days)", default=3)
    vip_sla_venue_days = fields.Integer(string="Venue confirmation within (working days)", default=3)
    vip_sla_review_days = fields.Integer(string="Review within (working days)", default=2)
    vip_sla_survey_days = fields.Integer(string="Survey within (working days)", default=3)
    vip_sla_emergency_hours = fields.Float(string="Emergency approval within (hours)", default=1.0)
    vip_sla_paperwork_days = fields.Integer(string="Emergency paperwork within (working days)", default=1)
    vip_sla_escalation_days = fields.Integer(
        string="Out-of-authority escalation within (working days)", default=5
    )
    vip_apv_delegation_max_days = fields.Integer(string="Delegation lasts at most (days)", default=30)
    vip_handover_tolerance = fields.Float(
        string="Handover weight tolerance (g)", default=0.005, digits=(16, 3)
    )

    # R-ACC-01/02/03/10 visitor access.
    vip_acc_lead_days = fields.Integer(string="Appointment lead time (working days)", default=1)
    vip_acc_confirm_hours = fields.Float(string="Confirm or decline within (hours)", default=4.0)
    vip_acc_confirm_clock = fields.Selection(
        [("clock", "Clock hours"), ("working", "Working hours")], string="Confirmation hours count as",
        default="clock", required=True,
        help="R-ACC-02: the confirmation clock counts clock hours or working hours of the company calendar.",
    )
    vip_acc_host_early_minutes = fields.Integer(string="Host arrives before the visitor (minutes)", default=15)
    vip_sales_department_id = fields.Many2one(
        "hr.department", string="Sales department",
        help="Its manager (sales head) approves visit appointments, its VP in charge approves "
        "special and level-1 visitors (R-ACC-03).",
    )
    # R-PII-01 (issue 18): "Verify ID" is locked per user and person after this many failed
    # checks within the window, for the same window.
    vip_id_check_max_attempts = fields.Integer(string="Failed identity checks before lock", default=5)
    vip_id_check_lock_minutes = fields.Integer(string="Identity check window and lock (minutes)", default=60)
    # R-PII-06: records are kept (not deletable) for this many years.
    vip_retention_years = fields.Integer(string="Keep records for (years)", default=3)
    vip_premium_area_id = fields.Many2one(
        "vip.access.area", string="Premium room", domain="[('is_premium_room', '=', True)]",
        help="Room given to special-grade visitors (R-ACC-10).",
    )

    @api.constrains("vip_acc_lead_days", "vip_acc_confirm_hours", "vip_acc_host_early_minutes")
    def _check_vip_access_settings(self):
        for company in self:
            if company.vip_acc_lead_days < 0 or company.vip_acc_confirm_hours <= 0 or company.vip_acc_host_early_minutes < 0:
                raise ValidationError(self.env._("Visitor access durations cannot be negative."))

    @api.constrains("vip_id_check_max_attempts", "vip_id_check_lock_minutes")
    def _check_vip_id_check_throttle(self):
        for company in self:
            if not 1 <= company.vip_id_check_max_attempts <= 20:
                raise ValidationError(self.env._("Allow between 1 and 20 failed identity checks (R-PII-01)."))
            if not 1 <= company.vip_id_check_lock_minutes <= 7 * 24 * 60:
                raise ValidationError(self.env._("The identity check lock lasts between 1 minute and 7 days (R-PII-01)."))

    @api.constrains("vip_retention_years")
    def _check_vip_retention_years(self):
        for company in self:
            if not 3 <= company.vip_retention_years <= 100:
                raise ValidationError(self.env._("Records are kept between 3 and 100 years (R-PII-06)."))

    @api.constrains(
        "vip_apv_dept_head_limit", "vip_apv_gm_from", "vip_apv_finance_double_from",
        "vip_sla_plan_days", "vip_sla_approval_days", "vip_sla_venue_days", "vip_sla_review_days",
        "vip_sla_survey_days", "vip_sla_emergency_hours", "vip_sla_paperwork_days",
        "vip_sla_escalation_days", "vip_handover_tolerance",
    )
    def _check_vip_approval_settings(self):
        for company in self:
            if not 0 < company.vip_apv_dept_head_limit < company.vip_apv_gm_from:
                raise ValidationError(
                    self.env._("Approval limits must be positive: department head < general manager.")
                )
            if company.vip_apv_finance_double_from <= 0 or company.vip_handover_tolerance < 0:
                raise ValidationError(self.env._("Amounts and tolerances cannot be negative."))
            durations = (
                company.vip_sla_plan_days, company.vip_sla_approval_days, company.vip_sla_venue_days,
                company.vip_sla_review_days, company.vip_sla_survey_days, company.vip_sla_emergency_hours,
                company.vip_sla_paperwork_days, company.vip_sla_escalation_days,
            )
            if min(durations) <= 0:
                raise ValidationError(self.env._("Service-level durations must be positive."))

    @api.constrains(
        "vip_tier_diamond_amount",
        "vip_tier_platinum_amount",
        "vip_tier_gold_amount",
        "vip_member_single_amount",
        "vip_member_cumulative_amount",
        "vip_member_cumulative_months",
    )
    def _check_vip_thresholds(self):
        for company in self:
            if not (
                company.vip_tier_diamond_amount
                > company.vip_tier_platinum_amount
                > company.vip_tier_gold_amount
                > 0
            ):
                raise ValidationError(
                    self.env._("Tier thresholds must be positive and ordered: diamond > platinum > gold.")
                )
            if company.vip_member_single_amount <= 0 or company.vip_member_cumulative_amount <= 0:
                raise ValidationError(self.env._("Member card amounts must be positive."))
            if not 1 <= company.vip_member_cumulative_months <= 24:
                raise ValidationError(self.env._("The member card period must be between 1 and 24 months."))

    # ------------------------------------------------------------------ complaints and incidents (issue 12)
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
    # ------------------------------------------------------------------ issue 10: reception costs
    # R-APV-02: finance double signature on reception expenses.
    vip_cost_double_sign_from = fields.Monetary(
        string="Expense finance double signature from", default=50000.0,
    )
    # R-COST-05: monthly finance sample.
    vip_cost_sample_percent = fields.Float(string="Monthly expense sample (%)", default=50.0)

    @api.constrains("vip_cost_sample_percent", "vip_cost_double_sign_from")
    def _check_vip_cost_settings(self):
        for company in self:
            if not 0 <= company.vip_cost_sample_percent <= 100:
                raise ValidationError(self.env._("The expense sample is a percentage between 0 and 100."))
            if company.vip_cost_double_sign_from < 0:
                raise ValidationError(self.env._("The double signature threshold cannot be negative."))
    # ---------------------------------------------------------------- loyalty (issue 11)
    # R-LOY-01: birthday month multiplier for diamond members (the earn rate itself is the
    # rule of the "VIP points" loyalty program).
    vip_points_birthday_factor = fields.Float(string="Birthday month points factor (diamond)", default=2.0)
    # R-LOY-04
    vip_card_valid_years = fields.Integer(string="Member card valid for (years)", default=2)
    # R-LOY-07
    vip_redeem_gm_points = fields.Integer(string="Exchanges need GM approval from (points)", default=5000)
    vip_discount_floor_pct = fields.Float(
        string="Discount floor price (% of the consumption)", default=80.0,
        help="R-LOY-07: after a discount the customer pays at least this share of the consumption record.",
    )
    # R-LOY-05
    vip_freeze_hours = fields.Float(string="Freeze within (hours)", default=2.0)
    vip_freeze_investigation_days = fields.Integer(string="Freeze investigation within (working days)", default=3)
    # R-LOY-06 / R-LOY-08. The compliance review's 1 working day is the step deadline of its
    # approval tier (tier.definition.vip_step_days, issue 19), counted from the moment it is reached.
    vip_campaign_vp_from = fields.Monetary(string="Campaigns: VP approves above", default=10000.0)
    vip_campaign_gm_from = fields.Monetary(string="Campaigns: GM office approves above", default=100000.0)
    vip_campaign_closing_days = fields.Integer(string="Campaigns: close within (working days after the end)", default=10)
    # R-LOY-06 / R-TIER-04: the lowest target tier each campaign type serves.
    vip_campaign_min_tier_points_exchange = fields.Selection(
        MIN_TIERS, string="Points exchange campaigns", required=True, default=DEFAULT_MIN_TIER["points_exchange"],
    )
    vip_campaign_min_tier_birthday_perk = fields.Selection(
        MIN_TIERS, string="Birthday perk campaigns", required=True, default=DEFAULT_MIN_TIER["birthday_perk"],
    )
    vip_campaign_min_tier_exclusive_discount = fields.Selection(
        MIN_TIERS, string="Exclusive discount campaigns", required=True, default=DEFAULT_MIN_TIER["exclusive_discount"],
    )
    vip_campaign_min_tier_product_trial = fields.Selection(
        MIN_TIERS, string="Product trial campaigns", required=True, default=DEFAULT_MIN_TIER["product_trial"],
    )
    vip_campaign_min_tier_appreciation_event = fields.Selection(
        MIN_TIERS, string="Appreciation event campaigns", required=True, default=DEFAULT_MIN_TIER["appreciation_event"],
    )

    @api.constrains("vip_tier_review_month")
    def _check_vip_tier_review_month(self):
        for company in self:
            if not 1 <= company.vip_tier_review_month <= 12:
                raise ValidationError(self.env._("The yearly tier review month is between 1 and 12."))

    @api.constrains(
        "vip_points_birthday_factor", "vip_card_valid_years", "vip_redeem_gm_points", "vip_discount_floor_pct",
        "vip_freeze_hours", "vip_freeze_investigation_days", "vip_campaign_vp_from", "vip_campaign_gm_from",
        "vip_campaign_closing_days",
    )
    def _check_vip_loyalty_settings(self):
        for company in self:
            if company.vip_points_birthday_factor < 1 or not 1 <= company.vip_card_valid_years <= 50:
                raise ValidationError(self.env._(
                    "The birthday factor is at least 1 and cards are valid between 1 and 50 years."
                ))
            if company.vip_redeem_gm_points <= 0 or not 0 <= company.vip_discount_floor_pct <= 100:
                raise ValidationError(self.env._(
                    "The GM approval threshold must be positive and the floor price between 0 and 100 %."
                ))
            if min(company.vip_freeze_hours, company.vip_freeze_investigation_days,
                   company.vip_campaign_closing_days) <= 0:
                raise ValidationError(self.env._("Loyalty durations must be positive."))
            if not 0 < company.vip_campaign_vp_from < company.vip_campaign_gm_from:
                raise ValidationError(self.env._("Campaign limits must be positive: VP < GM office."))

    # ---------------------------------------------------------------- oversight (issue 20)
    # R-OVS-04: rectification deadlines per level.
    vip_ovs_rect_general_days = fields.Integer(string="General rectification within (working days)", default=7)
    vip_ovs_rect_major_days = fields.Integer(string="Major rectification within (working days)", default=30)
    vip_ovs_rect_urgent_hours = fields.Float(string="Urgent rectification within (hours)", default=24.0)
    # R-OVS-03: internal control's monthly sample of last month's receptions.
    vip_ovs_audit_sample_percent = fields.Float(string="Monthly audit sample (%)", default=10.0)

    @api.constrains(
        "vip_ovs_rect_general_days", "vip_ovs_rect_major_days", "vip_ovs_rect_urgent_hours",
        "vip_ovs_audit_sample_percent",
    )
    def _check_vip_oversight_settings(self):
        for company in self:
            if min(company.vip_ovs_rect_general_days, company.vip_ovs_rect_major_days,
                   company.vip_ovs_rect_urgent_hours) <= 0:
                raise ValidationError(self.env._("Rectification deadlines must be positive (R-OVS-04)."))
            if not 0 < company.vip_ovs_audit_sample_percent <= 100:
                raise ValidationError(self.env._(
                    "The audit sample is a percentage above 0 and up to 100 (R-OVS-03)."
                ))
    # ---------------------------------------------------------------- KPI targets (issue 20)
    # R-OVS-01 targets: the rule book's where it gives one (plan 2 working days, on-site
    # response 95 %, satisfaction 90, major complaints 0.5 %); the others are the company's own
    # (defaults: cost within budget, 90 % of appointments, 1 safety incident per 100 receptions,
    # 95 % of approvals, complaints and incident steps on time).
    vip_kpi_plan_days = fields.Float(string="Plan confirmation at most (working days)", default=2.0)
    vip_kpi_on_site_rate = fields.Float(string="On-site response rate at least (%)", default=95.0)
    vip_kpi_satisfaction = fields.Float(string="Satisfaction at least (0-100)", default=90.0)
    vip_kpi_major_complaint_rate = fields.Float(string="Major-complaint rate at most (%)", default=0.5)
    vip_kpi_cost_control_rate = fields.Float(string="Cost control rate at most (%)", default=100.0)
    vip_kpi_appointment_rate = fields.Float(string="Appointment success rate at least (%)", default=90.0)
    vip_kpi_safety_incident_rate = fields.Float(string="Safety incident rate at most (%)", default=1.0)
    vip_kpi_approval_rate = fields.Float(string="Approvals on time at least (%)", default=95.0)
    vip_kpi_complaint_rate = fields.Float(string="Complaints closed on time at least (%)", default=95.0)
    vip_kpi_incident_step_rate = fields.Float(string="Incident steps on time at least (%)", default=95.0)

    # ---------------------------------------------------------------- evaluations (issue 20)
    # R-OVS-05: quantitative 60 %, qualitative 40 %.
    vip_eval_weight_quantitative = fields.Float(string="Quantitative weight (%)", default=60.0)
    vip_eval_weight_qualitative = fields.Float(string="Qualitative weight (%)", default=40.0)

    @api.constrains("vip_eval_weight_quantitative", "vip_eval_weight_qualitative")
    def _check_vip_eval_weights(self):
        for company in self:
            weights = (company.vip_eval_weight_quantitative, company.vip_eval_weight_qualitative)
            if min(weights) < 0 or float_compare(sum(weights), 100.0, precision_digits=2):
                raise ValidationError(self.env._(
                    "The quantitative and qualitative weights of evaluations are positive and sum to 100 % "
                    "(R-OVS-05)."
                ))
    # R-OVS-02: the monthly execution report goes to the GM office by the 5th.
    vip_gm_office_department_id = fields.Many2one(
        "hr.department", string="GM office",
        help="Department of the general manager's office: its manager and members receive the monthly "
        "execution report (R-OVS-02).",
    )
    vip_report_due_day = fields.Integer(
        string="Monthly report due on day", default=5,
        help="Day of the month by which the GM office has the last month's execution report; the next "
        "working day when it is not one (R-OVS-02).",
    )

    @api.constrains("vip_report_due_day")
    def _check_vip_report_due_day(self):
        for company in self:
            if not 1 <= company.vip_report_due_day <= 28:
                raise ValidationError(self.env._("The monthly report is due on a day between 1 and 28 (R-OVS-02)."))

    @api.constrains(*KPI_TARGET_FIELDS)
    def _check_vip_kpi_targets(self):
        for company in self:
            if company.vip_kpi_plan_days <= 0:
                raise ValidationError(self.env._("The plan confirmation target is a positive number of working days."))
            bounded = [
                company[name] for name in KPI_TARGET_FIELDS
                if name not in ("vip_kpi_plan_days", "vip_kpi_cost_control_rate")
            ]
            if min(bounded) < 0 or max(bounded) > 100:
                raise ValidationError(self.env._("KPI targets in percent and the satisfaction target are between 0 and 100."))
            if company.vip_kpi_cost_control_rate <= 0:
                raise ValidationError(self.env._("The cost control target is a positive percentage of the budget."))
