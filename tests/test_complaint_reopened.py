# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase
from .complaint_common import ComplaintCommon
from .reception_common import FRIDAY

REOPENED = "reopened because the customer is not satisfied: it is not closed as invalid"


@tagged("post_install", "-at_install")
class TestComplaintReopened(ComplaintCommon, CallKwCase):
    """Issue 19 (R-CMP-03/06): a complaint the customer reopened closes when the customer is
    satisfied or by the general manager, never as "invalid" and never by another path; the
    refusals are enforced by the model (buttons, writes, helpdesk routes) and read in the
    user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_owner = new_test_user(
            cls.env, login="cmp_reopen_portal", groups="base.group_portal", company_id=cls.company.id,
            company_ids=[cls.company.id], partner_id=cls.customer.id,
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        cls.repairs = cls.env["helpdesk.ticket.team"].create({"name": "Repairs", "company_id": cls.company.id})

    def _reopened(self):
        """Received Friday, solved and replied; the customer answers "not satisfied" on Tuesday."""
        with freeze_time(FRIDAY):
            ticket = self._solve(self._investigate(self._complaint()))
            ticket.with_user(self.cs).action_vip_reply()
        with freeze_time(datetime(2026, 11, 24, 9, 0)):
            ticket.with_user(self.cs).action_vip_unsatisfied()
        self.assertEqual((ticket.vip_cycle, ticket.closed), (2, False))
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "open"])
        ticket.with_user(self.cs).vip_validity_reason = "The customer bought the bangle in another shop."
        return ticket

    def _assert_still_open(self, ticket):
        ticket.invalidate_recordset()
        self.assertFalse(ticket.closed)
        self.assertEqual((ticket.vip_validity, ticket.vip_cycle, ticket.team_id, ticket.vip_type),
                         ("valid", 2, self.team, "complaint"))
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "open"])

    def test_reopened_or_valid_complaint_is_not_closed_as_invalid(self):
        """R-CMP-03/06: customer service cannot close a reopened complaint as invalid (nor send
        the customer the "not valid" answer); nor a complaint already checked as valid."""
        ticket = self._reopened()
        messages = len(ticket.message_ids)
        with self.assertRaisesRegex(UserError, REOPENED):
            ticket.with_user(self.cs).action_vip_mark_invalid()
        self._assert_still_open(ticket)
        self.assertEqual(len(ticket.message_ids), messages)
        valid = self._investigate(self._complaint())
        valid.with_user(self.cs).vip_validity_reason = "Changed my mind"
        with self.assertRaisesRegex(UserError, "was checked as valid: it is not closed as invalid"):
            valid.with_user(self.cs).action_vip_mark_invalid()
        self.assertFalse(valid.closed)

    def test_only_the_gm_closes_it_whatever_the_path(self):
        """R-CMP-06: over JSON-RPC, customer service cannot close a reopened complaint: not as
        invalid, not by writing the "Done" or "Rejected" stage, not by turning it into a
        consultation or moving it to another team, not with the GM's button; nor can the
        customer's salesperson or the customer close it through helpdesk's /ticket/close. The
        GM closes it, with a reason."""
        ticket = self._reopened()
        self.login(self.cs)
        attempts = [
            ("action_vip_mark_invalid", [[ticket.id]], REOPENED),
            ("write", [[ticket.id], {"stage_id": self.done.id}], "is closed by its buttons"),
            ("write", [[ticket.id], {"stage_id": self.rejected.id}], "is closed by its buttons"),
            ("write", [[ticket.id], {"vip_type": "consultation"}], "it stays a complaint"),
            ("write", [[ticket.id], {"team_id": self.repairs.id}], "stays with the VIP customer service team"),
            ("action_vip_gm_close", [[ticket.id]], "Only the general manager closes"),
        ]
        for method, args, text in attempts:
            with self.subTest(method=method, args=args):
                self.assertRefused(text, "helpdesk.ticket", method, args, exception="UserError")
                self._assert_still_open(ticket)
        for login, status, text in ((self.requester.login, 400, "is closed by its buttons"),
                                    (self.portal_owner.login, 403, "closes it with its buttons once you are satisfied")):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(f"/ticket/close?ticket_id={ticket.id}&stage_id={self.done.id}",
                                         allow_redirects=False)
                self.assertEqual(response.status_code, status)
                self.assertIn(text, response.text)
                self._assert_still_open(ticket)
        self.login(self.gm)
        self.assertRefused("Give the reason for closing", "helpdesk.ticket", "action_vip_gm_close", [[ticket.id]],
                           exception="UserError")
        self.call_kw("helpdesk.ticket", "write", [[ticket.id], {
            "vip_close_reason": "Third refusal of a full refund; the legal department is informed.",
        }])
        self.call_kw("helpdesk.ticket", "action_vip_gm_close", [[ticket.id]])
        ticket.invalidate_recordset()
        self.assertTrue(ticket.closed and ticket.vip_gm_closed)
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "gm_closed"])

    def test_satisfied_customer_still_closes_it(self):
        """R-CMP-06: the other way out of a reopened complaint: a new solution, a new reply, and
        the customer is satisfied."""
        ticket = self._reopened()
        ticket.with_user(self.cs).write({"vip_solution": "<p>A new bangle</p>"})
        ticket.with_user(self.cs).action_vip_propose_solution()
        ticket.with_user(self.cs).action_vip_reply()
        ticket.with_user(self.cs).action_vip_satisfied()
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.vip_cycle_ids.mapped("outcome"), ["unsatisfied", "satisfied"])

    def test_refusal_reads_in_the_users_language(self):
        """R-CMP-06: the refusal is read in the user's own language (Simplified and Traditional
        Chinese), over JSON-RPC as the web client shows it."""
        ticket = self._reopened()
        for user, lang, text in ((self.cs, "zh_CN", "因客户不满意而重新打开"),
                                 (self.cs_other, "zh_TW", "因客戶不滿意而重新開啟")):
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                user.lang = lang
                self.login(user)
                # The web client sends the user's language in the call's context.
                message = self.assertRefused(text, "helpdesk.ticket", "action_vip_mark_invalid", [[ticket.id]],
                                             {"context": {"lang": lang}}, exception="UserError")
                self.assertIn("R-CMP-06", message)
                self.assertIn(ticket.display_name, message)
        self._assert_still_open(ticket)
