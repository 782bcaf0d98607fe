# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged, users, warmup

from .reception_common import FRIDAY
from .visitor_common import VISIT_START, VisitorCommon


@tagged("post_install", "-at_install")
class TestGateQueries(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()

    @users("rec_guard")
    @warmup
    def test_gate_check_in_queries(self):
        """R-ACC-05: checking one pass in at the gate stays within 15 queries."""
        access_pass = self.appointment.pass_ids[0]
        with freeze_time(VISIT_START + timedelta(minutes=5)):
            gate = self._gate(access_pass.code, belongings_checked=True)
            self.env.flush_all()
            with self.assertQueryCount(rec_guard=15):
                gate.action_check_in()
        self.assertEqual(access_pass.state, "checked_in")
