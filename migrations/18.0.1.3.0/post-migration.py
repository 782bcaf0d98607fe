# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19: per-step deadlines (R-APV-04, R-LOY-06).

- The compliance review of reward campaigns gets its own deadline on its approval tier
  (``tier.definition.vip_step_days``): the company setting "Campaigns: compliance review
  within (working days)" it replaces (the largest value set, 1 by default). The loyalty data
  file is ``noupdate``, so the value is written here.
- The loyalty settings view set aside by the pre-migration is turned on again.
- Steps pending at the upgrade keep the deadline they had: the request's approval deadline
  (``vip_due`` is empty until then, and the overdue cron searches it)."""
from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    view = env.ref("vip_customer_care.res_config_settings_view_form_vip_loyalty", raise_if_not_found=False)
    if view and not view.active:
        view.active = True
    compliance = env.ref("vip_customer_care.tier_campaign_compliance", raise_if_not_found=False)
    if compliance and not compliance.vip_step_days:
        days = 1
        if column_exists(cr, "res_company", "vip_campaign_review_days"):
            cr.execute("SELECT MAX(vip_campaign_review_days) FROM res_company WHERE vip_campaign_review_days > 0")
            days = cr.fetchone()[0] or 1
        compliance.vip_step_days = days
    Review = env["tier.review"].with_context(active_test=True)
    for model in env["vip.workflow.mixin"]._vip_workflow_model_names():
        Model = env[model]
        reviews = Review.search([("model", "=", model), ("status", "=", "pending"), ("vip_due", "=", False)])
        for record in Model.browse(set(reviews.mapped("res_id"))).exists():
            due = record._vip_step_deadline()
            if due:
                reviews.filtered(lambda r, record=record: r.res_id == record.id).with_env(
                    record._vip_action_env().env,
                ).write({"vip_due": due})
