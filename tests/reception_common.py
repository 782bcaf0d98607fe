# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# Friday 20 November 2026, 10:00 UTC: deadlines cross a weekend.
FRIDAY = datetime(2026, 11, 20, 10, 0)
HOLIDAY_MONDAY = datetime(2026, 11, 23)


class ReceptionCommon(TransactionCase):
    """A company with a Mon-Fri 08-12/13-17 UTC calendar and a public holiday on Monday
    23 November 2026, its departments, one user per role and a domestic and a foreign customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True,
                                       no_mail_to_attendees=True))
        cls.env["res.lang"]._activate_lang("en_US")
        cls.calendar = cls.env["resource.calendar"].create({"name": "Test 40h", "tz": "UTC"})
        cls.company = cls.env["res.company"].create({
            "name": "Reception Test Jewelry", "country_id": cls.env.ref("base.cn").id,
            "resource_calendar_id": cls.calendar.id,
        })
        cls.calendar.company_id = cls.company
        cls.holiday = cls.env["resource.calendar.leaves"].create({
            "name": "Test holiday", "calendar_id": cls.calendar.id, "company_id": cls.company.id,
            "date_from": HOLIDAY_MONDAY.replace(hour=0), "date_to": HOLIDAY_MONDAY.replace(hour=23, minute=59),
            "time_type": "leave",
        })

        def user(login, groups):
            return new_test_user(
                cls.env, login=login, groups=f"base.group_user,{groups}",
                company_id=cls.company.id, company_ids=[cls.company.id], email=f"{login}@example.com",
            )

        g = "vip_customer_care.group_vip_"
        cls.requester = user("rec_requester", g + "user")
        cls.sales_other = user("rec_sales_other", g + "user")
        cls.head = user("rec_head", g + "user")
        cls.deputy = user("rec_deputy", g + "user")
        cls.vp = user("rec_vp", g + "user")
        cls.outsider = user("rec_outsider", g + "user")
        cls.marketing = user("rec_marketing", g + "officer")
        cls.admin_dept = user("rec_admin_dept", g + "administration")
        cls.guard = user("rec_guard", g + "security")
        cls.compliance = user("rec_compliance", g + "compliance")
        cls.finance_1 = user("rec_finance_1", g + "finance")
        cls.finance_2 = user("rec_finance_2", g + "finance")
        cls.gm = user("rec_gm", g + "gm")
        # A second member of the GM office: the GM office meeting is signed by someone else
        # than the GM approval (one person signs one step of a request, issue 8).
        cls.gm_office = user("rec_gm_office", g + "gm")

        Department = cls.env["hr.department"]
        cls.sales_dept = Department.create({"name": "Sales", "company_id": cls.company.id, "vip_vp_user_id": cls.vp.id})
        cls.other_dept = Department.create({"name": "Logistics", "company_id": cls.company.id})
        Employee = cls.env["hr.employee"]

        def employee(usr, dept):
            return Employee.create({"name": usr.name, "user_id": usr.id, "company_id": cls.company.id,
                                    "department_id": dept.id})

        cls.head_employee = employee(cls.head, cls.sales_dept)
        cls.requester_employee = employee(cls.requester, cls.sales_dept)
        cls.deputy_employee = employee(cls.deputy, cls.sales_dept)
        cls.outsider_employee = employee(cls.outsider, cls.other_dept)
        cls.guard_employee = employee(cls.guard, cls.other_dept)
        cls.requester_employee.parent_id = cls.head_employee
        cls.sales_dept.manager_id = cls.head_employee

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({
            "name": "Domestic VIP", "company_id": cls.company.id, "vip_service_level": "vip",
            "vip_nationality_id": cls.env.ref("base.cn").id, "user_id": cls.requester.id,
            "email": "domestic@example.com",
        })
        cls.foreign_customer = Partner.create({
            "name": "Foreign VIP", "company_id": cls.company.id, "vip_service_level": "vip",
            "vip_nationality_id": cls.env.ref("base.de").id, "user_id": cls.requester.id,
        })
        cls.business = cls.env.ref("vip_customer_care.business_type_reception")

    def _reception(self, amount=10000.0, partner=None, emergency=False, budget_lines=1, schedule_lines=1, id_copy=True):
        per_line = round(amount / budget_lines, 2)
        amounts = [per_line] * (budget_lines - 1) + [round(amount - per_line * (budget_lines - 1), 2)]
        vals = {
            "company_id": self.company.id,
            "partner_ids": [Command.set((partner or self.customer).ids)],
            "business_type_id": self.business.id,
            "purpose": "Private jade viewing",
            "date_start": datetime(2026, 12, 2, 9, 0),
            "date_end": datetime(2026, 12, 3, 17, 0),
            "venue": "VIP room 1",
            "schedule_line_ids": [
                Command.create({"date_start": datetime(2026, 12, 2, 9 + i % 8, 0), "name": f"Step {i}",
                                "activity_type": "visit", "staff_user_ids": [Command.set(self.head.ids)]})
                for i in range(schedule_lines)
            ],
            "staff_line_ids": [Command.create({
                "employee_id": self.head_employee.id, "role": "lead",
                "language_ids": [Command.set(self.env.ref("base.lang_en").ids)],
            })],
            "budget_line_ids": [
                Command.create({"category": "meals", "amount": value, "basis": "per head"}) for value in amounts
            ],
        }
        if emergency:
            # R-APV-07: the emergency links the incident that triggers it.
            incident = self.env["vip.incident"].with_user(self.requester).create({
                "company_id": self.company.id, "incident_type": "complaint", "title": "Angry customer on site",
            })
            vals.update(is_emergency=True, emergency_trigger="incident", emergency_incident_id=incident.id,
                        emergency_reason="Angry customer on site")
        reception = self.env["vip.reception"].with_user(self.requester).create(vals)
        if id_copy:
            # R-REC-01: the ID copy is required at submission; uploaded on the form (many2many_binary).
            copy = self.env["ir.attachment"].with_user(self.requester).create({
                "name": "id-copy.txt", "raw": b"ID copy", "mimetype": "text/plain",
                "res_model": "vip.reception", "res_id": reception.id,
            })
            reception.write({"id_copy_ids": [Command.link(copy.id)]})
        return reception

    def _to_approval(self, reception):
        reception = reception.with_user(self.requester)
        reception.action_submit()
        if reception.state == "planning":
            reception.action_countersign_sales()
            reception.action_send_for_approval()
        reception.review_ids.invalidate_recordset()
        return reception

    def _tiers(self, reception):
        reviews = reception.review_ids.sorted("sequence")
        xmlids = reviews.definition_id.get_external_id()
        return [xmlids[r.definition_id.id].split(".tier_reception_")[1] for r in reviews]

    def _approve_next(self, reception, user):
        reception.with_user(user).validate_tier()
        reception.invalidate_recordset()
        reception.review_ids.invalidate_recordset()

    def _approve_all(self, reception, users):
        for user in users:
            self._approve_next(reception, user)
