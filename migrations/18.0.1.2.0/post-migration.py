# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19: a loan slip is approved by the GM or the VP in charge (R-ARC-06): its tier reads the
reviewers from ``approver_user_ids``. The tier is ``noupdate`` data: point an upgraded database's
tier at the new field too (unless an administrator changed it). Issue 23: the roles' default
landing screens."""
from odoo import SUPERUSER_ID, api

MODULE = "vip_customer_care"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    tier = env.ref(f"{MODULE}.tier_archive_loan", raise_if_not_found=False)
    old = env.ref(f"{MODULE}.field_vip_archive_loan__approver_user_id", raise_if_not_found=False)
    new = env.ref(f"{MODULE}.field_vip_archive_loan__approver_user_ids", raise_if_not_found=False)
    if tier and new and tier.reviewer_field_id == old:
        tier.reviewer_field_id = new
    # Issue 23: each role's landing screen in VIP Care (set at installation on new databases).
    env["res.groups"]._vip_set_default_home_actions()
