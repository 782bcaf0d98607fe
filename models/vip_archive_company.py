# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    """Customer archive settings (section 13), defaults from the rule book."""

    _inherit = ["res.company"]

    vip_arc_creation_days = fields.Integer(
        string="Archive within (working days of first contact)", default=5,
        help="R-ARC-01: a new customer gets an approved archive within one week (5 working days) "
        "of the first contact.",
    )
    vip_arc_approval_days = fields.Integer(string="Archive approval within (working days)", default=3)
    vip_arc_two_contacts = fields.Selection(
        [("off", "Not checked"), ("warning", "Warning and filter"), ("constraint", "Refuse to save")],
        string="Two contacts for important prospects", default="warning", required=True,
        help="R-ARC-04: important prospective customers have at least two assigned contact employees.",
    )
    vip_arc_handover_review_days = fields.Integer(
        string="Files to the reviewer within (working days)", default=3,
        help="R-ARC-05: after the deal closes, files go to the reviewer within 3 working days...",
    )
    vip_arc_handover_keeper_days = fields.Integer(
        string="Then to the keeper within (working days)", default=2,
        help="R-ARC-05: ...and to the archive keeper within 2 more working days.",
    )
    vip_arc_loan_days = fields.Integer(string="Default loan period (days)", default=7)
    vip_arc_timeline_page = fields.Integer(string="Timeline events per page", default=40)
    vip_arc_keeper_id = fields.Many2one(
        "res.users", string="Archive keeper", domain="[('share', '=', False)]",
        help="Default keeper of new customer archives (R-ARC-01).",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = ["res.config.settings"]

    vip_arc_creation_days = fields.Integer(related="company_id.vip_arc_creation_days", readonly=False)
    vip_arc_approval_days = fields.Integer(related="company_id.vip_arc_approval_days", readonly=False)
    vip_arc_two_contacts = fields.Selection(related="company_id.vip_arc_two_contacts", readonly=False)
    vip_arc_handover_review_days = fields.Integer(related="company_id.vip_arc_handover_review_days", readonly=False)
    vip_arc_handover_keeper_days = fields.Integer(related="company_id.vip_arc_handover_keeper_days", readonly=False)
    vip_arc_loan_days = fields.Integer(related="company_id.vip_arc_loan_days", readonly=False)
    vip_arc_timeline_page = fields.Integer(related="company_id.vip_arc_timeline_page", readonly=False)
    vip_arc_keeper_id = fields.Many2one(related="company_id.vip_arc_keeper_id", readonly=False)
