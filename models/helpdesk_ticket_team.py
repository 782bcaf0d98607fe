# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HelpdeskTicketTeam(models.Model):
    """Issue 19 (R-CMP-01, R-SEC-02): the VIP customer service is a team flag, not one fixed
    team. A company may have its own VIP team (with its own alias and members); a VIP team
    without a company serves every company that has none. An e-mail reaching any VIP team's
    alias becomes a complaint of the customer's company, in that company's VIP team
    (``helpdesk.ticket.message_new``), and its deadlines run on that company's calendar."""

    _inherit = "helpdesk.ticket.team"

    vip_customer_service = fields.Boolean(
        string="VIP customer service",
        help="Tickets of this team are VIP complaints, consultations and suggestions handled as the "
        "rule book says (R-CMP-01..07). One team per company, or one without a company for every "
        "company that has none; e-mails to its alias go to the VIP team of the customer's company.",
    )

    @api.constrains("vip_customer_service", "company_id", "active")
    def _check_vip_one_per_company(self):
        for team in self.filtered(lambda t: t.vip_customer_service and t.active):
            twin = self.search([
                ("id", "!=", team.id), ("vip_customer_service", "=", True), ("company_id", "=", team.company_id.id),
            ], limit=1)
            if twin:
                raise ValidationError(self.env._(
                    "%(company)s already has a VIP customer service team (%(team)s): one per company.",
                    company=team.company_id.name or self.env._("Every company"), team=twin.display_name,
                ))

    def write(self, vals):
        if "vip_customer_service" in vals:
            changed = self.filtered(lambda t: t.vip_customer_service != bool(vals["vip_customer_service"]))
            # The flag decides which tickets are VIP complaints (their deadlines and locks):
            # it is set on a new team, never switched under existing tickets.
            if changed and self.env["helpdesk.ticket"].with_context(active_test=False).search_count(
                [("team_id", "in", changed.ids)], limit=1,
            ):
                raise UserError(self.env._(
                    "%s already has tickets: whether it is a VIP customer service team cannot change "
                    "any more (create another team, or archive this one).", changed[0].display_name,
                ))
        return super().write(vals)

    @api.model
    def _vip_team_for_company(self, company):
        """The VIP customer service team of ``company``: its own, else the one shared by
        every company (empty when neither exists)."""
        teams = self.search([("vip_customer_service", "=", True), ("company_id", "in", [company.id, False])])
        return teams.filtered(lambda t: t.company_id == company)[:1] or teams[:1]
