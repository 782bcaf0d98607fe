# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
from collections import namedtuple
from datetime import datetime, time, timedelta

import pytz
import vobject

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# One public day entry: a holiday range, or a make-up working day (调休上班) range.
PublicDays = namedtuple("PublicDays", "name first last kind")

# Summaries that mark a make-up working day (调休/补班) in public-holiday feeds: 补班, 上班 ("班"),
# or the English wording. Apple's feeds say it in X-APPLE-SPECIAL-DAY instead.
WORKDAY_MARKERS = ("班", "make-up", "makeup", "working day", "workday")
WORKDAY_SPECIAL_DAY = "ALTERNATE-WORKDAY"


class VipHolidayImport(models.TransientModel):
    """Load public holidays and make-up working days into a working calendar (issue 9.7).

    Two sources: the Chinese public holidays shipped with the add-on (the calendar
    ``resource_calendar_cn_public_holidays``, or any other calendar to copy from), or a standard
    iCalendar (.ics) file of public holidays (one all-day event per holiday or make-up day).

    Holidays become calendar-wide leaves (``resource.calendar.leaves`` without resource) of the
    target calendar's company. Make-up working days (调休上班, a Saturday or Sunday worked to
    bridge a holiday) become dated attendances (``date_from`` = ``date_to`` = that day) with the
    calendar's usual hours, so every Odoo working-time computation, the working-day deadlines of
    this add-on included, counts them as working days. Days already present are skipped, so
    loading the same source twice changes nothing."""

    _name = "vip.holiday.import"
    _description = "Import public holidays"

    calendar_id = fields.Many2one(
        "resource.calendar", string="Working calendar", required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="The calendar that receives the public holidays and make-up working days.",
    )
    source = fields.Selection(
        [("calendar", "Copy from a calendar"), ("ics", "iCalendar file (.ics)")],
        required=True, default="calendar",
    )
    source_calendar_id = fields.Many2one(
        "resource.calendar", string="Copy from",
        default=lambda self: self.env.ref(
            "vip_customer_care.resource_calendar_cn_public_holidays", raise_if_not_found=False,
        ),
        help="The Chinese public holidays 2025-2027 ship as the calendar "
        "'China public holidays (to copy)'.",
    )
    ics_file = fields.Binary(string="iCalendar file")
    ics_filename = fields.Char(string="File name")
    year_from = fields.Integer(string="From year", help="Leave empty to load every year of the source.")
    year_to = fields.Integer(string="To year", help="Leave empty to load every year of the source.")

    # ------------------------------------------------------------------ sources
    def _entries_from_calendar(self):
        source = self.source_calendar_id
        if not source:
            raise UserError(self.env._("Choose the calendar to copy the public holidays from."))
        if source == self.calendar_id:
            raise UserError(self.env._("Choose a different calendar to copy from."))
        tz = pytz.timezone(source.tz or "UTC")
        entries = []
        Leave = self.env["resource.calendar.leaves"]
        if not source.company_id:
            # A shared calendar (the shipped Chinese holidays): Odoo stamps its leaves with the
            # company that installed it, which other companies' administrators cannot read.
            # Public holiday dates are public; read this calendar's leaves as the system.
            Leave = Leave.sudo()
        leaves = Leave.search([
            ("calendar_id", "=", source.id), ("resource_id", "=", False), ("time_type", "=", "leave"),
        ], order="date_from")
        for leave in leaves:
            first = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            entries.append(PublicDays(leave.name, first, last, "holiday"))
        workdays = source.attendance_ids.filtered(
            lambda a: a.date_from and a.date_from == a.date_to and not a.resource_id and not a.display_type
        )
        for day in sorted(set(workdays.mapped("date_from"))):
            name = workdays.filtered(lambda a, d=day: a.date_from == d)[:1].name
            entries.append(PublicDays(name, day, day, "workday"))
        return entries

    @api.model
    def _entries_from_ics(self, data, tz_name="UTC"):
        """Public days of an iCalendar file (bytes), in the calendar's time zone."""
        tz = pytz.timezone(tz_name or "UTC")
        try:
            text = data.decode("utf-8-sig")
            calendars = list(vobject.readComponents(text))
        except (UnicodeDecodeError, vobject.base.VObjectError, ValueError) as error:
            _logger.info("Unreadable iCalendar file: %s", error)
            raise UserError(self.env._("This file is not a valid iCalendar (.ics) file.")) from error
        entries = []
        for cal in calendars:
            for event in getattr(cal, "vevent_list", []):
                entries.append(self._entry_from_event(event, tz))
        if not entries:
            raise UserError(self.env._("The iCalendar file holds no events."))
        return entries

    @api.model
    def _entry_from_event(self, event, tz):
        def as_date(value):
            if isinstance(value, datetime):
                value = value if value.tzinfo else pytz.utc.localize(value)
                return value.astimezone(tz).date()
            return value

        if not hasattr(event, "dtstart"):
            raise UserError(self.env._("An event of the iCalendar file has no start date."))
        start = event.dtstart.value
        first = as_date(start)
        if hasattr(event, "dtend"):
            end = event.dtend.value
            # All-day events end the day after (exclusive); timed events end on their last day.
            last = end - timedelta(days=1) if not isinstance(end, datetime) else as_date(end)
        elif hasattr(event, "duration"):
            last = first + max(event.duration.value - timedelta(days=1), timedelta(0))
        else:
            last = first
        last = max(first, last)
        name = str(event.summary.value).strip() if hasattr(event, "summary") else ""
        name = name or self.env._("Public holiday")
        special = event.contents.get("x-apple-special-day")
        if special:
            workday = special[0].value.strip().upper() == WORKDAY_SPECIAL_DAY
        else:
            workday = any(marker in name.lower() for marker in WORKDAY_MARKERS)
        return PublicDays(name, first, last, "workday" if workday else "holiday")

    # ------------------------------------------------------------------ apply
    def _in_years(self, entries):
        year_from, year_to = self.year_from, self.year_to
        return [
            e for e in entries
            if (not year_from or e.last.year >= year_from) and (not year_to or e.first.year <= year_to)
        ]

    @api.model
    def _workday_pattern(self, calendar, day):
        """The usual hours of ``calendar`` for a make-up day: the attendances of its first
        working weekday (a make-up day is worked as a normal weekday)."""
        attendances = calendar.attendance_ids.filtered(
            lambda a: not a.date_from and not a.date_to and not a.resource_id
            and not a.display_type and a.day_period != "lunch"
        )
        if calendar.two_weeks_calendar:
            week_type = str(self.env["resource.calendar.attendance"].get_week_type(day))
            attendances = attendances.filtered(lambda a: a.week_type == week_type)
        if not attendances:
            raise UserError(self.env._("Calendar %s has no working hours to copy to make-up days.", calendar.name))
        weekday = min(attendances.mapped("dayofweek"), key=int)
        return attendances.filtered(lambda a: a.dayofweek == weekday).sorted("hour_from")

    @api.model
    def _vip_load_public_days(self, calendar, entries):
        """Add ``entries`` (``PublicDays``) to ``calendar``; skip days it already has.
        Returns (holidays added, make-up days added, skipped)."""
        tz = pytz.timezone(calendar.tz or "UTC")
        company = calendar.company_id or self.env.company

        def utc(day, moment):
            return tz.localize(datetime.combine(day, moment)).astimezone(pytz.utc).replace(tzinfo=None)

        Leave = self.env["resource.calendar.leaves"]
        existing_leaves = {
            (leave.date_from, leave.date_to)
            for leave in Leave.search([("calendar_id", "=", calendar.id), ("resource_id", "=", False)])
        }
        existing_days = set(calendar.attendance_ids.filtered("date_from").mapped("date_from"))
        leave_vals, attendance_vals, skipped = [], [], 0
        for entry in entries:
            if entry.kind == "holiday":
                span = (utc(entry.first, time.min), utc(entry.last, time(23, 59, 59)))
                if span in existing_leaves:
                    skipped += 1
                    continue
                existing_leaves.add(span)
                leave_vals.append({
                    "name": entry.name, "calendar_id": calendar.id, "company_id": company.id,
                    "date_from": span[0], "date_to": span[1], "time_type": "leave",
                })
                continue
            day = entry.first
            while day <= entry.last:
                if day in existing_days:
                    skipped += 1
                else:
                    existing_days.add(day)
                    for attendance in self._workday_pattern(calendar, day):
                        attendance_vals.append({
                            "name": entry.name, "calendar_id": calendar.id,
                            "dayofweek": str(day.weekday()), "date_from": day, "date_to": day,
                            "hour_from": attendance.hour_from, "hour_to": attendance.hour_to,
                            "day_period": attendance.day_period, "week_type": attendance.week_type,
                        })
                day += timedelta(days=1)
        Leave.create(leave_vals)
        self.env["resource.calendar.attendance"].create(attendance_vals)
        workdays = len({vals["date_from"] for vals in attendance_vals})
        return len(leave_vals), workdays, skipped

    def action_import(self):
        self.ensure_one()
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise UserError(self.env._("The first year comes before the last one."))
        if self.source == "ics":
            if not self.ics_file:
                raise UserError(self.env._("Choose the iCalendar (.ics) file to import."))
            entries = self._entries_from_ics(base64.b64decode(self.ics_file), self.calendar_id.tz)
        else:
            entries = self._entries_from_calendar()
        entries = self._in_years(entries)
        if not entries:
            raise UserError(self.env._("The source holds no public days in the chosen years."))
        holidays, workdays, skipped = self._vip_load_public_days(self.calendar_id, entries)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Public holidays loaded"),
                "message": self.env._(
                    "%(calendar)s: %(holidays)s public holidays and %(workdays)s make-up working days "
                    "added, %(skipped)s already present.",
                    calendar=self.calendar_id.name, holidays=holidays, workdays=workdays, skipped=skipped,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _vip_copy_shipped_holidays(self, calendar_id):
        """Demo and scripts: copy the shipped Chinese public holidays into a calendar (id)."""
        calendar = self.env["resource.calendar"].browse(calendar_id)
        source = self.env.ref("vip_customer_care.resource_calendar_cn_public_holidays")
        wizard = self.new({"calendar_id": calendar.id, "source": "calendar", "source_calendar_id": source.id})
        return self._vip_load_public_days(calendar, wizard._entries_from_calendar())
