# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 21: the reception and customer rules read the visibility tables kept by triggers
(``models/vip_visibility.py``). Create and fill them on an upgraded database, and re-apply the
domains of the (noupdate) rule files so that it gets the rules' current statement too."""
from odoo import SUPERUSER_ID, api
from odoo.addons.vip_customer_care.hooks import reapply_rule_domains
from odoo.addons.vip_customer_care.models import vip_visibility


def migrate(cr, version):
    if not version:
        return
    vip_visibility.install(cr)
    reapply_rule_domains(
        api.Environment(cr, SUPERUSER_ID, {}),
        ("security/vip_partner_rules.xml", "security/vip_reception_rules.xml", "security/vip_cost_rules.xml"),
    )
