# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

# What the verifiers saw and signed for (R-VAL-01): frozen once a verifier has confirmed.
VERIFIED_FIELDS = ("company_id", "reception_id", "partner_id", "kind", "item", "weight", "verifier_1_id", "verifier_2_id")
# The customer's signature and the video: frozen once the handover is complete.
COMPLETION_FIELDS = ("customer_signature", "video_reference")


class VipValuableHandover(models.Model):
    """Handover of a high-value item (R-VAL-01/02): weighed to the milligram, verified by two
    different employees, signed by the customer, filmed; weighed again at return."""

    _name = "vip.valuable.handover"
    _description = "Valuables handover"
    _inherit = ["vip.reference.mixin", "vip.guard.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # Written only by the buttons below (vip.guard.mixin).
    _vip_workflow_fields = (
        "state", "verifier_1_date", "verifier_2_date", "return_date", "tolerance", "weight_difference",
    )
    _vip_retention = True  # R-PII-06
    # Issue 18: once handed over only the weight at return is entered (it registers the return).
    _vip_editable_fields = {"done": ("return_weight",), "returned": (), "mismatch": ()}

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True, tracking=True)
    reception_id = fields.Many2one("vip.reception", check_company=True, index="btree_not_null", tracking=True)
    # Indexed: the customer form counts them per customer (issue 21).
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True, tracking=True, index=True,
    )
    kind = fields.Selection(
        [("shown", "Shown"), ("lent", "Lent"), ("repair", "Repair"), ("delivery", "Delivery")],
        required=True, default="shown", tracking=True,
    )
    item = fields.Char(required=True, tracking=True)
    weight = fields.Float(string="Weight (g)", digits=(16, 3), required=True, tracking=True)
    verifier_1_id = fields.Many2one("hr.employee", string="First verifier", required=True, check_company=True)
    verifier_2_id = fields.Many2one("hr.employee", string="Second verifier", required=True, check_company=True)
    verifier_1_date = fields.Datetime(string="First verifier confirmed on", readonly=True, copy=False, tracking=True)
    verifier_2_date = fields.Datetime(string="Second verifier confirmed on", readonly=True, copy=False, tracking=True)
    customer_signature = fields.Binary(copy=False, attachment=True)
    video_reference = fields.Char(tracking=True)
    return_weight = fields.Float(string="Weight at return (g)", digits=(16, 3), copy=False, tracking=True)
    return_date = fields.Datetime(readonly=True, copy=False)
    tolerance = fields.Float(
        string="Tolerance (g)", digits=(16, 3), readonly=True,
        default=lambda self: self.env.company.vip_handover_tolerance,
    )
    weight_difference = fields.Float(digits=(16, 3), compute="_compute_weight_difference", store=True)
    incident_ids = fields.One2many("vip.incident", "handover_id", string="Incidents")
    state = fields.Selection(
        [("draft", "To verify"), ("done", "Handed over"), ("returned", "Returned"), ("mismatch", "Weight mismatch")],
        default="draft", required=True, tracking=True, copy=False,
        group_expand=True,  # kanban columns in workflow order (issue 9.5)
    )

    _sql_constraints = [
        ("weight_positive", "CHECK(weight > 0)", "The weight must be positive."),
        ("return_weight_positive", "CHECK(return_weight >= 0)", "The return weight cannot be negative."),
    ]

    @api.constrains("verifier_1_id", "verifier_2_id")
    def _check_two_verifiers(self):
        for rec in self:
            if rec.verifier_1_id == rec.verifier_2_id:
                raise ValidationError(self.env._("Two different employees must verify a handover (R-VAL-01)."))

    @api.depends("weight", "return_weight", "return_date")
    def _compute_weight_difference(self):
        for rec in self:
            rec.weight_difference = rec.return_weight - rec.weight if rec.return_date else 0.0

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("return_weight") for vals in vals_list):
            raise UserError(self.env._(
                "The weight at return is entered once the handover is complete, not when it is created."
            ))
        return super().create(vals_list)

    def write(self, vals):
        """R-VAL-02: what the verifiers confirmed is locked; the weight at return, however it is
        written (form, RPC, import), registers the return and opens the incident on a mismatch."""
        if not self.env.su:
            self._check_locked(vals)
        res = super().write(vals)
        if vals.get("return_weight"):
            self.filtered(lambda h: h.state == "done")._register_return()
        return res

    def _check_locked(self, vals):
        for rec in self:
            locked = []
            if rec.verifier_1_date or rec.verifier_2_date:
                locked += [name for name in VERIFIED_FIELDS if name in vals]
            if rec.state != "draft":
                locked += [name for name in COMPLETION_FIELDS if name in vals]
            if locked:
                raise UserError(self.env._(
                    "%(ref)s has been verified: %(fields)s can no longer be changed (R-VAL-02). "
                    "Record a new handover instead.",
                    ref=rec.display_name,
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in locked),
                ))
            if "return_weight" in vals and rec.state == "draft":
                raise UserError(self.env._(
                    "%s: the weight at return is entered once, after both verifiers confirmed the handover.",
                    rec.display_name,
                ))
            if "return_weight" in vals and rec.state != "done":
                raise UserError(self.env._(
                    "%s: the weight at return was entered once, after both verifiers confirmed the "
                    "handover; it can no longer be changed.",
                    rec.display_name,
                ))

    # ------------------------------------------------------------------ actions
    def action_confirm_verifier(self):
        """Each verifier confirms in their own name; the handover is complete once both have
        confirmed, the customer signed and the video is referenced (R-VAL-02)."""
        user = self.env.user
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("This handover is already complete."))
            if rec.verifier_1_id.user_id == user and not rec.verifier_1_date:
                rec._vip_action_write({"verifier_1_date": fields.Datetime.now()})
            elif rec.verifier_2_id.user_id == user and not rec.verifier_2_date:
                rec._vip_action_write({"verifier_2_date": fields.Datetime.now()})
            else:
                raise UserError(self.env._("Only a verifier who has not confirmed yet can confirm."))
            if rec.verifier_1_date and rec.verifier_2_date:
                if not (rec.customer_signature and rec.video_reference):
                    raise UserError(
                        self.env._("The customer's signature and the video reference are needed first.")
                    )
                rec._vip_action_write({"state": "done"})
        return True

    def action_register_return(self):
        """R-VAL-02: compare the weight at return; outside the tolerance it becomes an
        incident for security. Saving the weight at return already registers it (see write);
        the button then only reports what happened."""
        for rec in self:
            if rec.state in ("returned", "mismatch") and rec.return_date:
                continue
            if rec.state != "done":
                raise UserError(self.env._("Only a completed handover can be returned."))
            if not rec.return_weight:
                raise UserError(self.env._("Weigh the item and enter the weight at return."))
            rec._register_return()
        return True

    def _register_return(self):
        for rec in self:
            rec._vip_action_write({"return_date": fields.Datetime.now()})
            if abs(rec.weight_difference) > rec.tolerance + 1e-9:
                rec._vip_action_write({"state": "mismatch"})
                rec._raise_incident()
            else:
                rec._vip_action_write({"state": "returned"})

    def _raise_incident(self):
        """R-VAL-02 / R-INC-01: security gets an activity and an incident is opened."""
        self.ensure_one()
        guards = self.env.ref("vip_customer_care.group_vip_security").users.filtered(
            lambda u: self.company_id in u.company_ids
        )
        for guard in guards:
            self.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=_lt("Incident: handover weight mismatch"),
                note=_lt(
                    "%(item)s: %(out).3f g handed over, %(back).3f g returned.",
                    item=self.item, out=self.weight, back=self.return_weight,
                ),
                user_id=guard.id,
            )
        incident = self.env["vip.incident"].create({
            "company_id": self.company_id.id,
            "incident_type": "lost_item",
            "title": self.env._("Handover weight mismatch: %s", self.item),
            "description": self.env._(
                "%(item)s: %(out).3f g handed over, %(back).3f g returned.",
                item=self.item, out=self.weight, back=self.return_weight,
            ),
            "partner_id": self.partner_id.id,
            "partner_ids": [fields.Command.link(self.partner_id.id)],
            "reception_id": self.reception_id.id,
            "handover_id": self.id,
        })
        self.message_post(body=self.env._("Incident %s opened for the weight mismatch.", incident.name))
