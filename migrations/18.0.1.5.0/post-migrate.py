# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 23: the VIP points program's rewards (noupdate data created with the program) get their
external ids on an upgraded database too, so that their descriptions load from i18n/*.po."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    api.Environment(cr, SUPERUSER_ID, {})["loyalty.program"]._vip_name_rewards()
