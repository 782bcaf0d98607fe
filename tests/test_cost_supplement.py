# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19, costs: a supplementary budget is routed by the reception's new total and reviewed
one level up for a department head; the reception's department asks for it from the reception
and follows it; marketing reads budget versus actual per category."""
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .call_kw_common import CallKwCase, RpcRefused
from .cost_common import CostCommon
from .reception_common import FRIDAY

SUPPLEMENT = "vip.reception.budget.supplement"
ANALYSIS = "vip.reception.cost.analysis"
# The steps that decide on the amount, as named on the reviews of both models.
VP_STEP = "VP in charge approval"
GM_STEP = "General manager approval"
HEAD_STEP = "Department head approval"
LOCKED = "change only through its buttons|can no longer be changed"


class SupplementCommon(CostCommon):
    """The cost fixtures with lower approval limits set in the settings (department head up to
    50,000, general manager from 80,000, two finance signatures from 50,000) and a reception
    approved at 30,000 (meals 20,000, transport 10,000)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.config.settings"].with_company(cls.company).create({
            "vip_apv_dept_head_limit": 50000.0, "vip_apv_gm_from": 80000.0, "vip_apv_finance_double_from": 50000.0,
        }).execute()
        cls.reception_30k = cls._approved_reception(meals=20000.0, transport=10000.0)

    def _band(self, amount):
        """The band the company's settings give ``amount`` (R-APV-01)."""
        return self.env[SUPPLEMENT].new({"reception_id": self.reception_30k.id})._vip_amount_route(amount)[0]

    def _sign_all(self, record):
        """Every pending step signed by its first reviewer, as they would from their activity."""
        for _step in range(8):
            record.invalidate_recordset()
            if record.state != "to_approve":
                break
            review = record.review_ids.filtered(lambda r: r.status == "pending").sorted("sequence")[:1]
            record.with_user(review.reviewer_ids.sorted("id")[0]).validate_tier()
        record.invalidate_recordset()
        return record

    def _steps(self, record):
        record.invalidate_recordset()
        return set(record.review_ids.mapped("name"))


