# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class VipVisitor(models.Model):
    """A person registered at the gate (R-ACC-05): the VIP and each companion, with an
    identity document validated and masked as on customers (R-PII-01)."""

    _name = "vip.visitor"
    _description = "Visitor"
    _inherit = ["vip.identity.mixin", "vip.guard.mixin"]
    _order = "appointment_id desc, id"
    _check_company_auto = True

    # Set when the gate registers the person (vip.guard.mixin); the company follows the appointment.
    _vip_workflow_fields = ("registered_date", "company_id")
    _vip_text_limits = {"purpose": 20000}  # prefilled from the appointment's purpose (a text)
    _vip_retention = True  # R-PII-06

    appointment_id = fields.Many2one("vip.visit.appointment", required=True, ondelete="cascade", index=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(related="appointment_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Contact", check_company=True)
    is_vip = fields.Boolean(string="VIP")
    name = fields.Char(required=True)
    gender = fields.Selection([("female", "Female"), ("male", "Male"), ("other", "Other")])
    phone = fields.Char()
    organisation = fields.Char()
    purpose = fields.Char()
    registered_date = fields.Datetime(string="Registered at", default=fields.Datetime.now, readonly=True)
    id_copy = fields.Binary(
        string="ID copy", attachment=True,
        groups="vip_customer_care.group_vip_security,vip_customer_care.group_vip_compliance",
    )
    pass_ids = fields.One2many("vip.access.pass", "visitor_id", string="Passes")

    def _vip_pii_log_target(self):
        # Visitors have no chatter: their visit logs the change (R-PII-01, issue 18).
        return self.appointment_id

    @api.constrains("appointment_id", "vip_id_type", "vip_id_number")
    def _check_registered_once(self):
        """R-ACC-05/06: a person (identity document) is registered once per visit, so that
        nobody holds two valid passes for one visit under two registrations."""
        # Numbers are compared, never shown: the message names no one (R-PII-01).
        numbered = self.sudo().filtered("vip_id_number")
        if not numbered:
            return
        groups = numbered._read_group(
            [("appointment_id", "in", numbered.appointment_id.ids),
             ("vip_id_number", "in", numbered.mapped("vip_id_number"))],
            ["appointment_id", "vip_id_type", "vip_id_number"], ["__count"],
        )
        if any(count > 1 for *_key, count in groups):
            raise ValidationError(self.env._(
                "This identity document is already registered for this visit: a person is registered, "
                "and holds a pass, once per visit (R-ACC-06)."
            ))
