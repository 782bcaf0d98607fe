# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import Command, api, fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    vip_review_id = fields.Many2one(
        "tier.review", string="Approval step", index="btree_not_null", ondelete="set null", readonly=True,
        help="The approval step this activity asks the user to sign; closed when the step moves on.",
    )
    vip_escalation = fields.Boolean(
        string="Escalation", readonly=True,
        help="Sent to the reviewer's manager because the step is overdue (R-APV-04).",
    )

    # ------------------------------------------------------------------ crons in batches (issue 14)
    @api.model
    def _vip_cron_batch_size(self):
        """Records a VIP cron handles per transaction (system parameter
        ``vip_customer_care.cron_batch_size``, default 500)."""
        value = self.env["ir.config_parameter"].sudo().get_param("vip_customer_care.cron_batch_size")
        try:
            return max(int(value), 1) if value else 500
        except ValueError:
            return 500

    @api.model
    def _vip_create_batch(self, vals_list):
        """The activities of a cron batch in one ``create``, as the system, without the
        assignment e-mail of each activity. Assignees who chose e-mail notifications in their
        preferences get one summary e-mail for the batch (queued for the mail cron); the
        others see the activities in their to-do list."""
        Activity = self.sudo()
        if not vals_list:
            return Activity.browse()
        activities = Activity.with_context(mail_activity_quick_update=True).create(vals_list)
        by_user = {}
        for activity in activities:
            by_user.setdefault(activity.user_id, Activity.browse())
            by_user[activity.user_id] |= activity
        mails = []
        for user, mine in by_user.items():
            if user.notification_type != "email" or not user.partner_id.email:
                continue
            names = ", ".join(mine[:20].mapped("res_name"))
            if len(mine) > 20:
                names += ", …"
            mails.append({
                "subject": self.with_context(lang=user.lang).env._("%s new activities for you", len(mine)),
                "body_html": Markup("<p>%s</p>") % self.with_context(lang=user.lang).env._(
                    "%(count)s new activities were assigned to you: %(names)s.", count=len(mine), names=names,
                ),
                "recipient_ids": [Command.link(user.partner_id.id)],
                "auto_delete": True,
            })
        if mails:
            self.env["mail.mail"].sudo().create(mails)
        return activities

    @api.model
    def _vip_notify_cron_progress(self, done, remaining):
        """Odoo 18 batch crons: report progress; the scheduler commits and runs again while
        something remains."""
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