@tagged("post_install", "-at_install")
class TestSupplementRouting(SupplementCommon):
    """R-COST-03 / R-APV-01 / R-APV-02: routed by the reception's new total."""

    def test_split_reaches_vp_then_gm_like_one_increase(self):
        """R-COST-03, R-APV-01: 60,000 split into two supplementary budgets of 30,000 on a
        reception of 30,000: the first is routed by 60,000 (VP in charge, two finance
        signatures), the second by 90,000 (VP then general manager), as one increase of the
        reception's budget from 30,000 to 90,000 is; either part alone would stay with the
        department head."""
        company = self.company
        self.assertEqual(self._band(30000.0), "dept_head", "each part alone is within the head's limit")
        self.assertEqual(self._band(60000.0), "vp")
        self.assertEqual(self._band(90000.0), "gm")
        first = self._supplement(30000.0, reception=self.reception_30k)
        first.with_user(self.requester).action_request()
        self.assertEqual(first.vip_route_total, 60000.0)
        self.assertEqual(first.approval_band, "vp")
        self.assertTrue(first.needs_finance_double_sign, "60,000 >= %s" % company.vip_apv_finance_double_from)
        self.assertIn(VP_STEP, self._steps(first))
        self.assertNotIn(HEAD_STEP, self._steps(first))
        self._sign_all(first)
        self.assertEqual(first.state, "approved")
        self.assertEqual(self.reception_30k.vip_cost_budget, 60000.0)

        second = self._supplement(30000.0, category="transport", reception=self.reception_30k)
        second.with_user(self.requester).action_request()
        self.assertEqual(second.vip_route_total, 90000.0)
        self.assertGreaterEqual(second.vip_route_total, company.vip_apv_gm_from)
        self.assertEqual(second.approval_band, "gm")
        self.assertTrue({VP_STEP, GM_STEP} <= self._steps(second))
        self._sign_all(second)
        self.assertEqual(second.state, "approved")
        self.assertTrue(second.review_ids.done_by & (self.gm | self.gm_office), "a general manager signed")
        self.assertIn(self.vp, second.review_ids.done_by)

        # The same 60,000 as one increase of another reception of 30,000.
        other = self._approved_reception(meals=20000.0, transport=10000.0)
        line = other.budget_line_ids.filtered(lambda b: b.category == "meals")
        line.with_user(self.marketing).write({"amount": 80000.0})
        other.invalidate_recordset()
        self.assertEqual((other.state, other.amount_total, other.approval_band), ("to_approve", 90000.0, "gm"))
        self.assertTrue({VP_STEP, GM_STEP} <= self._steps(other))
        self.assertEqual(second.approval_band, other.approval_band)

    def test_sent_together_counted_together(self):
        """R-COST-03, R-APV-01: two supplementary budgets sent in one call count each other
        (a supplement waiting for approval is part of the new total): 60,000 then 90,000."""
        both = self._supplement(30000.0, reception=self.reception_30k) | self._supplement(
            30000.0, category="transport", reception=self.reception_30k)
        both.with_user(self.requester).action_request()
        first, second = both.sorted("id")
        self.assertEqual((first.vip_route_total, first.approval_band), (60000.0, "vp"))
        self.assertEqual((second.vip_route_total, second.approval_band), (90000.0, "gm"))

    def test_pending_route_frozen(self):
        """R-COST-03, R-APV-01: the total a pending request was routed by stays as it was
        sent: approving (or rejecting) another supplementary budget afterwards changes
        neither its total, nor its band, nor its steps; a rejected one sent again is routed
        by the total of that moment."""
        small = self._supplement(5000.0, reception=self.reception_30k)
        small.with_user(self.requester).action_request()
        self.assertEqual((small.vip_route_total, small.approval_band), (35000.0, "dept_head"))
        big = self._supplement(30000.0, category="transport", reception=self.reception_30k)
        big.with_user(self.requester).action_request()
        self.assertEqual((big.vip_route_total, big.approval_band), (65000.0, "vp"))
        steps = self._steps(big)
        self._sign_all(small)
        self.assertEqual(small.state, "approved")
        big.invalidate_recordset()
        self.assertEqual((big.vip_route_total, big.approval_band, big.state), (65000.0, "vp", "to_approve"))
        self.assertEqual(self._steps(big), steps)
        # Rejected, back to draft (no route), sent again: 30,000 + 5,000 approved + 30,000.
        big.with_user(self.vp).reject_tier()
        big.invalidate_recordset()
        self.assertEqual(big.state, "rejected")
        big.with_user(self.requester).action_reset_draft()
        self.assertEqual((big.vip_route_total, big.approval_band), (0.0, False))
        big.with_user(self.requester).action_request()
        self.assertEqual((big.vip_route_total, big.approval_band), (65000.0, "vp"))

    def test_route_total_not_written_by_hand(self):
        """R-COST-03: the total a request is routed by is written by the request only."""
        supplement = self._supplement(1000.0, reception=self.reception_30k)
        with self.assertRaisesRegex(UserError, LOCKED):
            supplement.with_user(self.requester).write({"vip_route_total": 1.0})
        supplement.with_user(self.requester).action_request()
        with self.assertRaisesRegex(UserError, LOCKED):
            supplement.with_user(self.finance_1).write({"vip_route_total": 1.0})
        self.assertEqual(supplement.vip_route_total, 31000.0)


