# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class VipReceptionSchedule(models.Model):
    """Day-by-day schedule of a reception plan (R-REC-02)."""

    _name = "vip.reception.schedule"
    _description = "Reception schedule line"
    _inherit = ["vip.guard.mixin"]
    _order = "date_start, id"
    # Lines of a done or cancelled reception are locked (R-PII-06).
    _vip_parent_field = "reception_id"
    _vip_workflow_fields = ("event_id",)

    reception_id = fields.Many2one("vip.reception", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reception_id.company_id", store=True, precompute=True)
    date_start = fields.Datetime(string="From", required=True)
    duration = fields.Float(string="Duration (hours)", default=1.0)
    activity_type = fields.Selection(
        [
            ("visit", "Visit"),
            ("meeting", "Meeting"),
            ("meal", "Meal"),
            ("entertainment", "Entertainment"),
            ("transfer", "Transfer"),
            ("other", "Other"),
        ],
        string="Activity", required=True, default="visit",
    )
    name = fields.Char(string="Description", required=True)
    place = fields.Char()
    staff_user_ids = fields.Many2many("res.users", string="Staff", domain="[('share', '=', False)]")
    event_id = fields.Many2one("calendar.event", string="Calendar event", readonly=True, copy=False)

    _sql_constraints = [
        ("duration_positive", "CHECK(duration > 0)", "A schedule line lasts more than zero hours."),
    ]

    def _create_calendar_events(self):
        """Calendar events with the staff as attendees (R-REC-07), without mailing them."""
        lines = self.filtered(lambda line: not line.event_id)
        if not lines:
            return
        model = self.env["ir.model"]._get_id("vip.reception")
        events = self.env["calendar.event"].with_context(no_mail_to_attendees=True).create([
            {
                "name": f"{line.reception_id.name}: {line.name}",
                "start": line.date_start,
                "stop": line.date_start + timedelta(hours=line.duration),
                "location": line.place,
                "partner_ids": [fields.Command.set(line.staff_user_ids.partner_id.ids)],
                "res_model_id": model,
                "res_id": line.reception_id.id,
                "user_id": line.reception_id.user_id.id,
            }
            for line in lines
        ])
        for line, event in zip(lines, events, strict=True):
            line._vip_action_write({"event_id": event.id})

    @api.ondelete(at_uninstall=False)
    def _unlink_events(self):
        self.event_id.unlink()
