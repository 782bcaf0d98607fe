# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 14: the reception and customer rules search ``vip_rule_user_ids`` (one union of index
lookups) instead of an OR of sub-plans. The rule files are ``noupdate``: re-apply the domains
of their records from the files, so that an upgraded database gets the new statement too."""
from odoo import SUPERUSER_ID, api
from odoo.addons.vip_customer_care.hooks import reapply_rule_domains


def migrate(cr, version):
    if not version:
        return
    reapply_rule_domains(
        api.Environment(cr, SUPERUSER_ID, {}),
        ("security/vip_partner_rules.xml", "security/vip_reception_rules.xml"),
    )
