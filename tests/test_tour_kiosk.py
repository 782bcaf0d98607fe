# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import datetime, timedelta

from PIL import Image

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourKiosk(HttpCase):
    """Issue 22, R-ACC-05 / R-ACC-07: in Chromium, in zh_CN, the demo visitor 林志明 checks in
    alone at the demo kiosk of the north gate (no login), then the host (demo salesperson) opens
    Discuss and finds the arrival. The gate log holds the check-in via the kiosk, the pass is on
    site and marked "via kiosk", the host has a to-do."""

    def test_visitor_checks_in_at_kiosk_and_host_is_notified(self):
        ref = self.env.ref
        access_pass = ref("vip_customer_care.pass_lin_issued")
        kiosk = ref("vip_customer_care.kiosk_north_gate")
        host = access_pass.host_user_id
        self.assertTrue(host, "the demo pass has a host with a user")
        self.env["res.lang"]._activate_lang("zh_CN")
        host.write({"lang": "zh_CN", "notification_type": "inbox"})
        # Test shortcut: the demo pass (tomorrow's visit) valid now, as the browser runs in real
        # time, with a known code for the scanner.
        now = datetime.now().replace(microsecond=0)
        access_pass.flush_recordset()
        self.env.cr.execute(
            "UPDATE vip_access_pass SET code = %s, date_from = %s, date_to = %s WHERE id = %s",
            ["TOURKIOSK001", now - timedelta(hours=1), now + timedelta(hours=3), access_pass.id],
        )
        self.env.cr.execute(
            "UPDATE vip_visit_appointment SET date_start = %s, date_end = %s WHERE id = %s",
            [now - timedelta(hours=1), now + timedelta(hours=3), access_pass.appointment_id.id],
        )
        self.env.invalidate_all()

        self.start_tour(f"/vip/kiosk/{kiosk.sudo().token}?lang=zh_CN", "vip_kiosk_check_in")
        self.env.invalidate_all()
        self.assertEqual(access_pass.state, "checked_in")
        self.assertEqual(access_pass.kiosk_id, kiosk, "the On-site list shows the pass as checked in via the kiosk")
        check_in = access_pass.log_ids.filtered(lambda log: log.event == "check_in")
        self.assertEqual((len(check_in), check_in.kiosk_id, check_in.gate_id), (1, kiosk, kiosk.gate_id))
        self.assertTrue(check_in.belongings_checked)
        self.assertIn(host, access_pass.activity_ids.user_id, "the host has a to-do to meet the visitor")

        self.start_tour("/odoo/discuss", "vip_kiosk_host_notified", login=host.login)

    def test_visitor_signs_the_agreement_at_kiosk(self):
        """Issue 22, R-ACC-05 / R-ACC-07: in Chromium, in zh_CN, the demo visitor 刘德明 scans his
        pass at the demo kiosk of the goldsmith workshop (an area with a visitor agreement),
        reads the agreement in Chinese, ticks "I accept", signs in the box with the pointer and
        is checked in: the gate log's check-in row keeps the Chinese text, its language and the
        drawn signature (a PNG with the stroke on it)."""
        ref = self.env.ref
        access_pass = ref("vip_customer_care.pass_liu_workshop")
        kiosk = ref("vip_customer_care.kiosk_workshop_gate")
        self.env["res.lang"]._activate_lang("zh_CN")
        # Test shortcut: the demo pass valid now (the browser runs in real time), known code.
        now = datetime.now().replace(microsecond=0)
        access_pass.flush_recordset()
        self.env.cr.execute(
            "UPDATE vip_visit_appointment SET date_start = %s, date_end = %s WHERE id = %s",
            [now - timedelta(hours=1), now + timedelta(hours=3), access_pass.appointment_id.id],
        )
        self.env.cr.execute(
            "UPDATE vip_access_pass SET code = %s, date_from = %s, date_to = %s WHERE id = %s",
            ["TOURSIGN0001", now - timedelta(hours=1), now + timedelta(hours=3), access_pass.id],
        )
        self.env.invalidate_all()

        self.start_tour(f"/vip/kiosk/{kiosk.sudo().token}?lang=zh_CN", "vip_kiosk_agreement_check_in")
        self.env.invalidate_all()
        self.assertEqual(access_pass.state, "checked_in")
        self.assertEqual(access_pass.current_area_id, ref("vip_customer_care.area_workshop"))
        check_in = access_pass.log_ids.filtered(lambda log: log.event == "check_in")
        self.assertEqual((len(check_in), check_in.kiosk_id), (1, kiosk))
        self.assertTrue(check_in.agreement_accepted)
        self.assertIn("访客协议：金饰工坊", check_in.agreement_text)
        self.assertEqual(check_in.agreement_lang, "zh_CN")
        with Image.open(io.BytesIO(base64.b64decode(check_in.sudo().agreement_signature))) as signature:
            self.assertEqual((signature.format, signature.size), ("PNG", (600, 200)))
            self.assertTrue(signature.convert("RGBA").getchannel("A").getbbox(), "the stroke drawn in the box")
