# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .res_partner import VIP_GROUP
from .vip_grouped_read import vip_group_part, vip_grouped_read

# count field -> (model, customer field on that model, action xmlid)
SMART_BUTTONS = {
    "vip_reception_count": ("vip.reception", "partner_ids", "vip_customer_care.action_vip_reception_all"),
    "vip_appointment_count": (
        "vip.visit.appointment", "partner_id", "vip_customer_care.action_vip_visit_appointment",
    ),
    "vip_pass_count": ("vip.access.pass", "customer_id", "vip_customer_care.action_vip_access_pass"),
    "vip_handover_count": (
        "vip.valuable.handover", "partner_id", "vip_customer_care.action_vip_valuable_handover",
    ),
}


class ResPartner(models.Model):
    """Smart buttons on the customer form (issue 9.5): the customer's receptions,
    appointments, visit passes and valuables handovers.

    The counts are one statement for the whole batch of partners (a grouped query per model,
    joined by UNION ALL), under the reader's own access rights and record rules (R-PII-02: a
    sales user counts only the records they may open). A role without read access to a model gets 0, not an error."""

    _inherit = "res.partner"

    vip_reception_count = fields.Integer(string="Receptions", compute="_compute_vip_counts", groups=VIP_GROUP)
    vip_appointment_count = fields.Integer(string="Appointments", compute="_compute_vip_counts", groups=VIP_GROUP)
    vip_pass_count = fields.Integer(string="Visit passes", compute="_compute_vip_counts", groups=VIP_GROUP)
    vip_handover_count = fields.Integer(string="Handovers", compute="_compute_vip_counts", groups=VIP_GROUP)

    # Counts follow the reader's rights: never share them between users or company selections.
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_vip_counts(self):
        # Issue 21: the four counts in one statement (one grouped read per model, joined by
        # UNION ALL), the same figures as four ``_read_group`` under the reader's rules.
        ids = [pid for pid in self.ids if pid]
        parts = {}
        for fname, (model, field, _action) in SMART_BUTTONS.items():
            Model = self.env[model]
            if ids and Model.has_access("read"):
                parts[fname] = vip_group_part(Model, [(field, "in", ids)], field)
        counts = vip_grouped_read(self.env, parts, serial=True)
        for fname in SMART_BUTTONS:
            for partner in self:
                partner[fname] = counts[fname].get(partner.id, 0)

    def _vip_open_related(self, fname):
        self.ensure_one()
        _model, field, action_xmlid = SMART_BUTTONS[fname]
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        action["domain"] = [(field, "in" if field == "partner_ids" else "=", self.id)]
        if field == "partner_ids":
            action["context"] = {"default_partner_ids": [self.id]}
        elif field == "partner_id":
            action["context"] = {"default_partner_id": self.id}
        else:
            action["context"] = {}
        action["name"] = self._fields[fname]._description_string(self.env)
        return action

    def action_vip_view_receptions(self):
        return self._vip_open_related("vip_reception_count")

    def action_vip_view_appointments(self):
        return self._vip_open_related("vip_appointment_count")

    def action_vip_view_passes(self):
        return self._vip_open_related("vip_pass_count")

    def action_vip_view_handovers(self):
        return self._vip_open_related("vip_handover_count")


class VipAccessPass(models.Model):
    _inherit = "vip.access.pass"

    # Not stored: Odoo 18 groups and filters through the related path in SQL, so the customer's
    # pass count stays one query without a new column to maintain.
    customer_id = fields.Many2one(related="appointment_id.partner_id", string="Customer")
