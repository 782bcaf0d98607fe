# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .call_kw_common import CallKwCase
from .complaint_common import ComplaintCommon

SUBMODELS = ("vip.complaint.solution", "vip.complaint.action", "vip.complaint.cycle", "vip.incident", "vip.incident.step")


@tagged("post_install", "-at_install")
class TestComplaintSubrecordRules(ComplaintCommon, CallKwCase):
    """Issue 18 item 6 (R-SEC-01, R-PII-02): solutions, corrective actions, cycles and the
    incidents linked to a complaint follow the complaint's visibility, not only its company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls.env["res.partner"].create({
            "name": "Colleague's VIP", "company_id": cls.company.id, "vip_service_level": "vip",
            "user_id": cls.sales_other.id,
        })

    def _records(self):
        """A major complaint of the colleague's customer with its solution waiting for the GM,
        a corrective action, its cycle and a linked incident with its timeline."""
        ticket = self._solve(self._investigate(self._complaint(
            partner_id=self.other_customer.id, vip_department_id=self.sales_dept.id, vip_severity="major",
        )))
        self.env["vip.complaint.action"].with_user(self.cs).create({
            "ticket_id": ticket.id, "name": "Replace the polishing wheel", "owner_id": self.cs.id,
            "due_date": date(2026, 12, 31),
        })
        incident = self.env["vip.incident"].with_user(self.cs).create({
            "company_id": self.company.id, "title": "Customer upset at the counter", "incident_type": "complaint",
            "ticket_id": ticket.id,
        })
        records = {
            "vip.complaint.solution": ticket.vip_solution_approval_ids,
            "vip.complaint.action": ticket.vip_action_ids,
            "vip.complaint.cycle": ticket.vip_cycle_ids,
            "vip.incident": incident,
            "vip.incident.step": incident.step_ids,
        }
        for model, recs in records.items():
            self.assertTrue(recs, model)
        return records

    def test_salesperson_reads_only_their_customers_subrecords(self):
        """R-SEC-01 / R-PII-02, issue 18: a salesperson reads none of the solution, corrective
        action, cycle, linked incident and its steps of a colleague's customer's complaint;
        the colleague (the customer's salesperson), customer service and security (incidents)
        read them."""
        records = self._records()
        for model, recs in records.items():
            with self.subTest(model=model):
                Model = self.env[model]
                self.assertFalse(Model.with_user(self.requester).search([("id", "in", recs.ids)]))
                with self.assertRaises(AccessError):
                    recs.with_user(self.requester).read(["display_name"])
                self.assertEqual(Model.with_user(self.sales_other).search([("id", "in", recs.ids)]), recs)
                self.assertEqual(Model.with_user(self.cs_other).search([("id", "in", recs.ids)]), recs)
        for model in ("vip.incident", "vip.incident.step"):
            self.assertEqual(self.env[model].with_user(self.guard).search([("id", "in", records[model].ids)]),
                             records[model])

    def test_salesperson_reads_no_colleagues_subrecords_over_rpc(self):
        """R-SEC-01 / R-PII-02, issue 18: the same over JSON-RPC: search_read finds nothing and
        a read by id is refused with an access error."""
        records = self._records()
        self.login(self.requester)
        for model, recs in records.items():
            with self.subTest(model=model):
                result = self.call_kw(model, "search_read", [[("id", "in", recs.ids)], ["display_name"]])
                self.assertEqual(result, [])
                self.assertRefused("doesn't have 'read' access", model, "read", [recs.ids, ["display_name"]],
                                   exception="AccessError")
        self.login(self.sales_other)
        result = self.call_kw("vip.complaint.solution", "search_read",
                              [[("id", "in", records["vip.complaint.solution"].ids)], ["state"]])
        self.assertEqual(result, [{"id": records["vip.complaint.solution"].id, "state": "to_approve"}])

    def test_unlinked_incident_keeps_company_visibility(self):
        """R-SEC-02, issue 18: an incident not linked to a complaint stays visible to the
        company's VIP users (the timeline is everyone's to follow)."""
        incident = self.env["vip.incident"].with_user(self.guard).create({
            "company_id": self.company.id, "title": "Lost earring", "incident_type": "lost_item",
        })
        self.assertEqual(self.env["vip.incident"].with_user(self.requester).search([("id", "=", incident.id)]), incident)
        self.assertEqual(incident.step_ids.with_user(self.requester).search([("id", "in", incident.step_ids.ids)]),
                         incident.step_ids)
