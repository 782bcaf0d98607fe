# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import xmlrpc.client

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_expression_field_names

from .approval_common import ApprovalCommon
from .cost_common import CostCommon
from .reception_common import FRIDAY


def _marshal(value):
    """What an XML-RPC client receives (no None allowed)."""
    return xmlrpc.client.loads(xmlrpc.client.dumps((value,), allow_none=False))[0][0]


@tagged("post_install", "-at_install")
class TestWhoseTurn(ApprovalCommon):
    """Issue 23, "whose turn it is": every approval document says who signs next and by when,
    keeps the reminder until the step is signed, shows its approval history on the first
    screen, tells the sender what happens next and shows each role its own next action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls.requester | cls.marketing | cls.head | cls.deputy | cls.finance_1 | cls.admin_dept | cls.guard
        users.write({"tz": "Asia/Shanghai"})

    def _banner(self, record, user):
        record = record.with_user(user).with_context(tz=user.tz)
        record.invalidate_recordset(["vip_turn_banner"])
        return record.vip_turn_banner

    # ------------------------------------------------------------------ banner (R-APV-04/06)
    def test_banner_names_signers_and_due_time_in_user_tz(self):
        """R-APV-04: the approval banner names the step waiting, each person who may sign it
        and the step's due time in the reader's time zone (Asia/Shanghai, no seconds)."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
            step = self._pending(reception)
            self.assertEqual(len(step), 1)
            # Due Thursday 26 November 2026 17:00 UTC (3 working days, Monday a holiday) =
            # Friday 27 November 01:00 in Shanghai.
            self.assertEqual(str(step.vip_due), "2026-11-26 17:00:00")
            names = ", ".join(step.reviewer_ids.sorted("name").mapped("name"))
            banner = self._banner(reception, self.requester)
            self.assertEqual(banner, f"Next: {step.name}, signed by {names}, due 11/27/26, 1:00 AM")
            self.assertIn(self.marketing.name, banner)
            # In Chinese for a Chinese reader.
            self.env["res.lang"]._activate_lang("zh_CN")
            self.requester.lang = "zh_CN"
            chinese = reception.with_user(self.requester).with_context(lang="zh_CN", tz="Asia/Shanghai")
            chinese.invalidate_recordset(["vip_turn_banner"])
            self.assertTrue(chinese.vip_turn_banner.startswith("下一步："), chinese.vip_turn_banner)
            self.assertIn("2026/11/27 01:00", chinese.vip_turn_banner)

    def test_banner_names_delegate_as_delegate_of(self):
        """R-APV-06: when the department head delegated, the banner names the deputy "as
        delegate of" the head, and the deputy reads it on the request."""
        with freeze_time(FRIDAY):
            self.env["vip.approval.delegation"].with_user(self.head).create({
                "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
                "business_type_ids": [(6, 0, self.business.ids)], "date_from": "2026-11-20",
                "date_to": "2026-11-30", "reason": "Travel", "confirmation": "written",
            })
            reception = self._to_approval(self._reception(10000))
            for user in (self.marketing, self.admin_dept, self.guard):
                self._rpc(reception, user, "validate_tier")
            step = self._pending(reception)
            self.assertIn(self.deputy, step.reviewer_ids)
            banner = self._banner(reception, self.deputy)
            self.assertIn(f"{self.deputy.name} as delegate of {self.head.name}", banner)
            self.assertIn(f"Next: {step.name}, signed by ", banner)

    def test_banner_on_every_approval_form_and_reviews_on_first_screen(self):
        """R-APV-09 / R-APV-04: the form of every approval document shows the whose-turn banner
        and its reviews (and superseded history) on the first screen, not inside a tab."""
        models = self.env["vip.workflow.mixin"]._vip_workflow_model_names()
        for required in ("vip.reception", "vip.visit.appointment", "vip.customer.archive", "vip.archive.loan",
                         "vip.satisfaction.campaign", "vip.complaint.solution", "vip.reward.campaign",
                         "vip.loyalty.redemption", "vip.reception.budget.supplement"):
            self.assertIn(required, models)
        for model in models:
            with self.subTest(model=model):
                arch = etree.fromstring(self.env[model].with_user(self.gm).get_view(view_type="form")["arch"])
                self.assertTrue(arch.xpath("//div[@name='vip_turn_banner']/field[@name='vip_turn_banner']"))
                for name in ("review_ids", "vip_review_history_ids"):
                    nodes = arch.xpath(f"//sheet//field[@name='{name}'][not(ancestor::field)]")
                    self.assertTrue(nodes, name)
                    self.assertFalse(nodes[0].xpath("ancestor::notebook"), f"{name} folded in a tab")

    # ------------------------------------------------------------------ Mark Done (R-APV-04/09)
    def test_mark_done_on_approval_activity_refused(self):
        """R-APV-04 / R-APV-09: Mark Done, Done with feedback, Cancel and delete on an approval
        activity are refused with where to act; the reminder stays until the reviewer approves
        on the document, which closes it."""
        with freeze_time(FRIDAY):
            reception = self._to_approval(self._reception(10000))
            activity = self._approval_activities(reception).filtered(lambda a: a.user_id == self.marketing)
            self.assertEqual(len(activity), 1)
            mine = activity.with_user(self.marketing)
            for method, args in (("action_done", ()), ("action_feedback", ("ok",)), ("action_done_schedule_next", ()),
                                 ("action_cancel", ()), ("unlink", ()), ("action_archive", ())):
                with self.subTest(method=method), self.assertRaises(UserError) as caught:
                    getattr(mine, method)(*args)
                message = str(caught.exception)
                self.assertIn("is an approval step of", message)
                self.assertIn("press Approve or Reject", message)
                self.assertIn(reception.name, message)
            self.assertTrue(activity.exists())
            self._rpc(reception, self.marketing, "validate_tier")
            self.assertFalse(activity.exists())

    # ------------------------------------------------------------------ after Submit (R-APV-04)
    def test_submit_tells_what_happens_next(self):
        """R-APV-04 / R-REC-02: Submit tells the requester that marketing plans next and by
        when; Send for approval names the first step, its reviewers and its due time. The
        answer is a notification the web client shows and XML-RPC marshals."""
        with freeze_time(FRIDAY):
            reception = self._reception(10000).with_user(self.requester).with_context(tz="Asia/Shanghai")
            result = _marshal(reception.action_submit())
            self.assertEqual(result["tag"], "display_notification")
            self.assertEqual(result["params"]["title"], "Submitted")
            self.assertIn("Marketing (the VIP officers) prepares the plan by", result["params"]["message"])
            reception.action_countersign_sales()
            result = _marshal(reception.with_user(self.marketing).action_send_for_approval())
            step = self._pending(reception)
            self.assertEqual(result["params"]["title"], "Sent for approval")
            self.assertIn(f"Next: {step.name}, signed by ", result["params"]["message"])
            self.assertIn(self.marketing.name, result["params"]["message"])
            self.assertIn("due 11/27/26, 1:00 AM", result["params"]["message"])
            self.assertEqual(result["params"]["next"], {"type": "ir.actions.client", "tag": "soft_reload"})

    # ------------------------------------------------------------------ buttons per role (issue 23)
    def _visible_buttons(self, record, user):
        """{(name, primary)} of the header buttons ``user`` sees on ``record`` (the form as
        ``get_view`` gives it to that user, invisible evaluated on the record as they read it)."""
        record = record.with_user(user)
        arch = etree.fromstring(record.get_view(view_type="form")["arch"])
        seen = set()
        for node in arch.xpath("/form/header/button[@type='object']"):
            expr = node.get("invisible") or "False"
            names = get_expression_field_names(expr) - {"uid", "context", "True", "False", "None"}
            values = record.read(sorted(names))[0] if names else {}
            values = {k: (v[0] if isinstance(v, tuple) else v) for k, v in values.items()}
            if not safe_eval(expr, {**values, "uid": user.id}):
                seen.add((node.get("name"), "btn-primary" in (node.get("class") or "")))
        return seen

    def test_each_role_sees_its_own_next_action(self):
        """Issue 23 / R-REC-05/06: finance sees neither Send plan to customer nor Start visit on
        an approved reception; marketing's highlighted button is sending the plan until it is
        sent, then starting the visit; in planning the requester's highlighted button is the
        sales countersignature and marketing's is Send for approval. The model checks stay."""
        with freeze_time(FRIDAY):
            reception = self._reception(10000)
            self.assertIn(("action_submit", True), self._visible_buttons(reception, self.requester))
            self.assertNotIn("action_submit", {n for n, _p in self._visible_buttons(reception, self.finance_1)})
            reception.with_user(self.requester).action_submit()
            requester = self._visible_buttons(reception, self.requester)
            marketing = self._visible_buttons(reception, self.marketing)
            self.assertIn(("action_countersign_sales", True), requester)
            self.assertNotIn("action_countersign_sales", {n for n, _p in marketing})
            self.assertIn(("action_send_for_approval", True), marketing)
            reception._vip_action_write({"state": "approved"})
            finance = {n for n, _p in self._visible_buttons(reception, self.finance_1)}
            self.assertFalse(finance & {"action_send_plan", "action_start", "action_end_visit", "action_done"}, finance)
            marketing = self._visible_buttons(reception, self.marketing)
            self.assertIn(("action_send_plan", True), marketing)
            self.assertNotIn("action_start", {n for n, _p in marketing})
            reception._vip_action_write({"plan_sent_date": FRIDAY})
            marketing = self._visible_buttons(reception, self.marketing)
            self.assertIn(("action_start", True), marketing)
            self.assertIn(("action_send_plan", False), marketing)
            # The view is convenience: the action still refuses what the rules refuse.
            with self.assertRaisesRegex(UserError, "safety assessment"):
                reception.with_user(self.finance_1).action_start()

    def test_requester_buttons_hidden_from_other_roles_on_every_approval_form(self):
        """Issue 23 (R-APV-05): on every approval document, Submit / Send for approval / Back
        to draft are the requester's (or filer's) buttons: hidden from the other roles. The
        model still refuses what the rules refuse."""
        requester_actions = {"action_submit", "action_request", "action_reset_draft", "action_draft"}
        for model in self.env["vip.workflow.mixin"]._vip_workflow_model_names():
            arch = etree.fromstring(self.env[model].with_user(self.gm).get_view(view_type="form")["arch"])
            for node in arch.xpath("/form/header/button[@type='object']"):
                if node.get("name") in requester_actions:
                    with self.subTest(model=model, button=node.get("name")):
                        self.assertIn("vip_is_requester", node.get("invisible") or "")


