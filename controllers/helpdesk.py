# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import werkzeug

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


def vip_portal_customer():
    """The commercial partner of the logged-in portal user when it is a VIP customer (it has a
    service level), else an empty recordset. Issue 22: such a user's tickets are VIP complaints.
    The service level is a VIP field (hidden from portal users): it is read as a flag only."""
    user = request.env.user
    if not user._is_portal():
        return request.env["res.partner"]
    customer = user.partner_id.commercial_partner_id
    return customer if customer.sudo().vip_service_level else customer.browse()


def vip_is_complaint(ticket_sudo):
    """Whether a ticket (read as superuser) is a VIP complaint: in a VIP team, or received as one."""
    return bool(ticket_sudo.vip_is_vip_team or ticket_sudo.vip_received_date)


def vip_may_see(ticket_sudo):
    """Issue 22 (R-PII-02, R-SEC-01): who may see a VIP complaint on the portal. A portal
    user only when it is their own commercial partner's complaint (and the record rules let
    them read it); an internal user when their record rules let them read it. An access
    token alone is not enough: the customer logs in."""
    user = request.env.user
    if user._is_public():
        return False
    ticket = ticket_sudo.with_user(user).sudo(False)
    if not ticket.has_access("read"):
        return False
    if user._is_portal():
        return ticket_sudo.partner_id.commercial_partner_id == user.partner_id.commercial_partner_id
    return True


class VipHelpdeskTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's portal routes write tickets as the superuser. For VIP complaints they
    run the form's checks instead (issue 18, R-CMP-05/06, R-SEC-01; issue 22: the portal)."""

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
        if not vip_is_complaint(ticket.sudo()):
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

    def _get_teams(self):
        """Issue 22: a VIP customer does not choose a team (their complaint goes to the VIP
        customer service of their company); nobody else chooses a VIP team."""
        if vip_portal_customer():
            return request.env["helpdesk.ticket.team"]
        return super()._get_teams().filtered(lambda team: not team.vip_customer_service)

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        if vip_portal_customer():
            Ticket = request.env["helpdesk.ticket"]
            values.update(
                vip_portal_customer=True,
                vip_types=Ticket._fields["vip_type"]._description_selection(request.env),
            )
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        """A ticket filed on the portal for the VIP team is received by the web channel
        (R-CMP-01). The values are the route's own: no workflow value comes from the form.

        Issue 22: a VIP customer's ticket is a VIP complaint of their commercial partner, in the
        VIP customer service team of the customer's company, received by "web", at the team's
        first stage and ordinary severity whatever the form posts (team, severity, stage or
        any other field are not read from it); only its type (consultation, suggestion,
        complaint) is the customer's choice. Creating it starts its deadlines and notifies
        customer service (``helpdesk.ticket.create``)."""
        vals = super()._prepare_submit_ticket_vals(**kw)
        customer = vip_portal_customer()
        Team = request.env["helpdesk.ticket.team"]
        if customer:
            company = customer.company_id or request.env.user.company_id
            # The VIP team is not shown on the portal (helpdesk_mgmt's team rule for portal users):
            # it is looked up as configuration, the customer never names it.
            team = Team.sudo()._vip_team_for_company(company)
            if not team:
                raise werkzeug.exceptions.BadRequest(request.env._(
                    "Complaints cannot be filed online for now: please call your VIP customer service."
                ))
            vip_type = kw.get("vip_type") or "complaint"
            if vip_type not in dict(request.env["helpdesk.ticket"]._fields["vip_type"].selection):
                raise werkzeug.exceptions.BadRequest(request.env._("Unknown type of request."))
            vals.update(
                team_id=team.id,
                company_id=team.company_id.id or company.id,
                partner_id=customer.id,
                vip_channel="web",
                vip_type=vip_type,
                vip_severity="general",
                stage_id=team._get_applicable_stages()[:1].id,
            )
            return vals
        team = Team.sudo().browse(vals.get("team_id") or [])
        if team.vip_customer_service:
            # Only VIP customers file VIP complaints on the portal (R-CMP-01); others cannot pick the team.
            raise werkzeug.exceptions.BadRequest(request.env._("This team cannot be chosen from the portal."))
        return vals
