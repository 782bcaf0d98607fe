# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .call_kw_common import CallKwCase, RpcRefused
from .common import pdf_text, require_pdf_tools
from .reception_common import ReceptionCommon

REPORT = "vip_customer_care.action_report_vip_evaluation"


@tagged("post_install", "-at_install")
class TestOversightEvaluation(ReceptionCommon):
    """R-OVS-05: quarterly evaluations of a department or a salesperson, weighted quantitative
    60 % / qualitative 40 % (company settings), approved by the general manager.

    Data of Q1 2026 in the test company: one reception held on 3 March 2026, requested by the
    requester (department Sales), done, satisfaction 95, budget 1,000, actual cost 800, no
    complaint, no incident. Measured KPIs of the requester and of Sales (issue 20: an evaluation
    is scored on its subject's KPIs): satisfaction (95 >= 90), major-complaint rate (0 <= 0.5),
    cost control (80 % <= 100 %), safety incident rate (0 <= 1): four measured, four on target;
    the other KPIs have no data. Logistics has no record: nothing measured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="eval_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        reception = cls.env["vip.reception"].with_user(cls.requester).create({
            "company_id": cls.company.id, "partner_ids": [Command.set(cls.customer.ids)],
            "business_type_id": cls.business.id, "purpose": "Evaluation data",
            "date_start": datetime(2026, 3, 3, 10), "date_end": datetime(2026, 3, 3, 16), "venue": "VIP room 1",
            "budget_line_ids": [Command.create({"category": "meals", "amount": 1000.0, "basis": "per head"})],
        })
        reception.budget_line_ids._vip_action_write({"approved_amount": 1000.0})
        reception._vip_action_write({"state": "done", "satisfaction_score": 95.0})
        reception._vip_ensure_analytic_account()
        account = reception.vip_analytic_account_id
        cls.env["account.analytic.line"].create({
            "name": "Dinner", "amount": -800.0, account.plan_id._column_name(): account.id,
            "company_id": cls.company.id, "date": date(2026, 3, 3), "vip_reception_id": reception.id,
        })

    def _evaluation(self, user=None, **vals):
        return self.env["vip.evaluation"].with_user(user or self.compliance).create({
            "company_id": self.company.id, "year": 2026, "quarter": "1", "subject_type": "department",
            "department_id": self.sales_dept.id, "qualitative_score": 50.0,
            "qualitative_comment": "Good follow-up of complaints.", **vals,
        })

    # ------------------------------------------------------------------ scores
    def test_quantitative_score_from_the_kpis(self):
        """R-OVS-05 / R-OVS-01: the quantitative score is the share of the quarter's measured KPIs
        on target, x 100, as the KPI function gives them for the department: 4 of 4 -> 100; with
        a satisfaction target of 96, 3 of 4 -> 75."""
        evaluation = self._evaluation()
        self.assertEqual((evaluation.date_from, evaluation.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        Kpi = self.env["vip.oversight.kpi"].with_user(self.compliance)
        kpis = Kpi._vip_kpi_compute(
            self.company, date(2026, 1, 1), date(2026, 3, 31), users=Kpi._vip_kpi_scope_users(self.sales_dept),
        )
        measured = {kpi["code"]: kpi["status"] for kpi in kpis if kpi["status"] != "warning"}
        self.assertEqual(measured, {
            "satisfaction": "ok", "major_complaint": "ok", "cost_control": "ok", "safety_incident": "ok",
        })
        self.assertEqual((evaluation.kpi_measured_count, evaluation.kpi_on_target_count), (4, 4))
        self.assertEqual(evaluation.quantitative_score, 100.0)
        # 100 x 60 % + 50 x 40 % = 80, grade B.
        self.assertEqual((evaluation.total_score, evaluation.grade), (80.0, "b"))
        self.company.vip_kpi_satisfaction = 96.0
        evaluation.with_user(self.compliance).action_refresh_kpis()
        self.assertEqual((evaluation.kpi_measured_count, evaluation.kpi_on_target_count), (4, 3))
        self.assertEqual(evaluation.quantitative_score, 75.0)
        # 75 x 60 % + 50 x 40 % = 65, grade C.
        self.assertEqual((evaluation.total_score, evaluation.grade), (65.0, "c"))
        statuses = {line["code"]: line["status"] for line in evaluation.kpi_lines}
        self.assertEqual(statuses["satisfaction"], "bad")

    def test_scored_on_the_subjects_kpis(self):
        """Issue 20 / R-OVS-05 / R-OVS-01: each evaluation is scored on its subject's KPIs, not the
        company's. Q1 2026 adds, for the outsider (department Logistics): a reception on 10
        March, done, satisfaction 80, budget 1,000, actual 500, and a visit they host, declined.
        The outsider's KPIs: satisfaction 80 < 90 (off), cost control 50 % <= 100 % (on), major
        complaints 0 / 1 (on), safety incidents 0 / 1 (on), appointments 0 / 1 < 90 % (off):
        3 of 5 on target -> 60; total 60 x 60 % + 50 x 40 % = 56, grade D. The requester's KPIs
        are still 4 of 4 -> 100 (total 80, B), where the company's would be 3 of 5. The
        department Logistics is the outsider's figures: 60. Another salesperson in draft:
        the KPIs are taken again, nothing measured -> 0 of 0."""
        customer = self.env["res.partner"].create({
            "name": "Outsider's VIP", "company_id": self.company.id, "vip_service_level": "vip",
            "vip_nationality_id": self.env.ref("base.cn").id, "user_id": self.outsider.id,
        })
        reception = self.env["vip.reception"].with_user(self.outsider).create({
            "company_id": self.company.id, "partner_ids": [Command.set(customer.ids)],
            "business_type_id": self.business.id, "purpose": "Evaluation data",
            "date_start": datetime(2026, 3, 10, 10), "date_end": datetime(2026, 3, 10, 16), "venue": "VIP room 2",
            "budget_line_ids": [Command.create({"category": "meals", "amount": 1000.0, "basis": "per head"})],
        })
        reception.budget_line_ids._vip_action_write({"approved_amount": 1000.0})
        reception._vip_action_write({"state": "done", "satisfaction_score": 80.0})
        reception._vip_ensure_analytic_account()
        account = reception.vip_analytic_account_id
        self.env["account.analytic.line"].create({
            "name": "Lunch", "amount": -500.0, account.plan_id._column_name(): account.id,
            "company_id": self.company.id, "date": date(2026, 3, 10), "vip_reception_id": reception.id,
        })
        visit = self.env["vip.visit.appointment"].with_user(self.requester).create({
            "company_id": self.company.id, "partner_id": self.customer.id,
            "host_employee_id": self.outsider_employee.id, "date_start": datetime(2026, 3, 12, 10),
            "date_end": datetime(2026, 3, 12, 12), "purpose": "Evaluation visit", "channel": "phone",
        })
        visit._vip_action_write({"state": "declined"})

        outsider = self._evaluation(subject_type="salesperson", department_id=False, salesperson_id=self.outsider.id)
        values = {line["code"]: (line["value"], line["status"]) for line in outsider.kpi_lines}
        self.assertEqual(
            {code: value for code, value in values.items() if value[1] != "warning"},
            {"satisfaction": (80.0, "bad"), "cost_control": (50.0, "ok"), "major_complaint": (0.0, "ok"),
             "safety_incident": (0.0, "ok"), "appointment": (0.0, "bad")},
        )
        self.assertEqual((outsider.kpi_measured_count, outsider.kpi_on_target_count), (5, 3))
        self.assertEqual((outsider.quantitative_score, outsider.total_score, outsider.grade), (60.0, 56.0, "d"))

        requester = self._evaluation(subject_type="salesperson", department_id=False, salesperson_id=self.requester.id)
        self.assertEqual((requester.kpi_measured_count, requester.kpi_on_target_count), (4, 4))
        self.assertEqual((requester.quantitative_score, requester.total_score, requester.grade), (100.0, 80.0, "b"))
        company = self.env["vip.oversight.kpi"].with_user(self.compliance)._vip_kpi_compute(
            self.company, date(2026, 1, 1), date(2026, 3, 31),
        )
        self.assertEqual(
            sum(kpi["status"] == "ok" for kpi in company), 3, "the company's KPIs would score 3 of 5, not 4 of 4",
        )

        logistics = self._evaluation(department_id=self.other_dept.id)
        self.assertEqual((logistics.kpi_measured_count, logistics.kpi_on_target_count), (5, 3))
        self.assertEqual(logistics.quantitative_score, 60.0)
        sales = self._evaluation()
        self.assertEqual(sales.quantitative_score, 100.0)

        outsider.with_user(self.compliance).write({"salesperson_id": self.sales_other.id})
        self.assertEqual((outsider.kpi_measured_count, outsider.quantitative_score), (0, 0.0))
        self.assertEqual(outsider.name, "2026 Q1 " + self.sales_other.name)

    def test_weighting_by_hand(self):
        """R-OVS-05: total = quantitative x 60 % + qualitative x 40 % (80 and 50 -> 68, grade C);
        with company weights 70 / 30 -> 71. The quantitative score is set directly here as a
        test shortcut (its derivation is tested above)."""
        evaluation = self._evaluation()
        self.assertEqual((evaluation.weight_quantitative, evaluation.weight_qualitative), (60.0, 40.0))
        evaluation._vip_action_write({"quantitative_score": 80.0})
        self.assertEqual((evaluation.total_score, evaluation.grade), (68.0, "c"))
        self.company.write({"vip_eval_weight_quantitative": 70.0, "vip_eval_weight_qualitative": 30.0})
        other = self._evaluation(subject_type="salesperson", department_id=False, salesperson_id=self.requester.id)
        self.assertEqual((other.weight_quantitative, other.weight_qualitative), (70.0, 30.0))
        other._vip_action_write({"quantitative_score": 80.0})
        self.assertEqual((other.total_score, other.grade), (71.0, "c"))
        # The first evaluation keeps the weights it was made with until refreshed.
        self.assertEqual(evaluation.total_score, 68.0)

    def test_weights_sum_to_100(self):
        """R-OVS-05: the company's weights are positive and sum to 100 %."""
        with self.assertRaisesRegex(ValidationError, "sum to 100"):
            self.company.write({"vip_eval_weight_quantitative": 70.0})
        with self.assertRaisesRegex(ValidationError, "sum to 100"):
            self.company.write({"vip_eval_weight_quantitative": 110.0, "vip_eval_weight_qualitative": -10.0})
        self.company.write({"vip_eval_weight_quantitative": 50.0, "vip_eval_weight_qualitative": 50.0})

    def test_subject_and_uniqueness(self):
        """R-OVS-05: one department or one salesperson, evaluated once per quarter; the
        qualitative score is 0 to 100."""
        with self.assertRaisesRegex(ValidationError, "one department or of one salesperson"):
            self._evaluation(salesperson_id=self.requester.id)
        with self.assertRaisesRegex(ValidationError, "one department or of one salesperson"):
            self._evaluation(department_id=False)
        with self.assertRaises(ValidationError):
            self._evaluation(department_id=self.other_dept.id, qualitative_score=120.0)
        self._evaluation()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self._evaluation()
        self._evaluation(quarter="2")

    # ------------------------------------------------------------------ approval
    def test_gm_approves(self):
        """R-OVS-05 / R-APV-05: the evaluator submits, a VIP manager cannot sign, the general
        manager signs and the evaluation is approved; its scores are then fixed."""
        evaluation = self._evaluation()
        evaluation.with_user(self.compliance).action_submit()
        self.assertEqual(evaluation.state, "to_approve")
        self.assertIn(self.gm, evaluation.review_ids.reviewer_ids)
        self.assertNotIn(self.compliance, evaluation.review_ids.reviewer_ids)
        self.assertFalse(evaluation.with_user(self.manager).can_review)
        with self.assertRaises(UserError):
            evaluation.with_user(self.manager).validate_tier()
        with self.assertRaises(UserError):
            evaluation.with_user(self.compliance).validate_tier()
        self.assertTrue(evaluation.with_user(self.gm).can_review)
        evaluation.with_user(self.gm).validate_tier()
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(evaluation.review_ids.done_by, self.gm)
        with self.assertRaisesRegex(UserError, "can no longer be changed|change only through its buttons"):
            evaluation.with_user(self.compliance).write({"qualitative_score": 90.0})

    def test_gm_rejects_then_draft(self):
        """R-OVS-05: a rejected evaluation goes back to draft to be corrected and submitted again."""
        evaluation = self._evaluation()
        evaluation.with_user(self.compliance).action_submit()
        evaluation.with_user(self.gm).reject_tier()
        self.assertEqual(evaluation.state, "rejected")
        evaluation.with_user(self.compliance).action_reset_draft()
        evaluation.with_user(self.compliance).write({"qualitative_score": 60.0})
        self.assertEqual(evaluation.total_score, 84.0)

    def test_submit_needs_comment(self):
        """R-OVS-05: the qualitative score is given with the evaluator's comment."""
        evaluation = self._evaluation(qualitative_comment=False)
        with self.assertRaisesRegex(UserError, "comment"):
            evaluation.with_user(self.compliance).action_submit()

    def test_submit_several_at_once(self):
        """R-APV-01 / issue 19: several evaluations submitted in one call each get their own
        GM review."""
        evaluations = self._evaluation() | self._evaluation(department_id=self.other_dept.id)
        evaluations.with_user(self.compliance).action_submit()
        for evaluation in evaluations:
            self.assertEqual(evaluation.state, "to_approve")
            self.assertEqual(len(evaluation.review_ids), 1)
            self.assertIn(self.gm, evaluation.review_ids.reviewer_ids)
            self.assertTrue(evaluation.activity_ids.filtered(lambda a: a.user_id == self.gm))

    # ------------------------------------------------------------------ rights
    def test_access_per_group(self):
        """R-SEC-01 / R-OVS-05: a salesperson neither creates nor reads an evaluation in draft; a
        member of the department reads its approved evaluation; a VIP manager evaluates."""
        with self.assertRaises(AccessError):
            self._evaluation(user=self.requester)
        evaluation = self._evaluation(user=self.manager)
        with self.assertRaises(AccessError):
            evaluation.with_user(self.requester).read(["total_score"])
        with self.assertRaises(AccessError):
            evaluation.with_user(self.requester).write({"qualitative_score": 100.0})
        evaluation.with_user(self.manager).action_submit()
        evaluation.with_user(self.gm).validate_tier()
        # The requester works in the sales department: the approved evaluation is readable.
        self.assertEqual(evaluation.with_user(self.requester).read(["grade"])[0]["grade"], "b")
        self.assertFalse(self.env["vip.evaluation"].with_user(self.outsider).search([("id", "=", evaluation.id)]))

    def test_pdf_in_chinese(self):
        """R-OVS-05: the evaluation's PDF, in Chinese, shows its KPIs, scores, weights, total,
        grade and the GM's signature."""
        require_pdf_tools()
        evaluation = self._evaluation()
        evaluation.with_user(self.compliance).action_submit()
        evaluation.with_user(self.gm).validate_tier()
        self.env["res.lang"]._activate_lang("zh_CN")
        text = pdf_text(self.env, REPORT, evaluation, user=self.gm, lang="zh_CN")
        for expected in ("季度考核表", "Sales", "100.00", "50.00", "60.00", "40.00", "80.00", self.gm.login):
            self.assertIn(expected, text)
        # KPI labels, statuses and units in Chinese.
        for expected in ("客户满意度", "达标", "无数据", "95.00分", "个工作日"):
            self.assertIn(expected, text)


