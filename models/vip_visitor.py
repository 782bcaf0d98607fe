# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipVisitor(models.Model):
    """A person registered at the gate (R-ACC-05): the VIP and each companion, with an
    identity document validated and masked as on customers (R-PII-01)."""

    _name = "vip.visitor"
    _description = "Visitor"
    _inherit = ["vip.guard.mixin", "vip.identity.mixin"]
    _order = "appointment_id desc, id"
    _check_company_auto = True

    # Issue 8 point 2 / R-PII-06.
    _vip_workflow_fields = ("registered_date", "company_id")
    _vip_text_limits = {"purpose": 20000}  # prefilled from the appointment's purpose (a text)
    _vip_retention = True

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
