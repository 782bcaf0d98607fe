# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, models
from odoo.exceptions import UserError

# What a tracking message records (who moved what, when): starring, reading and the like stay free.
TRACKING_CONTENT = {
    "body", "tracking_value_ids", "model", "res_id", "subtype_id", "author_id", "date", "message_type",
    "attachment_ids", "subject", "record_name",
}


class MailMessage(models.Model):
    """Issue 18: the chatter entry that records a state change of a VIP workflow document
    (a message with tracking values) is evidence: nobody but an administrator edits or deletes
    it, the author of the change included, whatever the path (RPC, ``sudo()`` of a route). It
    goes with its document when the document itself is deleted."""

    _inherit = "mail.message"

    def write(self, vals):
        if TRACKING_CONTENT.intersection(vals):
            self._vip_check_tracking_lock()
        return super().write(vals)

    def unlink(self):
        self._vip_check_tracking_lock()
        return super().unlink()

    def _vip_check_tracking_lock(self):
        if not self or self.env.uid == SUPERUSER_ID or self.env.user._is_admin():
            return
        deleting = self.env.context.get("vip_unlinking_records") or frozenset()
        for message in self.sudo():
            model = message.model
            if not model or model not in self.env or not message.tracking_value_ids:
                continue
            if not getattr(self.env[model], "_vip_workflow_fields", ()) or (model, message.res_id) in deleting:
                continue
            raise UserError(self.env._(
                "The history of %(record)s (its tracked changes) cannot be edited or deleted.",
                record=message.record_name or model,
            ))
