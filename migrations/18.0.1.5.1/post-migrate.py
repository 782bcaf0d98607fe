# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 21: the reception and customer rules read the visibility tables kept by triggers
(``models/vip_visibility.py``). Create and fill them on an upgraded database, and re-apply the
domains of the (noupdate) rule files so that it gets the rules' current statement too."""
import os

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.addons.vip_customer_care.models import vip_visibility

FILES = ("security/vip_partner_rules.xml", "security/vip_reception_rules.xml", "security/vip_cost_rules.xml")
MODULE = "vip_customer_care"


def migrate(cr, version):
    if not version:
        return
    vip_visibility.install(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for path in FILES:
        tree = etree.parse(os.path.join(root, path))
        for record in tree.iterfind(".//record[@model='ir.rule']"):
            domain = record.find("field[@name='domain_force']")
            rule = env.ref(f"{MODULE}.{record.get('id')}", raise_if_not_found=False)
            if rule is not None and domain is not None and rule.domain_force != domain.text:
                rule.domain_force = domain.text
