# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other_customer = cls.env["res.partner"].create({
            "name": "Other VIP", "company_id": cls.company.id, "vip_service_level": "vip", "user_id": cls.sales_other.id,
        })
        cls.mine = cls.Ticket.with_user(cls.cs).create({
            "name": "Mine", "description": "x", "team_id": cls.team.id, "partner_id": cls.customer.id,
        })
        cls.theirs = cls.Ticket.with_user(cls.cs).create({
            "name": "Theirs", "description": "x", "team_id": cls.team.id, "partner_id": other_customer.id,
        })
        cls.incident = cls.env["vip.incident"].with_user(cls.guard).create({
            "company_id": cls.company.id, "title": "Lost earring", "incident_type": "lost_item",
        })

    def _visible(self, user):
        return self.env["helpdesk.ticket"].with_user(user).search([("id", "in", (self.mine | self.theirs).ids)])

    def test_customer_service_and_gm_see_all(self):
        """R-CMP-04 / R-SEC-01: customer service and the GM office handle every complaint."""
        self.assertEqual(self._visible(self.cs_other), self.mine | self.theirs)
        self.assertEqual(self._visible(self.gm), self.mine | self.theirs)

    def test_sales_see_their_customers_complaints(self):
        """R-SEC-01: sales see the complaints of the customers they own, not the others'."""
        self.assertEqual(self._visible(self.requester), self.mine)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.requester).read(["name"])

    def test_security_records_steps_but_sees_no_complaint(self):
        """R-INC-02: security records incident steps; complaints are not theirs to read."""
        self.assertFalse(self._visible(self.guard))
        step = self.incident.step_ids[:1]
        step.with_user(self.guard).action_record_now()
        self.assertTrue(step.done_date)
        self.assertIn(self.incident, self.env["vip.incident"].with_user(self.gm).search([]))

    def test_other_company_sees_no_incident(self):
        """R-SEC-02: incidents stay inside their company."""
        outsider = self.env["res.users"].create({
            "name": "Guard B", "login": "cmp_guard_b", "company_id": self.env.company.id,
            "company_ids": [self.env.company.id],
            "groups_id": [(4, self.env.ref("vip_customer_care.group_vip_security").id)],
        })
        self.assertFalse(self.env["vip.incident"].with_user(outsider).search([("id", "=", self.incident.id)]))