@tagged("post_install", "-at_install")
class TestSupplementReviewers(SupplementCommon):
    """R-APV-05: a department head's supplementary budget goes one level up."""

    def test_head_supplement_signed_by_vp_then_manager(self):
        """R-APV-05, R-APV-01: the department head (lead person of the reception) files a
        supplementary budget: the department-head step goes to the VP in charge while the
        head has no manager, to their manager once they have one; never to themselves. A
        salesperson's request still goes to the head."""
        own = self._supplement(2000.0, reception=self.reception_30k, user=self.head)
        self.assertEqual((own.dept_head_user_id, own.vp_user_id), (self.vp, self.vp))
        own.with_user(self.head).action_request()
        self.assertEqual(own.approval_band, "dept_head")
        with self.assertRaisesRegex(UserError, "R-APV-05"):
            own.with_user(self.head).validate_tier()
        self.assertEqual(self._pending(own).reviewer_ids, self.vp)
        self._sign_all(own)
        self.assertEqual(own.state, "approved")
        self.assertNotIn(self.head, own.review_ids.done_by)
        self.assertIn(self.vp, own.review_ids.done_by)

        director = new_test_user(
            self.env, login="cost_director", groups="base.group_user,vip_customer_care.group_vip_user",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        self.head_employee.parent_id = self.env["hr.employee"].create({
            "name": "Sales director", "user_id": director.id, "company_id": self.company.id,
            "department_id": self.sales_dept.id,
        })
        second = self._supplement(1000.0, category="transport", reception=self.reception_30k, user=self.head)
        second.with_user(self.head).action_request()
        self.assertEqual(second.dept_head_user_id, director)
        self.assertEqual(self._pending(second).reviewer_ids, director)
        self._sign_all(second)
        self.assertEqual(second.state, "approved")
        self.assertEqual(second.review_ids.done_by & (self.head | director), director)

        sales = self._supplement(1000.0, category="meals", reception=self.reception_30k)
        self.assertEqual(sales.dept_head_user_id, self.head)


@tagged("post_install", "-at_install")
class TestSupplementFromReception(SupplementCommon):
    """R-COST-03 / R-COST-02: sales ask for a supplementary budget from the reception and see
    those of their receptions; marketing reads budget versus actual per category."""

    def test_sales_request_from_reception_form(self):
        """R-COST-03, R-APV-04: the requester opens the reception, presses "Request
        supplementary budget", gets the supplementary budget form for this reception, sends it
        on Friday (due after the weekend and Monday's public holiday) and follows its state on
        the reception's Costs tab until it is approved."""
        reception = self.reception_30k.with_user(self.requester)
        action = reception.action_vip_request_supplement()
        self.assertEqual((action["res_model"], action["context"]), (SUPPLEMENT, {"default_reception_id": reception.id}))
        with Form(self.env[SUPPLEMENT].with_user(self.requester).with_context(**action["context"])) as form:
            self.assertEqual(form.reception_id, self.reception_30k)
            self.assertEqual(form.user_id, self.requester)
            form.category = "gifts"
            form.amount = 4000.0
            form.reason = "A second pendant for the customer's daughter"
        supplement = form.record
        with freeze_time(FRIDAY):
            supplement.with_user(self.requester).action_request()
        self.assertEqual(supplement.approval_due, datetime(2026, 11, 26, 17, 0))
        reception.invalidate_recordset()
        rows = reception.read(["vip_budget_supplement_ids"])[0]["vip_budget_supplement_ids"]
        self.assertEqual(rows, supplement.ids)
        self.assertEqual(reception.vip_budget_supplement_ids.mapped("state"), ["to_approve"])
        self._sign_all(supplement)
        reception.invalidate_recordset()
        self.assertEqual(reception.vip_budget_supplement_ids.mapped("state"), ["approved"])
        self.assertEqual(reception.vip_cost_budget, 34000.0)

    def test_button_only_on_approved_receptions(self):
        """R-COST-03: a reception not approved yet changes its budget lines instead."""
        draft = self._reception(1000.0)
        with self.assertRaisesRegex(UserError, "change its budget lines"):
            draft.with_user(self.requester).action_vip_request_supplement()

    def test_sales_see_supplements_of_their_receptions_only(self):
        """R-COST-03, R-SEC-01: the requester sees every supplementary budget of their reception
        (also one finance filed) but changes only their own; another salesperson sees none of
        them and cannot file one on that reception."""
        by_finance = self._supplement(1500.0, reception=self.reception_30k, user=self.finance_1)
        mine = self._supplement(500.0, category="transport", reception=self.reception_30k)
        Supplement = self.env[SUPPLEMENT]
        self.assertEqual(Supplement.with_user(self.requester).search([("reception_id", "=", self.reception_30k.id)]),
                         by_finance | mine)
        self.assertEqual(by_finance.with_user(self.requester).state, "draft")
        with self.assertRaises(AccessError):
            by_finance.with_user(self.requester).write({"reason": "Changed by sales"})
        self.assertFalse(Supplement.with_user(self.sales_other).search([("reception_id", "=", self.reception_30k.id)]))
        with self.assertRaises(AccessError):
            mine.with_user(self.sales_other).read(["state"])
        with self.assertRaises(AccessError):
            self.reception_30k.with_user(self.sales_other).read(["vip_budget_supplement_ids"])
        with self.assertRaisesRegex(UserError, "reception you can see"):
            self._supplement(100.0, reception=self.reception_30k, user=self.sales_other)

    def test_marketing_reads_budget_versus_actual(self):
        """R-COST-02: marketing reads budget and actual per category of the receptions it sees
        (the analysis, the reception's Costs tab and the menu) but cannot write them; sales and
        security have no access to them; finance reads them."""
        self._bill(8000.0, reception=self.reception_30k).with_user(self.finance_1).action_post()
        domain = [("reception_id", "=", self.reception_30k.id)]
        Analysis = self.env[ANALYSIS]
        rows = Analysis.with_user(self.marketing).search_read(domain, ["category", "budget", "actual"])
        self.assertEqual({r["category"]: (r["budget"], r["actual"]) for r in rows},
                         {"meals": (20000.0, 8000.0), "transport": (10000.0, 0.0)})
        self.assertEqual(Analysis.with_user(self.finance_1).search_count(domain), 2)
        lines = self.reception_30k.with_user(self.marketing).vip_cost_line_ids
        self.assertEqual(sorted(lines.mapped("category")), ["meals", "transport"])
        row = Analysis.with_user(self.marketing).search(domain + [("category", "=", "meals")])
        with self.assertRaises(AccessError):
            row.write({"budget": 1.0})
        with self.assertRaises(AccessError):
            Analysis.with_user(self.marketing).create({"reception_id": self.reception_30k.id, "budget": 1.0})
        with self.assertRaises(AccessError):
            row.unlink()
        for user in (self.requester, self.guard):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Analysis.with_user(user).search(domain)
        menu = self.env.ref("vip_customer_care.menu_vip_cost_analysis")
        supplements_menu = self.env.ref("vip_customer_care.menu_vip_budget_supplement")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.marketing)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.finance_1)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.requester)._visible_menu_ids())
        self.assertIn(supplements_menu.id, Menu.with_user(self.requester)._visible_menu_ids())
        self.assertNotIn(self.env.ref("vip_customer_care.menu_vip_costs").id,
                         Menu.with_user(self.guard)._visible_menu_ids())
        action = self.reception_30k.with_user(self.marketing).action_vip_view_cost_analysis()
        self.assertEqual(action["res_model"], ANALYSIS)


