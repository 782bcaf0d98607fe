# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 14: hot paths whose query count must not grow with the data (N vs 3N records)."""
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .approval_common import ApprovalCommon
from .reception_common import FRIDAY

# Query budgets, the same for N and 3N records (see README, "Scale").
# 42 with every approval model of the add-on (receptions, appointments, supplementary budgets,
# complaint solutions, reward campaigns, redemptions, archives, loans, survey analyses): a
# delegation looks once per tier reviewed by a document field; nothing per open request.
DELEGATION_QUERIES = 42
REVISIT_QUERIES = 36
TO_APPROVE_QUERIES = 2


@tagged("post_install", "-at_install")
class TestScaleQueries(ApprovalCommon):
    """Query counts flat in the data (issue 14); each test measures with N, then 3N records."""

    def _open_receptions(self, count):
        with freeze_time(FRIDAY):
            return self.env["vip.reception"].union(*(
                self._to_approval(self._reception(10000)) for _ in range(count)
            ))

    def _delegation_vals(self, delegate, **vals):
        return {
            "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": delegate.id,
            "business_type_ids": [Command.set(self.business.ids)],
            "date_from": date(2026, 11, 20), "date_to": date(2026, 11, 30), "reason": "Business trip",
            **vals,
        }

    def test_to_approve_by_me_flat(self):
        """R-APV-03: "To approve by me" is one SQL condition, the same number of queries for
        2 and 6 requests awaiting the reviewer, and the same answer as can_review."""
        Reception = self.env["vip.reception"].with_user(self.marketing)
        mine = self._open_receptions(2)
        Reception.search([("can_review", "=", True)])  # warm-up (registry caches)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        with self.assertQueryCount(TO_APPROVE_QUERIES):
            found = Reception.search([("can_review", "=", True)])
        first = self.cr.sql_log_count - start
        self.assertEqual(set(found.ids), set(mine.ids))
        mine |= self._open_receptions(4)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        with self.assertQueryCount(TO_APPROVE_QUERIES):
            found = Reception.search([("can_review", "=", True)])
        self.assertEqual(self.cr.sql_log_count - start, first)
        self.assertEqual(set(found.ids), set(mine.ids))
        self.assertTrue(all(found.mapped("can_review")))
        # Not the requester's, not after this step: the next reviewers have nothing yet.
        self.assertFalse(Reception.with_user(self.admin_dept).search([("can_review", "=", True)]))
        self.assertEqual(
            set(Reception.search([("can_review", "=", False), ("id", "in", mine.ids)]).ids), set(),
        )
        self._rpc(mine[0], self.marketing, "validate_tier")
        self.assertEqual(
            set(Reception.with_user(self.admin_dept).search([("can_review", "=", True)]).ids), {mine[0].id},
        )
        self.assertNotIn(mine[0], Reception.search([("can_review", "=", True)]))

    def _rolled_back(self, fn):
        """Run ``fn`` in a savepoint rolled back afterwards (same starting point for N and 3N)."""
        with self.env.cr.savepoint() as savepoint:
            result = fn()
            self.env.flush_all()
            savepoint.rollback()
        self.env.invalidate_all()
        return result

    def test_delegation_touches_only_its_reviews(self):
        """R-APV-06: creating a delegation recomputes only the reviews of its delegator (the
        department head), in the same number of queries for 2 and 6 other open requests."""
        Delegation = self.env["vip.approval.delegation"].with_user(self.head)

        counts = []

        def create():
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            with self.assertQueryCount(DELEGATION_QUERIES):
                delegation = Delegation.create(self._delegation_vals(self.deputy))
                delegation.flush_recordset()
            counts.append(self.cr.sql_log_count - start)
            return delegation

        def warm_up():
            Delegation.create(self._delegation_vals(self.deputy)).flush_recordset()

        with freeze_time(FRIDAY):
            self._open_receptions(2)
            self._rolled_back(warm_up)  # registry caches
            self._rolled_back(create)
            receptions = self._open_receptions(4)
            self._rolled_back(create)
            # 3N open requests cost no more than N (the N run still fills a few caches).
            self.assertLessEqual(counts[1], counts[0])
            # Still right: the deputy reviews the head's step once the delegation exists.
            head_steps = receptions.review_ids.filtered(lambda r: self.head in r.reviewer_ids)
            Delegation.create(self._delegation_vals(self.deputy))
            self.env.flush_all()
            self.assertTrue(head_steps)
            self.assertTrue(all(self.deputy in review.reviewer_ids for review in head_steps))

    def test_group_grant_touches_only_open_reviews_of_the_group(self):
        """R-APV-01: granting the officer group adds the user to the open marketing reviews,
        in the same number of queries for 2 and 6 open requests."""
        receptions = self._open_receptions(2)
        officer = self.env.ref("vip_customer_care.group_vip_officer")
        counts = []
        for index, extra in enumerate((0, 4)):
            if extra:
                receptions |= self._open_receptions(extra)
            user = new_test_user(
                self.env, login=f"rec_new_officer{index}", groups="base.group_user",
                company_id=self.company.id, company_ids=[self.company.id],
            )
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            user.write({"groups_id": [Command.link(officer.id)]})
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - start)
            marketing = receptions.review_ids.filtered(lambda r: r.definition_id.reviewer_group_id == officer)
            self.assertTrue(all(user in review.reviewer_ids for review in marketing))
        self.assertEqual(counts[0], counts[1])

    def test_unchanged_group_write_recomputes_no_review(self):
        """R-APV-01 (issue 21): a module upgrade writes every role's implied groups again,
        unchanged; that recomputes no open review (it recomputed all of them: 6.7 s of the
        upgrade at 100k customers). A write that changes the members still gives the new
        officer the open marketing steps, in their "to approve by me" list."""
        receptions = self._open_receptions(2)
        officer = self.env.ref("vip_customer_care.group_vip_officer")
        Review = self.env["tier.review"]
        field = Review._fields["reviewer_ids"]
        self.env.flush_all()
        officer.write({"implied_ids": [Command.link(group.id) for group in officer.implied_ids]})
        self.assertFalse(self.env.records_to_compute(field))
        newcomer = new_test_user(
            self.env, login="rec_group_newcomer", groups="base.group_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        self.env.flush_all()
        officer.write({"users": [Command.link(newcomer.id)]})
        self.assertTrue(self.env.records_to_compute(field))
        self.env.flush_all()
        marketing = receptions.review_ids.filtered(
            lambda r: r.definition_id.reviewer_group_id == officer and r.status in ("waiting", "pending"))
        self.assertTrue(marketing)
        self.assertTrue(all(newcomer in review.reviewer_ids for review in marketing))
        to_approve = self.env["vip.reception"].with_user(newcomer).search([("can_review", "=", True)])
        self.assertEqual(to_approve & receptions, receptions.filtered(lambda r: r.review_ids.filtered(
            lambda v: v.status == "pending" and newcomer in v.reviewer_ids)))

    def test_group_grant_in_sql_matches_the_recompute(self):
        """R-APV-01 / R-APV-05 / R-SEC-02 (issue 14): a group grant adds the user in SQL to
        exactly the open reviews the reviewer compute gives them: not to the requests they made,
        not to another company's, not to a step of a request where they signed another step."""
        receptions = self._open_receptions(2)
        signed, other = receptions
        with freeze_time(FRIDAY):
            self._approve_all(signed, [self.marketing, self.admin_dept])
        security = self.env.ref("vip_customer_care.group_vip_security")
        officer = self.env.ref("vip_customer_care.group_vip_officer")
        company_b = self.env["res.company"].create({"name": "Other VIP company"})
        foreign = new_test_user(
            self.env, login="rec_foreign_officer", groups="base.group_user",
            company_id=company_b.id, company_ids=[company_b.id],
        )
        Review = self.env["tier.review"]
        open_reviews = receptions.review_ids.filtered(lambda r: r.status in ("waiting", "pending"))
        security_steps = open_reviews.filtered(lambda r: r.definition_id.reviewer_group_id == security)
        self.assertEqual(len(security_steps), 2)
        self.admin_dept.write({"groups_id": [Command.link(security.id)]})
        self.requester.write({"groups_id": [Command.link(officer.id)]})
        foreign.write({"groups_id": [Command.link(officer.id)]})
        self.env.flush_all()
        granted = {review: set(review.reviewer_ids.ids) for review in open_reviews}
        # The administration signer reviews the security step of the other request only.
        self.assertIn(self.admin_dept.id, granted[security_steps.filtered(lambda r: r.res_id == other.id)])
        self.assertNotIn(self.admin_dept.id, granted[security_steps.filtered(lambda r: r.res_id == signed.id)])
        # The requester and the other company's officer review none of these steps.
        self.assertFalse(any({self.requester.id, foreign.id} & users for users in granted.values()))
        # The same reviewers as the full recompute.
        self.env.add_to_compute(Review._fields["reviewer_ids"], open_reviews)
        open_reviews.invalidate_recordset(["reviewer_ids"])
        self.assertEqual({review: set(review.reviewer_ids.ids) for review in open_reviews}, granted)

    def test_delegation_cron_flat(self):
        """R-APV-06: the hourly delegation cron refreshes only the reviews of delegations
        whose window opened or closed, in the same number of queries for 2 and 6 requests."""
        counts = []
        with freeze_time(FRIDAY):
            delegation = self.env["vip.approval.delegation"].with_user(self.head).create(
                self._delegation_vals(self.deputy, date_from=date(2026, 11, 25)),
            )
        for extra in (2, 4):
            self._open_receptions(extra)
            with freeze_time(date(2026, 11, 25)):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                self.env["vip.approval.delegation"]._cron_refresh()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])
        self.assertTrue(delegation)

    def test_quarterly_revisit_batches_and_spreads(self):
        """R-REC-12: the revisit cron handles one batch per run (one create, one summary
        e-mail for a salesperson who wants e-mails instead of one per activity); the same
        queries for a batch of 2 and of 6."""
        Partner = self.env["res.partner"]
        Partner.search([("vip_service_level", "=", "vip")]).write({"vip_next_revisit_date": date(2027, 6, 1)})
        revisit = self.env.ref("vip_customer_care.mail_activity_type_vip_revisit")
        self.requester.notification_type = "email"
        counts = []

        def run(count):
            self.env["ir.config_parameter"].sudo().set_param("vip_customer_care.cron_batch_size", count)
            partners = Partner.create([{
                "name": f"VIP {i}", "vip_service_level": "vip", "user_id": self.requester.id,
                "company_id": self.company.id,
            } for i in range(count)])
            mails = self.env["mail.mail"].search_count([])
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            with freeze_time(FRIDAY), self.assertQueryCount(REVISIT_QUERIES):
                Partner._cron_vip_quarterly_revisit()
            counts.append(self.cr.sql_log_count - start)
            done = partners.filtered(lambda p: p.activity_ids.filtered(lambda a: a.activity_type_id == revisit))
            self.assertEqual(done, partners)
            self.assertEqual(set(partners.mapped("vip_next_revisit_date")), {date(2027, 2, 20)})
            self.assertEqual(self.env["mail.mail"].search_count([]), mails + 1)

        self._rolled_back(lambda: run(2))
        self._rolled_back(lambda: run(6))
        self.assertEqual(counts[0], counts[1])

    def test_quarterly_revisit_daily_quota(self):
        """R-REC-12: a quarter's herd is spread: at most max(batch, VIPs / 91) customers a day."""
        self.env["ir.config_parameter"].sudo().set_param("vip_customer_care.cron_batch_size", 3)
        Partner = self.env["res.partner"]
        Partner.search([("vip_service_level", "=", "vip")]).write({"vip_next_revisit_date": date(2027, 6, 1)})
        partners = Partner.create([{
            "name": f"VIP {i}", "vip_service_level": "vip", "user_id": self.requester.id,
            "company_id": self.company.id,
        } for i in range(5)])
        with freeze_time(FRIDAY):
            for _ in range(3):
                Partner._cron_vip_quarterly_revisit()
        self.assertEqual(len(partners.filtered("vip_next_revisit_date")), 3)
        with freeze_time(FRIDAY + timedelta(days=1)):
            Partner._cron_vip_quarterly_revisit()
        self.assertEqual(len(partners.filtered("vip_next_revisit_date")), 5)

    def test_overdue_cron_flat(self):
        """R-APV-04: the overdue cron handles a batch of overdue requests with a fixed number
        of queries per request (reminder message), not per review or manager lookup."""
        self.head_employee.parent_id = self.env["hr.employee"].create({
            "name": "Head's manager", "user_id": self.vp.id, "company_id": self.company.id,
        })
        Reception = self.env["vip.reception"]
        counts = []
        for extra in (1, 3):
            receptions = self._open_receptions(extra)
            with freeze_time(FRIDAY + timedelta(days=10)):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                Reception._cron_overdue()
                self.env.flush_all()
                counts.append((self.cr.sql_log_count - start) / extra)
            self.assertTrue(all(receptions.mapped("escalated")))
        self.assertLessEqual(counts[1], counts[0])

    def test_staff_and_id_number_indexed(self):
        """R-PII-01 / R-REC-02: the lookups by full ID number and by staff employee use indexes."""
        self.env.cr.execute("""
            SELECT indexname FROM pg_indexes
             WHERE tablename IN ('res_partner', 'vip_reception_staff')
               AND indexdef ~ '(vip_id_number|employee_id)'
        """)
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertIn("res_partner__vip_id_number_index", names)
        self.assertIn("vip_reception_staff__employee_id_index", names)
        self.assertTrue(fields.Date.today())

    def test_open_reviews_indexed(self):
        """R-APV-03 / R-APV-06 (issue 14): searches of open reviews (to approve, delegations,
        group grants, overdue steps) have a partial index holding the open reviews only."""
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'tier_review_vip_open_idx'")
        (definition,) = self.env.cr.fetchone()
        self.assertIn("(model, res_id)", definition)
        self.assertIn("WHERE (active AND", definition)
        self.assertIn("'waiting'", definition)

    def test_number_given_back_is_taken_first(self):
        """R-REC-01 / issue 14: reception numbers stay unique and gap-free although web
        requests take them outside the creating transaction (no conflict between concurrent
        creations): a number given back by a creation that rolled back is taken first."""
        Reception = self.env["vip.reception"].with_user(self.requester)
        taken = Reception._vip_take_reference(self.company.id)
        # What _vip_give_back_reference records after the rollback (in its own transaction).
        self.env["vip.reference.gap"].create({"code": "vip.reception", "company_id": self.company.id, "name": taken})
        again = self._reception(10000)
        self.assertEqual(again.name, taken)
        self.assertFalse(self.env["vip.reference.gap"].search([("code", "=", "vip.reception")]))
        following = self._reception(10000)
        self.assertEqual(len(following.name), len(taken))
        self.assertGreater(following.name, taken)

    def test_given_back_numbers_are_system_only(self):
        """R-SEC-01 / R-REC-01 (issue 14): the numbers given back are the numbering's own
        bookkeeping: no VIP group reads, creates, changes or deletes them over RPC."""
        gap = self.env["vip.reference.gap"].create({"code": "vip.reception", "company_id": self.company.id, "name": "X1"})
        for user in (self.requester, self.marketing, self.admin_dept, self.guard, self.finance_1, self.compliance,
                     self.head, self.gm):
            with self.subTest(user=user.login):
                Gap = self.env["vip.reference.gap"].with_user(user)
                with self.assertRaises(AccessError):
                    Gap.search([])
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    Gap.create({"code": "vip.reception", "company_id": self.company.id, "name": "X2"})
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    gap.with_user(user).write({"name": "X3"})
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    gap.with_user(user).unlink()
        self.assertEqual(gap.name, "X1")

    def test_delegation_concerns_its_business_types_only(self):
        """R-APV-06 / issue 14: a delegation recomputes only the open reviews it can change,
        those of documents of its business types (and those listing its delegate): one for
        after-sales leaves the head's reception steps alone."""
        with freeze_time(FRIDAY):
            receptions = self._open_receptions(2)
            head_reviews = receptions.review_ids.filtered(lambda r: self.head in r.reviewer_ids)
            self.assertTrue(head_reviews)
            other = self.env["vip.business.type"].search([("id", "!=", self.business.id)], limit=1)
            Delegation = self.env["vip.approval.delegation"].with_user(self.head)
            elsewhere = Delegation.create(self._delegation_vals(self.deputy, business_type_ids=[Command.set(other.ids)]))
            self.assertFalse(elsewhere.sudo()._vip_concerned(head_reviews))
            self.assertFalse(any(self.deputy in review.reviewer_ids for review in head_reviews))
            here = Delegation.create(self._delegation_vals(self.deputy))
            self.assertEqual(here.sudo()._vip_concerned(head_reviews), head_reviews)
            self.env.flush_all()
            self.assertTrue(all(self.deputy in review.reviewer_ids for review in head_reviews))
            # Ending it drops the delegate again: the reviews listing them are concerned.
            here.sudo().active = False
            self.env.flush_all()
            self.assertFalse(any(self.deputy in review.reviewer_ids for review in head_reviews))
