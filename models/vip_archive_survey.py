# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

# Activity summaries and notes are lazy terms: mail.activity._vip_localise translates them into
# the assignee's language and time zone (issue 23), so self.env._ (the creator's language) is
# not wanted for them.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

INVITE_TEMPLATE = "survey.mail_template_user_input_invite"
CORRECTIVE_ACTIVITY = "vip_customer_care.mail_act_vip_survey_corrective"
LEVELS = [("vip", "VIP"), ("important", "Important"), ("general", "General"), ("none", "No level")]


class VipSatisfactionCampaign(models.Model):
    """R-ARC-08: the annual customer satisfaction survey. One campaign invites every active
    customer (an archive that is not lost) through Odoo's survey, in the customer's language;
    its analysis (response rate, score by question and by customer level, items below target)
    is approved by the GM through the shared approval machinery, shared with the department
    managers, and every item below target becomes a corrective-action activity."""

    _name = "vip.satisfaction.campaign"
    _description = "Annual satisfaction survey"
    _inherit = ["vip.workflow.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    _vip_workflow_fields = ("state", "approval_due", "invited_count", "completed_count", "response_rate")
    _vip_retention = True
    _vip_requester_field = "create_uid"
    _vip_reset_states = ("draft", "analysed")
    # Issue 18: until the GM is asked, the title, year and target (the analysis compares with it)
    # may still be corrected; the survey sent and the analysis under approval are frozen.
    _vip_editable_fields = {
        "sent": ("name", "year", "target_score"), "analysed": ("name", "year", "target_score"),
        "to_approve": (), "approved": (), "rejected": (), "cancelled": (),
    }

    name = fields.Char(required=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    survey_id = fields.Many2one(
        "survey.survey", required=True,
        default=lambda self: self.env.ref("vip_customer_care.survey_vip_annual_satisfaction", raise_if_not_found=False),
    )
    target_score = fields.Float(string="Target score (%)", default=80.0, required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("analysed", "Analysed"), ("to_approve", "To approve"),
         ("approved", "Approved"), ("rejected", "Rejected"), ("cancelled", "Cancelled")],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    approval_due = fields.Datetime(readonly=True, copy=False)
    user_input_ids = fields.One2many("survey.user_input", "vip_campaign_id", string="Invitations")
    invited_count = fields.Integer(string="Invited", readonly=True, copy=False)
    completed_count = fields.Integer(string="Answered", readonly=True, copy=False)
    response_rate = fields.Float(string="Response rate (%)", readonly=True, copy=False)
    result_ids = fields.One2many("vip.satisfaction.result", "campaign_id", string="Scores")
    below_target_count = fields.Integer(compute="_compute_below_target_count", string="Below target")

    _sql_constraints = [
        ("target_range", "CHECK(target_score >= 0 AND target_score <= 100)", "The target is between 0 and 100 %."),
    ]

    @api.depends("result_ids.below_target")
    def _compute_below_target_count(self):
        for rec in self:
            rec.below_target_count = len(rec.result_ids.filtered("below_target"))

    @api.model
    def _vip_customers(self, company):
        """Active customers: their archive exists and they are not lost. Read as the system: the
        campaign covers every customer of the company (R-ARC-08) whoever sends it, and only the
        customers are taken from the archives."""
        archives = self.env["vip.customer.archive"].sudo().search([
            ("company_id", "=", company.id), ("customer_status", "!=", "lost"),
        ])
        return archives.partner_id.filtered(lambda p: p.email).with_env(self.env)

    def action_send(self):
        """Invite every active customer, each in their own language."""
        template = self.env.ref(INVITE_TEMPLATE)
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("Only a draft campaign is sent."))
            partners = self._vip_customers(rec.company_id)
            if not partners:
                raise UserError(self.env._("No active customer with an e-mail address to invite."))
            survey = rec.survey_id.sudo()
            answers = self.env["survey.user_input"]
            for partner in partners:
                answers |= survey._create_answer(partner=partner, check_attempts=False, vip_campaign_id=rec.id)
            for answer in answers:
                # The invitation template is rendered in the participant's language.
                template.sudo().send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")
            rec._vip_action_write({"state": "sent", "invited_count": len(answers)})
        return True

    def action_analyse(self):
        """Response rate and score by question and customer level (score = average answer score
        over the question's best answer score, in %)."""
        Result = self.env["vip.satisfaction.result"]
        for rec in self:
            if rec.state not in ("sent", "analysed"):
                raise UserError(self.env._("Send the survey before analysing it."))
            inputs = rec.user_input_ids.sudo()
            done = inputs.filtered(lambda i: i.state == "done")
            lines = self.env["survey.user_input.line"].sudo().search_fetch(
                [("user_input_id", "in", done.ids), ("answer_type", "=", "suggestion"), ("skipped", "=", False)],
                ["question_id", "answer_score", "user_input_id"],
            )
            best = {q: max(q.suggested_answer_ids.mapped("answer_score") or [0]) for q in lines.question_id}
            groups = {}
            for line in lines:
                level = line.user_input_id.partner_id.vip_service_level or "none"
                for key in ((line.question_id, "all"), (line.question_id, level)):
                    groups.setdefault(key, []).append(line.answer_score)
            rec.result_ids.sudo().unlink()
            vals = []
            for (question, level), scores in groups.items():
                score = (sum(scores) / len(scores) / best[question] * 100.0) if best[question] else 0.0
                vals.append({"campaign_id": rec.id, "question_id": question.id, "level": level,
                             "answer_count": len(scores), "score": round(score, 2),
                             "below_target": level == "all" and score < rec.target_score})
            Result.sudo().create(vals)
            rate = len(done) / len(inputs) * 100.0 if inputs else 0.0
            rec._vip_action_write({"state": "analysed", "completed_count": len(done),
                                   "response_rate": round(rate, 2)})
        return True

    def action_request_approval(self):
        for rec in self:
            if rec.state != "analysed":
                raise UserError(self.env._("Analyse the answers before asking the GM to approve the report."))
            rec._vip_send_for_approval("vip_sla_approval_days")
        return self._vip_next_step_action()

    def _on_approved(self):
        """Distributed to the department managers; corrective actions for items below target."""
        self.ensure_one()
        managers = self.env["hr.department"].search([("company_id", "in", (self.company_id.id, False))]).manager_id.user_id
        managers = managers.filtered(lambda u: self.company_id in u.company_ids)
        self.message_subscribe(partner_ids=managers.partner_id.ids)
        self.message_post(
            body=self.env._("The analysis of %(name)s is approved: response rate %(rate)s %%, %(below)s item(s) "
                            "below target.", name=self.name, rate=self.response_rate, below=self.below_target_count),
            partner_ids=managers.partner_id.ids, subtype_xmlid="mail.mt_comment",
        )
        owner = self.company_id.vip_sales_department_id.manager_id.user_id or self.create_uid
        for result in self.result_ids.filtered("below_target"):
            self.activity_schedule(
                CORRECTIVE_ACTIVITY, user_id=owner.id,
                summary=_lt("Corrective action: %s", result.question_id.title),
                note=_lt("Score %(score)s %% is below the target of %(target)s %%.",
                                score=result.score, target=self.target_score),
            )


class VipSatisfactionResult(models.Model):
    _name = "vip.satisfaction.result"
    _description = "Satisfaction score"
    _order = "campaign_id, question_id, level"

    campaign_id = fields.Many2one("vip.satisfaction.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    question_id = fields.Many2one("survey.question", required=True)
    level = fields.Selection(LEVELS + [("all", "All customers")], string="Customer level", required=True)
    answer_count = fields.Integer(string="Answers")
    score = fields.Float(string="Score (%)")
    below_target = fields.Boolean()


class SurveyUserInput(models.Model):
    _inherit = ["survey.user_input"]

    vip_campaign_id = fields.Many2one(
        "vip.satisfaction.campaign", string="Satisfaction campaign", index="btree_not_null", ondelete="set null",
    )
