# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.vip_customer_care.models.vip_access_pass import ReportVipEvacuationList


@tagged("post_install", "-at_install")
class TestTourGateGuard(HttpCase):
    """Issue 23, R-ACC-05 / R-ACC-06 / R-ACC-07 / R-ACC-08 / R-ACC-09: in the browser, in zh_CN,
    the demo guard (vip_security) opens VIP Care > Visitors > Gate, checks the demo visitor 林志明
    in with one scan (and the belongings check), prints the evacuation list from Visitors > On
    site, and once the host confirmed the business is done, checks them out with one scan. The
    gate log holds both events by the guard, the pass is returned, and the evacuation list the
    guard printed held the visitor."""

    def test_guard_checks_in_prints_evacuation_list_and_checks_out(self):
        ref = self.env.ref
        guard = ref("vip_customer_care.user_vip_security")
        access_pass = ref("vip_customer_care.pass_lin_issued")
        self.assertEqual(access_pass.state, "issued")
        self.env["res.lang"]._activate_lang("zh_CN")
        guard.lang = "zh_CN"
        # Test shortcut: the demo pass (tomorrow's visit) valid now, as the browser runs in real
        # time, with a known code for the scanner.
        now = datetime.now().replace(microsecond=0)
        access_pass.flush_recordset()
        self.env.cr.execute(
            "UPDATE vip_access_pass SET code = %s, date_from = %s, date_to = %s WHERE id = %s",
            ["TOURGATE0001", now - timedelta(hours=1), now + timedelta(hours=3), access_pass.id],
        )
        self.env.cr.execute(
            "UPDATE vip_visit_appointment SET date_start = %s, date_end = %s WHERE id = %s",
            [now - timedelta(hours=1), now + timedelta(hours=3), access_pass.appointment_id.id],
        )
        access_pass.invalidate_recordset()
        access_pass.appointment_id.invalidate_recordset()

        # Which passes the printed evacuation list held, and for whom it was rendered (the real
        # rendering runs; this only records it).
        printed = []
        original = ReportVipEvacuationList._get_report_values

        def recording(report, docids, data=None):
            values = original(report, docids, data=data)
            printed.append((report.env.uid, values["docs"].ids, values["docs"].mapped("state")))
            return values

        self.patch(ReportVipEvacuationList, "_get_report_values", recording)

        self.start_tour("/odoo", "vip_gate_guard_check_in_and_evacuation", login=guard.login)
        access_pass.invalidate_recordset()
        self.assertEqual(access_pass.state, "checked_in")
        check_in = access_pass.log_ids.filtered(lambda log: log.event == "check_in")
        self.assertEqual(len(check_in), 1)
        self.assertEqual(check_in.user_id, guard)
        self.assertTrue(check_in.belongings_checked)
        self.assertEqual(len(printed), 1, "the guard printed the evacuation list once")
        uid, pass_ids, states = printed[0]
        self.assertEqual(uid, guard.id)
        self.assertIn(access_pass.id, pass_ids, "the visitor just checked in is on the evacuation list")
        self.assertEqual(set(states), {"checked_in"})

        access_pass.with_user(access_pass.host_user_id).action_host_confirm()
        self.start_tour("/odoo", "vip_gate_guard_check_out", login=guard.login)
        access_pass.invalidate_recordset()
        self.assertEqual(access_pass.state, "returned")
        self.assertEqual(access_pass.log_ids.mapped("event"), ["check_out", "check_in"])
        self.assertEqual(access_pass.log_ids.user_id, guard)
