# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError
from odoo.tools import format_date, format_datetime
from odoo.tools.translate import LazyGettext, get_translation

from .vip_guard_mixin import vip_in_workflow


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

    # ------------------------------------------------------------------ assignee's language (issue 23)
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vip_localise(vals)
        return super().create(vals_list)

    @api.model
    def _vip_localise(self, vals):
        """Issue 23: an activity speaks the language of the person it is assigned to, not of
        whoever (or whichever scheduler) created it. The add-on passes its summaries and notes
        as lazy terms (``_lt("Complaint due: %s", …)``); they are translated here into the
        assignee's language, with dates and times in the assignee's time zone (without
        seconds). Summaries and notes left to the activity type are taken from the type in the
        assignee's language. Plain strings (typed by a user) are kept as they are."""
        summary, note = vals.get("summary"), vals.get("note")
        act_type = self.env["mail.activity.type"].browse(vals.get("activity_type_id"))
        from_type = act_type and (
            (isinstance(summary, str) and summary and summary == act_type.summary)
            or (isinstance(note, str) and note and note == act_type.default_note)
        )
        if not (isinstance(summary, LazyGettext) or isinstance(note, LazyGettext) or from_type):
            return vals
        user = self.env["res.users"].sudo().browse(vals.get("user_id") or self.env.uid)
        lang = user.lang or self.env.lang or "en_US"
        tz = user.tz or self.env.company.resource_calendar_id.tz or self.env.context.get("tz") or "UTC"
        if from_type:
            localised = act_type.with_context(lang=lang)
            if isinstance(summary, str) and summary == act_type.summary:
                vals["summary"] = localised.summary
            if isinstance(note, str) and note == act_type.default_note:
                vals["note"] = localised.default_note
        if isinstance(summary, LazyGettext):
            vals["summary"] = self._vip_render(summary, lang, tz)
        if isinstance(note, LazyGettext):
            text = self._vip_render(note, lang, tz)
            vals["note"] = text if isinstance(text, Markup) else Markup("<p>%s</p>") % escape(text)
        return vals

    @api.model
    def _vip_text(self, term):
        """A lazy term for the current user (e.g. the chatter copy of an activity note)."""
        tz = self.env.context.get("tz") or self.env.company.resource_calendar_id.tz or "UTC"
        return self._vip_render(term, self.env.lang or "en_US", tz)

    @api.model
    def _vip_render(self, term, lang, tz):
        """A lazy term in ``lang``; datetime arguments in ``tz`` and dates in the language's
        format (never with seconds); lazy arguments translated too."""
        env = self.with_context(lang=lang, tz=tz).env

        def arg(value):
            if isinstance(value, datetime):
                return format_datetime(env, value, tz=tz, dt_format="short", lang_code=lang)
            if isinstance(value, date):
                return format_date(env, value, lang_code=lang)
            if isinstance(value, LazyGettext):
                return self._vip_render(value, lang, tz)
            return value

        args = term._args
        args = {k: arg(v) for k, v in args.items()} if isinstance(args, dict) else tuple(arg(v) for v in args)
        text = get_translation(term._module, lang, term._source, args)
        if any(isinstance(a, Markup) for a in (args.values() if isinstance(args, dict) else args)):
            return Markup(text)
        return text

    # ------------------------------------------------------------------ approval steps (issue 23)
    def _vip_open_approval_steps(self):
        """The approval activities among these whose step is still waiting for its signer:
        they end when the reviewer approves or rejects on the document, nothing else."""
        return self.sudo().filtered(
            lambda a: a.vip_review_id and not a.vip_escalation and a.active
            and a.vip_review_id.status in ("waiting", "pending")
        )

    def _vip_check_not_approval_step(self):
        """Issue 23 (R-APV-04, R-APV-09): *Mark Done*, *Cancel* or an RPC ``unlink`` on an
        approval activity would remove the reviewer's reminder while the step still waits
        for them. Refused with where to act instead; the approval machinery closes these
        activities itself when the step is signed or moves on."""
        if vip_in_workflow(self.env) or self.env.context.get(MODULE_UNINSTALL_FLAG):
            return
        steps = self._vip_open_approval_steps()
        if steps:
            step = steps[0]
            raise UserError(self.env._(
                "“%(summary)s” is an approval step of %(record)s: it is done when you approve or "
                "reject it on the document. Open %(record)s (Open Document) and press Approve or Reject.",
                summary=step.summary or step.vip_review_id.name, record=step.res_name or step.vip_review_id.display_name,
            ))

    def _action_done(self, feedback=False, attachment_ids=None):
        self._vip_check_not_approval_step()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def write(self, values):
        if "active" in values and not values["active"]:
            self._vip_check_not_approval_step()
        return super().write(values)

    def unlink(self):
        self._vip_check_not_approval_step()
        return super().unlink()

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
    def _vip_warn_security(self, records, summary, note):
        """One warning activity on each of ``records`` for every security user of the record's
        company, created in one batch (``_vip_create_batch``): ``summary`` a lazy term,
        ``note`` a function of the record giving a lazy term. Group membership is read as the
        system: the user whose action raises the warning need not see who the guards are."""
        guards = self.env.ref("vip_customer_care.group_vip_security").sudo().users
        activity_type = self.env.ref("mail.mail_activity_data_warning")
        model_id = self.env["ir.model"]._get_id(records._name)
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "res_model_id": model_id, "res_id": rec.id, "activity_type_id": activity_type.id,
                "user_id": guard.id, "automated": True, "date_deadline": today,
                "summary": summary, "note": note(rec),
            }
            for rec in records
            for guard in guards.filtered(lambda u, rec=rec: rec.company_id in u.company_ids)
        ]
        return self._vip_create_batch(vals_list)

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
    def _vip_cron_alerts(self, Model, domain, order, activity_xmlid, alerts, mark_vals):
        """One batch of an alert cron (issue 14): the records of ``Model`` in ``domain`` (which
        must exclude those already alerted), in ``order``, at most one batch; for each, an
        activity of ``activity_xmlid`` due today per ``(user, summary, note)`` of
        ``alerts(record)``, all in one ``create``; ``mark_vals`` written on the batch (alerted
        once); the progress reported so that the scheduler runs again while some remain."""
        records = Model.search(domain, limit=self._vip_cron_batch_size(), order=order)
        if not records:
            return records
        model_id = self.env["ir.model"]._get_id(Model._name)
        act_type = self.env.ref(activity_xmlid)
        today = fields.Date.context_today(self)
        vals_list = [{
            "res_model_id": model_id, "res_id": rec.id, "activity_type_id": act_type.id,
            "user_id": user.id, "summary": summary or act_type.summary or act_type.name, "note": note,
            "date_deadline": today,
        } for rec in records for user, summary, note in alerts(rec)]
        records._vip_action_write(mark_vals)
        self._vip_create_batch(vals_list)
        self._vip_notify_cron_progress(len(records), Model.search_count(domain))
        return records

    @api.model
    def _vip_notify_cron_progress(self, done, remaining):
        """Odoo 18 batch crons: report progress; the scheduler commits and runs again while
        something remains."""
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
