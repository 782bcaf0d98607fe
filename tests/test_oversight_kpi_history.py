# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-OVS-01/02: the KPI history (``vip.kpi.history``), the monthly reports' KPI lines month
after month, in a line chart and a pivot; the monthly reports' own graph and pivot."""
from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from . import test_oversight_report as report_tests
from .call_kw_common import CallKwCase
from .reception_common import ReceptionCommon

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
HISTORY_ACTION = "vip_customer_care.action_vip_kpi_history"
REPORT_ACTION = "vip_customer_care.action_vip_monthly_report"
# The data-building helpers of the monthly report tests (those of the KPI tests).
REPORT_CASE = report_tests.TestOversightReport.__dict__
# The measures of the monthly reports' pivot, with the aggregate the pivot asks for.
REPORT_MEASURES = ("satisfaction:avg", "cost_control_rate:avg", "reception_count:sum", "complaint_count:sum",
                   "rect_open_count:sum")


@tagged("post_install", "-at_install")
class TestOversightKpiHistory(ReceptionCommon):
    """March 2026 (the report tests' data): receptions A (score 90, budget 1,000, actual 800)
    and B (score 91, budget 1,000, actual 1,200) and two more held, a valid major complaint,
    one open urgent rectification. April 2026: E (score 80, budget 1,000, actual 900) and one
    more held, no complaint. Satisfaction 90.5 then 80 (target 90: on, then off target),
    spend versus budget 100 % then 90 % (target 100: on target both), major complaints
    1 / 4 = 25 % then 0 / 2 = 0 % (target 0.5 %: off, then on target)."""

    _reception_vals = REPORT_CASE["_reception_vals"]
    _held = REPORT_CASE["_held"]
    _actual = REPORT_CASE["_actual"]
    _incident = REPORT_CASE["_incident"]
    _complaint = REPORT_CASE["_complaint"]
    _generate = REPORT_CASE["_generate"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.History = cls.env["vip.kpi.history"]
        cls.Report = cls.env["vip.monthly.report"]
        cls.manager = new_test_user(
            cls.env, login="history_manager", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=cls.company.id, company_ids=[cls.company.id],
        )
        cls._held((3, 3), "done", score=90.0, budget=1000.0, actual=800.0)
        cls._held((3, 10), "review", score=91.0, budget=1000.0, actual=1200.0)
        cls._held((3, 12), "done")
        cls._held((3, 20), "approved")
        cls._held((4, 7), "done", score=80.0, budget=1000.0, actual=900.0)
        cls._held((4, 14), "approved")
        cls.env["vip.rectification"].create({
            "company_id": cls.company.id, "title": "Urgent", "description": "x", "level": "urgent",
        })

    def setUp(self):
        super().setUp()
        self._complaint(datetime(2026, 3, 4, 10), severity="major", validity="valid")
        self.march = self._generate(month=MARCH)
        self.april = self._generate(month=APRIL)
        self.env.flush_all()

    def _expected(self, *reports):
        """{(month, KPI code): (value, target, status, records)} as the reports stored them."""
        return {
            (report.month, line["code"]): (line["value"], line["target"], line["status"], line["count"])
            for report in reports for line in report.kpi_data
        }

    def assertValue(self, got, expected, msg=None, empty=False):
        if expected is None:
            # Nothing measured: an empty cell of the chart or pivot (False), never a made-up 0;
            # a row read as a record shows 0.0 with has_value False.
            self.assertEqual((type(got), got), (type(empty), empty), msg)
        else:
            self.assertAlmostEqual(got, expected, places=4, msg=msg)

    # ------------------------------------------------------------------ figures
    def test_rows_are_the_reports_kpis(self):
        """R-OVS-01/02: internal control reads one row per month and KPI (2 x 10), each with the
        value, target, status and records of the KPI line the month's report stored; the figures
        checked by hand: satisfaction 90.5 (on target) then 80 (off target), spend versus budget
        100 % then 90 %, major complaints 25 % (off target) then 0 % (on target)."""
        rows = self.History.with_user(self.compliance).search_read(
            [], ["month", "code", "has_value", "value", "target", "status", "on_target", "record_count", "unit",
                 "report_id"],
        )
        self.assertEqual(len(rows), 20)
        expected = self._expected(self.march, self.april)
        self.assertEqual({(row["month"], row["code"]) for row in rows}, set(expected))
        for row in rows:
            value, target, status, count = expected[(row["month"], row["code"])]
            key = f"{row['month']} {row['code']}"
            self.assertValue(row["value"], value, key, empty=0.0)
            self.assertEqual(row["has_value"], value is not None, key)
            self.assertAlmostEqual(row["target"], target, places=4, msg=key)
            self.assertEqual((row["status"], row["on_target"], row["record_count"]), (status, status == "ok", count), key)
            self.assertEqual(row["report_id"][0], (self.march if row["month"] == MARCH else self.april).id)
        by_key = {(row["month"], row["code"]): row for row in rows}
        summary = {
            code: [(by_key[(month, code)]["value"], by_key[(month, code)]["status"]) for month in (MARCH, APRIL)]
            for code in ("satisfaction", "cost_control", "major_complaint")
        }
        self.assertEqual(summary, {
            "satisfaction": [(90.5, "ok"), (80.0, "bad")],
            "cost_control": [(100.0, "ok"), (90.0, "ok")],
            "major_complaint": [(25.0, "bad"), (0.0, "ok")],
        })
        # No plan went for approval in March: no value, "No data", not a 0 on target.
        self.assertEqual(
            (by_key[(MARCH, "plan_days")]["has_value"], by_key[(MARCH, "plan_days")]["status"]), (False, "warning"),
        )
        self.assertEqual(by_key[(MARCH, "satisfaction")]["unit"], "points")
        self.assertEqual(by_key[(MARCH, "cost_control")]["unit"], "%")
        # A draft report refreshed: the history follows its new figures (a score of 70 in April).
        self._held((4, 21), "done", score=70.0)
        self._generate(month=APRIL)
        # The next screen is a new request (a new cache).
        self.env.flush_all()
        self.env.invalidate_all()
        [row] = self.History.with_user(self.compliance).search_read(
            [("month", "=", APRIL), ("code", "=", "satisfaction")], ["value", "status"],
        )
        self.assertEqual((row["value"], row["status"]), (75.0, "bad"))

    def test_graph_and_pivot_calls(self):
        """R-OVS-01: the line chart's call (``web_read_group`` by month and KPI, as the graph view
        sends it) and the pivot's calls (``read_group`` of the KPIs by month, lazy=False) give
        each month's KPI values as the reports stored them; the totals row averages the months."""
        History = self.History.with_user(self.compliance)
        expected = self._expected(self.march, self.april)
        graph = History.with_context(fill_temporal=True).web_read_group(
            [], ["value:avg"], ["month:month", "code"], lazy=False,
        )
        got = {
            (date.fromisoformat(group["__range"]["month:month"]["from"]), group["code"]): group["value"]
            for group in graph["groups"]
        }
        self.assertEqual(set(got), set(expected))
        for key, value in got.items():
            self.assertValue(value, expected[key][0], str(key))
        self.assertEqual(graph["length"], 20)
        # The pivot: the total, the rows (KPI), the columns (month) and the cells.
        [total] = History.read_group([], ["value:avg", "target:avg"], [], lazy=False)
        self.assertEqual(total["__count"], 20)
        rows = History.read_group([], ["value:avg"], ["code"], lazy=False)
        self.assertEqual(len(rows), 10)
        satisfaction = next(row for row in rows if row["code"] == "satisfaction")
        self.assertAlmostEqual(satisfaction["value"], (90.5 + 80.0) / 2, places=4)
        columns = History.read_group([], ["value:avg"], ["month:month"], lazy=False)
        self.assertEqual([column["__count"] for column in columns], [10, 10])
        cells = History.read_group([], ["value:avg", "record_count:sum"], ["code", "month:month"], lazy=False)
        self.assertEqual(len(cells), 20)
        for cell in cells:
            key = (date.fromisoformat(cell["__range"]["month:month"]["from"]), cell["code"])
            self.assertValue(cell["value"], expected[key][0], str(key))
            self.assertEqual(cell["record_count"], expected[key][3], str(key))

    def test_monthly_report_graph_and_pivot(self):
        """R-OVS-02: the monthly reports' pivot by month (satisfaction, spend versus budget,
        receptions, complaints, open rectifications) shows each report's stored figures: March
        90.5 / 100 % / 4 receptions / 1 complaint / 1 open rectification, April 80 / 90 % / 2 / 0 / 1."""
        Report = self.Report.with_user(self.compliance)
        groups = Report.read_group(
            [("company_id", "=", self.company.id)], list(REPORT_MEASURES), ["month:month"], lazy=False,
        )
        got = [
            (date.fromisoformat(group["__range"]["month:month"]["from"]),
             *(group[measure.split(":")[0]] for measure in REPORT_MEASURES))
            for group in groups
        ]
        self.assertEqual(sorted(got), [(MARCH, 90.5, 100.0, 4, 1, 1), (APRIL, 80.0, 90.0, 2, 0, 1)])
        for report in (self.march, self.april):
            self.assertIn((report.month, report.satisfaction, report.cost_control_rate, report.reception_count,
                           report.complaint_count, report.rect_open_count), got)

    # ------------------------------------------------------------------ screens
    def test_views_load_for_the_actions(self):
        """R-OVS-01/02: internal control, a VIP manager and the GM open the KPI history (line chart
        of the value by month and KPI, pivot, list) and the monthly reports' graph and pivot, as
        the web client loads them (``get_views`` of the action's views)."""
        history = self.env.ref(HISTORY_ACTION)
        reports = self.env.ref(REPORT_ACTION)
        self.assertEqual(history.view_mode, "graph,pivot,list")
        self.assertIn("graph", reports.view_mode.split(","))
        self.assertIn("pivot", reports.view_mode.split(","))
        for user in (self.compliance, self.manager, self.gm):
            with self.subTest(user=user.login):
                result = self.History.with_user(user).get_views(
                    [(False, "graph"), (False, "pivot"), (False, "list"), (history.search_view_id.id, "search")],
                    {"action_id": history.id, "load_filters": True},
                )
                graph = result["views"]["graph"]["arch"]
                self.assertIn('type="line"', graph)
                self.assertIn('name="month"', graph)
                self.assertIn('name="code"', graph)
                self.assertIn('<field name="value" type="measure"/>', graph)
                self.assertIn('name="value" type="measure"', result["views"]["pivot"]["arch"])
                search = result["views"]["search"]["arch"]
                for name in ("last_12_months", "filter_month", "group_code", "group_month"):
                    self.assertIn(f'name="{name}"', search)
                self.assertIn("value", result["models"]["vip.kpi.history"]["fields"])
                report_views = self.Report.with_user(user).get_views(
                    [(False, "graph"), (False, "pivot")], {"action_id": reports.id},
                )["views"]
                self.assertIn('<field name="satisfaction" type="measure"/>', report_views["graph"]["arch"])
                for measure in REPORT_MEASURES:
                    self.assertIn(f'name="{measure.split(":")[0]}" type="measure"', report_views["pivot"]["arch"])
        menu = self.env.ref("vip_customer_care.menu_vip_kpi_history")
        self.assertEqual(menu.parent_id, self.env.ref("vip_customer_care.menu_vip_oversight"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.compliance)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.requester)._visible_menu_ids())

    def test_dashboard_button_opens_the_company_history(self):
        """R-OVS-01: the KPI dashboard's "KPI history" button opens the history of the
        dashboard's company (graph first); read through it, the 20 rows of the two reports."""
        dashboard = self.env["vip.kpi.dashboard"].with_user(self.compliance).create({"company_id": self.company.id})
        action = dashboard.action_open_history()
        self.assertEqual(action["res_model"], "vip.kpi.history")
        self.assertEqual(action["domain"], [("company_id", "=", self.company.id)])
        self.assertEqual(action["views"][0][1], "graph")
        self.assertIn(self.company.name, action["name"])
        graph = self.History.with_user(self.compliance).web_read_group(
            action["domain"], ["value:avg"], ["month:month", "code"], lazy=False,
        )
        self.assertEqual(graph["length"], 20)

    # ------------------------------------------------------------------ access
    def test_other_company_does_not_see_the_rows(self):
        """R-OVS-01 / R-SEC-02: internal control of another company reads only its own company's
        KPI history (its report of March), not this company's rows, even by id or by a domain on
        the company; and the other way round."""
        company_b = self.env["res.company"].create({"name": "History B"})
        compliance_b = new_test_user(
            self.env, login="history_compliance_b", groups="base.group_user,vip_customer_care.group_vip_compliance",
            company_id=company_b.id, company_ids=[company_b.id],
        )
        report_b = self.env["vip.monthly.report.wizard"].with_user(compliance_b).create({
            "company_id": company_b.id, "month": date(2026, 3, 15),
        }).action_generate()["res_id"]
        self.env.flush_all()
        History_b = self.History.with_user(compliance_b)
        self.assertEqual(set(History_b.search([]).mapped("report_id").ids), {report_b})
        self.assertEqual(History_b.search_count([("company_id", "=", self.company.id)]), 0)
        self.assertEqual(
            [group["company_id"][0] for group in History_b.read_group([], ["value:avg"], ["company_id"])],
            [company_b.id],
        )
        ours = self.History.search([("company_id", "=", self.company.id)], limit=1)
        with self.assertRaises(AccessError):
            ours.with_user(compliance_b).read(["value"])
        self.assertEqual(self.History.with_user(self.compliance).search_count([("company_id", "=", company_b.id)]), 0)
        self.assertEqual(self.History.with_user(self.compliance).search_count([]), 20)

    def test_outside_oversight_groups_refused(self):
        """R-OVS-01 / R-SEC-01: sales, marketing, finance and security users are refused the
        KPI history (AccessError), also through the chart's and the pivot's calls; nobody writes
        it, not even internal control."""
        for user in (self.requester, self.marketing, self.finance_1, self.guard):
            History = self.History.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    History.search([])
                with self.assertRaises(AccessError):
                    History.web_read_group([], ["value:avg"], ["month:month", "code"], lazy=False)
                with self.assertRaises(AccessError):
                    History.read_group([], ["value:avg"], ["code"], lazy=False)
        row = self.History.with_user(self.compliance).search([], limit=1)
        with self.assertRaises(AccessError):
            row.write({"value": 100.0})
        with self.assertRaises(AccessError):
            row.unlink()


