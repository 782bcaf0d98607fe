# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

INTRO_ACTIVITY = "vip_customer_care.mail_act_vip_archive_introduction"
# Rights an operator must hold to archive an account that holds them (issue 18).
PRIVILEGED_GROUPS = ("base.group_system", "base.group_erp_manager", "vip_customer_care.group_vip_gm")


class VipArchiveLeaving(models.TransientModel):
    """R-ARC-07 / R-PII-05: in one step, a leaving employee's customers, archives, open
    receptions and activities go to a named replacement; each archive gets a note, each customer
    a drafted introduction e-mail (an activity of the replacement holding the draft in the
    customer's language), and the leaving account keeps nothing: followers removed, account
    archived."""

    _name = "vip.archive.leaving"
    _description = "Leaving employee handover"

    leaving_user_id = fields.Many2one("res.users", string="Leaving employee", required=True,
                                      domain="[('share', '=', False)]")
    replacement_user_id = fields.Many2one("res.users", string="Replacement", required=True,
                                          domain="[('share', '=', False), ('id', '!=', leaving_user_id)]")
    deactivate_user = fields.Boolean(string="Archive the leaving account", default=True)
    note = fields.Text(string="Handover note")

    @api.model
    def _vip_open_reception_domain(self, user):
        return [("user_id", "=", user.id), ("state", "not in", ("done", "cancelled"))]

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("vip_customer_care.group_vip_manager"):
            raise AccessError(self.env._("Only VIP managers hand over a leaving employee's customers."))
        old, new = self.leaving_user_id, self.replacement_user_id
        if old == new:
            raise UserError(self.env._("The replacement must be another employee."))
        if new.share or not new.active:
            raise UserError(self.env._("The replacement must be an active employee."))
        if self.deactivate_user:
            self._vip_check_can_archive(old)
        # The one place where the handover acts as the system: the records belong to another
        # user (their approval routes are frozen, their activities are on others' lists); the
        # caller was checked to be a manager above, and every change is posted on the records.
        # Issue 18: as an action of the workflow (a plain sudo() is no longer one).
        env = self.env["vip.customer.archive"].sudo()._vip_action_env().env
        ctx_env = env(context=dict(env.context, active_test=False))
        Partner, Archive = ctx_env["res.partner"], ctx_env["vip.customer.archive"]
        partners = Partner.search(["|", ("user_id", "=", old.id), ("vip_agent_id", "=", old.id)])
        partners.filtered(lambda p: p.user_id == old).write({"user_id": new.id})
        partners.filtered(lambda p: p.vip_agent_id == old).write({"vip_agent_id": new.id})
        archives = Archive.search(["|", "|", ("user_id", "=", old.id), ("responsible_user_ids", "in", old.id),
                                   ("keeper_id", "=", old.id)])
        for archive in archives:
            vals = {"responsible_user_ids": [fields.Command.unlink(old.id), fields.Command.link(new.id)]}
            if archive.user_id == old:
                vals["user_id"] = new.id
            if archive.keeper_id == old:
                vals["keeper_id"] = new.id
            archive.write(vals)
            archive.message_post(body=self.env._(
                "%(old)s left: customer and archive taken over by %(new)s (R-ARC-07).%(note)s",
                old=old.name, new=new.name, note=(" " + self.note) if self.note else "",
            ), subtype_xmlid="mail.mt_note")
        receptions = ctx_env["vip.reception"].search(self._vip_open_reception_domain(old))
        receptions.write({"user_id": new.id})
        for reception in receptions:
            reception.message_post(body=self.env._("Requester %(old)s left; taken over by %(new)s.",
                                                   old=old.name, new=new.name))
        activities = env["mail.activity"].search([("user_id", "=", old.id)])
        activities.write({"user_id": new.id})
        customers = partners | archives.partner_id
        self._vip_draft_introductions(customers.sudo())
        # Nothing about customers stays readable to the leaving account (R-PII-05).
        followed = [(r._name, r.ids) for r in (customers, archives, receptions) if r]
        for model, ids in followed:
            env["mail.followers"].search([
                ("res_model", "=", model), ("res_id", "in", ids), ("partner_id", "=", old.partner_id.id),
            ]).unlink()
        if self.deactivate_user:
            old.sudo().active = False
        return {
            "type": "ir.actions.act_window", "res_model": "vip.customer.archive", "view_mode": "list,form",
            "name": self.env._("Archives taken over"), "domain": [("id", "in", archives.ids)],
        }

    def _vip_check_can_archive(self, user):
        """Issue 18 (R-SEC-01): the handover archives only an account with no more rights than
        the operator: never an administrator or a settings user (unless the operator is one),
        nor a holder of a VIP group above the operator's (the GM)."""
        operator = self.env.user
        higher = self.env["res.groups"]
        for xmlid in PRIVILEGED_GROUPS:
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group and user.has_group(xmlid) and not operator.has_group(xmlid):
                higher |= group
        if user._is_superuser() or higher:
            raise AccessError(self.env._(
                "%(user)s holds rights you do not have (%(groups)s): their account is archived by "
                "an administrator. Untick 'Archive the leaving account' to hand over the customers only.",
                user=user.name, groups=", ".join(higher.mapped("full_name")) or self.env._("superuser"),
            ))

    def _vip_draft_introductions(self, customers):
        """The introduction e-mail to each customer, drafted in the customer's language, on an
        activity of the replacement (who reviews and sends it)."""
        new = self.replacement_user_id
        for partner in customers:
            lang = partner.lang or self.env.lang
            body = self.with_context(lang=lang).env._(
                "Dear %(customer)s, %(old)s has left our company. From today %(new)s is your contact "
                "person (%(email)s, %(phone)s) and will be glad to continue serving you.",
                customer=partner.name, old=self.leaving_user_id.name, new=new.name,
                email=new.email or "", phone=new.phone or "",
            )
            partner.activity_schedule(
                INTRO_ACTIVITY, user_id=new.id,
                summary=self.with_context(lang=lang).env._("Introduce yourself to %s", partner.name),
                note=Markup("<p>%s</p>") % body,
            )