@tagged("post_install", "-at_install")
class TestSupplementOverRpc(CallKwCase, SupplementCommon):
    """The same, over JSON-RPC as the web client sends it (R-COST-03, R-COST-02, R-SEC-01)."""

    def test_sales_request_and_follow_over_rpc(self):
        """R-COST-03: the requester presses the reception's button, saves the prefilled form,
        sends it and reads its state and route on the reception; the route total cannot be
        forged; another salesperson reads none of it."""
        self.login(self.requester)
        action = self.call_kw("vip.reception", "action_vip_request_supplement", [self.reception_30k.ids])
        self.assertEqual(action["res_model"], SUPPLEMENT)
        [supplement_id] = self.call_kw(SUPPLEMENT, "create", [[{
            "category": "meals", "amount": 30000.0, "reason": "Ten more guests at the banquet",
        }]], {"context": action["context"]})
        with self.assertRaisesRegex(RpcRefused, LOCKED):
            self.call_kw(SUPPLEMENT, "write", [[supplement_id], {"vip_route_total": 1.0}])
        self.call_kw(SUPPLEMENT, "action_request", [[supplement_id]])
        [reception] = self.call_kw("vip.reception", "web_read", [self.reception_30k.ids], {"specification": {
            "vip_budget_supplement_ids": {"fields": {"state": {}, "approval_band": {}, "vip_route_total": {}}},
        }})
        self.assertEqual(reception["vip_budget_supplement_ids"], [{
            "id": supplement_id, "state": "to_approve", "approval_band": "vp", "vip_route_total": 60000.0,
        }])
        self.login(self.sales_other)
        self.assertEqual(self.call_kw(SUPPLEMENT, "search_read", [[("reception_id", "=", self.reception_30k.id)]],
                                      {"fields": ["state"]}), [])
        with self.assertRaisesRegex(RpcRefused, "AccessError"):
            self.call_kw(SUPPLEMENT, "read", [[supplement_id], ["state"]])
        with self.assertRaisesRegex(RpcRefused, "reception you can see"):
            self.call_kw(SUPPLEMENT, "create", [[{
                "reception_id": self.reception_30k.id, "category": "meals", "amount": 10.0, "reason": "x",
            }]])

    def test_marketing_reads_per_category_over_rpc(self):
        """R-COST-02: marketing groups budget versus actual by category over RPC and is
        refused any write; a salesperson is refused the analysis."""
        self._bill(8000.0, reception=self.reception_30k).with_user(self.finance_1).action_post()
        domain = [("reception_id", "=", self.reception_30k.id)]
        self.login(self.marketing)
        groups = self.call_kw(ANALYSIS, "read_group", [domain, ["budget:sum", "actual:sum"], ["category"]],
                              {"lazy": False})
        self.assertEqual({g["category"]: (g["budget"], g["actual"]) for g in groups},
                         {"meals": (20000.0, 8000.0), "transport": (10000.0, 0.0)})
        [row_id] = self.call_kw(ANALYSIS, "search", [domain + [("category", "=", "meals")]])
        with self.assertRaisesRegex(RpcRefused, "AccessError"):
            self.call_kw(ANALYSIS, "write", [[row_id], {"budget": 1.0}])
        self.login(self.requester)
        with self.assertRaisesRegex(RpcRefused, "AccessError"):
            self.call_kw(ANALYSIS, "read_group", [domain, ["budget:sum"], ["category"]])
