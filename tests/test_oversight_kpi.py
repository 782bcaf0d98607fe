# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase
from .reception_common import ReceptionCommon

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
# The period of the same length (31 days) just before March.
PREVIOUS = (date(2026, 1, 29), date(2026, 2, 28))


def at(day, hour=10, minute=0):
    """A moment of 2026 (the test company's calendar is in UTC)."""
    month, dom = day
    return datetime(2026, month, dom, hour, minute)


@tagged("post_install", "-at_install")
class TestOversightKpi(ReceptionCommon):
    """R-OVS-01: the KPI dashboard's figures for a small data set of the test company (Mon-Fri
    calendar in UTC, a public holiday on Tuesday 17 March 2026), each computed by hand here.

    March 2026: receptions held (visit start in March, approved or later): A (done, score 90,
    budget 1,000, actual 800), B (review, score 91, budget 1,000, actual 1,200), C (done, no
    score), D (approved); not held: a draft and a cancelled one. Plans submitted in March:
    P1 Mon 2 -> Wed 4 (2 working days), P2 Fri 6 -> Tue 10 (2, weekend), P3 Mon 16 -> Thu 19
    (2, holiday on the 17th). February: P0
    Thu 5 -> Fri 6 (1 working day)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["vip.oversight.kpi"]
        cls.manager = new_test_user(
            cls.env, login="kpi_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls.env["resource.calendar.leaves"].create({
            "name": "Test holiday in March", "calendar_id": cls.calendar.id, "company_id": cls.company.id,
            "date_from": datetime(2026, 3, 17, 0, 0), "date_to": datetime(2026, 3, 17, 23, 59), "time_type": "leave",
        })
        cls.rec_a = cls._held((3, 3), "done", score=90.0, budget=1000.0, actual=800.0)
        cls.rec_b = cls._held((3, 10), "review", score=91.0, budget=1000.0, actual=1200.0)
        cls.rec_c = cls._held((3, 12), "done")
        cls.rec_d = cls._held((3, 20), "approved")
        cls._held((3, 21), "draft")
        cls._held((3, 22), "cancelled")
        # Plans: visits in April (not held in March).
        cls.plan_1 = cls._plan((3, 2), (3, 4))
        cls.plan_2 = cls._plan((3, 6), (3, 10))
        cls.plan_3 = cls._plan((3, 16), (3, 19))
        cls.plan_0 = cls._plan((2, 5), (2, 6))

    # ------------------------------------------------------------------ data
    @classmethod
    def _reception_vals(cls, start, budget=0.0, partner=None):
        return {
            "company_id": cls.company.id, "partner_ids": [Command.set((partner or cls.customer).ids)],
            "business_type_id": cls.business.id, "purpose": "KPI data", "date_start": start,
            "date_end": start + timedelta(hours=6), "venue": "VIP room 1",
            "budget_line_ids": [Command.create({"category": "meals", "amount": budget, "basis": "per head"})]
            if budget else [],
        }

    @classmethod
    def _held(cls, day, state, score=0.0, budget=0.0, actual=0.0, user=None, partner=None):
        reception = cls.env["vip.reception"].with_user(user or cls.requester).create(
            cls._reception_vals(at(day), budget, partner),
        )
        if budget:
            reception.budget_line_ids._vip_action_write({"approved_amount": budget})
        vals = {"state": state}
        if score:
            vals["satisfaction_score"] = score
        reception._vip_action_write(vals)
        if actual:
            cls._actual(reception, actual)
        return reception

    @classmethod
    def _actual(cls, reception, amount):
        """A posted cost of ``amount`` on the reception's analytic account (R-COST-02)."""
        reception._vip_ensure_analytic_account()
        account = reception.vip_analytic_account_id
        cls.env["account.analytic.line"].create({
            "name": "Dinner", "amount": -amount, account.plan_id._column_name(): account.id,
            "company_id": cls.company.id, "date": reception.date_start.date(), "vip_reception_id": reception.id,
        })

    @classmethod
    def _plan(cls, submitted, sent, user=None, partner=None):
        """A reception submitted on ``submitted`` whose plan went for approval on ``sent`` (its
        first approval step created then), visiting in April."""
        reception = cls.env["vip.reception"].with_user(user or cls.requester).create(
            cls._reception_vals(at((4, 20)), partner=partner),
        )
        reception._vip_action_write({"state": "to_approve", "submit_date": at(submitted)})
        cls._review(reception, created=at(sent, 15))
        return reception

    @classmethod
    def _review(cls, record, created, status="pending", reviewed=None, due=None, active=True, done_by=None):
        cls.env.flush_all()
        cls.env.cr.execute(
            """INSERT INTO tier_review (model, res_id, status, sequence, company_id, create_date, reviewed_date,
                                        vip_due, active, done_by)
               VALUES (%s, %s, %s, 1, %s, %s, %s, %s, %s, %s) RETURNING id""",
            [record._name, record.id, status, cls.company.id, created, reviewed, due, active,
             done_by.id if done_by else None],
        )
        cls.env.invalidate_all()
        return cls.env["tier.review"].browse(cls.env.cr.fetchone()[0])

    def _incident(self, day, incident_type="security", state="open", done=None, reception=None):
        """An incident detected on ``day`` at 10:00 (during ``reception``) whose steps were
        recorded ``done`` minutes after detection ({step code: minutes}); the others are not
        recorded."""
        incident = self.env["vip.incident"].with_user(self.guard).create({
            "company_id": self.company.id, "incident_type": incident_type, "title": "KPI incident",
            "detected_date": at(day), "reception_id": reception.id if reception else False,
        })
        for step in incident.step_ids:
            if step.code in (done or {}):
                step._vip_action_write({"done_date": at(day) + timedelta(minutes=done[step.code])})
        if state != "open":
            incident._vip_action_write({"state": state})
        return incident

    def _complaint(self, created, severity="general", validity="pending", closed=None, on_time=None, partner=None):
        ticket = self.env["helpdesk.ticket"].create({
            "name": "KPI complaint", "description": "<p>KPI</p>", "team_id": self.env.ref("vip_customer_care.helpdesk_team_vip").id,
            "company_id": self.company.id, "partner_id": (partner or self.customer).id, "vip_type": "complaint",
            "vip_severity": severity,
        })
        self.env.flush_all()
        closed_stage = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        self.env.cr.execute(
            """UPDATE helpdesk_ticket SET create_date = %s, vip_validity = %s, stage_id = COALESCE(%s, stage_id),
                      closed_date = %s, vip_close_due = %s, vip_on_time = %s WHERE id = %s""",
            [created, validity, closed_stage.id if closed else None, closed, closed and created + timedelta(days=3),
             on_time, ticket.id],
        )
        self.env.invalidate_all()
        return ticket

    def _appointment(self, day, state, host=None):
        appointment = self.env["vip.visit.appointment"].with_user(self.requester).create({
            "company_id": self.company.id, "partner_id": self.customer.id,
            "host_employee_id": (host or self.requester_employee).id, "date_start": at(day),
            "date_end": at(day, 12), "purpose": "KPI visit", "channel": "phone",
        })
        appointment._vip_action_write({"state": state})
        return appointment

    def _kpis(self, user=None, period=MARCH, users=None):
        Kpi = self.Kpi.with_user(user) if user else self.Kpi
        self.env.flush_all()
        return {line["code"]: line for line in Kpi._vip_kpi_compute(self.company, *period, users=users)}

    def assertKpi(self, code, value, status, **expected):
        line = self._kpis()[code]
        if value is None:
            self.assertIsNone(line["value"], code)
        else:
            self.assertAlmostEqual(line["value"], value, places=4, msg=code)
        self.assertEqual(line["status"], status, code)
        for key, val in expected.items():
            self.assertEqual(line[key], val, f"{code} {key}")
        return line

    @staticmethod
    def _summary(line):
        return tuple(line[key] for key in ("value", "count", "status", "target", "previous", "trend", "model"))

    def _drill(self, code, period=MARCH, user=None, users=None):
        model, domain = self.Kpi._vip_kpi_domain(code, self.company, *period, users=users)
        return self.env[model].with_user(user or self.env.user).search(domain)

    # ------------------------------------------------------------------ KPIs
    def test_plan_confirmation_working_days(self):
        """R-OVS-01 / R-REC-02: plan confirmation = working days after submission up to the plan
        going for approval, weekends and the company's public holidays excluded: (2 + 2 + 2) / 3
        = 2.0, exactly the target (2): on target; a 4th plan taking 3 days makes (2+2+2+3)/4 =
        2.25: off target. February (the previous period) took 1 day: the trend is up."""
        line = self.assertKpi("plan_days", 2.0, "ok", count=3, target=2.0, previous=1.0, trend="up")
        self.assertEqual(line["unit"], "working days")
        self.assertEqual(self._drill("plan_days"), self.plan_1 | self.plan_2 | self.plan_3)
        self._plan((3, 23), (3, 26))
        self.assertKpi("plan_days", 2.25, "bad", count=4)

    def test_satisfaction(self):
        """R-OVS-01 / R-REC-11: satisfaction = average score of the scored receptions of the
        period (90 + 91) / 2 = 90.5 >= 90: on target; a third score of 88 makes 89.67: off
        target. The drill-down lists the scored receptions A and B; no reception scored in
        February: no previous value, no trend."""
        self.assertKpi("satisfaction", 90.5, "ok", count=2, previous=None, trend=False)
        self.assertEqual(self._drill("satisfaction"), self.rec_a | self.rec_b)
        self.company.vip_kpi_satisfaction = 90.5
        self.assertKpi("satisfaction", 90.5, "ok")
        self._held((3, 25), "done", score=88.0)
        self.assertKpi("satisfaction", (90 + 91 + 88) / 3, "bad", count=3)

    def test_cost_control(self):
        """R-OVS-01 / R-COST-02: cost control = actual / approved budget of the receptions held:
        (800 + 1,200) / (1,000 + 1,000) = 100 %, exactly the target: on target; one more unit
        spent is 100.05 %: off target. The drill-down lists the budget-versus-actual lines of
        A and B."""
        # Two lines per reception: the meals budget, and the actual booked without category ("Other").
        self.assertKpi("cost_control", 100.0, "ok", count=4, target=100.0)
        self.assertEqual(self._drill("cost_control").reception_id, self.rec_a | self.rec_b)
        self._actual(self.rec_a, 1.0)
        self.assertKpi("cost_control", 2001 * 100 / 2000, "bad")

    def test_major_complaint_rate(self):
        """R-OVS-01 / R-CMP-05: major-complaint rate = valid (or unchecked) major complaints
        received in the period per reception held: 1 / 4 = 25 % (an invalid major one, an
        ordinary one and a February one do not count). Above the rule book's 0.5 %: off target;
        with a target of 25 %: on target. February: 1 major, no reception held: no value."""
        major = self._complaint(at((3, 5)), severity="major")
        self._complaint(at((3, 6)), severity="major", validity="invalid")
        self._complaint(at((3, 7)))
        self._complaint(at((2, 7)), severity="major")
        self.assertKpi("major_complaint", 25.0, "bad", count=1, target=0.5, previous=None)
        self.assertEqual(self._drill("major_complaint"), major)
        self.company.vip_kpi_major_complaint_rate = 25.0
        self.assertKpi("major_complaint", 25.0, "ok")

    def test_complaints_closed_on_time(self):
        """R-OVS-01 / R-CMP-04: complaints closed in the period by their closing deadline:
        1 on time out of 2 = 50 % (an open complaint and one closed in February do not count);
        target 95 %: off target; target 50 %: on target. February: 1 of 1: trend down."""
        closed = self._complaint(at((3, 2)), closed=at((3, 4)), on_time=100.0)
        late = self._complaint(at((3, 2)), closed=at((3, 9)), on_time=0.0)
        self._complaint(at((3, 2)))
        self._complaint(at((2, 2)), closed=at((2, 4)), on_time=100.0)
        self.assertKpi("complaint_on_time", 50.0, "bad", count=2, previous=100.0, trend="down")
        self.assertEqual(self._drill("complaint_on_time"), closed | late)
        self.company.vip_kpi_complaint_rate = 50.0
        self.assertKpi("complaint_on_time", 50.0, "ok")

    def test_incident_kpis(self):
        """R-OVS-01 / R-INC-02: incident 1 (security breach): security on site at +5 min (the
        target itself: on time), GM informed at +11 (late), customer reassured at +30 (on
        time), review not recorded (past its target); incident 2 (illness): security at +6
        (late), nothing else. A cancelled incident and a complaint escalation's steps: the
        escalation counts for the timeline, not as a safety incident.
        On-site response = 1 / 3 security steps (incident 1, 2, escalation with none recorded)
        = 33.33 %; incident steps on time = 2 of 12; safety incidents = 2 per 4 receptions held
        = 50 %."""
        first = self._incident((3, 3), done={"security": 5, "gm": 11, "reassure": 30})
        second = self._incident((3, 4), incident_type="illness", done={"security": 6})
        escalation = self._incident((3, 5), incident_type="complaint")
        self._incident((3, 6), state="cancelled", done={"security": 1})
        self.assertKpi("on_site", 100 / 3, "bad", count=3, target=95.0)
        self.assertKpi("incident_step_on_time", 200 / 12, "bad", count=12)
        self.assertKpi("safety_incident", 50.0, "bad", count=2, target=1.0)
        self.assertEqual(self._drill("safety_incident"), first | second)
        self.assertEqual(self._drill("on_site").incident_id, first | second | escalation)
        self.assertEqual(len(self._drill("incident_step_on_time")), 12)
        self.company.write({"vip_kpi_safety_incident_rate": 50.0, "vip_kpi_on_site_rate": 100 / 3})
        self.assertKpi("safety_incident", 50.0, "ok")
        self.assertKpi("on_site", 100 / 3, "ok")

    def test_appointment_success(self):
        """R-OVS-01 / R-ACC-01..03: appointments planned in March and submitted: approved and
        done succeed, declined and cancelled do not, a draft does not count: 2 / 4 = 50 %."""
        done = self._appointment((3, 3), "done") | self._appointment((3, 4), "approved")
        failed = self._appointment((3, 5), "declined") | self._appointment((3, 6), "cancelled")
        self._appointment((3, 7), "draft")
        self.assertKpi("appointment", 50.0, "bad", count=4, target=90.0)
        self.assertEqual(self._drill("appointment"), done | failed)
        self.company.vip_kpi_appointment_rate = 50.0
        self.assertKpi("appointment", 50.0, "ok")

    def test_approvals_on_time(self):
        """R-OVS-01 / R-APV-04: approval steps signed or rejected in March by their step
        deadline: one before, one exactly at it (on time), one rejected after it: 2 / 3 =
        66.67 %; a pending step, one without deadline and a superseded one do not count."""
        due = at((3, 10), 17)
        signed = self._review(self.rec_d, at((3, 2)), "approved", reviewed=at((3, 9)), due=due)
        self._review(self.rec_d, at((3, 2)), "approved", reviewed=due, due=due)
        self._review(self.rec_c, at((3, 2)), "rejected", reviewed=at((3, 11)), due=due)
        self._review(self.rec_c, at((3, 2)), "pending", due=due)
        self._review(self.rec_b, at((3, 2)), "approved", reviewed=at((3, 9)))
        self._review(self.rec_a, at((3, 2)), "approved", reviewed=at((3, 20)), due=due, active=False)
        self.assertKpi("approval_on_time", 200 / 3, "bad", count=3)
        self.assertIn(signed, self._drill("approval_on_time"))
        self.assertEqual(len(self._drill("approval_on_time")), 3)

    def test_no_data_is_a_warning(self):
        """R-OVS-01: a period without records shows no value (status "No data"), never a
        made-up 0 or 100."""
        kpis = self._kpis(period=(date(2019, 5, 1), date(2019, 5, 31)))
        self.assertEqual(len(kpis), 10)
        for code, line in kpis.items():
            self.assertIsNone(line["value"], code)
            self.assertEqual(line["status"], "warning", code)

    # ------------------------------------------------------------------ scope (issue 20)
    def _scoped_data(self):
        """A second salesperson, the outsider (department Logistics), next to the requester
        (department Sales, with its head and the deputy), and a sub-department of Logistics
        whose member hosts a visit. March 2026 for the outsider: reception E held (done, score
        70, budget 1,000, actual 500), plan P4 Mon 2 -> Fri 6 (4 working days), an illness
        during E with security on site at +3 min (on time), a major complaint of the outsider's
        customer closed late, a hosted appointment approved, an approval step rejected after
        its deadline. For the requester: a security breach during A with security on site at
        +6 min (late), an ordinary complaint closed on time, one hosted appointment approved
        and one declined; the Sales head signs a step on time."""
        self.night_dept = self.env["hr.department"].create({
            "name": "Logistics night shift", "company_id": self.company.id, "parent_id": self.other_dept.id,
        })
        self.env["hr.employee"].create({
            "name": self.sales_other.name, "user_id": self.sales_other.id, "company_id": self.company.id,
            "department_id": self.night_dept.id,
        })
        # An archived employee of Logistics: not part of the department any more.
        self.env["hr.employee"].create({
            "name": self.vp.name, "user_id": self.vp.id, "company_id": self.company.id,
            "department_id": self.other_dept.id, "active": False,
        })
        self.outsider_customer = self.env["res.partner"].create({
            "name": "Outsider's VIP", "company_id": self.company.id, "vip_service_level": "vip",
            "vip_nationality_id": self.env.ref("base.cn").id, "user_id": self.outsider.id,
        })
        partner = self.outsider_customer
        self.rec_e = self._held((3, 11), "done", score=70.0, budget=1000.0, actual=500.0, user=self.outsider,
                                partner=partner)
        self.plan_4 = self._plan((3, 2), (3, 6), user=self.outsider, partner=partner)
        self.incident_a = self._incident((3, 3), done={"security": 6}, reception=self.rec_a)
        self.incident_e = self._incident((3, 11), incident_type="illness", done={"security": 3}, reception=self.rec_e)
        self.complaint_e = self._complaint(at((3, 5)), severity="major", closed=at((3, 12)), on_time=0.0,
                                           partner=partner)
        self.complaint_a = self._complaint(at((3, 2)), closed=at((3, 4)), on_time=100.0)
        self.visits_requester = self._appointment((3, 3), "approved") | self._appointment((3, 4), "declined")
        self.visit_outsider = self._appointment((3, 5), "approved", host=self.outsider_employee)
        night_employee = self.env["hr.employee"].search([("user_id", "=", self.sales_other.id)])
        self.visit_night = self._appointment((3, 6), "approved", host=night_employee)
        # The vp (archived in Logistics) signs late: counted for the company only.
        due = at((3, 10), 17)
        self.review_head = self._review(self.rec_d, at((3, 2)), "approved", reviewed=at((3, 9)), due=due,
                                        done_by=self.head)
        self.review_outsider = self._review(self.rec_c, at((3, 2)), "rejected", reviewed=at((3, 11)), due=due,
                                            done_by=self.outsider)
        self._review(self.rec_b, at((3, 2)), "approved", reviewed=at((3, 12)), due=due, done_by=self.vp)
        Kpi = self.Kpi
        return {
            "requester": self.requester, "outsider": self.outsider,
            "sales": Kpi._vip_kpi_scope_users(self.sales_dept),
            "logistics": Kpi._vip_kpi_scope_users(self.other_dept),
        }

    def test_scope_users_of_a_department(self):
        """Issue 20 / R-OVS-05: a department's people are the users of its active employees and
        of its sub-departments'; a salesperson is the user; no subject: the whole company."""
        scopes = self._scoped_data()
        self.assertEqual(scopes["sales"], self.head | self.requester | self.deputy)
        self.assertEqual(scopes["logistics"], self.outsider | self.guard | self.sales_other)
        self.assertEqual(self.Kpi._vip_kpi_scope_users(user=self.outsider), self.outsider)
        self.assertIsNone(self.Kpi._vip_kpi_scope_users())

    def test_kpis_per_salesperson_and_department(self):
        """Issue 20 / R-OVS-01 / R-OVS-05: each KPI measured on a salesperson's or a department's
        records (see ``_scoped_data``), computed by hand; the company's figures count every
        record (unchanged by the scopes).

        (company, requester, outsider, Sales, Logistics):
        plan days (2+2+2+4)/4 = 2.5, 2.0, 4.0, 2.0, 4.0;
        satisfaction (90+91+70)/3, 90.5, 70, 90.5, 70;
        cost control 2,500/3,000, 2,000/2,000, 500/1,000 (x 100);
        major complaints 1/5, 0/4, 1/1 (x 100); safety incidents 2/5, 1/4, 1/1 (x 100);
        on-site response 1/2, 0/1, 1/1; complaints on time 1/2, 1/1, 0/1;
        appointments 3/4, 1/2, 1/1, 1/2, 2/2 (the night shift's counted in Logistics);
        approvals on time 1/3 (the archived employee's step counts for the company only),
        requester none signed (not measured), outsider 0/1, Sales 1/1 (its head), Logistics 0/1."""
        scopes = self._scoped_data()
        expected = {
            "plan_days": (2.5, 2.0, 4.0, 2.0, 4.0),
            "satisfaction": ((90 + 91 + 70) / 3, 90.5, 70.0, 90.5, 70.0),
            "cost_control": (2500 / 30, 100.0, 50.0, 100.0, 50.0),
            "major_complaint": (20.0, 0.0, 100.0, 0.0, 100.0),
            "safety_incident": (40.0, 25.0, 100.0, 25.0, 100.0),
            "on_site": (50.0, 0.0, 100.0, 0.0, 100.0),
            "complaint_on_time": (50.0, 100.0, 0.0, 100.0, 0.0),
            "appointment": (75.0, 50.0, 100.0, 50.0, 100.0),
            "approval_on_time": (100 / 3, None, 0.0, 100.0, 0.0),
        }
        figures = [self._kpis()] + [
            self._kpis(users=scopes[name]) for name in ("requester", "outsider", "sales", "logistics")
        ]
        for code, values in expected.items():
            for scope, (kpis, value) in zip(("company", "requester", "outsider", "sales", "logistics"),
                                           zip(figures, values)):
                if value is None:
                    self.assertIsNone(kpis[code]["value"], f"{code} {scope}")
                    self.assertEqual(kpis[code]["status"], "warning", f"{code} {scope}")
                else:
                    self.assertAlmostEqual(kpis[code]["value"], value, places=4, msg=f"{code} {scope}")
        company, requester, outsider, sales, logistics = figures
        # Statuses against the company's targets: the outsider is off target where the requester is on.
        self.assertEqual(
            {code: (requester[code]["status"], outsider[code]["status"])
             for code in ("plan_days", "satisfaction", "cost_control", "major_complaint", "complaint_on_time")},
            {"plan_days": ("ok", "bad"), "satisfaction": ("ok", "bad"), "cost_control": ("ok", "ok"),
             "major_complaint": ("ok", "bad"), "complaint_on_time": ("ok", "bad")},
        )
        # The timeline steps split between the two incidents; the counts are the scoped records.
        self.assertEqual(
            company["incident_step_on_time"]["count"],
            requester["incident_step_on_time"]["count"] + outsider["incident_step_on_time"]["count"],
        )
        self.assertEqual((outsider["appointment"]["count"], logistics["appointment"]["count"]), (1, 2))
        self.assertEqual((company["plan_days"]["count"], sales["plan_days"]["count"]), (4, 3))
        # The scoped previous period is the subject's too: February's plan was the requester's.
        self.assertEqual((requester["plan_days"]["previous"], outsider["plan_days"]["previous"]), (1.0, None))
        self.assertEqual(requester["plan_days"]["trend"], "up")
        self.assertFalse(outsider["plan_days"]["trend"])

    def test_scoped_drill_down(self):
        """Issue 20 / R-OVS-01: the drill-down of a scoped line opens only the subject's records;
        a reception is its requester's and its lead person's."""
        scopes = self._scoped_data()
        outsider, logistics, requester = scopes["outsider"], scopes["logistics"], scopes["requester"]
        self.assertEqual(self._drill("satisfaction", users=outsider), self.rec_e)
        self.assertEqual(self._drill("plan_days", users=outsider), self.plan_4)
        self.assertEqual(self._drill("cost_control", users=outsider).reception_id, self.rec_e)
        self.assertEqual(self._drill("major_complaint", users=outsider), self.complaint_e)
        self.assertFalse(self._drill("major_complaint", users=requester))
        self.assertEqual(self._drill("complaint_on_time", users=requester), self.complaint_a)
        self.assertEqual(self._drill("safety_incident", users=requester), self.incident_a)
        self.assertEqual(self._drill("on_site", users=outsider).incident_id, self.incident_e)
        self.assertEqual(self._drill("incident_step_on_time", users=outsider).incident_id, self.incident_e)
        self.assertEqual(self._drill("appointment", users=logistics), self.visit_outsider | self.visit_night)
        self.assertEqual(self._drill("appointment", users=requester), self.visits_requester)
        self.assertEqual(self._drill("approval_on_time", users=scopes["sales"]), self.review_head)
        self.assertEqual(self._drill("approval_on_time", users=logistics), self.review_outsider)
        # A reception counts for its lead person as for its requester: the outsider leads D
        # (approved, held): 2 receptions held -> 1 major complaint and 1 incident per 2; the
        # requester keeps D (1 incident per 4).
        self.rec_d._vip_action_write({"lead_user_id": self.outsider.id})
        lead, own = self._kpis(users=outsider), self._kpis(users=requester)
        self.assertEqual((lead["major_complaint"]["value"], lead["safety_incident"]["value"]), (50.0, 50.0))
        self.assertEqual((own["major_complaint"]["value"], own["safety_incident"]["value"]), (0.0, 25.0))

    def test_scoped_dashboard(self):
        """Issue 20 / R-OVS-01: internal control filters the dashboard on a department, then on a
        salesperson: the lines are that subject's, each drill-down opens exactly the records
        counted, all of them the subject's; both filters at once are refused."""
        self._scoped_data()
        Dashboard = self.env["vip.kpi.dashboard"].with_user(self.compliance)
        dashboard = Dashboard.browse(Dashboard.action_open_dashboard()["res_id"])
        dashboard.write({"date_from": MARCH[0], "date_to": MARCH[1], "department_id": self.other_dept.id})
        dashboard.action_refresh()
        lines = {line.code: line for line in dashboard.line_ids}
        self.assertEqual(len(lines), 10)
        self.assertEqual((lines["satisfaction"].value, lines["satisfaction"].status), (70.0, "bad"))
        self.assertEqual((lines["appointment"].value, lines["appointment"].record_count), (100.0, 2))
        self.assertEqual((lines["plan_days"].value, lines["plan_days"].status), (4.0, "bad"))
        expected = self._kpis(self.compliance, users=self.Kpi._vip_kpi_scope_users(self.other_dept))
        for line in dashboard.line_ids:
            kpi = expected[line.code]
            self.assertEqual((line.status, line.record_count), (kpi["status"], kpi["count"]), line.code)
            drill = line.action_open_records()
            self.assertEqual(
                self.env[drill["res_model"]].with_user(self.compliance).search_count(drill["domain"]),
                line.record_count, line.code,
            )
        drill = lines["satisfaction"].action_open_records()
        self.assertEqual(self.env["vip.reception"].with_user(self.compliance).search(drill["domain"]), self.rec_e)
        dashboard.write({"department_id": False, "salesperson_id": self.requester.id})
        dashboard.action_refresh()
        lines = {line.code: line for line in dashboard.line_ids}
        self.assertEqual((lines["satisfaction"].value, lines["satisfaction"].status), (90.5, "ok"))
        self.assertFalse(lines["approval_on_time"].has_value)
        self.assertEqual(lines["approval_on_time"].status, "warning")
        drill = lines["safety_incident"].action_open_records()
        self.assertEqual(self.env["vip.incident"].with_user(self.compliance).search(drill["domain"]), self.incident_a)
        with self.assertRaisesRegex(ValidationError, "department or on a salesperson"):
            dashboard.write({"department_id": self.sales_dept.id})

    # ------------------------------------------------------------------ queries
    def test_query_count_independent_of_records(self):
        """R-OVS-01 / issue 20: the KPIs are set-based: the number of queries does not change with
        1 or with 10 more receptions, incidents and appointments in the period, for the company
        as for a department (the scope is a sub-query of each KPI: the same count)."""
        sales = self.Kpi._vip_kpi_scope_users(self.sales_dept)

        def count_queries(users=None):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Kpi._vip_kpi_compute(self.company, *MARCH, users=users)
            return self.env.cr.sql_log_count - before

        def add(n):
            for i in range(n):
                held = self._held((3, 2 + i), "done", score=95.0, budget=100.0, actual=50.0)
                self._incident((3, 2 + i), done={"security": 3}, reception=held)
                self._appointment((3, 2 + i), "approved")
                self._plan((3, 2 + i), (3, 4 + i))

        count_queries()
        count_queries(sales)
        add(1)
        one = count_queries()
        one_scoped = count_queries(sales)
        add(10)
        eleven = count_queries()
        eleven_scoped = count_queries(sales)
        self.assertEqual(one, eleven)
        # Nor with the history of approval steps (the ORM reads a one2many on an integer
        # res_id a thousand rows at a time: 2,500 more steps would add queries).
        self.env.cr.execute(
            """INSERT INTO tier_review (model, res_id, status, sequence, company_id, create_date, active)
               SELECT 'vip.reception', %s, 'approved', 1, %s, %s, TRUE FROM generate_series(1, 2500)""",
            [self._held((1, 5), "done").id, self.company.id, at((1, 5))],
        )
        self.env.invalidate_all()
        self.assertEqual(count_queries(), one)
        self.assertLess(one, 60)
        self.assertEqual((one_scoped, eleven_scoped), (one, one))
        # The records added are the Sales department's: its figures did count them.
        scoped = self._kpis(users=sales)
        self.assertEqual((scoped["appointment"]["count"], scoped["on_site"]["count"]), (11, 11))

    # ------------------------------------------------------------------ screen and access
    def test_dashboard_screen_and_drill_down(self):
        """R-OVS-01: compliance, a VIP manager and the GM open the dashboard (last month by
        default), set March, refresh: ten lines with value, target, status and previous value;
        each line's drill-down opens exactly the records it counted (read with their rights)."""
        expected = self._kpis()
        for user in (self.compliance, self.manager, self.gm):
            Dashboard = self.env["vip.kpi.dashboard"].with_user(user)
            action = Dashboard.action_open_dashboard()
            dashboard = Dashboard.browse(action["res_id"])
            first = date.today().replace(day=1)
            self.assertEqual(dashboard.date_to, first - timedelta(days=1))
            self.assertEqual(dashboard.date_from, (first - timedelta(days=1)).replace(day=1))
            dashboard.write({"date_from": MARCH[0], "date_to": MARCH[1], "company_id": self.company.id})
            dashboard.action_refresh()
            self.assertEqual(len(dashboard.line_ids), 10)
            self.assertEqual(
                {code: self._summary(line) for code, line in self._kpis(user).items()},
                {code: self._summary(line) for code, line in expected.items()},
            )
            for line in dashboard.line_ids:
                kpi = expected[line.code]
                self.assertEqual(line.status, kpi["status"])
                self.assertEqual(line.has_value, kpi["value"] is not None)
                self.assertAlmostEqual(line.value, kpi["value"] or 0.0, places=2)
                drill = line.action_open_records()
                self.assertEqual(drill["res_model"], kpi["model"])
                self.assertEqual(
                    self.env[drill["res_model"]].with_user(user).search_count(drill["domain"]), line.record_count,
                    line.code,
                )
        plan = dashboard.line_ids.filtered(lambda line: line.code == "plan_days")
        self.assertEqual((plan.value, plan.target, plan.status, plan.previous_value, plan.trend), (2.0, 2.0, "ok", 1.0, "up"))

    def test_targets_are_settings(self):
        """R-OVS-01 / R-SEC-03: the targets are company settings with the rule book's defaults
        (plan 2 working days, on-site response 95 %, satisfaction 90, major complaints 0.5 %)."""
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertEqual(
            (settings.vip_kpi_plan_days, settings.vip_kpi_on_site_rate, settings.vip_kpi_satisfaction,
             settings.vip_kpi_major_complaint_rate, settings.vip_kpi_cost_control_rate),
            (2.0, 95.0, 90.0, 0.5, 100.0),
        )
        settings.vip_kpi_satisfaction = 85.0
        settings.execute()
        self.assertEqual(self.company.vip_kpi_satisfaction, 85.0)
        self.assertEqual(self._kpis()["satisfaction"]["target"], 85.0)


