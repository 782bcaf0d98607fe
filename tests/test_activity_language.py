# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import re
from datetime import datetime
from pathlib import Path

from freezegun import freeze_time

from odoo.tests import tagged

from .complaint_common import ComplaintCommon

CJK = re.compile(r"[\u4e00-\u9fff]")
ADDON = Path(__file__).resolve().parent.parent


@tagged("post_install", "-at_install")
class TestActivityLanguage(ComplaintCommon):
    """Issue 23 (R-APV-04, R-CMP-04, R-CMP-05): every activity the add-on creates speaks the
    language of the person it is assigned to, with deadlines in their time zone, whoever (or
    whichever scheduler) created it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # Everybody but the requester (who acts in English) reads Chinese in Shanghai.
        others = (cls.marketing | cls.admin_dept | cls.guard | cls.compliance | cls.finance_1 | cls.finance_2
                  | cls.gm | cls.gm_office | cls.head | cls.vp | cls.cs | cls.cs_other)
        others.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        cls.requester.write({"lang": "en_US", "tz": "UTC"})
        cls.first_id = cls.env["mail.activity"].sudo().search([], order="id desc", limit=1).id

    def _new_activities(self):
        return self.env["mail.activity"].sudo().search([("id", ">", self.first_id)])

    def test_approval_activity_in_reviewer_language(self):
        """R-APV-04: the requester submits in English; the reviewer's "Approve" activity is in
        Chinese, and an English-speaking reviewer gets English."""
        self._to_approval(self._reception(amount=10000.0))
        activities = self._new_activities().filtered(lambda a: a.res_model == "vip.reception" and a.vip_review_id)
        self.assertTrue(activities)
        for activity in activities:
            self.assertTrue(activity.summary.startswith("审批："), activity.summary)
        self.assertIn(self.marketing, activities.user_id)

    def test_complaint_activities_and_deadline_in_assignee_zone(self):
        """R-CMP-04/R-CMP-05: the responsible person's "Complaint due" activity, the GM's major-
        complaint alert and the escalation to the department manager are in Chinese; the note
        shows the deadline in Asia/Shanghai without seconds."""
        with freeze_time("2026-11-20 02:00:00"):
            ticket = self._complaint(user=self.requester, vip_severity="major", user_id=self.cs.id,
                                     vip_department_id=self.sales_dept.id)
        activities = self._new_activities().filtered(lambda a: a.res_model == "helpdesk.ticket")
        due = activities.filtered(lambda a: a.user_id == self.cs and a.summary.startswith("投诉到期"))
        self.assertEqual(len(due), 1, [(a.user_id.login, a.summary) for a in activities])
        shanghai = ticket.vip_next_due.replace(tzinfo=None)
        local = (shanghai.hour + 8) % 24
        self.assertIn(f"{local:02d}:{shanghai.minute:02d}", due.note)
        self.assertNotRegex(due.note, r"\d{1,2}:\d{2}:\d{2}", "deadlines without seconds")
        self.assertTrue(activities.filtered(lambda a: a.summary.startswith("重大投诉")), activities.mapped("summary"))
        meeting = activities.filtered(lambda a: a.activity_type_id.category == "meeting")
        self.assertTrue(meeting and CJK.search(meeting.summary), "the emergency meeting is named in its organizer's language")
        with freeze_time(ticket.vip_next_due.replace(year=ticket.vip_next_due.year + 1)):
            self.env["helpdesk.ticket"]._cron_vip_overdue()
        escalation = self._new_activities().filtered(lambda a: a.user_id == self.head and "投诉" in (a.summary or ""))
        self.assertTrue(escalation, "the department manager's escalation is in Chinese")

    def test_every_new_activity_is_in_its_assignees_language(self):
        """Issue 23: a sweep over the flows above plus the emergency paperwork, an incident and a
        frozen card: every activity created for a zh_CN user has a Chinese summary."""
        self._to_approval(self._reception(amount=60000.0))
        self._to_approval(self._reception(amount=20000.0, emergency=True))
        self._complaint(user=self.requester, vip_severity="major")
        activities = self._new_activities().filtered(lambda a: a.user_id.lang == "zh_CN" and a.summary)
        self.assertGreater(len(activities), 5)
        english = activities.filtered(lambda a: not CJK.search(a.summary))
        self.assertFalse(english, [(a.user_id.login, a.summary) for a in english])

    def test_no_activity_text_in_the_creators_language(self):
        """Issue 23 (guard for new code): no activity summary or note of the add-on is written
        with ``env._`` (the creator's language); they are lazy terms (``_lt``) that the activity
        translates for its assignee. A new ``summary=self.env._(…)`` fails here."""
        offenders = []
        for path in list((ADDON / "models").glob("*.py")) + list((ADDON / "wizards").glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                pairs = []
                if isinstance(node, ast.Call):
                    pairs = [(kw.arg, kw.value) for kw in node.keywords if kw.arg in ("summary", "note")]
                elif isinstance(node, ast.Dict):
                    pairs = [(k.value, v) for k, v in zip(node.keys, node.values, strict=True)
                             if isinstance(k, ast.Constant) and k.value in ("summary", "note")]
                for key, value in pairs:
                    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "_":
                        offenders.append(f"{path.name}:{value.lineno} {key}")
        # Chatter notes and mails are not activities: only activity texts are checked, and the
        # customer-facing draft of the leaving wizard is in the customer's language on purpose.
        self.assertFalse(offenders, offenders)

    def test_type_summary_in_assignee_language(self):
        """Issue 23: an activity scheduled without a summary takes the activity type's summary
        in the assignee's language (e.g. the quarterly revisit to-do)."""
        act_type = self.env.ref("vip_customer_care.mail_activity_type_vip_revisit")
        if not act_type.summary:
            act_type.summary = "Revisit the customer"
        act_type.with_context(lang="zh_CN").summary = "回访客户"
        with freeze_time(datetime(2026, 12, 7, 3, 0)):  # noqa: DTZ001
            activity = self.customer.with_user(self.requester).activity_schedule(
                "vip_customer_care.mail_activity_type_vip_revisit", user_id=self.head.id,
            )
        self.assertEqual(activity.summary, "回访客户")
