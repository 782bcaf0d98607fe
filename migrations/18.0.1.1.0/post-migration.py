# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 14: the reception and customer rules search ``vip_rule_user_ids`` (one union of index
lookups) instead of an OR of sub-plans. The rule files are ``noupdate``: re-apply the domains
of their records from the files, so that an upgraded database gets the new statement too."""
import os

from lxml import etree

from odoo import SUPERUSER_ID, api

FILES = ("security/vip_partner_rules.xml", "security/vip_reception_rules.xml")
MODULE = "vip_customer_care"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for path in FILES:
        tree = etree.parse(os.path.join(root, path))
        for record in tree.iterfind(".//record[@model='ir.rule']"):
            domain = record.find("field[@name='domain_force']")
            rule = env.ref(f"{MODULE}.{record.get('id')}", raise_if_not_found=False)
            if rule is not None and domain is not None and rule.domain_force != domain.text:
                rule.domain_force = domain.text
