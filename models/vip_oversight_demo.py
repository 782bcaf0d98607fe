# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# The moments the ORM and the flows stamp with "now" (creation, submission, signature,
# closing) and the deadlines counted from them, per model; children are moved with their
# parent. Nothing else (visit dates, amounts, states, outcomes) is touched.
DEMO_TIMELINES = {
    "vip.reception": (
        ("create_date", "submit_date", "plan_due", "approval_due", "venue_due"), "tier.review",
    ),
    "helpdesk.ticket": (
        ("create_date", "vip_received_date", "vip_answer_due", "vip_solution_due", "vip_reply_due",
         "vip_close_due", "vip_answered_date", "vip_solution_proposed_date", "vip_solution_date",
         "vip_replied_date", "last_stage_update", "assigned_date", "closed_date"),
        "vip.complaint.cycle",
    ),
}
DEMO_CHILDREN = {
    "tier.review": (("create_date", "reviewed_date", "vip_due"), "res_id"),
    "vip.complaint.cycle": (
        ("create_date", "start_date", "answer_due", "solution_due", "reply_due", "close_due",
         "solution_date", "reply_date", "end_date"),
        "ticket_id",
    ),
}


class VipOversightDemo(models.AbstractModel):
    """Demo data only (issue 20, R-OVS-01): last month's KPIs need flows that happened last
    month, while the demo is installed today. The demo runs each flow through its normal
    actions (submission, approval by the reviewers, complaint closing...) and then moves the
    whole flow a number of whole weeks back (same weekdays, so the working-day deadlines stay
    consistent): every "now" timestamp of the flow and every deadline counted from it move
    together, so the record reads as if the same people had done the same things then.
    Outcomes (on time or late, states, amounts) are the flow's own. Called by the demo files
    only (superuser, during the install); not reachable by RPC (private method)."""

    _name = "vip.oversight.demo"
    _description = "VIP oversight demo data helper"

    @api.model
    def _vip_demo_backdate(self, model, ids, weeks):
        """Move the timeline of records ``ids`` of ``model`` (and of their approval steps or
        complaint cycles) ``weeks`` weeks back."""
        if not self.env.su or model not in DEMO_TIMELINES or weeks <= 0:
            raise UserError(self.env._("Only the demo data moves a flow back in time."))
        records = self.env[model].browse(ids).exists()
        if not records:
            return False
        shift = timedelta(weeks=weeks)
        fnames, child_model = DEMO_TIMELINES[model]
        child_fnames, parent_field = DEMO_CHILDREN[child_model]
        self.env.flush_all()
        children = self.env[child_model].with_context(active_test=False).search(
            [(parent_field, "in", records.ids)] + ([("model", "=", model)] if child_model == "tier.review" else []),
        )
        for batch, names in ((records, fnames), (children, child_fnames)):
            if not batch:
                continue
            table = SQL.identifier(batch._table)
            self.env.cr.execute(SQL(
                "UPDATE %s SET %s WHERE id IN %s", table,
                SQL(", ").join(SQL("%s = %s - %s", SQL.identifier(name), SQL.identifier(name), shift) for name in names),
                tuple(batch.ids),
            ))
            batch.invalidate_recordset(list(names))
            batch.modified([name for name in names if name != "create_date"])
        self.env.flush_all()
        return True
