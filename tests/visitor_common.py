# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command

from .reception_common import FRIDAY, ReceptionCommon

# The visit: Tuesday 24 November 2026 (Monday 23 is the test company's public holiday).
VISIT_START = datetime(2026, 11, 24, 9, 0)
VISIT_END = datetime(2026, 11, 24, 12, 0)
INSIDE = VISIT_START + timedelta(minutes=30)
COMPANION_PASSPORT = "E12345678"


class VisitorCommon(ReceptionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Area = cls.env["vip.access.area"]
        cls.lobby = Area.create({"name": "Lobby", "company_id": cls.company.id, "sensitivity": "public"})
        cls.showroom = Area.create({"name": "Showroom", "company_id": cls.company.id, "sensitivity": "restricted"})
        cls.vault = Area.create({"name": "Vault", "company_id": cls.company.id, "sensitivity": "sensitive"})
        cls.premium = Area.create({"name": "Premium room", "company_id": cls.company.id, "is_premium_room": True})
        cls.gate = cls.env["vip.access.gate"].create({"name": "North gate", "company_id": cls.company.id, "area_id": cls.lobby.id})
        cls.company.write({"vip_sales_department_id": cls.sales_dept.id, "vip_premium_area_id": cls.premium.id})
        cls.customer.write({"vip_access_grade": "level_2", "vip_id_type": "prc_id", "vip_id_number": "11010519491231002X",
                            "phone": "+86 138 0000 0000"})

    @classmethod
    def _appointment(cls, **vals):
        values = {
            "company_id": cls.company.id, "partner_id": cls.customer.id, "host_employee_id": cls.requester_employee.id,
            "date_start": VISIT_START, "date_end": VISIT_END, "visitor_count": 2, "purpose": "Collection preview",
            "channel": "phone", "area_ids": [Command.set((cls.lobby | cls.showroom | cls.vault).ids)],
            "escort_employee_id": cls.head_employee.id, "route": "North gate, 2nd floor", "entry_notes": "Bring ID",
        }
        values.update(vals)
        return cls.env["vip.visit.appointment"].with_user(cls.requester).create(values)

    @classmethod
    def _approved_with_passes(cls, **vals):
        appointment = cls._appointment(**vals)
        appointment.with_user(cls.requester).action_submit()
        appointment.with_user(cls.marketing).action_confirm()
        for user in (cls.head, cls.vp):
            if appointment.state == "to_approve" and appointment.with_user(user).can_review:
                appointment.with_user(user).validate_tier()
                appointment.invalidate_recordset()
        appointment.with_user(cls.guard).action_prefill_visitors()
        # R-ACC-05: the guard registers the companion with an identity document before issuing passes.
        appointment.visitor_ids.filtered(lambda v: not v.is_vip).with_user(cls.guard).write({
            "name": "Companion Li", "vip_id_type": "passport", "vip_id_number": COMPANION_PASSPORT,
        })
        appointment.with_user(cls.guard).action_issue_passes()
        return appointment

    @classmethod
    def _set_up_visit(cls):
        """The approved visit booked on FRIDAY, with the VIP's and the companion's passes."""
        with freeze_time(FRIDAY):
            cls.appointment = cls._approved_with_passes()
        cls.vip_pass = cls.appointment.pass_ids.filtered(lambda p: p.visitor_id.is_vip)
        cls.companion_pass = cls.appointment.pass_ids - cls.vip_pass

    def _gate(self, code, area=None, **vals):
        return self.env["vip.gate.check"].with_user(self.guard).create({
            "code": code, "gate_id": self.gate.id, "area_id": (area or self.lobby).id, **vals,
        })
