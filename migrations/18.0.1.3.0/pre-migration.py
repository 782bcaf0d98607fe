# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19: the company setting "Campaigns: compliance review within (working days)" became the
step deadline of the compliance tier. The loyalty settings view still names the removed field
until its file is loaded, after the base settings view it inherits is validated: set it aside
during the upgrade (post-migration turns it on again, with its new arch)."""

VIEW = "res_config_settings_view_form_vip_loyalty"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_ui_view v SET active = FALSE
             FROM ir_model_data d
            WHERE d.module = 'vip_customer_care' AND d.name = %s AND d.model = 'ir.ui.view'
              AND d.res_id = v.id""",
        [VIEW],
    )
