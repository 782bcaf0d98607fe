# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 22: what the customer portal (controllers/portal.py) needs from the models."""
from datetime import datetime, time, timedelta

import pytz

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

# Activity summaries are lazy terms: mail.activity._vip_localise translates them into the
# assignee's language (issue 23), not the portal customer's.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# A request is a slot of the morning, as customer service then confirms or proposes another one.
PORTAL_VISIT_HOUR = 10
PORTAL_VISIT_HOURS = 2
PORTAL_MAX_PEOPLE = 50


class VipVisitAppointment(models.Model):
    _inherit = "vip.visit.appointment"

    # The host's name as the letter gives it to the customer (hr.employee is staff only).
    vip_portal_host_name = fields.Char(related="host_employee_id.name", string="Host name")

    def _vip_portal_documents(self):
        """R-ACC-04 / R-REC-06: what the customer may download: the confirmation letter and
        the itinerary once the visit is approved (or done), never the internal plan."""
        self.ensure_one()
        approved = self.state in ("approved", "done")
        return {"can_letter": approved, "can_itinerary": approved and bool(self.sudo().reception_id)}

    @api.model
    def _vip_portal_request(self, date, people, purpose, names=None):
        """R-ACC-01 (issue 22): a portal customer asks for a visit. The request is a draft
        appointment of their commercial partner for their salesperson, who books it: it is
        created in the salesperson's name (the requester of the approval route) with only these
        values, the salesperson gets an activity and the request is the customer's message in
        the chatter. Portal users have no create right on appointments: this is the one door."""
        user = self.env.user
        if not user._is_portal():
            raise UserError(self.env._("Visit requests from the portal are for portal customers."))
        customer = user.commercial_partner_id
        salesperson = customer.sudo().user_id
        host = salesperson.sudo().employee_ids.filtered(lambda e: e.company_id == customer.sudo().company_id)[:1] \
            or salesperson.sudo().employee_ids[:1]
        if not host:
            raise UserError(self.env._(
                "Your account has no salesperson yet: please call us to arrange your visit."
            ))
        try:
            day = fields.Date.to_date(date)
        except ValueError:
            day = None
        if not day:
            raise ValidationError(self.env._("Choose the day of your visit."))
        try:
            count = int(people or 0)
        except ValueError:
            count = 0
        if not 0 < count <= PORTAL_MAX_PEOPLE:
            raise ValidationError(self.env._(
                "The number of people is between 1 and %s.", PORTAL_MAX_PEOPLE,
            ))
        purpose = (purpose or "").strip()
        if not purpose:
            raise ValidationError(self.env._("Tell us the purpose of your visit."))
        names = (names or "").strip()
        # A morning slot in the customer's time zone, stored in UTC like every datetime.
        tz = pytz.timezone(user.tz or salesperson.tz or "Asia/Shanghai")
        tz_start = tz.localize(datetime.combine(day, time(PORTAL_VISIT_HOUR))).astimezone(pytz.utc).replace(tzinfo=None)
        company = customer.sudo().company_id or host.company_id
        # R-ACC-01: at least N working days ahead on the company calendar, as the submission checks.
        company_sudo = company.sudo()
        calendar = company_sudo.resource_calendar_id
        earliest = calendar.vip_working_days_deadline(fields.Datetime.now(), company_sudo.vip_acc_lead_days, company_sudo) \
            if calendar else fields.Datetime.now() + timedelta(days=1)
        if day < earliest.date():
            raise ValidationError(self.env._(
                "Visits are requested at least %(days)s working day(s) ahead: the earliest day is %(day)s.",
                days=company_sudo.vip_acc_lead_days, day=earliest.date(),
            ))
        visit = self.with_user(salesperson).sudo().with_company(company).create({
            "company_id": company.id,
            "partner_id": customer.id,
            "host_employee_id": host.id,
            "date_start": tz_start,
            "date_end": tz_start + timedelta(hours=PORTAL_VISIT_HOURS),
            "visitor_count": count,
            "purpose": purpose + (("\n" + self.env._("Visitors: %s", names)) if names else ""),
            "channel": "system",
        })
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Visit requested on the portal for %(day)s, %(count)s person(s).", day=day, count=count),
            escape(purpose),
        )
        if names:
            body += Markup("<p>%s</p>") % self.env._("Visitors: %s", names)
        visit.message_post(body=body, author_id=user.partner_id.id, message_type="comment",
                           subtype_xmlid="mail.mt_note")
        visit.activity_schedule(
            "mail.mail_activity_data_todo", user_id=salesperson.id,
            summary=_lt("Portal visit request: confirm the slot and submit"),
        )
        return visit.with_env(self.env)
