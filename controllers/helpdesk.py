# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import werkzeug

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class VipHelpdeskTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's portal routes write tickets as the superuser. For VIP complaints they
    run the form's checks instead (issue 18, R-CMP-05/06, R-SEC-01)."""

    @http.route("/ticket/close", type="http", auth="user")
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt closes any ticket by id as the superuser. A ticket of the VIP
        customer service team is written as the logged-in user: their access rights and
        record rules apply (portal users and other salespeople cannot write it) and so do the
        add-on's workflow rules (a complaint is closed by its buttons only). Other tickets
        keep helpdesk_mgmt's behaviour, for those the user can read."""
        try:
            ticket_id = int(kw.get("ticket_id") or 0)
            stage_id = int(kw.get("stage_id") or 0)
        except ValueError:
            raise werkzeug.exceptions.BadRequest(request.env._("Unknown ticket or stage.")) from None
        Ticket = request.env["helpdesk.ticket"]
        ticket = Ticket.browse(ticket_id)
        # Who may not read the ticket may not close it either (its existence stays hidden).
        if not ticket.sudo().exists() or not ticket.has_access("read"):
            raise AccessError(request.env._("You cannot close this ticket: it is not yours."))
        if not ticket.sudo().vip_is_vip_team and not ticket.sudo().vip_received_date:
            return super().support_ticket_close(**kw)
        stage = request.env["helpdesk.ticket.stage"].browse(stage_id).exists()
        if not stage or not stage.close_from_portal:  # the same protection as helpdesk_mgmt
            raise werkzeug.exceptions.BadRequest(request.env._("This stage cannot be chosen from the portal."))
        # As the user, not the superuser: the same checks as the complaint form.
        try:
            ticket.check_access("write")
        except AccessError:
            raise AccessError(request.env._(
                "%s is a VIP complaint: VIP customer service closes it with its buttons once you "
                "are satisfied, not from the portal (R-CMP-06).", ticket.sudo().display_name,
            )) from None
        ticket.write({"stage_id": stage.id})
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")

    def _prepare_submit_ticket_vals(self, **kw):
        """A ticket filed on the website for the VIP team is received by the web channel
        (R-CMP-01). The values are the route's own: no workflow value comes from the form."""
        vals = super()._prepare_submit_ticket_vals(**kw)
        team = request.env["helpdesk.ticket.team"].browse(vals.get("team_id") or [])
        if team.vip_customer_service:
            vals["vip_channel"] = "web"
        return vals
