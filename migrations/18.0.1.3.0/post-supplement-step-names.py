# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 23: a supplementary budget below the double-signature threshold has one finance
signature, which read "Finance signature (1 of 2)". The steps are ``noupdate`` data: rename
them on upgraded databases too, unless an administrator renamed them."""
from odoo import SUPERUSER_ID, api

NAMES = {
    "tier_supplement_finance_1": ("Finance signature (1 of 2)", "Finance signature"),
    "tier_supplement_finance_2": ("Finance signature (2 of 2)", "Second finance signature (double signature)"),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    for xmlid, (old, new) in NAMES.items():
        tier = env.ref(f"vip_customer_care.{xmlid}", raise_if_not_found=False)
        if tier and tier.name == old:
            tier.name = new
