# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo import api, fields, models
from odoo.osv import expression

VIP_GROUP = "vip_customer_care.group_vip_base"
ARCHIVE_ACTIVITY = "vip_customer_care.mail_act_vip_archive_create"
REVISIT_ACTIVITY = "vip_customer_care.mail_activity_type_vip_revisit"


class ResPartner(models.Model):
    _inherit = ["res.partner"]

    vip_archive_ids = fields.One2many(
        "vip.customer.archive", "partner_id", string="Customer archive", groups=VIP_GROUP,
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda p: p.vip_service_level and p.user_id and not p.parent_id)._vip_schedule_archive()
        return partners

    def _vip_schedule_archive(self):
        """R-ARC-01: the salesperson of a new customer gets an activity to have its archive
        approved within N working days of the first contact (today)."""
        today = fields.Date.context_today(self)
        for partner in self:
            company = partner.company_id or self.env.company
            calendar = company.resource_calendar_id
            due = calendar and calendar.vip_working_days_deadline(
                datetime.combine(today, time(12, 0)), company.vip_arc_creation_days, company,
            )
            partner.activity_schedule(
                ARCHIVE_ACTIVITY, date_deadline=due.date() if due else today, user_id=partner.user_id.id,
            )

    @api.model
    def _vip_revisit_domain(self):
        """R-ARC-03: key customers of an approved archive are reviewed every quarter by the same
        revisit mechanism as VIP customers (R-REC-12)."""
        return expression.OR([super()._vip_revisit_domain(), [("vip_archive_ids", "any", [
            ("is_key_account", "=", True), ("state", "=", "approved"), ("customer_status", "!=", "lost"),
        ])]])

    def _vip_revisit_user(self):
        archive = self.sudo().vip_archive_ids[:1]
        if archive.is_key_account and archive.state == "approved":
            return archive.responsible_user_ids[:1] or archive.user_id
        return super()._vip_revisit_user()

    def action_vip_archive(self):
        """Open the customer's archive, or a new one for the customer."""
        self.ensure_one()
        archive = self.vip_archive_ids[:1]
        return {
            "type": "ir.actions.act_window", "res_model": "vip.customer.archive", "view_mode": "form",
            "res_id": archive.id,
            "context": {"default_partner_id": self.id, "default_company_id": (self.company_id or self.env.company).id},
        }


class MailActivity(models.Model):
    _inherit = ["mail.activity"]

    def _action_done(self, feedback=False, attachment_ids=None):
        """R-ARC-03: completing the quarterly revisit of a key customer records the archive's review."""
        revisit = self.env["ir.model.data"]._xmlid_to_res_id(REVISIT_ACTIVITY, raise_if_not_found=False)
        done = {
            act.res_id: act.user_id for act in self
            if act.res_model == "res.partner" and act.activity_type_id.id == revisit
        }
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if done:
            archives = self.env["vip.customer.archive"].sudo().search([
                ("partner_id", "in", list(done)), ("is_key_account", "=", True), ("state", "=", "approved"),
            ])
            for archive in archives:
                archive._vip_record_review(feedback=feedback, user=done[archive.partner_id.id])
        return result
