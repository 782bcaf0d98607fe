# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .archive_common import ArchiveCommon


@tagged("post_install", "-at_install")
class TestArchiveSurvey(ArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        Partner = cls.env["res.partner"]
        cls.vip = Partner.create({"name": "Survey VIP", "email": "vip@example.com", "lang": "zh_CN",
                                  "company_id": cls.company.id, "vip_service_level": "vip", "user_id": cls.requester.id})
        cls.important = Partner.create({"name": "Survey Important", "email": "imp@example.com", "lang": "en_US",
                                        "company_id": cls.company.id, "vip_service_level": "important",
                                        "user_id": cls.requester.id})
        cls.general = Partner.create({"name": "Survey General", "email": "gen@example.com", "lang": "en_US",
                                      "company_id": cls.company.id, "vip_service_level": "general",
                                      "user_id": cls.requester.id})
        cls.lost = Partner.create({"name": "Survey Lost", "email": "lost@example.com",
                                   "company_id": cls.company.id, "user_id": cls.requester.id})
        for partner in (cls.vip, cls.important, cls.general):
            cls.Archive.create({"partner_id": partner.id, "company_id": cls.company.id, "customer_status": "cooperating",
                                "user_id": cls.requester.id})
        cls.Archive.create({"partner_id": cls.lost.id, "company_id": cls.company.id, "customer_status": "lost",
                            "lost_reason": "Closed the business", "user_id": cls.requester.id})
        cls.survey = cls.env.ref("vip_customer_care.survey_vip_annual_satisfaction")
        cls.q_products = cls.env.ref("vip_customer_care.survey_vip_annual_question_products")
        cls.q_service = cls.env.ref("vip_customer_care.survey_vip_annual_question_service")

    def _answer(self, user_input, scores):
        for question, score in scores.items():
            choice = question.suggested_answer_ids.filtered(lambda a, s=score: a.answer_score == s)
            self.env["survey.user_input.line"].create({
                "user_input_id": user_input.id, "question_id": question.id, "answer_type": "suggestion",
                "suggested_answer_id": choice.id,
            })
        user_input._mark_done()

    @freeze_time("2026-11-20 10:00:00")
    def test_campaign_invitations_analysis_approval(self):
        """R-ARC-08: every active customer is invited in their language; the analysis gives the
        response rate and the score by question and level (computed by hand below); the GM approves
        it and items below target become corrective actions."""
        campaign = self.env["vip.satisfaction.campaign"].with_user(self.marketing).create({
            "name": "2026 satisfaction", "company_id": self.company.id, "target_score": 80.0,
        })
        campaign.action_send()
        inputs = campaign.user_input_ids
        self.assertEqual(inputs.partner_id, self.vip | self.important | self.general)
        self.assertEqual(campaign.invited_count, 3)
        mails = self.env["mail.mail"].search([("model", "=", "survey.user_input"), ("res_id", "in", inputs.ids)])
        self.assertEqual(len(mails), 3)
        template = self.env.ref("survey.mail_template_user_input_invite")
        langs = template._render_lang(inputs.ids)
        for answer in inputs:
            self.assertEqual(langs[answer.id], answer.partner_id.lang)
        by_partner = {i.partner_id: i for i in inputs}
        self._answer(by_partner[self.vip], {self.q_products: 10, self.q_service: 7})
        self._answer(by_partner[self.important], {self.q_products: 4, self.q_service: 0})
        campaign.action_analyse()
        self.assertAlmostEqual(campaign.response_rate, 66.67)
        scores = {(r.question_id, r.level): r.score for r in campaign.result_ids}
        self.assertEqual(scores[(self.q_products, "all")], 70.0)  # (10 + 4) / 2 / 10
        self.assertEqual(scores[(self.q_service, "all")], 35.0)  # (7 + 0) / 2 / 10
        self.assertEqual(scores[(self.q_products, "vip")], 100.0)
        self.assertEqual(scores[(self.q_products, "important")], 40.0)
        self.assertEqual(campaign.below_target_count, 2)
        campaign.action_request_approval()
        with self.assertRaises(UserError):
            campaign.with_user(self.manager).validate_tier()
        campaign.with_user(self.gm).validate_tier()
        self.assertEqual(campaign.state, "approved")
        corrective = campaign.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("vip_customer_care.mail_act_vip_survey_corrective"))
        self.assertEqual(len(corrective), 2)
        self.assertEqual(corrective.user_id, self.head)
        text = self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
            "vip_customer_care.action_report_vip_satisfaction_campaign", campaign.ids)[0]
        self.assertTrue(text.startswith(b"%PDF"))

    @freeze_time("2026-11-20 10:00:00")
    def test_request_several_approvals_at_once(self):
        """R-ARC-08 / issue 19: several analysed survey reports sent to the GM in one call each
        get their own review and activity."""
        Campaign = self.env["vip.satisfaction.campaign"].with_user(self.marketing)
        campaigns = Campaign.create({"name": "2026 A", "company_id": self.company.id, "target_score": 80.0})
        campaigns |= Campaign.create({"name": "2026 B", "company_id": self.company.id, "target_score": 80.0})
        for campaign in campaigns:
            campaign.action_send()
            campaign.action_analyse()
        campaigns.action_request_approval()
        for campaign in campaigns:
            self.assertEqual(campaign.state, "to_approve")
            self.assertTrue(campaign.review_ids)
            pending = campaign.review_ids.filtered(lambda r: r.status == "pending")
            self.assertTrue(campaign.activity_ids.filtered(lambda a, p=pending: a.user_id in p.reviewer_ids))
