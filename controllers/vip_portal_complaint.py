# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import werkzeug

from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from .helpdesk import vip_is_complaint, vip_may_see, vip_portal_customer


class VipPortalComplaint(CustomerPortalHelpdesk):
    """Issue 22: *My complaints* on ``/my`` for VIP customers, on helpdesk_mgmt's portal
    routes. A VIP complaint is shown to its own customer only (R-PII-02, R-SEC-01), with its
    stage and the deadlines the customer is promised (R-CMP-02/04), never the internal ones;
    helpdesk_mgmt's close buttons are replaced by the satisfaction question (R-CMP-06)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        customer = vip_portal_customer()
        if not counters:
            # The home page's own value (not a counter: /my/counters answers counters only).
            values["vip_portal_customer"] = bool(customer)
        if "vip_complaint_count" in counters:
            # The record rules keep it to the user's own commercial partner.
            values["vip_complaint_count"] = request.env["helpdesk.ticket"].search_count(
                [("vip_is_vip_team", "=", True)]) if customer else 0
        return values

    @http.route(["/my/ticket/<int:ticket_id>"], type="http", auth="public", website=True)
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        ticket_sudo = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if ticket_sudo and vip_is_complaint(ticket_sudo) and not vip_may_see(ticket_sudo):
            # The same answer as for a ticket that does not exist: its existence stays hidden.
            return request.redirect("/my")
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        if vip_is_complaint(ticket):
            values.update(
                # Closed by customer service's buttons, on the customer's answer (R-CMP-06).
                closed_stages=request.env["helpdesk.ticket.stage"],
                vip_complaint=True,
                vip_deadlines=ticket._vip_portal_deadlines(),
                vip_ask_satisfaction=bool(ticket.vip_replied_date and not ticket.stage_id.closed),
            )
        return values

    @http.route(
        ["/my/ticket/<int:ticket_id>/vip_satisfaction"], type="http", auth="user", methods=["POST"], website=True,
    )
    def portal_vip_satisfaction(self, ticket_id, answer=None, **kw):
        """R-CMP-06: the customer answers the satisfaction question after the reply, as the
        survey does for the other channels: satisfied closes the complaint, unsatisfied
        reopens it with a new cycle of deadlines. Only the complaint's own customer answers,
        only once per reply; nothing else of the complaint is written."""
        if answer not in ("satisfied", "unsatisfied"):
            raise werkzeug.exceptions.BadRequest(request.env._("Answer satisfied or not satisfied."))
        ticket_sudo = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if not ticket_sudo or not vip_is_complaint(ticket_sudo) or not request.env.user._is_portal() \
                or not vip_may_see(ticket_sudo):
            raise werkzeug.exceptions.NotFound()
        if not ticket_sudo.vip_replied_date or ticket_sudo.stage_id.closed:
            raise werkzeug.exceptions.BadRequest(request.env._(
                "You are asked whether you are satisfied once we have replied (R-CMP-06)."))
        satisfied = answer == "satisfied"
        ticket_sudo.message_post(
            body=request.env._("Satisfied with the reply.") if satisfied
            else request.env._("Not satisfied with the reply."),
            author_id=request.env.user.partner_id.id, message_type="comment", subtype_xmlid="mail.mt_comment",
        )
        # The customer's answer is the system's update of the workflow, as for the survey
        # (``survey.user_input._mark_done``): the portal user has no right on the complaint.
        ticket_sudo._vip_record_satisfaction(satisfied)
        return request.redirect(f"/my/ticket/{ticket_sudo.id}")
