# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user

from .reception_common import ReceptionCommon

# A customer's e-mail as the mail gateway receives it (``mail.thread.message_process``).
COMPLAINT_EMAIL = """Return-Path: <{sender}>
To: {to}
From: {name} <{sender}>
Subject: {subject}
Message-ID: <{message_id}@example.com>
Date: Fri, 20 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

The clasp broke two days after I bought it. Please call me.
"""


def complaint_email(**values):
    """The raw e-mail: ``sender``, ``to``, ``name``, ``subject`` and ``message_id``."""
    return COMPLAINT_EMAIL.format(**values)


class ComplaintCommon(ReceptionCommon):
    """ReceptionCommon (calendar Mon-Fri 08-12/13-17 UTC, public holiday Monday 23 November
    2026, users per role) plus two customer-service users in the VIP customer service team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("vip_customer_care.helpdesk_team_vip")

        def user(login):
            return new_test_user(
                cls.env, login=login, groups="base.group_user,vip_customer_care.group_vip_customer_service",
                company_id=cls.company.id, company_ids=[cls.company.id], email=f"{login}@example.com",
            )

        cls.cs = user("cmp_cs")
        cls.cs_other = user("cmp_cs_other")
        cls.team.user_ids |= cls.cs | cls.cs_other | cls.head
        cls.Ticket = cls.env["helpdesk.ticket"].with_context(vip_complaint=True)

    def _complaint(self, user=None, **vals):
        values = {
            "name": "Scratched bangle after repair",
            "description": "<p>The bangle came back scratched.</p>",
            "team_id": self.team.id,
            "partner_id": self.customer.id,
            "vip_type": "complaint",
            "vip_channel": "phone",
        }
        values.update(vals)
        return self.Ticket.with_user(user or self.cs).create(values)

    def _investigate(self, ticket, user=None):
        """Valid, assigned to ``cs`` in the sales department (manager: ``head``)."""
        user = user or self.cs
        ticket.with_user(user).write({"vip_department_id": self.sales_dept.id, "user_id": self.cs.id})
        ticket.with_user(user).action_vip_mark_valid()
        ticket.with_user(user).action_vip_assign()
        return ticket

    def _solve(self, ticket, user=None):
        user = user or self.cs
        ticket.with_user(user).write({
            "vip_root_cause": "Polishing wheel too coarse", "vip_solution": "<p>Free re-polishing</p>",
        })
        ticket.with_user(user).action_vip_propose_solution()
        return ticket
