# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 21: visibility that an index can answer. The reception and customer rules read the
visibility tables (models/vip_visibility.py), kept by triggers wherever the statement changes."""
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..models import vip_visibility
from .approval_common import ApprovalCommon
from .reception_common import FRIDAY

# Query budgets of the lists as a salesperson (web_search_read with the view's fields and the
# web client's count), the same for N and 3N records (see README, "Scale").
CUSTOMER_LIST_QUERIES = 15
RECEPTION_LIST_QUERIES = 10


@tagged("post_install", "-at_install")
class TestVisibilityTable(ApprovalCommon):
    def _rows(self):
        self.env.flush_all()
        rows = []
        for table, column in (("vip_reception_visibility", "reception_id"), ("vip_partner_visibility", "partner_id")):
            self.cr.execute(f"SELECT user_id, {column}, always FROM {table} ORDER BY 1, 2")  # noqa: S608
            rows.append(self.cr.fetchall())
        return rows

    def _assert_kept(self):
        """The rows the triggers kept are the rows recomputed from the source tables."""
        kept = self._rows()
        vip_visibility.refresh_all(self.cr)
        self.assertEqual(kept, self._rows())

    def _sees(self, user, records, active_test=True):
        return records.with_user(user).with_context(active_test=active_test).search([("id", "in", records.ids)])

    def test_rows_follow_staff_lead_customers_and_archiving(self):
        """R-PII-02: a colleague put on the staff opens the reception and its customer, and no
        longer once taken off; the employee's user, the lead person and the customers of the
        reception move what is seen with them; an archived reception opens its customer only
        with archived records shown."""
        Partner = self.env["res.partner"]
        reception = self._reception(10000, partner=self.foreign_customer)
        self.assertFalse(self._sees(self.deputy, reception))
        self.assertFalse(self._sees(self.deputy, self.foreign_customer))
        reception.write({"staff_line_ids": [Command.create({"employee_id": self.deputy_employee.id, "role": "escort"})]})
        self.assertEqual(self._sees(self.deputy, reception), reception)
        self.assertEqual(self._sees(self.deputy, self.foreign_customer), self.foreign_customer)
        self._assert_kept()
        # The employee's user changes: the former user loses the reception, the new one gets it.
        self.deputy_employee.user_id = self.sales_other
        self.assertFalse(self._sees(self.deputy, reception))
        self.assertEqual(self._sees(self.sales_other, reception), reception)
        reception.lead_user_id = self.vp
        self.assertEqual(self._sees(self.vp, self.foreign_customer), self.foreign_customer)
        self._assert_kept()
        # Another customer on the reception: its staff open that one, not the former one.
        reception.partner_ids = self.customer
        self.assertFalse(self._sees(self.vp, self.foreign_customer))
        self.assertEqual(self._sees(self.vp, self.customer), self.customer)
        self._assert_kept()
        reception.active = False
        self.assertFalse(self._sees(self.vp, self.customer))
        self.assertEqual(self._sees(self.vp, self.customer, active_test=False), self.customer)
        self.assertEqual(
            Partner.with_context(active_test=False).search([("vip_rule_user_ids", "in", self.vp.id)]), self.customer,
        )
        self._assert_kept()
        reception.active = True
        reception.staff_line_ids.filtered(lambda line: line.employee_id == self.deputy_employee).unlink()
        self.assertFalse(self._sees(self.sales_other, reception))
        self._assert_kept()

    def test_customer_rows_grow_without_recomputing_and_shrink_with(self):
        """R-PII-02 (issue 21): a customer with several receptions gains the users of a new
        reception, link or staff line by a merge of those users alone
        (``vip_visibility_partners_grow``), and loses them by a recomputation when the only
        reception that made them see it is archived or loses them: at each step the kept rows
        are the rows recomputed from the source tables, and the users see what the rule says."""
        first = self._reception(10000, partner=self.customer)
        second = self._reception(12000, partner=self.foreign_customer)
        self._assert_kept()
        second.write({"staff_line_ids": [Command.create({"employee_id": self.deputy_employee.id, "role": "escort"})]})
        self.assertFalse(self._sees(self.deputy, self.customer))
        second.partner_ids = [Command.link(self.customer.id)]  # a new link: the deputy sees it now
        self.assertEqual(self._sees(self.deputy, self.customer), self.customer)
        self._assert_kept()
        first.write({"staff_line_ids": [Command.create({"employee_id": self.deputy_employee.id, "role": "driver"})]})
        self._assert_kept()
        second.active = False  # the deputy still sees the customer through the first reception
        self.assertEqual(self._sees(self.deputy, self.customer), self.customer)
        self._assert_kept()
        first.staff_line_ids.filtered(lambda line: line.employee_id == self.deputy_employee).unlink()
        self.assertFalse(self._sees(self.deputy, self.customer))
        self.assertEqual(self._sees(self.deputy, self.customer, active_test=False), self.customer)
        self._assert_kept()

    @freeze_time(FRIDAY)
    def test_rows_follow_delegation_grant_and_superseded_reviews(self):
        """R-APV-06 / R-APV-01 / R-PII-02: the delegate opens the reception waiting for the
        delegator, a user granted a reviewing group opens the requests waiting for that group;
        a superseded (archived) review opens its reception only with archived records shown."""
        reception = self._to_approval(self._reception(10000))
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard])
        self.assertFalse(self._sees(self.deputy, reception))
        self.env["vip.approval.delegation"].with_user(self.head).create({
            "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
            "business_type_ids": [Command.set(self.business.ids)],
            "date_from": FRIDAY.date(), "date_to": FRIDAY.date(), "reason": "Business trip",
        })
        self.assertEqual(self._sees(self.deputy, reception), reception)
        self._assert_kept()
        # A group grant adds the user to the open reviews of the group's steps in SQL.
        waiting = self._to_approval(self._reception(20000))
        newcomer = new_test_user(
            self.env, login="rec_newcomer", groups="base.group_user,vip_customer_care.group_vip_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        Reception = self.env["vip.reception"]
        self.assertNotIn(waiting, Reception.search([("vip_rule_user_ids", "in", newcomer.id)]))
        newcomer.write({"groups_id": [Command.link(self.env.ref("vip_customer_care.group_vip_officer").id)]})
        self.assertIn(waiting, Reception.search([("vip_rule_user_ids", "in", newcomer.id)]))
        self._assert_kept()
        # The requester cancels: the reviews are superseded (archived); the deputy, who
        # reviewed for the head, finds the reception only among the archived records.
        reception.with_user(self.requester).write({"cancel_reason": "The customer postponed"})
        reception.with_user(self.requester).action_cancel()
        self.assertFalse(self._sees(self.deputy, reception))
        archived = Reception.with_context(active_test=False)
        self.assertIn(reception, archived.search([("vip_rule_user_ids", "in", self.deputy.id)]))
        self.assertEqual(
            archived.search([("vip_rule_user_ids", "in", self.deputy.id)]),
            archived.search([("review_ids.reviewer_ids", "in", self.deputy.id)]),
        )
        self._assert_kept()

    def _spec(self, model, action=None):
        """The fields the web client asks for in the list of ``action`` (as in scripts/bench)."""
        view_id = False
        for vid, vtype in (self.env.ref(action).views if action else []):
            if vtype == "list":
                view_id = vid
        Model = self.env[model].with_user(self.requester)
        root = etree.fromstring(Model.get_views([(view_id, "list")])["views"]["list"]["arch"])
        spec = {}
        for node in root.iter("field"):
            name = node.get("name")
            if name not in Model._fields or any(parent.tag == "field" for parent in node.iterancestors()):
                continue
            relational = Model._fields[name].type in ("many2one", "many2many", "one2many")
            spec[name] = {"fields": {"display_name": {}}} if relational else {}
        return spec

    def test_lists_as_sales_flat(self):
        """R-PII-02 (issue 21): the customer list and the reception list of a salesperson (the
        web client's read and count) take the same number of queries with N and 3N receptions
        of other salespeople, and show only what the salesperson sees."""
        customers = self._spec("res.partner", "contacts.action_contacts")
        receptions = self._spec("vip.reception")
        Partner = self.env["res.partner"].with_user(self.requester)
        Reception = self.env["vip.reception"].with_user(self.requester)
        mine = self._reception(10000)
        others = self.env["res.partner"]
        counts = []
        for extra in (2, 6):
            while len(others) < extra:
                other = self.env["res.partner"].create({
                    "name": f"Other VIP {len(others)}", "company_id": self.company.id,
                    "vip_service_level": "vip", "user_id": self.sales_other.id,
                })
                # Filed by the other salesperson (the requester is fixed at creation).
                self.requester = self.sales_other
                try:
                    self._reception(10000, partner=other, id_copy=False)
                finally:
                    del self.requester
                others |= other
            Partner.web_search_read([], customers, limit=1, count_limit=10001)  # warm-up
            Reception.web_search_read([], receptions, limit=1, count_limit=10001)
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            with self.assertQueryCount(CUSTOMER_LIST_QUERIES):
                shown = Partner.web_search_read([("vip_service_level", "!=", False)], customers, limit=1, count_limit=10001)
            with self.assertQueryCount(RECEPTION_LIST_QUERIES):
                listed = Reception.web_search_read([], receptions, limit=1, count_limit=10001)
            counts.append(self.cr.sql_log_count - start)
            ids = {record["id"] for record in shown["records"]}
            self.assertFalse(ids & set(others.ids))
            self.assertEqual([record["id"] for record in listed["records"]], mine.ids)
            self.assertEqual(listed["length"], 1)
        self.assertEqual(counts[0], counts[1])

    def test_customer_lists_count_up_to_a_thousand(self):
        """R-PII-02 (issue 21): the customer list, kanban and VIP customer list count up to
        1,000 rows, as the web client asks the view (``count_limit``): a salesperson's customers
        are spread over the whole table, and counting 10,000 of them read all of it. Past the
        limit the web client shows "1000+" and counts exactly on a click."""
        Partner = self.env["res.partner"].with_user(self.requester)
        vip_list = self.env.ref("vip_customer_care.view_res_partner_vip_list")
        for view_id, view_type in ((False, "list"), (False, "kanban"), (vip_list.id, "list")):
            arch = Partner.get_views([(view_id, view_type)])["views"][view_type]["arch"]
            self.assertEqual(etree.fromstring(arch).get("count_limit"), "1000", view_type)


@tagged("post_install", "-at_install")
class TestRuleDomainsOnUpgrade(ApprovalCommon):
    def test_upgrade_gives_noupdate_rules_their_current_statement(self):
        """R-PII-02: the rule files are noupdate; the migrations that change a rule's statement
        (18.0.1.1.0, 18.0.1.5.1) give an upgraded database the domain the file says now, through
        one function (``hooks.reapply_rule_domains``), and leave the other rules alone."""
        from ..hooks import reapply_rule_domains

        own = self.env.ref("vip_customer_care.rule_res_partner_vip_own")
        untouched = self.env.ref("vip_customer_care.rule_res_partner_vip_all")
        current, other = own.domain_force, untouched.domain_force
        own.domain_force = "[('user_id', '=', user.id)]"  # the statement of an older version
        changed = reapply_rule_domains(self.env, ("security/vip_partner_rules.xml",))
        self.assertEqual(changed, own)
        self.assertEqual(own.domain_force, current)
        self.assertEqual(untouched.domain_force, other)
        self.assertFalse(reapply_rule_domains(self.env, ("security/vip_partner_rules.xml",)))
