# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class VipReception(models.Model):
    """R-APV-07: the emergency approval is triggered by a complaint or an incident, linked
    here; the reference shown on the reception and its PDF is the linked record's."""

    _inherit = "vip.reception"

    emergency_complaint_id = fields.Many2one(
        "helpdesk.ticket", string="Triggering complaint", check_company=True, index="btree_not_null", tracking=True,
    )
    emergency_incident_id = fields.Many2one(
        "vip.incident", string="Triggering incident", check_company=True, index="btree_not_null", tracking=True,
    )
    emergency_reference = fields.Char(compute="_compute_emergency_reference", store=True, readonly=True)

    @api.depends("emergency_trigger", "emergency_complaint_id", "emergency_incident_id")
    def _compute_emergency_reference(self):
        for rec in self:
            if rec.emergency_trigger == "complaint":
                rec.emergency_reference = rec.emergency_complaint_id.number or False
            elif rec.emergency_trigger == "incident":
                rec.emergency_reference = rec.emergency_incident_id.name or False
            else:
                rec.emergency_reference = False

    @api.constrains("is_emergency", "emergency_trigger", "emergency_complaint_id", "emergency_incident_id")
    def _check_emergency_link(self):
        for rec in self.filtered("is_emergency"):
            link = rec.emergency_complaint_id if rec.emergency_trigger == "complaint" else rec.emergency_incident_id
            if rec.emergency_trigger and not link:
                raise ValidationError(self.env._(
                    "An emergency reception links the complaint or the incident that triggers it (R-APV-07)."
                ))
