# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .vip_guard_mixin import _WORKFLOW, vip_in_workflow, vip_is_chatter_field

MARSHAL_GROUP = "vip_customer_care.group_vip_security"


class VipRollCall(models.Model):
    """Emergency roll call (issue 22, R-ACC-09): a snapshot of everyone on site when security
    starts it, one line per person; marshals mark each person safe from their phone; closing it
    keeps the record with its times and a summary in the chatter.

    Marshals are the security group (R-SEC-01): they start, mark and close. Once closed, the
    roll call and its lines never change and nothing is deleted (not by an administrator
    either): it is the evidence of the evacuation."""

    _name = "vip.roll.call"
    _description = "Emergency roll call"
    # bus.listener.mixin: the live screen (issue 22) hears marks and closing on the roll call's
    # own bus channel, which ir.websocket grants only to users who may read the roll call.
    _inherit = ["vip.guard.mixin", "mail.thread", "bus.listener.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # Who started and closed it, when, and the snapshot: written by the actions only.
    _vip_workflow_fields = (
        "name", "state", "started_by_id", "date_start", "closed_by_id", "date_end", "line_ids",
    )
    _vip_retention = True  # R-PII-06
    _vip_draft_state = "open"
    _vip_final_states = ("closed",)
    # While open only the assembly point may still change; closed: nothing.
    _vip_editable_fields = {"open": ("gate_id", "line_ids"), "closed": ()}

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    gate_id = fields.Many2one(
        "vip.access.gate", string="Gate / assembly point", check_company=True, tracking=True,
        help="Where the marshals gather the people on site.",
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, readonly=True,
        tracking=True, index=True, copy=False,
    )
    started_by_id = fields.Many2one("res.users", string="Started by", readonly=True, copy=False,
                                    default=lambda self: self.env.user)
    date_start = fields.Datetime(string="Started", readonly=True, copy=False, default=fields.Datetime.now)
    closed_by_id = fields.Many2one("res.users", string="Closed by", readonly=True, copy=False)
    date_end = fields.Datetime(string="Closed", readonly=True, copy=False)
    line_ids = fields.One2many("vip.roll.call.line", "roll_call_id", string="People on site", readonly=True)
    count_total = fields.Integer(string="On site", compute="_compute_counts")
    count_safe = fields.Integer(string="Safe", compute="_compute_counts")
    count_unaccounted = fields.Integer(string="Unaccounted", compute="_compute_counts")
    duration_hours = fields.Float(
        string="Duration", compute="_compute_duration",
        help="From the start to the closing (to now while open).",
    )

    def init(self):
        # One open roll call per company, also when two marshals press "Start" at once (the
        # check in create gives the readable message; this index holds under concurrency).
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS vip_roll_call_one_open_per_company "
            "ON vip_roll_call (company_id) WHERE state = 'open'"
        )

    @api.depends("line_ids.status")
    def _compute_counts(self):
        # One grouped query for all the roll calls shown (kanban, list, form).
        counts = {}
        if self.ids:
            for roll_call, status, count in self.env["vip.roll.call.line"]._read_group(
                [("roll_call_id", "in", self.ids)], ["roll_call_id", "status"], ["__count"],
            ):
                counts[(roll_call.id, status)] = count
        for rec in self:
            safe = counts.get((rec.id, "safe"), 0)
            unaccounted = counts.get((rec.id, "unaccounted"), 0)
            rec.count_safe = safe
            rec.count_unaccounted = unaccounted
            rec.count_total = safe + unaccounted

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        now = fields.Datetime.now()
        for rec in self:
            end = rec.date_end or now
            rec.duration_hours = max((end - rec.date_start).total_seconds(), 0) / 3600 if rec.date_start else 0.0

    # ------------------------------------------------------------------ rights
    def _vip_check_marshal(self):
        if not (self.env.su or self.env.user.has_group(MARSHAL_GROUP)):
            raise UserError(self.env._("Only security (the marshals) runs a roll call."))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._vip_check_marshal()
        # Checked before the insert, for a readable message (the index refuses it anyway).
        company_ids = [vals.get("company_id") or self.env.company.id for vals in vals_list]
        open_companies = self.search([("company_id", "in", company_ids), ("state", "=", "open")]).company_id
        doubled = open_companies | self.env["res.company"].browse(
            {cid for cid in company_ids if company_ids.count(cid) > 1})
        if doubled:
            raise ValidationError(self.env._(
                "A roll call is already open for %s: mark people safe there, or close it first.",
                ", ".join(doubled.mapped("name")),
            ))
        roll_calls = super().create(vals_list)
        for rec in roll_calls:
            if rec.name == "/":
                rec._vip_action_write({"name": self.env["ir.sequence"].next_by_code("vip.roll.call") or "/"})
        # The snapshot (R-ACC-09): everyone on site now. A data file may give its own lines
        # (the demo's past drill); a user never does (line_ids is a workflow field).
        roll_calls.filtered(lambda r: not r.line_ids)._vip_take_snapshot()
        return roll_calls

    def _vip_take_snapshot(self):
        Pass = self.env["vip.access.pass"]
        on_site = Pass.search(
            [("state", "=", "checked_in"), ("company_id", "in", self.company_id.ids)],
            order="current_area_id, checked_in_date",
        )
        vals_list = []
        for rec in self:
            for access_pass in on_site.filtered(lambda p, rec=rec: p.company_id == rec.company_id):
                vals_list.append({
                    "roll_call_id": rec.id, "pass_id": access_pass.id, "visitor_id": access_pass.visitor_id.id,
                    "name": access_pass.visitor_id.name, "host_employee_id": access_pass.host_employee_id.id,
                    "area_id": access_pass.current_area_id.id, "checked_in_date": access_pass.checked_in_date,
                })
        if not vals_list and not vip_in_workflow(self.env):
            raise UserError(self.env._("Nobody is on site: there is nobody to account for."))
        self.env["vip.roll.call.line"].with_context(vip_workflow=_WORKFLOW).create(vals_list)

    def write(self, vals):
        closed = self.filtered(lambda r: r.state == "closed")
        if closed and not self.env.su and any(not vip_is_chatter_field(name) for name in vals):
            # Stricter than the per-state lock: not even an administrator rewrites a closed roll call.
            raise UserError(self.env._(
                "Roll call %s is closed: it is kept as it was and can no longer be changed.",
                ", ".join(closed.mapped("name")),
            ))
        result = super().write(vals)
        if "gate_id" in vals:
            self._vip_notify_screens()
        return result

    # ------------------------------------------------------------------ live screen
    # The notification type the roll call form's live widget listens to
    # (static/src/roll_call_live/roll_call_live.esm.js).
    _VIP_BUS_CHANGED = "vip.roll.call/changed"

    def _vip_notify_screens(self):
        """Tell the open screens of these roll calls that marks (or the state) changed: each
        screen reloads the roll call unless its user has unsaved edits. Sent on the roll call's
        own channel, after the commit (bus.bus), with no personal data: who sees the marks is
        decided when the screen reads the roll call, under the reader's rights."""
        for rec in self:
            rec._bus_send(self._VIP_BUS_CHANGED, {"id": rec.id, "state": rec.state})

    @api.model
    def _vip_bus_channels(self, channels):
        """The bus channels a web client asks for as ``vip.roll.call_<id>`` (ir.websocket):
        the roll calls among them this user may read (record rules), as records."""
        ids = {int(match[1]) for channel in channels
               if isinstance(channel, str) and (match := re.fullmatch(r"vip\.roll\.call_(\d+)", channel))}
        if not ids or not self.has_access("read"):
            return self.browse()
        return self.search([("id", "in", list(ids))])

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_system(self):
        if not self.env.su:
            raise UserError(self.env._("A roll call is evidence of an evacuation: it cannot be deleted."))

    # ------------------------------------------------------------------ actions
    def action_start(self):
        """Start a roll call (or open the one already running) for the current company.

        A list header button (``display="always"``): the selected roll calls do not matter."""
        self._vip_check_marshal()
        RollCall = self.browse()
        roll_call = RollCall.search([("company_id", "=", self.env.company.id), ("state", "=", "open")], limit=1)
        if not roll_call:
            roll_call = RollCall.create({"company_id": self.env.company.id})
        return roll_call._vip_open_action()

    def _vip_open_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Roll call"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("vip_customer_care.view_vip_roll_call_form").id, "form")],
            "target": "current",
        }

    def action_refresh(self):
        """The marshals' refresh button: the form reloads with everybody's marks."""
        return True

    def action_close(self):
        self._vip_check_marshal()
        not_open = self.filtered(lambda r: r.state != "open")
        if not_open:
            raise UserError(self.env._("Roll call %s is already closed.", ", ".join(not_open.mapped("name"))))
        self._vip_close(fields.Datetime.now())
        return True

    def _vip_close(self, closed_at):
        """Close these open roll calls at ``closed_at`` and post the summary."""
        self._vip_action_write({"state": "closed", "closed_by_id": self.env.user.id, "date_end": closed_at})
        self._vip_post_summary()
        # The other marshals' screens show it closed and stop listening.
        self._vip_notify_screens()

    def _vip_post_summary(self):
        """The closing summary in the chatter: safe / unaccounted / on site, the duration and
        the names of the people still unaccounted (the demo's past drill posts it too)."""
        unaccounted = {
            roll_call.id: names for roll_call, names in self.env["vip.roll.call.line"]._read_group(
                [("roll_call_id", "in", self.ids), ("status", "=", "unaccounted")], ["roll_call_id"], ["name:array_agg"],
            )
        }
        for rec in self:
            minutes = round(rec.duration_hours * 60)
            # Formatted before the call: the term extractor evaluates the arguments' strings.
            padded_minutes = "%02d" % (minutes % 60)
            body = self.env._(
                "Roll call closed by %(user)s: %(safe)s safe, %(unaccounted)s unaccounted of %(total)s on site; "
                "duration %(hours)s h %(minutes)s min.",
                user=rec.closed_by_id.name, safe=rec.count_safe, unaccounted=rec.count_unaccounted,
                total=rec.count_total, hours=minutes // 60, minutes=padded_minutes,
            )
            missing = unaccounted.get(rec.id)
            if missing:
                body += " " + self.env._("Unaccounted: %s.", ", ".join(sorted(missing)))
            rec.message_post(body=body, subtype_xmlid="mail.mt_note", author_id=rec.closed_by_id.partner_id.id)


