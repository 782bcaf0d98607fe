# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class VipValuableHandover(models.Model):
    """R-VAL-02 / R-INC-01: a weight mismatch at return opens an incident for security."""

    _inherit = "vip.valuable.handover"

    incident_ids = fields.One2many("vip.incident", "handover_id", string="Incidents")

    def _raise_incident(self):
        res = super()._raise_incident()
        incident = self.env["vip.incident"].create({
            "company_id": self.company_id.id,
            "incident_type": "lost_item",
            "title": self.env._("Handover weight mismatch: %s", self.item),
            "description": self.env._(
                "%(item)s: %(out).3f g handed over, %(back).3f g returned.",
                item=self.item, out=self.weight, back=self.return_weight,
            ),
            "partner_id": self.partner_id.id,
            "partner_ids": [fields.Command.link(self.partner_id.id)],
            "reception_id": self.reception_id.id,
            "handover_id": self.id,
        })
        self.message_post(body=self.env._("Incident %s opened for the weight mismatch.", incident.name))
        return res
