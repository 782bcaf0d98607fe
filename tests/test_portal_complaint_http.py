# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re

from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase, RpcRefused
from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestPortalComplaintHttp(ComplaintCommon, CallKwCase):
    """Issue 22: *My complaints* on the customer portal, over HTTP as the browser sends it.
    Every route of helpdesk_mgmt's portal controllers is tried by a portal user with the ids
    of another customer's complaint (guessed ids), and the filing and satisfaction flows are
    walked by the complaining customer's own portal account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # A VIP customer company and its buyer, who has a portal account.
        cls.vip_company = Partner.create({
            "name": "Huacai Test Textile", "is_company": True, "company_id": cls.company.id,
            "vip_service_level": "vip", "user_id": cls.requester.id, "email": "huacai@example.com",
        })
        cls.buyer = Partner.create({
            "name": "Huang Buyer", "parent_id": cls.vip_company.id, "email": "buyer@example.com",
        })
        cls.other_customer = Partner.create({
            "name": "Colleague's VIP", "company_id": cls.company.id, "vip_service_level": "vip",
            "user_id": cls.sales_other.id, "email": "colleague.vip@example.com",
        })

        def portal(login, partner):
            return new_test_user(
                cls.env, login=login, groups="base.group_portal", company_id=cls.company.id,
                company_ids=[cls.company.id], partner_id=partner.id,
            )

        cls.portal_buyer = portal("pc_portal_buyer", cls.buyer)
        cls.portal_owner = portal("pc_portal_owner", cls.customer)
        cls.portal_other = portal("pc_portal_other", cls.other_customer)
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.new_stage = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.other_team = cls.env["helpdesk.ticket.team"].create({
            "name": "Repairs", "company_id": cls.company.id, "show_in_portal": True,
        })

    # ------------------------------------------------------------------ helpers
    def _csrf(self, url="/my"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token"\s+value="([^"]+)"', response.text).group(1)

    def _post(self, url, data):
        self.env.flush_all()
        response = self.url_open(url, data=data, allow_redirects=False)
        self.env.invalidate_all()
        return response

    def _get(self, url):
        self.env.flush_all()
        return self.url_open(url, allow_redirects=False)

    def _replied(self, partner):
        ticket = self._complaint(partner_id=partner.id)
        self._solve(self._investigate(ticket))
        ticket.with_user(self.cs).action_vip_reply()
        return ticket

    # ------------------------------------------------------------------ filing
    def test_file_complaint_from_portal(self):
        """R-CMP-01/02/04, R-SEC-01, issue 22: a VIP customer's buyer files a complaint on
        /new/ticket: it becomes a VIP complaint of the buyer's company, received by "web", in
        the VIP customer service team, at its first stage, ordinary, with its deadlines started;
        customer service gets an inbox notification. Team, severity, stage, customer, channel
        or responsible posted as extra fields change nothing."""
        self.authenticate(self.portal_buyer.login, self.portal_buyer.login)
        form = self.url_open("/new/ticket")
        self.assertEqual(form.status_code, 200)
        self.assertIn('name="vip_type"', form.text)
        self.assertNotIn('name="team"', form.text, "a VIP customer does not choose the team")
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', form.text).group(1)
        response = self._post("/submitted/ticket", {
            "csrf_token": token, "subject": "Clasp broke after a week", "description": "Please call me.",
            "vip_type": "complaint",
            # Forged extra fields: none of them may be taken.
            "team": self.other_team.id, "team_id": self.other_team.id, "vip_severity": "major",
            "stage_id": self.done.id, "partner_id": self.other_customer.id, "vip_channel": "phone",
            "user_id": self.cs.id, "vip_validity": "valid",
        })
        self.assertIn(response.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Clasp broke after a week")])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{ticket.id}"))
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id, self.vip_company, "the complaint is the commercial partner's")
        self.assertEqual(ticket.company_id, self.company)
        self.assertEqual(
            (ticket.vip_channel, ticket.vip_type, ticket.vip_severity, ticket.vip_validity),
            ("web", "complaint", "general", "pending"),
        )
        self.assertEqual(ticket.stage_id, self.new_stage)
        self.assertFalse(ticket.user_id)
        self.assertTrue(ticket.vip_received_date and ticket.vip_reply_due and ticket.vip_close_due)
        self.assertEqual(ticket.vip_cycle_ids.mapped("sequence"), [1])
        self.assertIn(self.buyer, ticket.message_partner_ids)
        # Customer service is told (inbox notification to the team's members).
        notified = self.env["mail.message"].search([
            ("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id),
            ("message_type", "=", "user_notification"),
        ])
        self.assertTrue(notified)
        self.assertTrue(self.cs.partner_id <= notified.notified_partner_ids)
        self.assertIn("filed", notified[0].body)

        # The customer's page: stage and promised deadlines, no internal solution deadline,
        # no helpdesk close button.
        page = self._get(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_vip_portal_complaint", page.text)
        self.assertIn(ticket.stage_id.name, page.text)
        self.assertIn("Our reply due", page.text)
        self.assertIn("Closing due", page.text)
        self.assertNotIn("Solution due", page.text)
        self.assertNotIn("/ticket/close", page.text)
        self.assertNotIn("o_vip_portal_satisfaction", page.text, "not asked before the reply")
        # Listed under My complaints with its stage; the home page counts it.
        listing = self._get("/my/tickets")
        self.assertIn("Clasp broke after a week", listing.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["vip_complaint_count"]})
        self.assertEqual(counters["vip_complaint_count"], 1)

    def test_consultation_and_unknown_type(self):
        """R-CMP-01/02, issue 22: the customer chooses the type (a consultation gets its
        24-hour answer deadline); a type outside the list is refused and nothing is filed."""
        self.authenticate(self.portal_owner.login, self.portal_owner.login)
        token = self._csrf("/new/ticket")
        response = self._post("/submitted/ticket", {
            "csrf_token": token, "subject": "Opening hours on holidays", "description": "?", "vip_type": "consultation",
        })
        self.assertIn(response.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Opening hours on holidays")])
        self.assertEqual((ticket.vip_type, ticket.vip_channel, ticket.partner_id), ("consultation", "web", self.customer))
        self.assertTrue(ticket.vip_answer_due)
        page = self._get(f"/my/ticket/{ticket.id}")
        self.assertIn("Answer due", page.text)
        response = self._post("/submitted/ticket", {
            "csrf_token": token, "subject": "Forged type", "description": "?", "vip_type": "incident",
        })
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Forged type")]))

    def test_non_vip_user_cannot_pick_vip_team(self):
        """R-CMP-01, R-SEC-01, issue 22: a portal user who is not a VIP customer is not offered
        the VIP customer service team and cannot post it: refused, nothing filed."""
        plain = new_test_user(self.env, login="pc_portal_plain", groups="base.group_portal",
                              company_id=self.company.id, company_ids=[self.company.id])
        self.authenticate(plain.login, plain.login)
        form = self.url_open("/new/ticket")
        self.assertNotIn('name="vip_type"', form.text)
        self.assertNotIn(f'value="{self.team.id}"', re.search(r'<select[^>]*name="team".*?</select>', form.text, re.S)
                         .group(0) if 'name="team"' in form.text else "")
        token = re.search(r'name="csrf_token"\s+value="([^"]+)"', form.text).group(1)
        self.company.helpdesk_mgmt_portal_select_team = True
        self.team.show_in_portal = True
        response = self._post("/submitted/ticket", {
            "csrf_token": token, "subject": "Sneaking into VIP", "description": "?", "team": self.team.id,
        })
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Sneaking into VIP")]))

    # ------------------------------------------------------------------ guessed ids
    def test_guessed_ids_on_every_route(self):
        """R-PII-02, R-SEC-01, R-CMP-06, issue 22: with the id of another customer's complaint
        (which the portal user even follows, so helpdesk_mgmt's own rule would open it) or an
        id that does not exist, every helpdesk_mgmt portal route and the chatter refuse the
        portal user: the page and the list do not show it, the counter does not count it, it
        is neither closed, answered, posted on nor read over RPC, and nothing changes."""
        theirs = self._replied(self.other_customer)
        theirs.message_subscribe(partner_ids=self.customer.ids)
        theirs.sudo()._portal_ensure_token()
        mine = self._complaint(partner_id=self.customer.id, name="My own complaint")
        stage = theirs.stage_id
        messages = len(theirs.message_ids)
        missing = theirs.search([], order="id desc", limit=1).id + 1000
        self.authenticate(self.portal_owner.login, self.portal_owner.login)
        token = self._csrf()
        for ticket_id in (theirs.id, missing):
            with self.subTest(ticket_id=ticket_id):
                for url in (f"/my/ticket/{ticket_id}", f"/my/ticket/{ticket_id}?access_token={theirs.access_token}"):
                    response = self._get(url)
                    self.assertIn(response.status_code, (302, 303))
                    self.assertTrue(response.headers["Location"].endswith("/my"))
                response = self._get(f"/ticket/close?ticket_id={ticket_id}&stage_id={self.done.id}")
                self.assertEqual(response.status_code, 403)
                self.assertIn("it is not yours", response.text)
                for answer in ("satisfied", "unsatisfied"):
                    response = self._post(f"/my/ticket/{ticket_id}/vip_satisfaction",
                                          {"csrf_token": token, "answer": answer})
                    self.assertEqual(response.status_code, 404)
                self.env.flush_all()
                posted = self.url_open("/mail/message/post", data=json.dumps({"params": {
                    "thread_model": "helpdesk.ticket", "thread_id": ticket_id,
                    "post_data": {"body": "Close it now", "message_type": "comment"},
                }}), headers={"Content-Type": "application/json"})
                self.assertTrue(posted.status_code == 404 or "error" in posted.json())
                read, error = self.json_rpc(
                    "/web/dataset/call_kw", "helpdesk.ticket", "read", [[ticket_id], ["name", "stage_id"]])
                self.assertFalse(read, "nothing of the complaint is read over RPC")
                if ticket_id == theirs.id:
                    self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        listing = self._get("/my/tickets")
        self.assertIn("My own complaint", listing.text)
        self.assertNotIn(theirs.name, listing.text)
        self.assertEqual(self.call_kw("helpdesk.ticket", "search", [[]]), [mine.id])
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["vip_complaint_count", "ticket_count"]})
        self.assertEqual((counters["vip_complaint_count"], counters["ticket_count"]), (1, 1))
        theirs.invalidate_recordset()
        self.assertEqual(theirs.stage_id, stage)
        self.assertEqual(theirs.vip_satisfaction, "unknown")
        self.assertEqual(len(theirs.message_ids), messages)
        # Its own customer still reads it.
        self.authenticate(self.portal_other.login, self.portal_other.login)
        self.assertEqual(self._get(f"/my/ticket/{theirs.id}").status_code, 200)

    def test_portal_user_cannot_write_fields_over_rpc(self):
        """R-CMP-05/06, R-SEC-01, issue 22: the complaining customer's own portal account
        cannot set the team, severity or stage of their complaint over RPC."""
        mine = self._complaint(partner_id=self.customer.id)
        self.authenticate(self.portal_owner.login, self.portal_owner.login)
        for vals in ({"team_id": self.other_team.id}, {"vip_severity": "major"}, {"stage_id": self.done.id}):
            with self.subTest(vals=vals), self.assertRaises(RpcRefused) as caught:
                self.call_kw("helpdesk.ticket", "write", [[mine.id], vals])
            # The complaint's lock (a UserError) or the access rights (AccessError) refuse it.
            self.assertIn(caught.exception.name, ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"))
        mine.invalidate_recordset()
        self.assertEqual((mine.team_id, mine.vip_severity, mine.stage_id.closed), (self.team, "general", False))

    # ------------------------------------------------------------------ satisfaction
    def test_satisfaction_question_reopens_then_closes(self):
        """R-CMP-06, issue 22: after the reply the customer's page asks whether they are
        satisfied. "No" reopens the complaint with a new cycle of deadlines (the question goes
        away until the next reply); "yes" after the next reply closes it. Another answer, or a
        second answer, is refused."""
        ticket = self._replied(self.customer)
        self.authenticate(self.portal_owner.login, self.portal_owner.login)
        page = self._get(f"/my/ticket/{ticket.id}")
        self.assertIn("o_vip_portal_satisfaction", page.text)
        token = self._csrf(f"/my/ticket/{ticket.id}")
        response = self._post(f"/my/ticket/{ticket.id}/vip_satisfaction", {"csrf_token": token, "answer": "maybe"})
        self.assertEqual(response.status_code, 400)
        response = self._post(f"/my/ticket/{ticket.id}/vip_satisfaction", {"csrf_token": token, "answer": "unsatisfied"})
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(ticket.vip_cycle, 2)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"))
        self.assertFalse(ticket.vip_replied_date)
        self.assertEqual(ticket.vip_cycle_ids.sorted("sequence").mapped("outcome"), ["unsatisfied", "open"])
        self.assertIn("Not satisfied with the reply.", ticket.message_ids.mapped("body")[0] + "".join(ticket.message_ids.mapped("body")))
        page = self._get(f"/my/ticket/{ticket.id}")
        self.assertNotIn("o_vip_portal_satisfaction", page.text)
        self.assertIn("Reopened", page.text)
        response = self._post(f"/my/ticket/{ticket.id}/vip_satisfaction", {"csrf_token": token, "answer": "satisfied"})
        self.assertEqual(response.status_code, 400, "no answer before the next reply")

        self._solve(ticket)
        ticket.with_user(self.cs).action_vip_reply()
        response = self._post(f"/my/ticket/{ticket.id}/vip_satisfaction", {"csrf_token": token, "answer": "satisfied"})
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(ticket.stage_id.closed)
        self.assertEqual(ticket.vip_satisfaction, "satisfied")
        self.assertEqual(ticket.vip_cycle_ids.sorted("sequence").mapped("outcome"), ["unsatisfied", "satisfied"])
        response = self._post(f"/my/ticket/{ticket.id}/vip_satisfaction", {"csrf_token": token, "answer": "unsatisfied"})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(ticket.stage_id.closed)
