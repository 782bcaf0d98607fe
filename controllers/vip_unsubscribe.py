# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import http
from odoo.http import request
from odoo.tools import consteq


class VipUnsubscribe(http.Controller):
    @http.route(
        "/vip_customer_care/unsubscribe/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
    )
    def unsubscribe(self, partner_id, token):
        """Withdraw marketing consent from the link in a marketing message (R-PII-03).
        The public visitor has no rights: the HMAC token is the authorisation."""
        wizard = request.env["vip.marketing.message"]
        partner = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner or not consteq(token, wizard._unsubscribe_token(partner)):
            return request.not_found()
        partner.write({"vip_consent_marketing": False})
        text = request.env._("You will no longer receive marketing messages from %s.", partner.company_id.name or request.env.company.name)
        return request.make_response(Markup("<html><body><p>%s</p></body></html>") % text)
