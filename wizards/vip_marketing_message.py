# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.exceptions import UserError


class VipMarketingMessage(models.TransientModel):
    """Send a marketing e-mail to customers, only to those whose consent allows it
    (R-PII-03); every message carries a personal unsubscribe link."""

    _name = "vip.marketing.message"
    _description = "VIP marketing message"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    subject = fields.Char(required=True)
    body = fields.Html(required=True, sanitize_style=True)
    allowed_partner_ids = fields.Many2many(
        "res.partner", string="Will receive", compute="_compute_recipients"
    )
    skipped_partner_ids = fields.Many2many(
        "res.partner", string="Skipped (no consent, no e-mail or blacklisted)",
        compute="_compute_recipients",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            res["partner_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return res

    @api.depends("partner_ids")
    def _compute_recipients(self):
        for wizard in self:
            allowed = wizard.partner_ids.filtered("vip_marketing_allowed")
            wizard.allowed_partner_ids = allowed
            wizard.skipped_partner_ids = wizard.partner_ids - allowed

    def action_send(self):
        self.ensure_one()
        if not self.allowed_partner_ids:
            raise UserError(self.env._("None of the selected customers accepts marketing messages."))
        author = self.env.user.partner_id
        # Outgoing mails are system records (as in mail.thread's notifications): the wizard
        # itself is restricted to marketing officers by its access rights.
        self.env["mail.mail"].sudo().create([
            {
                "subject": self.subject,
                "body_html": self.body + self._unsubscribe_footer(partner),
                "email_to": partner.email_formatted,
                "email_from": author.email_formatted or self.env.company.email_formatted,
                "recipient_ids": [fields.Command.link(partner.id)],
                "auto_delete": True,
            }
            for partner in self.allowed_partner_ids
        ])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(sent)s message(s) queued, %(skipped)s customer(s) skipped.",
                    sent=len(self.allowed_partner_ids),
                    skipped=len(self.skipped_partner_ids),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _unsubscribe_token(self, partner):
        return tools.hmac(self.env(su=True), "vip-marketing-unsubscribe", partner.id)

    def _unsubscribe_footer(self, partner):
        url = "%s/vip_customer_care/unsubscribe/%s/%s" % (
            partner.get_base_url(),
            partner.id,
            self._unsubscribe_token(partner),
        )
        return Markup('<p style="font-size:small">%s <a href="%s">%s</a></p>') % (
            self.env._("You receive this message because you agreed to marketing messages."),
            escape(url),
            self.env._("Unsubscribe"),
        )
