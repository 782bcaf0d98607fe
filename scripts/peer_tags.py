"""pytest plugin for scripts/peer-test: keep the tests Odoo's own runner would run.

pytest-odoo collects every test class of a module; Odoo's runner (``--test-enable``) runs
only those selected by the test tags, ``standard`` by default (a class tagged ``-standard``,
e.g. an ``external`` test that needs the internet, is skipped by every integrator's build).
Both positions run: ``at_install`` and ``post_install`` tests execute once the whole registry,
add-on included, is loaded (issue 24). ``PEER_TEST_TAGS`` overrides the selection with Odoo's
own syntax (``standard,-external``).
"""
import os

from odoo.tests.tag_selector import TagsSelector


def pytest_collection_modifyitems(config, items):
    selector = TagsSelector(os.environ.get("PEER_TEST_TAGS", "standard"))
    kept, dropped = [], []
    for item in items:
        test = getattr(item, "cls", None)
        if test is None or getattr(test, "test_tags", None) is None:
            kept.append(item)
            continue
        # A test class or method imported from another module's tests belongs to the module
        # that defines it: helpdesk_mgmt's JS test imports web's WebSuite and inherits its
        # test_hoot / test_unit_desktop, which run the whole web client's unit suite (web's
        # own tests, not helpdesk_mgmt's; over half an hour here).
        method = getattr(test, item.originalname or item.name, None)
        where = getattr(method, "__module__", None) or test.__module__
        own = where.split(".")[:3] == item.module.__name__.split(".")[:3]
        (kept if own and selector.check(test(item.name)) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
