# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import polib
from lxml import etree

from odoo.tests import tagged
from odoo.tools import file_path

from ..models.helpdesk_ticket import STAGES
from .complaint_common import ComplaintCommon

LANGS = ("zh_CN", "zh_TW")

# helpdesk_mgmt's stages as the VIP team meets them (models/helpdesk_ticket.py STAGES).
STAGE_NAMES = {
    "received": {"zh_CN": "新建", "zh_TW": "新建"},
    "investigating": {"zh_CN": "处理中", "zh_TW": "處理中"},
    "replied": {"zh_CN": "等待客户回复", "zh_TW": "等待客戶回覆"},
    "closed": {"zh_CN": "已完成", "zh_TW": "已完成"},
    "invalid": {"zh_CN": "已驳回", "zh_TW": "已駁回"},
}
FIELD_LABELS = {
    "stage_id": {"zh_CN": "阶段", "zh_TW": "階段"},
    "team_id": {"zh_CN": "团队", "zh_TW": "團隊"},
    "category_id": {"zh_CN": "类别", "zh_TW": "類別"},
    "priority": {"zh_CN": "优先级", "zh_TW": "優先順序"},
}
# Filters of helpdesk_mgmt's ticket search view ("open" is the complaints menu's default one).
FILTERS = {
    "open": {"zh_CN": "处理中", "zh_TW": "處理中"},
    "mytickets": {"zh_CN": "我的工单", "zh_TW": "我的工單"},
    "unassigned": {"zh_CN": "未分派", "zh_TW": "未分派"},
    "high_priority": {"zh_CN": "高优先级", "zh_TW": "高優先"},
    "group_stage": {"zh_CN": "阶段", "zh_TW": "階段"},
}


def record_terms(entry):
    """The entry's references to records (model: / model_terms:), what the add-on can translate."""
    return [occ for occ, _line in entry.occurrences if occ.split(":", 1)[0] in ("model", "model_terms")]


@tagged("post_install", "-at_install")
class TestHelpdeskChinese(ComplaintCommon):
    """Issue 23 (Chinese everywhere): the VIP customer service team works in Chinese, also on
    the screens and mails that come from OCA helpdesk_mgmt (which ships no zh_CN/zh_TW): its
    stages, ticket field labels, search filters, menus and mail templates. The add-on ships
    their Chinese in i18n_extra/zh_CN.po and i18n_extra/zh_TW.po. The rule book has no rule on
    the interface language (its only "language" is R-REC-04, the visitor's language at a
    reception); these are the screens of the complaint handling of its section 9 (R-CMP-01 to
    R-CMP-07)."""

    def _env(self, lang):
        """The customer-service user, whose language is ``lang``, as the web client calls."""
        self.cs.lang = lang
        return self.env(user=self.cs, context=dict(self.env.context, lang=self.cs.lang, tz=self.cs.tz))

    def test_stages_in_chinese(self):
        """R-CMP-04/R-CMP-06: the stage a complaint is in reads in Chinese, on the ticket and
        in the stage list of the kanban."""
        ticket = self._complaint()
        for lang in LANGS:
            with self.subTest(lang=lang):
                env = self._env(lang)
                stage = ticket.with_env(env).read(["stage_id"])[0]["stage_id"]
                self.assertEqual(stage[1], STAGE_NAMES["received"][lang])
                for key, xmlid in STAGES.items():
                    self.assertEqual(env.ref(xmlid).name, STAGE_NAMES[key][lang], key)
                names = env["helpdesk.ticket.stage"].search([]).mapped("name")
                self.assertFalse({"New", "In Progress", "Awaiting", "Done", "Rejected"} & set(names), names)

    def test_ticket_labels_filters_menus_and_mails_in_chinese(self):
        """R-CMP-01/R-CMP-04: the ticket's stage, team, category and priority labels, the
        filters of the complaint search, the helpdesk menu and the stage-change mail to the
        customer are in Chinese."""
        ticket = self._complaint()
        template = self.env.ref("helpdesk_mgmt.changed_stage_template")
        for lang in LANGS:
            with self.subTest(lang=lang):
                env = self._env(lang)
                Ticket = env["helpdesk.ticket"]
                labels = Ticket.fields_get(list(FIELD_LABELS), ["string"])
                self.assertEqual({f: labels[f]["string"] for f in FIELD_LABELS},
                                 {f: tr[lang] for f, tr in FIELD_LABELS.items()})
                arch = etree.fromstring(Ticket.get_views([(False, "search")])["views"]["search"]["arch"])
                filters = {node.get("name"): node.get("string") for node in arch.iter("filter")}
                self.assertEqual({name: filters.get(name) for name in FILTERS},
                                 {name: tr[lang] for name, tr in FILTERS.items()})
                self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").name,
                                 {"zh_CN": "服务台", "zh_TW": "服務台"}[lang])
                # The system sends the mail in the customer's language (mail.template's own rights).
                subject = template.with_context(lang=lang)._render_field("subject", ticket.ids)[ticket.id]
                self.assertEqual(subject, {"zh_CN": "工单 %s 的阶段已变更。",
                                           "zh_TW": "工單 %s 的階段已變更。"}[lang] % ticket.number)

    def test_every_helpdesk_record_term_translated(self):
        """Issue 23: every model/model_terms term of helpdesk_mgmt's template has its Chinese in
        both files, with the same markup and placeholders, and no code term (which Odoo would
        read as one of the add-on's own) slips in."""
        pot = polib.pofile(file_path("helpdesk_mgmt/i18n/helpdesk_mgmt.pot"))
        terms = {entry.msgid: record_terms(entry) for entry in pot if record_terms(entry)}
        self.assertGreater(len(terms), 250)
        markup = re.compile(r"<[^>]*>|\{\{.*?\}\}|%\(\w+\)s|%s")
        for lang in LANGS:
            with self.subTest(lang=lang):
                po = polib.pofile(file_path(f"vip_customer_care/i18n_extra/{lang}.po"))
                self.assertEqual(po.metadata.get("Language"), lang)
                entries = {entry.msgid: entry for entry in po if not entry.obsolete}
                self.assertEqual(sorted(set(terms) - set(entries)), [])
                # "Odoo" (a demo category) reads the same: OCA's po formatter empties its msgstr.
                self.assertEqual([m for m in terms if not entries[m].msgstr], ["Odoo"])
                for msgid, entry in entries.items():
                    self.assertEqual([occ for occ, _line in entry.occurrences], terms.get(msgid), msgid)
                    self.assertNotIn("odoo-python", entry.comment)
                    if not entry.msgstr:
                        continue
                    self.assertEqual(markup.findall(entry.msgstr), markup.findall(msgid), msgid)
                    if re.search(r"[A-Za-z]{3}", markup.sub("", msgid)):
                        self.assertTrue(re.search(r"[\u4e00-\u9fff]", entry.msgstr) or msgid == "Wifi",
                                        msgid)