@tagged("post_install", "-at_install")
class TestWhoseTurnRpc(ApprovalCommon, HttpCase):
    """Issue 23 over XML-RPC, as an external client or the web client calls it."""

    def test_mark_done_over_rpc_refused(self):
        """R-APV-04: marking an approval activity done over XML-RPC is refused with the
        message, and the activity is still on the reviewer's list."""
        reception = self._to_approval(self._reception(10000))
        activity = self._approval_activities(reception).filtered(lambda a: a.user_id == self.marketing)
        for method in ("action_feedback", "unlink"):
            with self.subTest(method=method), self.assertRaises(xmlrpc.client.Fault) as caught:
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, self.marketing.id, self.marketing.login, "mail.activity", method, [activity.ids],
                )
            self.assertIn("press Approve or Reject", caught.exception.faultString)
        self.assertTrue(activity.exists())


@tagged("post_install", "-at_install")
class TestOverBudgetHint(CostCommon):
    """R-COST-03 (issue 23): the over-budget refusal says what to do about it."""

    def test_refusal_names_waiting_supplement_or_how_to_request(self):
        """R-COST-03: a bill beyond the meals budget is refused; without a supplementary budget
        the message says where to request one, with one waiting it names its number, amount
        and state."""
        bill = self._bill(12000)
        with self.assertRaises(UserError) as caught:
            bill.with_user(self.finance_1).action_post()
        message = str(caught.exception)
        self.assertIn("Over budget (R-COST-03)", message)
        self.assertIn(f"No supplementary budget is waiting for Meals: open {self.reception.name} and press "
                      "“Request supplementary budget”.", message)
        supplement = self._supplement(3000)
        supplement.action_request()
        self.assertEqual(supplement.state, "to_approve")
        with self.assertRaises(UserError) as caught:
            bill.with_user(self.finance_1).action_post()
        message = str(caught.exception)
        self.assertIn(f"A supplementary budget is already waiting: {supplement.name}, ", message)
        self.assertIn("3,000.00", message)
        self.assertIn(", To approve. The spending can be recorded once it is approved.", message)
        self.assertNotIn("No supplementary budget is waiting", message)

    def test_supplement_request_button_is_the_requesters(self):
        """Issue 23 (R-COST-03): the requester sees *Send for approval* on a draft supplement;
        finance, who reads it, does not."""
        supplement = self._supplement(3000)
        self.assertIn(("action_request", True), TestWhoseTurn._visible_buttons(self, supplement, self.requester))
        finance = {n for n, _p in TestWhoseTurn._visible_buttons(self, supplement, self.finance_1)}
        self.assertNotIn("action_request", finance)
