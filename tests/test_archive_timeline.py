# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .archive_common import ArchiveCommon

# Queries for one page of the timeline, whatever the number of events (README "Customer archives").
# 18 before issue 18, 20 after it, still flat with the number of events. The two more queries
# (measured query by query) read the customer's employees and companies: issue 18's rule
# "VIP customers: hidden from users without a VIP role" keeps a partner visible when it is an
# employee's work contact or a company's partner, and the ORM evaluates those two links for the
# page's partner (security/vip_partner_rules.xml).
TIMELINE_QUERY_BUDGET = 20


@tagged("post_install", "-at_install")
class TestArchiveTimeline(ArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls.Archive.with_user(cls.requester).create({
            "partner_id": cls.customer.id, "company_id": cls.company.id, "customer_status": "cooperating",
        })

    def _messages(self, count, start=datetime(2026, 1, 1, 9, 0)):
        self.env["mail.message"].create([{
            "model": "res.partner", "res_id": self.customer.id, "message_type": "comment",
            "subtype_id": self.env.ref("mail.mt_note").id, "body": f"Call {i}", "subject": f"Call {i}",
            "date": start + timedelta(minutes=i), "author_id": self.requester.partner_id.id,
        } for i in range(count)])

    def test_sources_registry(self):
        """R-ARC-03: the timeline is a registry of sources that other areas extend."""
        sources = self.archive._vip_timeline_sources()
        self.assertLessEqual({"reception", "appointment", "gate", "handover", "message", "activity",
                              "complaint", "incident", "loyalty"}, set(sources))
        self.assertTrue(all(callable(source) for source in sources.values()))

    @freeze_time("2026-11-20 10:00:00")
    def test_newest_first_across_sources(self):
        """R-ARC-03: receptions, calls and notes of the customer, newest first."""
        reception = self._reception()
        self._messages(3)
        events, more = self.archive.with_user(self.requester).vip_timeline(limit=10)
        self.assertFalse(more)
        self.assertEqual(events[0]["model"], "vip.reception")
        self.assertEqual(events[0]["res_id"], reception.id)
        dates = [e["date"] for e in events]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertIn("Call 2", [e["title"] for e in events])
        self.assertIn(reception.name, self.archive.with_user(self.requester).timeline_html)

    @freeze_time("2026-11-20 10:00:00")
    def test_complaints_incidents_and_loyalty_on_the_timeline(self):
        """R-ARC-03: the customer's complaints (issue 12), incidents and loyalty tier changes
        (issue 11) are on the archive's timeline too."""
        ticket = self.env["helpdesk.ticket"].create({
            "name": "Scratched bangle", "description": "<p>Scratched.</p>", "partner_id": self.customer.id,
            "company_id": self.company.id, "team_id": self.env.ref("vip_customer_care.helpdesk_team_vip").id,
            "vip_type": "complaint", "vip_channel": "phone",
        })
        incident = self.env["vip.incident"].create({
            "company_id": self.company.id, "title": "Customer felt faint", "incident_type": "illness",
            "partner_id": self.customer.id,
        })
        change = self.env["vip.loyalty.tier.change"].create({
            "partner_id": self.customer.id, "company_id": self.company.id, "old_tier": "gold",
            "new_tier": "platinum", "spend": 200000, "source": "recompute", "date": datetime(2026, 11, 19, 9, 0),
        })
        events, _more = self.archive.vip_timeline(limit=20)
        found = {(e["model"], e["res_id"]): e["title"] for e in events}
        self.assertIn(ticket.number, found[("helpdesk.ticket", ticket.id)])
        self.assertIn("Customer felt faint", found[("vip.incident", incident.id)])
        self.assertEqual(found[("vip.loyalty.tier.change", change.id)], "Gold → Platinum")

    def test_pagination_constant_queries(self):
        """R-ARC-03: a customer with 2,000 events: one page costs the same queries as with 20."""
        self._messages(20)
        archive = self.archive.with_user(self.requester)
        archive.vip_timeline(limit=10)  # warm the access-rule and ACL caches, as a running server has them
        self.env.invalidate_all()
        with self.assertQueryCount(TIMELINE_QUERY_BUDGET):
            events, more = archive.vip_timeline(limit=10)
        self.assertTrue(more)
        self._messages(1980, start=datetime(2025, 1, 1))
        self.env.invalidate_all()
        with self.assertQueryCount(TIMELINE_QUERY_BUDGET):
            events, more = archive.vip_timeline(limit=10)
        self.assertEqual(len(events), 10)
        self.env.invalidate_all()
        # The last page reads offset + limit rows per source: one more batch past 1,000 rows.
        with self.assertQueryCount(TIMELINE_QUERY_BUDGET + 1):
            page, more = archive.vip_timeline(offset=1990, limit=10)
        self.assertEqual(len(page), 10)
        self.assertFalse(more)
        self.assertEqual(page[-1]["title"], "Call 0")
