# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import models


class ResourceCalendar(models.Model):
    """Working-day deadlines on the company calendar, public holidays included
    (R-APV-04, R-REC-02/05/10, R-ACC-01/02, R-CMP-04). One place for every SLA."""

    _inherit = "resource.calendar"

    def _vip_leave_domain(self, company):
        # Only this company's (or shared) public holidays: without a domain Odoo also
        # applies other companies' holidays (see the integration notes).
        return [("time_type", "=", "leave"), ("company_id", "in", [company.id, False])]

    def _vip_to_aware(self, dt):
        return pytz.utc.localize(dt) if dt.tzinfo is None else dt

    def vip_working_days_deadline(self, start, days, company=None):
        """End of the ``days``-th working day after ``start`` (naive UTC datetime).

        The day of ``start`` never counts: a request submitted on Friday with 2 working
        days is due at the end of Tuesday's work. ``days == 0`` means the end of the
        working day of ``start`` (or of the next one when ``start`` is not a working day).
        Make-up working days (调休上班) are dated attendances of the calendar (see
        ``vip.holiday.import``); the work intervals include them, so they count as working days.
        """
        self.ensure_one()
        company = company or self.company_id or self.env.company
        tz = pytz.timezone(self.tz or "UTC")
        start = self._vip_to_aware(start)
        local_day = start.astimezone(tz).date()
        first = tz.localize(datetime.combine(local_day + timedelta(days=1 if days else 0), time.min))
        horizon = first + timedelta(days=days * 7 + 60)
        intervals = self._work_intervals_batch(
            first, horizon, domain=self._vip_leave_domain(company), tz=tz
        )[False]
        ends = {}
        for _start, stop, _meta in intervals:
            day = stop.astimezone(tz).date()
            ends[day] = max(ends.get(day, stop), stop)
        work_days = sorted(ends)
        index = max(days, 1) - 1
        if len(work_days) <= index:
            return False
        return ends[work_days[index]].astimezone(pytz.utc).replace(tzinfo=None)

    def vip_working_hours_deadline(self, start, hours, company=None):
        """``start`` plus ``hours`` of working time (naive UTC datetime)."""
        self.ensure_one()
        company = company or self.company_id or self.env.company
        deadline = self.plan_hours(
            hours, self._vip_to_aware(start), compute_leaves=True,
            domain=self._vip_leave_domain(company),
        )
        return deadline and deadline.astimezone(pytz.utc).replace(tzinfo=None)
