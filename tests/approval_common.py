# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .reception_common import ReceptionCommon

BASE = ["marketing", "administration", "security"]


class ApprovalCommon(ReceptionCommon):
    """ReceptionCommon plus cold-cache approval helpers that act as a new web/RPC request
    would (nothing cached from the set-up)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approval_activity = cls.env.ref("vip_customer_care.mail_act_vip_approval")

    def _rpc(self, record, user, method, *args):
        """Call ``method`` as ``user`` with an empty cache, like a JSON-RPC call_kw."""
        self.env.invalidate_all()
        result = getattr(record.with_user(user), method)(*args)
        self.env.invalidate_all()
        return result

    def _pending(self, record):
        record.invalidate_recordset()
        return record.review_ids.filtered(lambda r: r.status == "pending")

    def _approval_activities(self, record):
        record.invalidate_recordset()
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.approval_activity)
