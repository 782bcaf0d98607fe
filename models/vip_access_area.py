# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class VipAccessArea(models.Model):
    """An area of the premises a temporary pass may open (R-ACC-06)."""

    _name = "vip.access.area"
    _description = "Access area"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    sensitivity = fields.Selection(
        [("public", "Public"), ("restricted", "Restricted"), ("sensitive", "Sensitive")],
        required=True, default="public",
        help="Sensitive areas (production, vault, R&D) are opened only with a named escort.",
    )
    escort_required = fields.Boolean(compute="_compute_escort_required", store=True, readonly=False)
    is_premium_room = fields.Boolean(
        string="Premium room", help="Given to special-grade visitors (R-ACC-10).",
    )
    active = fields.Boolean(default=True)
    # Issue 22: the visitor agreement of this area (confidentiality, safety rules), in each language.
    agreement_text = fields.Html(
        string="Visitor agreement", translate=True,
        help="Accepted and signed by every visitor checking in to this area (guard's screen or kiosk).",
    )
    has_agreement = fields.Boolean(compute="_compute_has_agreement")

    @api.depends("agreement_text")
    def _compute_has_agreement(self):
        for area in self:
            area.has_agreement = bool(html2plaintext(area.agreement_text or "").strip())

    def action_edit_agreement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Visitor agreement"), "res_model": self._name,
            "res_id": self.id, "view_mode": "form",
            "views": [(self.env.ref("vip_customer_care.view_vip_access_area_agreement_form").id, "form")],
        }

    def _vip_agreement_acceptance(self, accepted, signature):
        """Issue 22: the gate log values recording that the visitor accepted this area's
        agreement, as shown to them (the text in the current language) with their drawn
        signature (base64 PNG). Empty when the area has no agreement; refused when it has one
        and the visitor did not accept or sign.

        The guard's screen (``vip.gate.check.action_check_in``) and the kiosk call it and pass
        the result to the check-in row of the gate log (``vip.access.log``, append-only)."""
        if len(self) != 1 or not self.has_agreement:
            return {}
        if not accepted or not signature:
            raise UserError(self.env._(
                "%s has a visitor agreement: the visitor accepts it and signs before entering.", self.name,
            ))
        return {
            "agreement_accepted": True, "agreement_text": self.agreement_text, "agreement_lang": self.env.lang,
            "agreement_signature": signature,
        }

    @api.depends("sensitivity")
    def _compute_escort_required(self):
        for area in self:
            area.escort_required = area.sensitivity == "sensitive"
