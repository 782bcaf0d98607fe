# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .complaint_common import ComplaintCommon
from .reception_common import FRIDAY

LIST_FIELDS = ["number", "name", "vip_type", "vip_severity", "vip_next_due", "vip_sla_state", "partner_id", "user_id"]


@tagged("post_install", "-at_install")
class TestComplaintQueries(ComplaintCommon):
    """Query budget of the complaint list with the "late" filter (README)."""

    def _list_queries(self):
        self.env.invalidate_all()
        Ticket = self.env["helpdesk.ticket"].with_user(self.cs)
        before = self.env.cr.sql_log_count
        rows = Ticket.search_read([("vip_is_vip_team", "=", True), ("vip_sla_state", "=", "late")], LIST_FIELDS)
        return self.env.cr.sql_log_count - before, rows

    def test_late_list_queries_do_not_grow_with_records(self):
        """R-CMP-04: the late filter and the SLA badge are read in a fixed number of queries
        (stored, indexed next deadline; the badge computed in memory), whatever the number of
        complaints."""
        with freeze_time(FRIDAY):
            for index in range(3):
                self._complaint(name=f"Late {index}")
        with freeze_time(datetime(2026, 11, 30, 9, 0)):
            self._list_queries()  # warm-up (registry caches, rules)
            small, rows = self._list_queries()
            self.assertEqual(len(rows), 3)
            self.assertTrue(all(row["vip_sla_state"] == "late" for row in rows))
        with freeze_time(FRIDAY):
            for index in range(12):
                self._complaint(name=f"More late {index}")
        with freeze_time(datetime(2026, 11, 30, 9, 0)):
            large, rows = self._list_queries()
        self.assertEqual(len(rows), 15)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 6)
