# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase
from .complaint_common import ComplaintCommon
from .test_complaint_flow import RAW_MAIL


@tagged("post_install", "-at_install")
class TestComplaintBackDoors(ComplaintCommon, CallKwCase):
    """Issue 18 item 5: helpdesk_mgmt's superuser paths (the portal's /ticket/close, the mail
    gateway's message_process over RPC) and raw field combinations do not close or forge a
    VIP complaint. Every attempt is made over HTTP by a real user and leaves nothing behind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.other_customer = Partner.create({
            "name": "Colleague's VIP", "company_id": cls.company.id, "vip_service_level": "vip",
            "user_id": cls.sales_other.id, "email": "colleague.vip@example.com",
        })

        def portal(login, partner=None):
            return new_test_user(
                cls.env, login=login, groups="base.group_portal", company_id=cls.company.id,
                company_ids=[cls.company.id], **({"partner_id": partner.id} if partner else {}),
            )

        # The complaining customer's own portal account, and another customer's.
        cls.portal_owner = portal("cmp_portal_owner", cls.customer)
        cls.portal_other = portal("cmp_portal_other")
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.other_team = cls.env["helpdesk.ticket.team"].create({"name": "Repairs", "company_id": cls.company.id})

    def _major(self):
        ticket = self._complaint(vip_department_id=self.sales_dept.id, vip_severity="major")
        ticket.message_subscribe(partner_ids=self.customer.ids)
        self.assertTrue(ticket.vip_major_alerted)
        return ticket

    def _assert_untouched(self, ticket, stage):
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, stage)
        self.assertFalse(ticket.closed)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.vip_severity, "major")
        self.assertEqual(ticket.vip_type, "complaint")

    def test_ticket_close_route_refused(self):
        """R-CMP-05/06, R-SEC-01, issue 18: /ticket/close (helpdesk_mgmt writes it as the
        superuser) closes no VIP complaint: not for the complaining customer's portal account
        (closed by customer service's buttons), not for another portal user or a colleague
        (not theirs), not for the customer's own salesperson (the form's rule: buttons only)."""
        ticket = self._major()
        stage = ticket.stage_id
        attempts = [
            (self.portal_owner.login, 403, "closes it with its buttons once you are satisfied"),
            (self.portal_other.login, 403, "it is not yours"),
            (self.sales_other.login, 403, "it is not yours"),
            (self.requester.login, 400, "is closed by its buttons"),
        ]
        for login, status, text in attempts:
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(
                    f"/ticket/close?ticket_id={ticket.id}&stage_id={self.done.id}", allow_redirects=False,
                )
                self.assertEqual(response.status_code, status)
                self.assertIn(text, response.text)
                self._assert_untouched(ticket, stage)

    def test_message_process_over_rpc_refused(self):
        """R-CMP-03, R-SEC-01, issue 18: a salesperson cannot call the mail gateway over
        JSON-RPC (message_process, message_new, message_update) to create a "valid" complaint
        for a colleague's customer or to write one: refused, no complaint created."""
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        forged = {
            "team_id": self.team.id, "partner_id": self.other_customer.id, "vip_validity": "valid",
            "name": "Forged complaint",
        }
        self.login(self.requester)
        self.assertRefused("Only the mail gateway", "mail.thread", "message_process", ["helpdesk.ticket", RAW_MAIL],
                           {"custom_values": forged}, exception="AccessError")
        self.assertRefused("Only the mail gateway", "helpdesk.ticket", "message_new",
                           [{"subject": "Forged", "body": "x"}], {"custom_values": forged}, exception="AccessError")
        ticket = self._complaint()
        self.assertRefused("Only the mail gateway", "helpdesk.ticket", "message_update", [[ticket.id], {"subject": "x"}],
                           {"update_vals": {"vip_validity": "valid"}}, exception="AccessError")
        self.assertEqual(Ticket.search_count([]), before + 1)
        self.assertFalse(Ticket.search([("name", "in", ("Forged complaint", "Forged"))]))
        ticket.invalidate_recordset()
        self.assertEqual(ticket.vip_validity, "pending")

    def test_major_complaint_not_closed_by_field_combinations(self):
        """R-CMP-05, issue 18: over JSON-RPC, customer service cannot close a major complaint
        without the GM: not by moving it to another team (then writing its stage), not by the
        closing stage with a team change, not by lowering its severity after the alerts, not by
        turning it into a consultation. The complaint is unchanged."""
        ticket = self._investigate(self._major())
        stage = ticket.stage_id
        self.login(self.cs)
        attempts = [
            ({"team_id": self.other_team.id}, "stays with the VIP customer service team"),
            ({"team_id": self.other_team.id, "stage_id": self.done.id}, "is closed by its buttons"),
            ({"stage_id": self.done.id}, "is closed by its buttons"),
            ({"vip_severity": "general"}, "the severity is not lowered afterwards"),
            ({"vip_type": "consultation"}, "it stays a complaint"),
        ]
        for vals, text in attempts:
            with self.subTest(vals=vals):
                self.assertRefused(text, "helpdesk.ticket", "write", [[ticket.id], vals], exception="UserError")
                self._assert_untouched(ticket, stage)
        # The buttons still work: the GM approves the solution, customer service replies.
        self._solve(ticket)
        approval = ticket.vip_solution_approval_ids
        approval.review_ids.flush_recordset()
        approval.with_user(self.gm).validate_tier()
        self.call_kw("helpdesk.ticket", "action_vip_reply", [[ticket.id]])
        ticket.invalidate_recordset()
        self.assertTrue(ticket.vip_replied_date)
