# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    vip_tier_diamond_amount = fields.Monetary(
        related="company_id.vip_tier_diamond_amount", readonly=False
    )
    vip_tier_platinum_amount = fields.Monetary(
        related="company_id.vip_tier_platinum_amount", readonly=False
    )
    vip_tier_gold_amount = fields.Monetary(related="company_id.vip_tier_gold_amount", readonly=False)
    vip_tier_period = fields.Selection(related="company_id.vip_tier_period", readonly=False)
    vip_tier_review_month = fields.Integer(related="company_id.vip_tier_review_month", readonly=False)
    vip_member_single_amount = fields.Monetary(
        related="company_id.vip_member_single_amount", readonly=False
    )
    vip_member_cumulative_amount = fields.Monetary(
        related="company_id.vip_member_cumulative_amount", readonly=False
    )
    vip_member_cumulative_months = fields.Integer(
        related="company_id.vip_member_cumulative_months", readonly=False
    )
    vip_apv_dept_head_limit = fields.Monetary(related="company_id.vip_apv_dept_head_limit", readonly=False)
    vip_apv_gm_from = fields.Monetary(related="company_id.vip_apv_gm_from", readonly=False)
    vip_apv_finance_double_from = fields.Monetary(related="company_id.vip_apv_finance_double_from", readonly=False)
    vip_sla_plan_days = fields.Integer(related="company_id.vip_sla_plan_days", readonly=False)
    vip_sla_approval_days = fields.Integer(related="company_id.vip_sla_approval_days", readonly=False)
    vip_sla_venue_days = fields.Integer(related="company_id.vip_sla_venue_days", readonly=False)
    vip_sla_review_days = fields.Integer(related="company_id.vip_sla_review_days", readonly=False)
    vip_sla_survey_days = fields.Integer(related="company_id.vip_sla_survey_days", readonly=False)
    vip_sla_emergency_hours = fields.Float(related="company_id.vip_sla_emergency_hours", readonly=False)
    vip_sla_paperwork_days = fields.Integer(related="company_id.vip_sla_paperwork_days", readonly=False)
    vip_sla_escalation_days = fields.Integer(related="company_id.vip_sla_escalation_days", readonly=False)
    vip_apv_delegation_max_days = fields.Integer(related="company_id.vip_apv_delegation_max_days", readonly=False)
    vip_acc_confirm_clock = fields.Selection(related="company_id.vip_acc_confirm_clock", readonly=False)
    vip_handover_tolerance = fields.Float(related="company_id.vip_handover_tolerance", readonly=False)
    vip_acc_lead_days = fields.Integer(related="company_id.vip_acc_lead_days", readonly=False)
    vip_acc_confirm_hours = fields.Float(related="company_id.vip_acc_confirm_hours", readonly=False)
    vip_acc_host_early_minutes = fields.Integer(related="company_id.vip_acc_host_early_minutes", readonly=False)
    vip_sales_department_id = fields.Many2one(related="company_id.vip_sales_department_id", readonly=False)
    vip_premium_area_id = fields.Many2one(related="company_id.vip_premium_area_id", readonly=False)
    vip_retention_years = fields.Integer(related="company_id.vip_retention_years", readonly=False)
    vip_id_check_max_attempts = fields.Integer(related="company_id.vip_id_check_max_attempts", readonly=False)
    vip_id_check_lock_minutes = fields.Integer(related="company_id.vip_id_check_lock_minutes", readonly=False)
    # Complaints and incidents (issue 12)
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
    # Issue 10: reception costs.
    vip_cost_double_sign_from = fields.Monetary(related="company_id.vip_cost_double_sign_from", readonly=False)
    vip_cost_sample_percent = fields.Float(related="company_id.vip_cost_sample_percent", readonly=False)
    # Oversight (issue 20)
    vip_ovs_rect_general_days = fields.Integer(related="company_id.vip_ovs_rect_general_days", readonly=False)
    vip_ovs_rect_major_days = fields.Integer(related="company_id.vip_ovs_rect_major_days", readonly=False)
    vip_ovs_rect_urgent_hours = fields.Float(related="company_id.vip_ovs_rect_urgent_hours", readonly=False)
    vip_ovs_audit_sample_percent = fields.Float(related="company_id.vip_ovs_audit_sample_percent", readonly=False)
    vip_gm_office_department_id = fields.Many2one(related="company_id.vip_gm_office_department_id", readonly=False)
    vip_report_due_day = fields.Integer(related="company_id.vip_report_due_day", readonly=False)

    # ---------------------------------------------------------------- loyalty (issue 11)
    vip_points_birthday_factor = fields.Float(related="company_id.vip_points_birthday_factor", readonly=False)
    vip_card_valid_years = fields.Integer(related="company_id.vip_card_valid_years", readonly=False)
    vip_redeem_gm_points = fields.Integer(related="company_id.vip_redeem_gm_points", readonly=False)
    vip_discount_floor_pct = fields.Float(related="company_id.vip_discount_floor_pct", readonly=False)
    vip_freeze_hours = fields.Float(related="company_id.vip_freeze_hours", readonly=False)
    vip_freeze_investigation_days = fields.Integer(
        related="company_id.vip_freeze_investigation_days", readonly=False,
    )
    vip_campaign_vp_from = fields.Monetary(related="company_id.vip_campaign_vp_from", readonly=False)
    vip_campaign_gm_from = fields.Monetary(related="company_id.vip_campaign_gm_from", readonly=False)
    vip_campaign_closing_days = fields.Integer(related="company_id.vip_campaign_closing_days", readonly=False)
    vip_campaign_min_tier_points_exchange = fields.Selection(
        related="company_id.vip_campaign_min_tier_points_exchange", readonly=False,
    )
    vip_campaign_min_tier_birthday_perk = fields.Selection(
        related="company_id.vip_campaign_min_tier_birthday_perk", readonly=False,
    )
    vip_campaign_min_tier_exclusive_discount = fields.Selection(
        related="company_id.vip_campaign_min_tier_exclusive_discount", readonly=False,
    )
    vip_campaign_min_tier_product_trial = fields.Selection(
        related="company_id.vip_campaign_min_tier_product_trial", readonly=False,
    )
    vip_campaign_min_tier_appreciation_event = fields.Selection(
        related="company_id.vip_campaign_min_tier_appreciation_event", readonly=False,
    )

    def action_vip_recompute_tiers(self):
        """R-TIER-03: recompute every customer's tier now (the same pass as the nightly cron)."""
        self.env["res.partner"].check_access("write")
        count = self.env["res.partner"]._vip_recompute_loyalty_tiers()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Loyalty tiers recomputed: %s customer(s) changed.", count),
            },
        }

    # ---------------------------------------------------------------- KPI targets (issue 20, R-OVS-01)
    vip_kpi_plan_days = fields.Float(related="company_id.vip_kpi_plan_days", readonly=False)
    vip_kpi_on_site_rate = fields.Float(related="company_id.vip_kpi_on_site_rate", readonly=False)
    vip_kpi_satisfaction = fields.Float(related="company_id.vip_kpi_satisfaction", readonly=False)
    vip_kpi_major_complaint_rate = fields.Float(related="company_id.vip_kpi_major_complaint_rate", readonly=False)
    vip_kpi_cost_control_rate = fields.Float(related="company_id.vip_kpi_cost_control_rate", readonly=False)
    vip_kpi_appointment_rate = fields.Float(related="company_id.vip_kpi_appointment_rate", readonly=False)
    vip_kpi_safety_incident_rate = fields.Float(related="company_id.vip_kpi_safety_incident_rate", readonly=False)
    vip_kpi_approval_rate = fields.Float(related="company_id.vip_kpi_approval_rate", readonly=False)
    vip_kpi_complaint_rate = fields.Float(related="company_id.vip_kpi_complaint_rate", readonly=False)
    vip_kpi_incident_step_rate = fields.Float(related="company_id.vip_kpi_incident_step_rate", readonly=False)

    # ---------------------------------------------------------------- evaluations (issue 20, R-OVS-05)
    vip_eval_weight_quantitative = fields.Float(related="company_id.vip_eval_weight_quantitative", readonly=False)
    vip_eval_weight_qualitative = fields.Float(related="company_id.vip_eval_weight_qualitative", readonly=False)
