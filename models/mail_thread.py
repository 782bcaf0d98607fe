# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError


class MailThread(models.AbstractModel):
    """The mail gateway's entry points (issue 18, R-SEC-01): ``message_process`` routes a raw
    e-mail and creates or updates records *as the superuser* with the caller's
    ``custom_values``; ``message_new`` / ``message_update`` take values as they come. They are
    public methods, so any logged-in user could call them over JSON-RPC / XML-RPC and create,
    e.g., a "valid" complaint for another salesperson's customer. Only the mail gateway uses
    them: the fetchmail cron (superuser), the ``odoo-mailgate`` script and "Fetch now" (an
    administrator). Everybody else is refused."""

    _inherit = "mail.thread"

    @api.model
    def _vip_check_gateway(self):
        if self.env.su or self.env.user._is_system():
            return
        raise AccessError(self.env._(
            "Only the mail gateway (the system fetching e-mails) turns e-mails into records; "
            "create the record from its form instead."
        ))

    @api.model
    def message_process(self, model, message, custom_values=None, save_original=False,
                        strip_attachments=False, thread_id=None):
        self._vip_check_gateway()
        return super().message_process(
            model, message, custom_values=custom_values, save_original=save_original,
            strip_attachments=strip_attachments, thread_id=thread_id,
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        self._vip_check_gateway()
        return super().message_new(msg_dict, custom_values=custom_values)

    def message_update(self, msg_dict, update_vals=None):
        self._vip_check_gateway()
        return super().message_update(msg_dict, update_vals=update_vals)