@tagged("post_install", "-at_install")
class TestOversightKpiHistoryRpc(CallKwCase):
    """R-OVS-01/02 over JSON-RPC with the demo users: the demo's internal control (何婷) reads
    the KPI history of the demo's monthly reports through the line chart's call; a sales user
    is refused."""

    def test_demo_roles_over_rpc(self):
        compliance = self.env.ref("vip_customer_care.user_vip_compliance")
        reports = self.env["vip.monthly.report"].with_user(compliance).search([])
        self.assertTrue(reports, "the demo generates last month's reports")
        expected = {
            (report.month.isoformat(), report.company_id.id, line["code"]): line["value"]
            for report in reports for line in report.kpi_data
        }
        self.authenticate(compliance.login, compliance.login)
        graph = self.call_kw("vip.kpi.history", "web_read_group", [[], ["value:avg"], ["month:month", "company_id", "code"]],
                             {"lazy": False, "context": {"fill_temporal": True}})
        got = {
            (group["__range"]["month:month"]["from"], group["company_id"][0], group["code"]): group["value"]
            for group in graph["groups"]
        }
        self.assertEqual(set(got), set(expected))
        for key, value in got.items():
            if expected[key] is None:
                # No data: an empty cell (false), not a made-up 0.
                self.assertIs(value, False, key)
            else:
                self.assertAlmostEqual(value, expected[key], places=4, msg=key)
        sales = self.env.ref("vip_customer_care.user_vip_sales")
        self.authenticate(sales.login, sales.login)
        self.assertRefused(".", "vip.kpi.history", "web_read_group", [[], ["value:avg"], ["month:month", "code"]],
                           {"lazy": False}, exception="AccessError")