@tagged("post_install", "-at_install")
class TestOversightEvaluationRpc(CallKwCase):
    """R-OVS-05 over JSON-RPC as the web client sends it: once submitted, scores cannot be
    written, and nobody writes the state or the derived scores."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.compliance = new_test_user(
            cls.env, login="eval_rpc_compliance", groups="base.group_user,vip_customer_care.group_vip_compliance",
            company_id=company.id, company_ids=[company.id],
        )
        department = cls.env["hr.department"].create({"name": "Evaluated", "company_id": company.id})
        cls.evaluation = cls.env["vip.evaluation"].with_user(cls.compliance).create({
            "company_id": company.id, "year": 2025, "quarter": "4", "subject_type": "department",
            "department_id": department.id, "qualitative_score": 70.0, "qualitative_comment": "Fine.",
        })

    def test_locks_over_rpc(self):
        """R-OVS-05 / R-SEC-01: the derived score and the state are refused in draft; after
        submission (set directly, as a test shortcut) the qualitative score is refused too."""
        self.login(self.compliance)
        ids = [self.evaluation.id]
        for vals in ({"state": "approved"}, {"quantitative_score": 100.0}, {"total_score": 100.0}):
            with self.assertRaisesRegex(RpcRefused, "change only through its buttons"):
                self.call_kw("vip.evaluation", "write", [ids, vals])
        self.call_kw("vip.evaluation", "write", [ids, {"qualitative_score": 75.0}])
        self.evaluation.flush_recordset()
        self.env.cr.execute("UPDATE vip_evaluation SET state = 'to_approve' WHERE id = %s", ids)
        self.env.invalidate_all()
        with self.assertRaisesRegex(RpcRefused, "can no longer be changed|change only through its buttons"):
            self.call_kw("vip.evaluation", "write", [ids, {"qualitative_score": 100.0}])
        with self.assertRaisesRegex(RpcRefused, "can no longer be changed|change only through its buttons"):
            self.call_kw("vip.evaluation", "write", [ids, {"department_id": False, "subject_type": "salesperson"}])
        self.assertEqual(self.evaluation.qualitative_score, 75.0)