@tagged("post_install", "-at_install")
class TestOversightKpiDemoUsers(CallKwCase):
    """R-OVS-01 / R-SEC-01: the demo's internal control (何婷), VIP manager and GM read the
    KPIs of their company with their own rights, the same figures as the system; a sales user
    is refused the dashboard over RPC."""

    def test_demo_roles_read_all_figures(self):
        company = self.env.ref("vip_customer_care.user_vip_gm").company_id
        period = (date(2026, 1, 1), date(2026, 12, 31))
        system = self.env["vip.oversight.kpi"]._vip_kpi_compute(company, *period)
        for xmlid in ("user_vip_compliance", "user_vip_manager", "user_vip_gm"):
            user = self.env.ref(f"vip_customer_care.{xmlid}")
            figures = self.env["vip.oversight.kpi"].with_user(user)._vip_kpi_compute(company, *period)
            self.assertEqual(
                [(line["code"], line["value"], line["count"]) for line in figures],
                [(line["code"], line["value"], line["count"]) for line in system], xmlid,
            )

    def test_sales_refused_over_rpc(self):
        sales = self.env.ref("vip_customer_care.user_vip_sales")
        self.authenticate(sales.login, sales.login)
        self.assertRefused(r".", "vip.kpi.dashboard", "action_open_dashboard", exception="AccessError")
        self.assertRefused(r".", "vip.kpi.dashboard", "create", [[{}]], exception="AccessError")
        compliance = self.env.ref("vip_customer_care.user_vip_compliance")
        self.authenticate(compliance.login, compliance.login)
        action = self.call_kw("vip.kpi.dashboard", "action_open_dashboard")
        lines = self.call_kw("vip.kpi.dashboard.line", "search_read", [[("dashboard_id", "=", action["res_id"])]],
                             {"fields": ["code", "status"]})
        self.assertEqual(len(lines), 10)
