# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)


class VipIdentityCheckLog(models.Model):
    """One row per identity verification (R-PII-01): who asked whether a number is a
    person's document, about whom, when, and the answer. Written by the system only."""

    _name = "vip.identity.check.log"
    _description = "Identity check log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Checked by", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    res_name = fields.Char(string="Person", readonly=True)
    result = fields.Selection(
        [("match", "Match"), ("no_match", "No match")], required=True, readonly=True,
    )

    @api.model
    def _vip_log_check(self, record, match):
        """The one place where a check is written, as the system: users cannot create,
        edit or delete log rows."""
        company = record._fields.get("company_id") and record.sudo().company_id
        return self.sudo().create({
            "user_id": self.env.uid,
            "company_id": (company or self.env.company).id,
            "res_model": record._name,
            "res_id": record.id,
            "res_name": record.sudo().display_name,
            "result": "match" if match else "no_match",
        })


class VipDataExportLog(models.Model):
    """One row per export of customer or visitor data (R-PII-04): who, when, which model
    and fields, how many records, for what purpose. Written by the system only."""

    _name = "vip.data.export.log"
    _description = "Data export log"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Exported by", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    model_name = fields.Char(string="Data", readonly=True)
    field_names = fields.Text(string="Fields", required=True, readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    purpose = fields.Char(readonly=True)

    @api.model
    def _vip_log_export(self, records, fields_to_export):
        """The one place where an export is written, as the system. The purpose comes
        from the context key ``vip_export_purpose`` (R-PII-04: statistics only)."""
        purpose = self.env.context.get("vip_export_purpose") or self.env._("Statistics")
        return self.sudo().create({
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
            "res_model": records._name,
            "model_name": records._description,
            "field_names": ", ".join(fields_to_export),
            "record_count": len(records),
            "purpose": purpose,
        })


class VipIdentityCheckLock(models.Model):
    """Throttle of identity checks (R-PII-01, issue 18): one row per user and person checked.

    "Verify ID" answers match / no match; without a limit the masked number and the birth month
    leave few enough candidates to try them all. After the company's number of failed checks
    within its window (Settings, default 5 an hour) the checks of that person by that user are
    locked for the same window and compliance is alerted (an activity on this row for each
    compliance officer of the company). A match starts the count again.

    The count is stored, not kept in memory, so that it holds across workers, and it is updated
    in the transaction of the check: the row is claimed first with an upsert (two simultaneous
    checks of the same pair serialise on it; PostgreSQL answers the second one with a
    serialisation failure, which Odoo retries). Written by the system only."""

    _name = "vip.identity.check.lock"
    _description = "Identity check throttle"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "locked_until desc, id desc"
    _rec_name = "res_name"

    user_id = fields.Many2one("res.users", string="Checked by", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    res_name = fields.Char(string="Person", readonly=True)
    failed_count = fields.Integer(string="Failed checks", readonly=True)
    window_start = fields.Datetime(string="First failure", readonly=True)
    locked_until = fields.Datetime(readonly=True, tracking=True)
    lock_count = fields.Integer(string="Times locked", readonly=True)

    _sql_constraints = [(
        "user_record_unique", "unique(user_id, res_model, res_id)",
        "One identity check throttle per user and person.",
    )]

    @api.model
    def _vip_claim(self, record):
        """The throttle row of the current user for ``record``, claimed (row-locked) for this
        transaction. Plain SQL for the upsert: ``ON CONFLICT`` is what makes two first checks
        at the same moment safe; the ORM reads the row afterwards."""
        company = record._fields.get("company_id") and record.sudo().company_id
        now = fields.Datetime.now()
        self.env.cr.execute(SQL(
            """INSERT INTO vip_identity_check_lock
                      (user_id, company_id, res_model, res_id, failed_count, lock_count,
                       create_uid, write_uid, create_date, write_date)
               VALUES (%(user)s, %(company)s, %(model)s, %(res_id)s, 0, 0, %(user)s, %(user)s, %(now)s, %(now)s)
               ON CONFLICT (user_id, res_model, res_id) DO UPDATE SET write_date = EXCLUDED.write_date
               RETURNING id""",
            user=self.env.uid, company=(company or self.env.company).id, model=record._name,
            res_id=record.id, now=now,
        ))
        lock = self.sudo().browse(self.env.cr.fetchone()[0])
        lock.invalidate_recordset()
        return lock

    def _vip_check_not_locked(self, record):
        now = fields.Datetime.now()
        if self.locked_until and self.locked_until > now:
            raise UserError(self.env._(
                "Identity checks of %(person)s are locked for you until %(until)s after %(count)s "
                "failed attempts; compliance has been alerted (R-PII-01).",
                person=record.display_name, count=self.failed_count,
                until=format_datetime(self.env, self.locked_until, dt_format="short"),
            ))

    def _vip_count(self, record, match):
        """Count this check: a match starts again, a failure counts within the window and the
        last allowed failure locks the pair and alerts compliance."""
        now = fields.Datetime.now()
        if match:
            self.write({"failed_count": 0, "window_start": False})
            return
        company = self.company_id
        window = timedelta(minutes=company.vip_id_check_lock_minutes)
        if not self.window_start or self.window_start + window <= now:
            vals = {"failed_count": 1, "window_start": now}
        else:
            vals = {"failed_count": self.failed_count + 1}
        locks = vals["failed_count"] >= company.vip_id_check_max_attempts
        if locks:
            vals.update(locked_until=now + window, lock_count=self.lock_count + 1,
                        res_name=record.sudo().display_name)
        self.write(vals)
        if locks:
            self._vip_alert_compliance(record)

    def _vip_alert_compliance(self, record):
        """An activity for every compliance officer of the company, and a note on this row.
        The system raises the alert (OdooBot), not the user who was locked out."""
        lock = self.with_user(SUPERUSER_ID)
        body = _lt(
            "%(user)s failed %(count)s identity checks of %(person)s within %(minutes)s minutes: "
            "further checks by them are locked until %(until)s (R-PII-01).",
            user=lock.user_id.name, count=lock.failed_count, person=lock.res_name,
            minutes=lock.company_id.vip_id_check_lock_minutes,
            until=lock.locked_until,
        )
        lock.message_post(body=lock.env["mail.activity"]._vip_text(body), subtype_xmlid="mail.mt_note")
        compliance = lock.env["res.users"].search([
            ("groups_id", "in", lock.env.ref("vip_customer_care.group_vip_compliance").id),
            ("company_ids", "in", lock.company_id.id),
        ])
        for officer in compliance:
            lock.activity_schedule(
                "mail.mail_activity_data_todo", user_id=officer.id,
                summary=_lt("Identity checks locked: %s", lock.res_name), note=body,
            )
