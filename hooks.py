# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Install, uninstall and upgrade hooks of the add-on (the migrations call the last one)."""
import os

from lxml import etree

MODULE = "vip_customer_care"
ROOT = os.path.dirname(os.path.abspath(__file__))


def post_init_hook(env):
    # Issue 21: the visibility tables behind the reception and customer rules.
    from .models import vip_visibility

    vip_visibility.install(env.cr)


def uninstall_hook(env):
    from .models import vip_visibility

    vip_visibility.uninstall(env.cr)


def reapply_rule_domains(env, files):
    """The rule files are ``noupdate``: an upgrade keeps the domains a database was installed
    with. Give the add-on's record rules of ``files`` (paths in the add-on) the domain their file
    says now, where it differs; used by the migrations that change a rule's statement
    (18.0.1.1.0, 18.0.1.5.1). Returns the rules changed."""
    changed = env["ir.rule"]
    for path in files:
        tree = etree.parse(os.path.join(ROOT, path))
        for record in tree.iterfind(".//record[@model='ir.rule']"):
            domain = record.find("field[@name='domain_force']")
            rule = env.ref(f"{MODULE}.{record.get('id')}", raise_if_not_found=False)
            if rule is not None and domain is not None and rule.domain_force != domain.text:
                rule.domain_force = domain.text
                changed |= rule
    return changed
