# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResUsers(models.Model):
    """Granting or removing a group refreshes the reviewers of the open reviews of the tiers
    reviewed by that group only (issue 14; see ``tier.review._get_reviewer_fields``)."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        self._vip_groups_changed({user: (user.groups_id, user.groups_id.browse()) for user in users.sudo()})
        return users

    def write(self, vals):
        if not any(key == "groups_id" or key.startswith(("in_group_", "sel_groups_")) for key in vals):
            return super().write(vals)
        before = {user.id: user.groups_id for user in self.sudo()}
        res = super().write(vals)
        self._vip_groups_changed({
            user: (user.groups_id - before[user.id], before[user.id] - user.groups_id) for user in self.sudo()
        })
        return res

    @api.model
    def _vip_groups_changed(self, changes):
        """``changes``: {user: (groups added, groups removed)}. A user who joins groups and
        delegates nothing now is added to the open reviews of those groups' tiers in SQL
        (``tier.review._vip_add_group_reviewer``); removals and users with delegations go
        through the recompute of the reviews of the groups concerned."""
        Review = self.env["tier.review"]
        adding = self.browse([user.id for user, (added, _removed) in changes.items() if added])
        delegators = self.env["vip.approval.delegation"]._valid_delegations_of(adding).delegator_id
        recompute = self.env["res.groups"]
        for user, (added, removed) in changes.items():
            recompute |= removed
            if added and user in delegators:
                recompute |= added
            elif added:
                Review._vip_add_group_reviewer(user, added)
        Review._vip_refresh_for_groups(recompute)

    def _vip_home_action(self):
        """Issue 23: the screen a VIP user lands on when opening VIP Care (its root menu, first
        among the apps): the landing screen of the user's role (``res.groups.vip_home_action_id``,
        lowest ``vip_home_priority`` first; data/vip_home_data.xml), else "My receptions"."""
        self.ensure_one()
        roles = self.groups_id.filtered("vip_home_action_id").sorted("vip_home_priority")
        action = roles[:1].vip_home_action_id or self.env.ref("vip_customer_care.action_vip_reception_my")
        return self.env["ir.actions.act_window"]._for_xml_id(action.get_external_id()[action.id])


class ResGroups(models.Model):
    _inherit = "res.groups"

    # Issue 23: each role lands on its own first screen in VIP Care (configurable).
    vip_home_action_id = fields.Many2one(
        "ir.actions.act_window", string="VIP Care landing screen",
        help="Opened when a member of this role opens VIP Care (the role with the lowest priority wins).",
    )
    vip_home_priority = fields.Integer(string="Landing priority", default=100)

    # Default landing screen per role (issue 23): {group xmlid: (action xmlid, priority)}.
    _VIP_DEFAULT_HOME = {
        "group_vip_security": ("action_vip_gate_check", 10),
        "group_vip_gm": ("action_vip_reception_to_approve", 20),
        "group_vip_customer_service": ("action_vip_complaint", 30),
        "group_vip_archive_keeper": ("action_vip_archive_loan", 40),
        "group_vip_finance": ("action_vip_reception_budget_supplement", 50),
        "group_vip_compliance": ("action_vip_identity_check_log", 60),
        "group_vip_officer": ("action_vip_reception_all", 70),
    }

    @api.model
    def _vip_set_default_home_actions(self):
        """Set the default landing screens on the roles that have none (installation, upgrade)."""
        for group_xmlid, (action_xmlid, priority) in self._VIP_DEFAULT_HOME.items():
            group = self.env.ref(f"vip_customer_care.{group_xmlid}", raise_if_not_found=False)
            action = self.env.ref(f"vip_customer_care.{action_xmlid}", raise_if_not_found=False)
            if group and action and not group.vip_home_action_id:
                group.write({"vip_home_action_id": action.id, "vip_home_priority": priority})

    def write(self, vals):
        if "users" not in vals and "implied_ids" not in vals:
            return super().write(vals)
        Review = self.env["tier.review"]
        before = Review._vip_reviewer_group_members()
        res = super().write(vals)
        # Users of the group changed, and so did those of the groups implied by it. Only the
        # groups whose members really changed are refreshed (issue 21): a module upgrade
        # writes every role's implied groups again, unchanged, and refreshing them recomputed
        # every open review of every role (6.7 s of the upgrade at 100k customers).
        after = Review._vip_reviewer_group_members()
        Review._vip_refresh_for_groups((self | self.sudo().trans_implied_ids).filtered(
            lambda group: before.get(group.id) != after.get(group.id)
        ))
        return res
