# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """Issue 22 (R-ACC-09): the roll call form subscribes to ``vip.roll.call_<id>``; the
        bus then delivers that roll call's notifications (``vip.roll.call._vip_notify_screens``)
        only if this user may read it. A client's channel names are strings anyone can send,
        so the string itself is dropped and the record, checked under the user's rights,
        stands for it (as Odoo's Discuss does with its channels)."""
        roll_calls = self.env["vip.roll.call"]._vip_bus_channels(channels)
        channels = [
            channel for channel in channels
            if not (isinstance(channel, str) and channel.startswith("vip.roll.call_"))
        ]
        channels.extend(roll_calls)
        return super()._build_bus_channel_list(channels)
