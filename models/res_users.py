# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResUsers(models.Model):
    """Granting or removing a group refreshes the reviewers of the open reviews of the tiers
    reviewed by that group only (issue 14; see ``tier.review._get_reviewer_fields``)."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        self.env["tier.review"]._vip_refresh_for_groups(users.sudo().groups_id)
        return users

    def write(self, vals):
        if not any(key == "groups_id" or key.startswith(("in_group_", "sel_groups_")) for key in vals):
            return super().write(vals)
        before = {user.id: user.groups_id for user in self.sudo()}
        res = super().write(vals)
        changed = self.env["res.groups"]
        for user in self.sudo():
            changed |= (before[user.id] - user.groups_id) | (user.groups_id - before[user.id])
        self.env["tier.review"]._vip_refresh_for_groups(changed)
        return res


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        if "users" not in vals and "implied_ids" not in vals:
            return super().write(vals)
        res = super().write(vals)
        # Users of the group changed, and so did those of the groups implied by it.
        self.env["tier.review"]._vip_refresh_for_groups(self | self.sudo().trans_implied_ids)
        return res
