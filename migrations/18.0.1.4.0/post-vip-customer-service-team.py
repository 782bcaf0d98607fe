# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 19: the VIP customer service is a team flag (``helpdesk.ticket.team.vip_customer_service``,
one team per company or one shared) instead of one fixed team. The add-on's team is ``noupdate``
data: flag it on an upgraded database (its tickets are VIP complaints already)."""
MODULE = "vip_customer_care"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE helpdesk_ticket_team team SET vip_customer_service = TRUE
             FROM ir_model_data imd
            WHERE imd.module = %s AND imd.name = 'helpdesk_team_vip'
              AND imd.model = 'helpdesk.ticket.team' AND imd.res_id = team.id""",
        [MODULE],
    )
