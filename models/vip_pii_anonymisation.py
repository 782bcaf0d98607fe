# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from .vip_identity_mixin import _ANONYMISE

COMPLIANCE = "vip_customer_care.group_vip_compliance"

OUTCOMES = [
    ("anonymised", "Anonymised"),
    ("partly", "Anonymised, identity kept under retention"),
    ("kept", "Kept under retention"),
]


class VipPiiAnonymisationEvidence(models.AbstractModel):
    """The lock of the anonymisation evidence (R-PII-05), for the anonymisation and its lines:
    created only as the system (by the wizard's one documented place), never changed or
    deleted, administrators and ``sudo()`` included (only the superuser itself, e.g. a
    database maintenance script, passes)."""

    _name = "vip.pii.anonymisation.evidence"
    _description = "Anonymisation evidence (append-only)"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Anonymisations are recorded by the anonymisation wizard only (R-PII-05)."))
        return super().create(vals_list)

    def write(self, vals):
        # Refused before the access rights, to everybody, sudo() included: only the superuser
        # itself (a maintenance script) passes.
        if self.env.uid != SUPERUSER_ID:
            raise UserError(self.env._("An anonymisation record is evidence: it cannot be changed (R-PII-05)."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # Nobody has the right to delete (access rights); this also stops sudo().
        if self.env.uid != SUPERUSER_ID:
            raise UserError(self.env._("An anonymisation record is evidence: it cannot be deleted (R-PII-05)."))


class VipPiiAnonymisation(models.Model):
    """Evidence of one anonymisation on request (R-PII-05): who, when, on which request, and one
    line per record touched with what was removed and what is kept under retention (R-PII-06,
    R-CMP-07) until when.

    Append-only: rows are created once, as the system, when compliance confirms the wizard
    (``vip.pii.anonymise``); nobody changes or deletes them, administrators and ``sudo()``
    included (only the superuser itself, e.g. a database maintenance script, passes). Like the export and identity-check
    logs (models/vip_pii_log.py) it holds no personal data: the customer appears under their
    anonymised name, persons kept under retention only by their record number."""

    _name = "vip.pii.anonymisation"
    _inherit = ["vip.pii.anonymisation.evidence"]
    _description = "Customer anonymisation"
    _order = "date desc, id desc"
    _rec_name = "request_reference"

    date = fields.Datetime(string="Anonymised on", required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Anonymised by", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="restrict", index=True,
    )
    request_reference = fields.Char(string="Request reference", required=True, readonly=True)
    request_date = fields.Date(string="Request date", required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    line_ids = fields.One2many("vip.pii.anonymisation.line", "anonymisation_id", string="Records", readonly=True)
    kept_until = fields.Date(
        string="Kept until", readonly=True,
        help="The last day a record of this customer is kept under legal retention (R-PII-06, R-CMP-07).",
    )
    kept_count = fields.Integer(string="Records kept", readonly=True)
    anonymised_count = fields.Integer(string="Records anonymised", readonly=True)

    # ------------------------------------------------------------------ the plan
    @api.model
    def _vip_people(self, partner):
        """The customer and every contact under it, archived ones included."""
        return self.env["res.partner"].sudo().with_context(active_test=False).search([("id", "child_of", partner.ids)])

    @api.model
    def _vip_plan(self, partner):
        """What anonymising ``partner`` does, model by model, decided here (R-PII-05/06):

        * **Contacts** (the customer and its child contacts): names replaced, contact data,
          address, photo, notes, identity document, birthday, private phone, nationality,
          dietary notes and preferences cleared, archived and marked anonymised. Kept: the
          record itself (receptions, visits, handovers, complaints and loyalty point history
          under retention point to it), its consent record (R-PII-03: evidence of lawful
          processing), its bank accounts (accounting retention) and internal reference.
        * **Visitors** registered as the customer or a contact (vip.visitor): outside
          retention everything personal goes (name, phone, organisation, gender, identity
          document, photo, ID copy). Inside retention of the visitor, its passes or gate log
          the gate register keeps the name and the identity document (R-PII-06, R-ACC-05: who
          entered with which document), only phone, document photo and ID copy go.
          Companions registered without the customer's contact are other people: untouched.
        * **Gate log** of these visitors: vehicle plate and belongings notes go once outside
          retention; inside retention the entry is evidence and is kept as is.
        * **Passes, visit appointments, receptions**: hold no personal data of their own besides
          the link to the customer (now anonymised): kept as they are (R-PII-06).
        * **Valuable handovers**: inside retention kept as they are (the customer's signature is
          the evidence of the handover); outside, the signature and the video reference go.
        * **Complaints** (R-CMP-07, 1 year, major 3): inside retention kept as they are (the
          customer's name and e-mail as recorded on the ticket); outside, those copies go.
        * **Customer archives**: their personal data always goes (identity document, decision
          maker and their birthday and preferences, legal representative); the business record
          and the registered documents are kept until their own "Keep until" date.
        * **Loyalty cards**: the holder is the (anonymised) customer, no name is stored on the
          card; points history is accounting and kept.
        * **Chatter**: tracked old/new values of the cleared fields on the contacts and archives,
          tracked names of the customer on any record, message bodies of the contacts, archives
          and anonymised records that quote a removed value, and the sender address of the
          customer's messages are cleared. Left as written: messages on records kept under
          retention (their history is part of the evidence).

        Returns ``[(records, outcome, {id: kept until}, details, vals)]`` read as the system."""
        now = fields.Datetime.now()
        env = self.env(su=True)
        people = self._vip_people(partner)
        archived = {"active_test": False}
        plan = []

        def split(records):
            until = records._vip_retention_until()
            kept = records.filtered(lambda r: until.get(r.id) and until[r.id] > now)
            return kept, records - kept, until

        # Visitors: the register inside retention of the visitor, its passes or its gate log.
        visitors = env["vip.visitor"].with_context(**archived).search([("partner_id", "in", people.ids)])
        passes = visitors.with_context(**archived).pass_ids
        logs = env["vip.access.log"].with_context(**archived).search([("visitor_id", "in", visitors.ids)])
        until_visitor = visitors._vip_retention_until()
        for records in (passes, logs):
            until_records = records._vip_retention_until()
            for rec in records.filtered(lambda r, u=until_records: r.id in u):
                visitor = rec.visitor_id.id
                until_visitor[visitor] = max(until_records[rec.id], until_visitor.get(visitor, until_records[rec.id]))
        kept_visitors = visitors.filtered(lambda v: until_visitor.get(v.id) and until_visitor[v.id] > now)
        plan.append((kept_visitors, "partly", until_visitor, self.env._(
            "Removed: phone, document photo, ID copy. Kept: name and identity document (gate register, R-PII-06)."),
            {"phone": False, "vip_id_photo": False, "id_copy": False}))
        plan.append((visitors - kept_visitors, "anonymised", {}, self.env._(
            "Removed: name, phone, organisation, gender, identity document, document photo, ID copy."),
            {"name": self.env._("Anonymised visitor of customer #%s", partner.id), "phone": False,
             "organisation": False, "gender": False, "vip_id_type": False, "vip_id_number": False,
             "vip_id_photo": False, "id_copy": False}))
        kept, gone, until = split(logs)
        plan.append((kept, "kept", until, self.env._("Gate log entry kept as evidence (R-PII-06)."), None))
        plan.append((gone, "anonymised", {}, self.env._("Removed: vehicle plate, belongings notes."),
                     {"vehicle_plate": False, "belongings_notes": False}))
        plan.append((passes, "kept", passes._vip_retention_until(), self.env._(
            "No personal data on the pass besides the visitor."), None))

        for model, field in (("vip.visit.appointment", "partner_id"), ("vip.reception", "partner_ids")):
            records = env[model].with_context(**archived).search([(field, "in", people.ids)])
            plan.append((records, "kept", records._vip_retention_until(), self.env._(
                "No personal data of its own: shows the anonymised customer (R-PII-06)."), None))

        handovers = env["vip.valuable.handover"].with_context(**archived).search([("partner_id", "in", people.ids)])
        kept, gone, until = split(handovers)
        plan.append((kept, "kept", until, self.env._(
            "Kept as evidence of the handover, with the customer's signature (R-PII-06)."), None))
        plan.append((gone, "anonymised", {}, self.env._("Removed: customer's signature, video reference."),
                     {"customer_signature": False, "video_reference": False}))

        complaints = env["helpdesk.ticket"].with_context(**archived).search([("partner_id", "in", people.ids)])
        kept, gone, until = split(complaints)
        plan.append((kept, "kept", until, self.env._(
            "Kept with the customer's name and e-mail as recorded (R-CMP-07)."), None))
        plan.append((gone, "anonymised", {}, self.env._("Removed: customer's name and e-mail on the ticket."),
                     {"partner_name": False, "partner_email": False}))

        archives = env["vip.customer.archive"].with_context(**archived).search([("partner_id", "in", people.ids)])
        plan.append((archives, "anonymised", {}, self.env._(
            "Removed: identity document, document photo, legal representative, decision maker, their "
            "birthday and preferences. Kept: the business record (R-PII-06)."),
            {"vip_id_type": False, "vip_id_number": False, "vip_id_photo": False, "legal_representative": False,
             "decision_maker": False, "decision_maker_birthday": False, "decision_maker_preferences": False}))
        documents = env["vip.customer.archive.document"].with_context(**archived).search(
            [("archive_id", "in", archives.ids)])
        plan.append((documents, "kept", {
            doc.id: fields.Datetime.to_datetime(doc.retention_until) for doc in documents if doc.retention_until
        }, self.env._("Archive document kept until its retention date (R-PII-06)."), None))

        cards = env["loyalty.card"].with_context(**archived).search([("partner_id", "in", people.ids)])
        plan.append((cards, "kept", {}, self.env._(
            "No holder name on the card: shows the anonymised customer; points history kept."), None))

        # Archived, unless a reception lists them: a reception's customers and contacts hide
        # archived contacts, and the reception is evidence (R-PII-06).
        receptions = env["vip.reception"].with_context(**archived).search(
            ["|", ("partner_ids", "in", people.ids), ("contact_ids", "in", people.ids)])
        listed = (receptions.with_context(**archived).partner_ids | receptions.with_context(**archived).contact_ids) & people
        children = people - partner
        customer_name = self.env._("Anonymised customer #%s", partner.id)
        contact_name = self.env._("Anonymised contact of customer #%s", partner.id)
        removed = self.env._(
            "Name replaced; contact data, address, photo, notes, identity document, birthday, private "
            "phone, nationality and preferences removed")
        for records, name in ((partner - listed, customer_name), (partner & listed, customer_name),
                              (children - listed, contact_name), (children & listed, contact_name)):
            archive = not (records & listed)
            plan.append((records, "anonymised", {}, self.env._("%s; archived.", removed) if archive else self.env._(
                "%s; left active: its receptions list it (R-PII-06).", removed),
                self._vip_partner_vals(name, archive=archive)))
        return [step for step in plan if step[0]]

    @api.model
    def _vip_partner_vals(self, name, archive=True):
        vals = dict.fromkeys(
            (f for f in self.env["res.partner"]._VIP_ANONYMISED_FIELDS if not f.endswith("_display")), False)
        vals.update(name=name, vip_consent_marketing=False, vip_anonymised=True)
        if archive:
            vals["active"] = False
        return vals

    # ------------------------------------------------------------------ the run
    @api.model
    def _vip_run(self, partner, request):
        """Anonymise ``partner`` as planned in :meth:`_vip_plan` and record the evidence.

        The one place where the system acts (documented exception to "no sudo"): compliance
        has been checked by the wizard, and the records touched (gate log, handovers,
        complaints, other people's receptions...) are not all writable by compliance; the
        writes go through the models' own ``write`` with the action token, so their guards
        and constraints still run. Set-based: one ``write`` per model and outcome, one pass
        over the chatter, one ``create`` of the evidence."""
        user = self.env.user
        runner = self.sudo().with_context(
            vip_pii_anonymise=_ANONYMISE, mail_notrack=True, tracking_disable=True, mail_create_nolog=True,
        )
        people = self._vip_people(partner)
        removed = runner._vip_removed_values(people)
        plan = runner._vip_plan(partner.sudo())
        for records, _outcome, _until, _details, vals in plan:
            if vals:
                records = records.with_env(runner.env)
                if hasattr(records, "_vip_action_env"):
                    records = records._vip_action_env()
                records.write(vals)
        # Named once everything is written: no record name quotes the customer's old name.
        lines = []
        for records, outcome, until, details, _vals in plan:
            lines += [{
                "res_model": records._name,
                "model_name": records._description,
                "res_id": rec.id,
                "res_name": runner._vip_line_name(rec, partner),
                "outcome": outcome,
                "kept_until": until.get(rec.id) and fields.Date.to_date(until[rec.id]),
                "details": details,
            } for rec in records]
        runner._vip_clear_chatter(people, plan, removed)
        kept = [line["kept_until"] for line in lines if line["outcome"] != "anonymised" and line["kept_until"]]
        return runner.create({
            "user_id": user.id,
            "company_id": (partner.sudo().company_id or self.env.company).id,
            "partner_id": partner.id,
            "request_reference": request["request_reference"],
            "request_date": request["request_date"],
            "reason": request["reason"],
            "kept_until": max(kept) if kept else False,
            "kept_count": sum(1 for line in lines if line["outcome"] != "anonymised"),
            "anonymised_count": sum(1 for line in lines if line["outcome"] != "kept"),
            "line_ids": [fields.Command.create(line) for line in lines],
        })

    @api.model
    def _vip_line_name(self, record, partner):
        """How a line names its record: persons by their record number only (no personal data in
        the evidence), documents by their reference."""
        if record._name in ("res.partner", "vip.visitor"):
            return f"{record._description} #{record.id}"
        if record._name == "helpdesk.ticket":
            # A complaint's title may quote the customer: its number only.
            return record.number or f"{record._description} #{record.id}"
        return record.display_name

    @api.model
    def _vip_removed_values(self, people):
        """The removed texts that could be quoted in messages (names, e-mails, phones,
        identity numbers), read before the run; short values would match anything."""
        values = set()
        for person in people.filtered(lambda p: not p.vip_anonymised):
            values.update((person.name, person.email, person.phone, person.mobile, person.vip_id_number,
                           person.vip_private_phone, person.vat))
        return sorted(value for value in values if value and len(value.strip()) >= 4)

    @api.model
    def _vip_clear_chatter(self, people, plan, removed):
        """Old personal data kept by the chatter (see :meth:`_vip_plan`), in a few set queries."""
        Tracking = self.env["mail.tracking.value"]
        Message = self.env["mail.message"]
        Fields = self.env["ir.model.fields"]
        cleared = {}  # model -> (ids, fields written)
        for records, _outcome, _until, _details, vals in plan:
            if vals and records._name != "vip.visitor":
                ids, names = cleared.setdefault(records._name, (set(), set()))
                ids.update(records.ids)
                names.update(vals)
        blank = {"old_value_char": False, "new_value_char": False, "old_value_text": False,
                 "new_value_text": False, "old_value_integer": 0, "new_value_integer": 0}
        if cleared:
            by_model = expression.OR([[
                ("field_id.model", "=", model), ("field_id.name", "in", sorted(names)),
                ("mail_message_id.model", "=", model), ("mail_message_id.res_id", "in", sorted(ids)),
            ] for model, (ids, names) in cleared.items()])
            Tracking.search(by_model).write(blank)
        # The customer's name tracked on other records (customer of a handover, complaint...).
        partner_fields = Fields.search([("ttype", "=", "many2one"), ("relation", "=", "res.partner")])
        for side in ("old", "new"):
            Tracking.search([
                ("field_id", "in", partner_fields.ids), (f"{side}_value_integer", "in", people.ids),
            ]).write({f"{side}_value_char": self.env._("Anonymised customer")})
        if removed:
            where = expression.OR([
                [("model", "=", model), ("res_id", "in", sorted(ids))] for model, (ids, _names) in cleared.items()
            ])
            quoting = expression.OR([[("body", "ilike", value)] for value in removed])
            Message.search(expression.AND([where, quoting])).write({"body": Markup("<p>%s</p>") % self.env._(
                "Message removed: the customer was anonymised on request (R-PII-05).")})
        Message.search([("author_id", "in", people.ids), ("email_from", "!=", False)]).write({"email_from": False})


class VipPiiAnonymisationLine(models.Model):
    """One record touched by an anonymisation: what was removed, or why and until when it is
    kept (R-PII-05/06). Append-only, with its anonymisation."""

    _name = "vip.pii.anonymisation.line"
    _inherit = ["vip.pii.anonymisation.evidence"]
    _description = "Customer anonymisation line"
    _order = "anonymisation_id, id"

    anonymisation_id = fields.Many2one(
        "vip.pii.anonymisation", required=True, readonly=True, ondelete="restrict", index=True,
    )
    company_id = fields.Many2one(related="anonymisation_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    model_name = fields.Char(string="Record type", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", required=True, readonly=True)
    res_name = fields.Char(string="Record", readonly=True)
    outcome = fields.Selection(OUTCOMES, required=True, readonly=True)
    kept_until = fields.Date(string="Kept until", readonly=True)
    details = fields.Char(readonly=True)

