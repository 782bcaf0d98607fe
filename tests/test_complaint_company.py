# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .complaint_common import ComplaintCommon, complaint_email
from .reception_common import FRIDAY



@tagged("post_install", "-at_install")
class TestComplaintCompany(ComplaintCommon):
    """Issue 19 (R-CMP-01/04, R-SEC-02): a complaint received by e-mail belongs to the customer's
    company, in that company's VIP customer service team, with that company's calendar for its
    deadlines. Company A (ComplaintCommon) works Mon-Fri 08-17 UTC with a public holiday on
    Monday 23 November 2026; company B works Mon-Fri 09-18 UTC with its own public holiday on
    Tuesday 24 November."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar_b = cls.env["resource.calendar"].create({"name": "B 09-18", "tz": "UTC", "attendance_ids": [
            (0, 0, {"name": f"{day} {period}", "dayofweek": str(day), "hour_from": start, "hour_to": stop,
                    "day_period": period})
            for day in range(5) for period, start, stop in (("morning", 9, 12), ("afternoon", 13, 18))
        ]})
        cls.company_b = cls.env["res.company"].create({
            "name": "Complaint Test Textile B", "resource_calendar_id": cls.calendar_b.id,
        })
        cls.calendar_b.company_id = cls.company_b
        cls.env["resource.calendar.leaves"].create({
            "name": "B holiday", "calendar_id": cls.calendar_b.id, "company_id": cls.company_b.id,
            "date_from": datetime(2026, 11, 24, 0, 0), "date_to": datetime(2026, 11, 24, 23, 59), "time_type": "leave",
        })
        cls.cs_b = new_test_user(
            cls.env, login="cmp_cs_b", groups="base.group_user,vip_customer_care.group_vip_customer_service",
            company_id=cls.company_b.id, company_ids=[cls.company_b.id], email="cmp_cs_b@example.com",
        )
        cls.customer_b = cls.env["res.partner"].create({
            "name": "Textile VIP", "company_id": cls.company_b.id, "vip_service_level": "vip",
            "email": "textile.vip@example.com",
        })
        cls.domain = cls.env["mail.alias.domain"].create({"name": "vip-test.example.com"})
        cls.team.alias_id.alias_domain_id = cls.domain
        cls.Team = cls.env["helpdesk.ticket.team"]

    def _receive(self, sender, name, subject, to="vip-care@vip-test.example.com"):
        with freeze_time(FRIDAY):
            self.env["mail.thread"].message_process(None, complaint_email(
                sender=sender, name=name, subject=subject, to=to, message_id=subject.replace(" ", "-"),
            ))
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def test_email_belongs_to_customers_company_with_its_calendar(self):
        """R-CMP-01/04, R-SEC-02: two e-mails to the shared VIP alias on Friday 10:00, one from a
        customer of each company: each complaint belongs to its customer's company, and its
        solution is due at the end of that company's next working day (A: Tuesday 17:00 after
        its Monday holiday; B: Monday 18:00, B's hours), reply and closing on B's calendar
        skipping B's Tuesday holiday. Each company's customer service sees its own complaint only."""
        ticket_a = self._receive("domestic@example.com", "Domestic VIP", "Necklace clasp broken")
        ticket_b = self._receive("textile.vip@example.com", "Textile VIP", "Scarf colour faded")
        self.assertEqual((ticket_a.company_id, ticket_a.partner_id), (self.company, self.customer))
        self.assertEqual((ticket_b.company_id, ticket_b.partner_id), (self.company_b, self.customer_b))
        for ticket in ticket_a | ticket_b:
            self.assertEqual(ticket.team_id, self.team)
            self.assertTrue(ticket.vip_is_vip_team)
            self.assertEqual((ticket.vip_channel, ticket.vip_type), ("email", "complaint"))
            self.assertEqual(ticket.vip_received_date, FRIDAY)
        self.assertEqual(ticket_a.vip_solution_due, datetime(2026, 11, 24, 17, 0))
        self.assertEqual(ticket_b.vip_solution_due, datetime(2026, 11, 23, 18, 0))
        # B: Mon 23, (Tue 24 holiday), Wed 25, Thu 26.
        self.assertEqual(ticket_b.vip_reply_due, datetime(2026, 11, 25, 18, 0))
        self.assertEqual(ticket_b.vip_close_due, datetime(2026, 11, 26, 18, 0))
        self.assertEqual(ticket_b.vip_cycle_ids.solution_due, ticket_b.vip_solution_due)
        Ticket = self.env["helpdesk.ticket"]
        both = (ticket_a | ticket_b).ids
        self.assertEqual(Ticket.with_user(self.cs).search([("id", "in", both)]), ticket_a)
        self.assertEqual(Ticket.with_user(self.cs_b).search([("id", "in", both)]), ticket_b)

    def test_email_goes_to_the_vip_team_of_the_customers_company(self):
        """R-CMP-01, R-SEC-02: company B has its own VIP team and alias. An e-mail of B's
        customer to the shared alias goes to B's team; an e-mail of A's customer to B's alias
        goes to the shared team, in company A; each on its company's calendar. B's customer
        service, a member of B's team only, takes B's complaint on."""
        team_b = self.Team.create({
            "name": "VIP customer service B", "company_id": self.company_b.id, "vip_customer_service": True,
            "alias_name": "vip-care-b", "alias_domain_id": self.domain.id, "alias_contact": "everyone",
            "user_ids": [(6, 0, self.cs_b.ids)],
        })
        ticket_b = self._receive("textile.vip@example.com", "Textile VIP", "Scarf colour faded")
        ticket_a = self._receive("domestic@example.com", "Domestic VIP", "Necklace clasp broken",
                                 to="vip-care-b@vip-test.example.com")
        self.assertEqual((ticket_b.team_id, ticket_b.company_id), (team_b, self.company_b))
        self.assertEqual((ticket_a.team_id, ticket_a.company_id), (self.team, self.company))
        self.assertEqual(ticket_b.vip_solution_due, datetime(2026, 11, 23, 18, 0))
        self.assertEqual(ticket_a.vip_solution_due, datetime(2026, 11, 24, 17, 0))
        # B's customer service assigns it and checks it, like any complaint.
        ticket_b.with_user(self.cs_b).write({"user_id": self.cs_b.id})
        ticket_b.with_user(self.cs_b).action_vip_mark_valid()
        self.assertEqual(ticket_b.vip_validity, "valid")

    def test_customer_of_a_company_without_vip_team_stays_with_receiving_team(self):
        """R-CMP-01: when the customer's company has no VIP team at all (no own team, no shared
        one), the complaint stays with the team whose address received it, and says so."""
        team_b = self.Team.create({
            "name": "VIP customer service B", "company_id": self.company_b.id, "vip_customer_service": True,
            "alias_name": "vip-care-b", "alias_domain_id": self.domain.id, "alias_contact": "everyone",
        })
        self.team.company_id = self.company  # the shared team becomes A's own
        ticket = self._receive("textile.vip@example.com", "Textile VIP", "Scarf colour faded",
                               to="vip-care-b@vip-test.example.com")
        self.assertEqual((ticket.team_id, ticket.company_id), (team_b, self.company_b))
        ticket = self._receive("domestic@example.com", "Domestic VIP", "Necklace clasp broken",
                               to="vip-care-b@vip-test.example.com")
        self.assertEqual((ticket.team_id, ticket.company_id), (self.team, self.company))
        self.team.company_id = False
        other = self.env["res.company"].create({"name": "No VIP team C"})
        self.customer_b.company_id = other
        self.team.company_id = self.company
        ticket = self._receive("textile.vip@example.com", "Textile VIP", "Belt buckle loose",
                               to="vip-care-b@vip-test.example.com")
        self.assertEqual(ticket.company_id, self.company_b)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "has no VIP customer service team" in (m.body or "")))

    def test_one_vip_team_per_company_set_once(self):
        """R-SEC-03: the VIP customer service team is configured per company (one each, or one
        shared); whether a team is one cannot change once it holds tickets (its complaints
        would lose their deadlines and locks)."""
        with self.assertRaisesRegex(ValidationError, "already has a VIP customer service team"):
            self.Team.create({"name": "Second shared VIP team", "company_id": False, "vip_customer_service": True})
        team_b = self.Team.create({"name": "VIP B", "company_id": self.company_b.id, "vip_customer_service": True})
        self._complaint()
        with self.assertRaisesRegex(UserError, "already has tickets"):
            self.team.vip_customer_service = False
        repairs = self.Team.create({"name": "Repairs", "company_id": self.company.id})
        self.env["helpdesk.ticket"].create({"name": "Watch strap", "description": "x", "team_id": repairs.id})
        with self.assertRaisesRegex(UserError, "already has tickets"):
            repairs.vip_customer_service = True
        self.assertTrue(team_b.vip_customer_service)

    def test_complaint_stays_with_a_vip_team_of_its_company(self):
        """R-CMP-05/06, R-SEC-02: an open complaint moves only between VIP teams serving its
        company (not to another company's VIP team, nor to a non-VIP team)."""
        team_b = self.Team.create({"name": "VIP B", "company_id": self.company_b.id, "vip_customer_service": True})
        team_a = self.Team.create({"name": "VIP A", "company_id": self.company.id, "vip_customer_service": True,
                                   "user_ids": [(6, 0, self.cs.ids)]})
        ticket = self._complaint()
        with self.assertRaisesRegex(UserError, "stays with the VIP customer service team of its company"):
            ticket.with_user(self.gm).team_id = team_b
        ticket.with_user(self.cs).team_id = team_a
        self.assertEqual(ticket.team_id, team_a)
        self.assertTrue(ticket.vip_is_vip_team)
        # And a new complaint recorded by A's customer service takes A's own team by default.
        self.assertEqual(self.env["helpdesk.ticket"].with_user(self.cs).with_context(vip_complaint=True)
                         .default_get(["team_id"])["team_id"], team_a.id)