class VipRollCallLine(models.Model):
    """One person on site when the roll call started (R-ACC-09). Created by the snapshot only;
    marked safe by a marshal's button; never changed or deleted once the roll call is closed."""

    _name = "vip.roll.call.line"
    _description = "Roll call line"
    _inherit = ["vip.guard.mixin"]
    # Unaccounted people first ("unaccounted" sorts after "safe", hence desc), then by area.
    _order = "status desc, area_id, name, id"
    _check_company_auto = True

    _vip_workflow_fields = (
        "roll_call_id", "pass_id", "visitor_id", "name", "host_employee_id", "area_id", "checked_in_date",
        "status", "marked_by_id", "marked_date",
    )
    _vip_parent_field = "roll_call_id"
    _vip_parent_locked_states = ("closed",)

    roll_call_id = fields.Many2one("vip.roll.call", required=True, ondelete="restrict", index=True, readonly=True)
    company_id = fields.Many2one(related="roll_call_id.company_id", store=True)
    roll_call_state = fields.Selection(related="roll_call_id.state", string="Roll call status")
    pass_id = fields.Many2one("vip.access.pass", readonly=True, check_company=True)
    visitor_id = fields.Many2one("vip.visitor", readonly=True, check_company=True)
    name = fields.Char(string="Person", required=True, readonly=True)
    host_employee_id = fields.Many2one("hr.employee", string="Host", readonly=True)
    area_id = fields.Many2one("vip.access.area", readonly=True, check_company=True)
    checked_in_date = fields.Datetime(string="Checked in", readonly=True)
    status = fields.Selection(
        [("unaccounted", "Unaccounted"), ("safe", "Safe")], default="unaccounted", required=True, readonly=True,
        index=True,
    )
    marked_by_id = fields.Many2one("res.users", string="Marked by", readonly=True)
    marked_date = fields.Datetime(string="Marked at", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        manual = not (self.env.su or self.env.context.get("vip_workflow") is _WORKFLOW)
        # With workflow fields the shared guard refuses and names them (vip.guard.mixin).
        guarded = self._vip_guarded_fields() if manual else ()
        if manual and not any(
            name in vals and not self._vip_is_default(name, vals[name]) for vals in vals_list for name in guarded
        ):
            raise UserError(self.env._(
                "The people of a roll call change only through its buttons: they come from the on-site list "
                "when it starts."
            ))
        return super().create(vals_list)

    def write(self, vals):
        closed = self.roll_call_id.filtered(lambda r: r.state == "closed")
        if closed and not self.env.su:
            raise UserError(self.env._(
                "Roll call %s is closed: its people and marks can no longer be changed.",
                ", ".join(closed.mapped("name")),
            ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_system(self):
        if not self.env.su:
            raise UserError(self.env._("A roll call is evidence of an evacuation: its people cannot be deleted."))

    def _vip_mark(self, status):
        self.env["vip.roll.call"]._vip_check_marshal()
        closed = self.roll_call_id.filtered(lambda r: r.state != "open")
        if closed:
            raise UserError(self.env._(
                "Roll call %s is closed: its people and marks can no longer be changed.",
                ", ".join(closed.mapped("name")),
            ))
        # A person another marshal already marked keeps that marshal's mark.
        todo = self.filtered(lambda line: line.status != status)
        todo._vip_action_write({
            "status": status,
            "marked_by_id": self.env.user.id if status == "safe" else False,
            "marked_date": fields.Datetime.now() if status == "safe" else False,
        })
        # Live screen: the other marshals see the mark within moments, without Refresh.
        todo.roll_call_id._vip_notify_screens()
        return True

    def action_mark_safe(self):
        return self._vip_mark("safe")

    def action_mark_unaccounted(self):
        """Undo a mistaken mark while the roll call is open."""
        return self._vip_mark("unaccounted")
