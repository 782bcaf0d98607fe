# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

COMPLIANCE = "vip_customer_care.group_vip_compliance"


class VipPiiAnonymise(models.TransientModel):
    """Anonymise a customer on request (R-PII-05), compliance / internal control only.

    Behaviour chosen for records under legal retention (R-PII-06, R-CMP-07): the wizard does
    **not** refuse. It anonymises everything that is not under retention and keeps, on the
    records still inside their retention period, only what the law requires (decided model by
    model in ``vip.pii.anonymisation._vip_plan``: e.g. the gate register keeps a visitor's name
    and identity document, a handover its signature, a complaint the customer's name as
    recorded). The dialog lists those records and until when before confirming, and the
    evidence (``vip.pii.anonymisation``) records them line by line, so compliance knows what
    is left and when it ends. Refusing instead would leave every recent customer's data
    untouched for three years, which the rule does not ask for.

    It refuses (translated UserError) a contact that is a user's own contact (the user account
    must be archived and handed over first, R-PII-05 leaving employees) and a customer that has
    already been anonymised."""

    _name = "vip.pii.anonymise"
    _description = "Anonymise a customer"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, ondelete="cascade")
    request_reference = fields.Char(string="Request reference", required=True,
                                    help="Reference of the customer's written request (letter, e-mail, form).")
    request_date = fields.Date(string="Request date", required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True, help="The request and how the customer's identity was checked.")
    summary = fields.Html(string="What happens", compute="_compute_summary", sanitize=False)

    @api.model
    def _vip_check_compliance(self):
        if not self.env.user.has_group(COMPLIANCE):
            raise AccessError(self.env._("Only compliance / internal control can anonymise a customer (R-PII-05)."))

    @api.model_create_multi
    def create(self, vals_list):
        self._vip_check_compliance()
        return super().create(vals_list)

    @api.depends("partner_id")
    def _compute_summary(self):
        Anonymisation = self.env["vip.pii.anonymisation"]
        outcomes = dict(self._vip_outcomes())
        for wizard in self:
            partner = wizard.partner_id
            if not partner or not self.env.user.has_group(COMPLIANCE):
                wizard.summary = False
                continue
            rows = []
            for records, outcome, until, _details, _vals in Anonymisation._vip_plan(partner):
                label = outcomes[outcome]
                dates = [d for d in until.values() if d and d > fields.Datetime.now()] if outcome != "anonymised" else []
                rows.append(Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                    records._description, len(records), label,
                    format_date(self.env, max(dates)) if dates else "",
                ))
            wizard.summary = Markup(
                '<table class="table table-sm"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>'
                "<tbody>%s</tbody></table>"
            ) % (self.env._("Records"), self.env._("Count"), self.env._("Outcome"), self.env._("Kept until"),
                 Markup("").join(rows))

    def _vip_outcomes(self):
        return self.env["vip.pii.anonymisation.line"]._fields["outcome"]._description_selection(self.env)

    def action_anonymise(self):
        """Anonymise the customer and open the evidence."""
        self.ensure_one()
        self._vip_check_compliance()
        partner = self.partner_id
        partner.check_access("read")
        if partner.vip_anonymised:
            raise UserError(self.env._("%s has already been anonymised.", partner.display_name))
        people = self.env["vip.pii.anonymisation"]._vip_people(partner)
        users = self.env["res.users"].sudo().with_context(active_test=False).search([("partner_id", "in", people.ids)])
        if users:
            raise UserError(self.env._(
                "%(partner)s is the contact of the user account %(users)s: employees' and portal users' "
                "data are handled when the account is closed (R-PII-05), not by anonymising a customer.",
                partner=partner.display_name, users=", ".join(users.mapped("login")),
            ))
        log = self.env["vip.pii.anonymisation"]._vip_run(partner, {
            "request_reference": self.request_reference,
            "request_date": self.request_date,
            "reason": self.reason,
        })
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Anonymisation"),
            "res_model": "vip.pii.anonymisation",
            "res_id": log.id,
            "view_mode": "form",
            "target": "current",
        }
