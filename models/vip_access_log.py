# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .vip_guard_mixin import _WORKFLOW


class VipAccessLog(models.Model):
    """Gate events (R-ACC-05..08): who, when, which gate and area, what was checked.

    Append-only evidence: rows are created by the gate screen's actions only
    (``_vip_action_env``) and never changed or deleted except by the system (superuser).
    """

    _name = "vip.access.log"
    _inherit = ["vip.guard.mixin"]
    _description = "Gate log"
    _order = "date desc, id desc"
    _check_company_auto = True

    # Every field of an entry is written once, by the gate screen.
    _vip_workflow_fields = (
        "pass_id", "code", "company_id", "visitor_id", "event", "reason", "date", "user_id", "gate_id", "area_id",
        "belongings_checked", "belongings_notes", "vehicle_plate", "vehicle_checked", "kiosk_id",
        "agreement_accepted", "agreement_text", "agreement_lang", "agreement_signature",
    )
    _vip_retention = True  # R-PII-06

    pass_id = fields.Many2one("vip.access.pass", ondelete="restrict", index="btree_not_null", check_company=True)
    code = fields.Char(string="Code scanned")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    visitor_id = fields.Many2one(related="pass_id.visitor_id", store=True)
    event = fields.Selection(
        [("check_in", "Check-in"), ("check_out", "Check-out"), ("denied", "Denied")], required=True,
    )
    reason = fields.Char(help="Why entry was denied.")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Guard", required=True, default=lambda self: self.env.user)
    gate_id = fields.Many2one("vip.access.gate", check_company=True)
    area_id = fields.Many2one("vip.access.area", check_company=True)
    belongings_checked = fields.Boolean()
    belongings_notes = fields.Char()
    vehicle_plate = fields.Char()
    vehicle_checked = fields.Boolean()
    # Issue 22: the attempt was made by the visitor at a self check-in kiosk ("via kiosk").
    kiosk_id = fields.Many2one("vip.gate.kiosk", string="Via kiosk", index="btree_not_null", ondelete="restrict")
    active = fields.Boolean(default=True)
    # Issue 22: the area's visitor agreement as accepted at check-in (text shown, language, signature).
    agreement_accepted = fields.Boolean(string="Agreement accepted")
    agreement_text = fields.Html(string="Agreement accepted (text)")
    agreement_lang = fields.Char(string="Agreement language")
    agreement_signature = fields.Binary(string="Visitor's signature", attachment=True)

    def action_print_agreement(self):
        """Issue 22: the accepted agreement with the visitor's signature (PDF)."""
        signed = self.filtered("agreement_accepted")
        if not signed:
            raise UserError(self.env._("No visitor agreement was accepted on these gate log entries."))
        return self.env.ref("vip_customer_care.action_report_vip_visitor_agreement").report_action(signed)

    @api.model_create_multi
    def create(self, vals_list):
        # Not even an administrator types a gate event by hand: only the gate actions' token counts.
        if not (self.env.su or self.env.context.get("vip_workflow") is _WORKFLOW):
            raise UserError(self.env._("Gate log entries are written by the gate screen only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("The gate log is evidence: entries cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_system(self):
        if not self.env.su:
            raise UserError(self.env._("The gate log is evidence: entries cannot be deleted."))
