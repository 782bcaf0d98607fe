# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 18 over HTTP: the concrete locks the probe found writable, tried again as a JSON-RPC
client (``/web/dataset/call_kw``) by a user holding every VIP group (not an administrator):
each raw write is refused with a clear message and a fresh read shows nothing changed."""
import base64
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user, tagged

from .call_kw_common import CallKwCase
from .test_workflow_registry import EVERY_VIP_GROUP


@tagged("post_install", "-at_install")
class TestWorkflowLockRpc(CallKwCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="vip_lock_rpc", groups=f"base.group_user,{EVERY_VIP_GROUP}")
        cls.user.company_ids = cls.env["res.company"].search([])
        cls.archive = cls.env["vip.customer.archive"].search([], limit=1)

    def setUp(self):
        super().setUp()
        self.login(self.user)

    def _set(self, record, **vals):
        """Set-up as the system (the paths to these states are tested in each area)."""
        record.with_env(self.env).write(vals)
        record.flush_recordset()

    # ------------------------------------------------------------------ complaints
    def test_approved_solution_text_is_frozen(self):
        """Issue 18, R-CMP-05: the solution the GM approved is not rewritten, neither on the
        approval nor on the complaint."""
        solution = self.env["vip.complaint.solution"].search([], limit=1)
        # The GM's approval itself is tested in test_complaint_flow: state set directly here.
        self.env.cr.execute("UPDATE vip_complaint_solution SET state = 'approved' WHERE id = %s", [solution.id])
        solution.invalidate_recordset()
        self._set(solution, solution="<p>Approved text</p>")
        ticket = solution.ticket_id
        self._set(ticket, vip_solution="<p>Approved text</p>")
        self.assertRefused("change only through its buttons", "vip.complaint.solution", "write",
                           [[solution.id], {"solution": "<p>Other</p>"}])
        self.assertRefused("change only through its buttons", "helpdesk.ticket", "write",
                           [[ticket.id], {"vip_solution": "<p>Other</p>"}])
        self.assertEqual(solution.solution, "<p>Approved text</p>")
        self.assertEqual(ticket.vip_solution, "<p>Approved text</p>")

    # ------------------------------------------------------------------ incidents
    def test_incident_detection_plan_and_papers(self):
        """Issue 18, R-INC-02/03: the detection time (which decides late steps) never changes; a
        GM-approved compensation plan is frozen; a closed incident keeps its papers."""
        incident = self.env["vip.incident"].search([("state", "=", "open")], limit=1)
        detected = incident.detected_date
        self.assertRefused("Detected at can no longer be changed", "vip.incident", "write",
                           [[incident.id], {"detected_date": "2020-01-01 00:00:00"}])
        self.assertEqual(incident.detected_date, detected)

        self._set(incident, state="follow_up", compensation_plan="Dinner",
                  compensation_approved_date=datetime(2026, 11, 2, 10), compensation_approved_by_id=self.env.uid)
        self.assertRefused("change only through its buttons.*Compensation plan", "vip.incident", "write",
                           [[incident.id], {"compensation_plan": "A trip"}])
        self.assertEqual(incident.compensation_plan, "Dinner")

        paper = self.env["ir.attachment"].create({
            "name": "report.txt", "raw": b"report", "res_model": "vip.incident", "res_id": incident.id,
        })
        self._set(incident, state="closed")
        self.assertRefused("can no longer be changed", "vip.incident", "write",
                           [[incident.id], {"investigation": "Rewritten"}])
        self.assertRefused("attachments of .* cannot be changed or deleted", "ir.attachment", "write",
                           [[paper.id], {"datas": base64.b64encode(b"forged").decode()}])
        self.assertRefused("attachments of .* cannot be changed or deleted", "ir.attachment", "unlink", [[paper.id]])
        self.assertEqual(paper.sudo().raw, b"report")
        self.assertEqual(incident.state, "closed")

    def test_state_change_history_is_kept(self):
        """Issue 18 / item 8: whoever moved a document cannot delete or edit the chatter entry
        recording it."""
        [incident_id] = self.call_kw("vip.incident", "create", [[{"title": "Lift stuck", "incident_type": "other"}]])
        self.call_kw("vip.incident", "action_start_follow_up", [[incident_id]])
        message = self.env["mail.message"].search([
            ("model", "=", "vip.incident"), ("res_id", "=", incident_id), ("tracking_value_ids", "!=", False),
            ("author_id", "=", self.user.partner_id.id),
        ], limit=1)
        self.assertTrue(message)
        self.assertRefused("history of .* cannot be edited or deleted", "mail.message", "unlink", [[message.id]])
        self.assertRefused("history of .* cannot be edited or deleted", "mail.message", "write",
                           [[message.id], {"body": "nothing happened"}])
        self.assertTrue(message.exists())
        self.assertTrue(message.tracking_value_ids)

    # ------------------------------------------------------------------ archives
    def test_issued_loan_files_and_return_date(self):
        """Issue 18, R-ARC-06: an issued loan keeps its files and its return date."""
        loan = self.env["vip.archive.loan"].search([("state", "=", "issued")], limit=1)
        files, due = loan.document_ids, loan.return_date
        self.assertRefused("Return by can no longer be changed", "vip.archive.loan", "write",
                           [[loan.id], {"return_date": "2030-01-01"}])
        self.assertRefused("Files can no longer be changed", "vip.archive.loan", "write",
                           [[loan.id], {"document_ids": [Command.clear()]}])
        self.assertEqual((loan.document_ids, loan.return_date), (files, due))

    def test_filed_handover_checklist(self):
        """Issue 18, R-ARC-05: the signers, the deal, its closing date and the lines of a filed
        checklist are what the three signatures covered."""
        handover = self.env["vip.archive.handover"].create({
            "archive_id": self.archive.id, "deal_reference": "D-1", "deal_close_date": date(2026, 11, 2),
            "reviewer_id": self.user.id, "keeper_id": self.env.ref("base.user_demo").id,
            "line_ids": [Command.create({"name": "Contract", "received": True})],
        })
        self._set(handover, state="filed")
        for vals in ({"keeper_id": self.user.id}, {"deal_reference": "D-2"}, {"deal_close_date": "2026-12-01"}):
            self.assertRefused("can no longer be changed", "vip.archive.handover", "write", [[handover.id], vals])
        line = handover.line_ids
        self.assertRefused("cannot be added, changed or deleted", "vip.archive.handover.line", "write",
                           [[line.id], {"received": False}])
        self.assertRefused("cannot be added, changed or deleted", "vip.archive.handover.line", "unlink", [[line.id]])
        self.assertRefused("cannot be added, changed or deleted", "vip.archive.handover.line", "create",
                           [[{"handover_id": handover.id, "name": "Late"}]])
        self.assertEqual((handover.keeper_id, handover.deal_reference, handover.deal_close_date),
                         (self.env.ref("base.user_demo"), "D-1", date(2026, 11, 2)))
        self.assertEqual(handover.line_ids.mapped("name"), ["Contract"])
        self.assertTrue(handover.line_ids.received)

    # ------------------------------------------------------------------ loyalty, costs
    def test_confirmed_tier_review_lines(self):
        """Issue 18, R-TIER-05: after sales confirmed, no proposal is added, changed or deleted."""
        partner = self.env["res.partner"].search([("is_company", "=", False)], limit=1)
        review = self.env["vip.loyalty.tier.review"].create({"year": 2025, "line_ids": [Command.create({
            "partner_id": partner.id, "current_tier": "none", "proposed_tier": "gold", "direction": "up",
        })]})
        self._set(review, state="confirmed")
        line = review.line_ids
        self.assertRefused("cannot be added, changed or deleted|is not edited", "vip.loyalty.tier.review.line",
                           "write", [[line.id], {"proposed_tier": "diamond"}])
        self.assertRefused("cannot be added, changed or deleted", "vip.loyalty.tier.review.line", "unlink", [[line.id]])
        self.assertRefused("cannot be added, changed or deleted", "vip.loyalty.tier.review.line", "create",
                           [[{"review_id": review.id, "partner_id": partner.id, "proposed_tier": "diamond"}]])
        self.assertEqual(review.line_ids, line)
        self.assertEqual(line.proposed_tier, "gold")

    def test_decided_cost_sample(self):
        """Issue 18, R-COST-05: a decided finding keeps its comment and its result."""
        expense = self.env["hr.expense"].search([], limit=1)
        sample = self.env["vip.cost.sample"].create({
            "company_id": expense.company_id.id, "month": date(2026, 10, 1), "expense_id": expense.id,
        })
        self._set(sample, comment="Matches the contract", result="pass")
        self.assertRefused("can no longer be changed", "vip.cost.sample", "write", [[sample.id], {"comment": "Nothing"}])
        self.assertRefused("already reviewed", "vip.cost.sample", "action_fail", [[sample.id]])
        self.assertEqual((sample.comment, sample.result), ("Matches the contract", "pass"))

    # ------------------------------------------------------------------ receptions (item 8)
    def test_reception_lines_in_review(self):
        """Issue 18 / item 8: the schedule of a reception in review (the approved plan) is not
        deleted, changed or extended."""
        reception = self.env["vip.reception"].search([("state", "=", "review")], limit=1)
        line = reception.schedule_line_ids[:1]
        self.assertTrue(line)
        self.assertRefused("cannot be added, changed or deleted", "vip.reception.schedule", "unlink", [[line.id]])
        self.assertRefused("cannot be added, changed or deleted", "vip.reception.schedule", "write",
                           [[line.id], {"name": "Moved"}])
        self.assertRefused("can no longer be changed", "vip.reception", "write", [[reception.id], {"venue": "Elsewhere"}])
        self.assertTrue(line.exists())
