# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourRollCall(HttpCase):
    """Issue 22, R-ACC-09: in the browser, in zh_CN, the demo guard (a marshal) starts the roll
    call from Visitors > On site, marks the three demo visitors on site safe with the "Safe"
    buttons (the unaccounted on top) and closes it. The roll call is kept closed, by the guard,
    everybody marked safe by the guard, and the summary is in its chatter."""

    def test_marshal_completes_a_roll_call(self):
        ref = self.env.ref
        guard = ref("vip_customer_care.user_vip_security")
        company = ref("vip_customer_care.company_golden_phoenix")
        on_site = self.env["vip.access.pass"].search([("state", "=", "checked_in"), ("company_id", "=", company.id)])
        self.assertEqual(len(on_site), 3, "the demo has three visitors on site")
        RollCall = self.env["vip.roll.call"]
        before = RollCall.search([("company_id", "=", company.id)])
        self.assertEqual(before.mapped("state"), ["closed"], "the demo's past drill, closed")
        self.env["res.lang"]._activate_lang("zh_CN")
        guard.lang = "zh_CN"

        self.start_tour("/odoo", "vip_roll_call_marshal", login=guard.login)

        roll_call = RollCall.search([("company_id", "=", company.id)]) - before
        self.assertEqual(len(roll_call), 1)
        self.assertEqual((roll_call.state, roll_call.started_by_id, roll_call.closed_by_id), ("closed", guard, guard))
        self.assertTrue(roll_call.date_start <= roll_call.date_end)
        self.assertEqual(roll_call.line_ids.pass_id, on_site)
        self.assertEqual(set(roll_call.line_ids.mapped("status")), {"safe"})
        self.assertEqual(roll_call.line_ids.marked_by_id, guard)
        self.assertEqual((roll_call.count_safe, roll_call.count_unaccounted), (3, 0))
        self.assertTrue(roll_call.message_ids.filtered(lambda m: m.author_id == guard.partner_id and "3" in m.body))
