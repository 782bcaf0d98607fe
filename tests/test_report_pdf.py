# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The add-on's PDFs rendered for real by wkhtmltopdf and read back with poppler-utils.

Odoo returns HTML instead of PDF under test unless the context carries
``force_report_rendering`` (ir.actions.report._pre_render_qweb_pdf); these tests set it, so
every assertion is about the PDF a person receives: its text (pdftotext -layout), its fonts
(pdffonts), its pages and, for the badge, its QR code.
"""
import base64
import io
import os
import subprocess
import tempfile
from datetime import datetime, timedelta

from freezegun import freeze_time
from PIL import Image

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools.pdf import PdfFileReader

from .common import compact, pdf_to_text, render_pdf, require_pdf_tools
from .reception_common import FRIDAY
from .test_valuable_handover import SIGNATURE
from .visitor_common import VISIT_START, VisitorCommon

try:  # QR decoder (PyPI zxing-cpp, a self-contained wheel)
    import zxingcpp
except ImportError:  # pragma: no cover - the badge test then checks the embedded image instead
    zxingcpp = None

COMPANY = "金凤凰珠宝测试有限公司"
CUSTOMER = "王美玲"
MOJIBAKE = ("â€", "Ã", "ä¸")


@tagged("post_install", "-at_install")
class TestReportPdf(VisitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_pdf_tools("pdftotext", "pdffonts", "pdftoppm", "wkhtmltopdf")
        for code in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["vip_customer_care"], ["zh_CN", "zh_TW"])
        cls.company.write({"name": COMPANY, "street": "深圳市罗湖区翠竹路 88 号", "phone": "+86 755 0000 0000"})
        cls.customer.write({"name": CUSTOMER, "lang": "zh_CN"})
        for user, employee, name in ((cls.requester, cls.requester_employee, "张伟"), (cls.marketing, None, "李娜"),
                                     (cls.head, cls.head_employee, "陈明"), (cls.guard, cls.guard_employee, "赵刚")):
            user.name = name
            if employee:
                employee.name = name
        cls.reception = cls.env["vip.reception"].browse(cls._reception(cls, 60000).id)
        cls.reception.write({
            "venue": "贵宾室一号",
            "vehicles": "商务车在深圳北站接站",
            "meals_lodging": "香格里拉酒店",
            "contingencies": "INTERNAL-CONTINGENCY 暴雨改为线上",
            "material_line_ids": [Command.create({"name": "SECRET-PRICE-LIST", "confidential": True})],
            "schedule_line_ids": [Command.create({
                "date_start": datetime(2026, 12, 2, 14, 0), "name": "翡翠品鉴", "activity_type": "meeting",
                "place": "二楼展厅",
            })],
        })

    # ------------------------------------------------------------------ helpers
    def _pdf(self, xmlid, records, user, **context):
        return render_pdf(self.env, xmlid, records, user=user, **context)

    def _poppler(self, pdf, *command):
        """Run a poppler-utils command on ``pdf``; returns its standard output (bytes)."""
        with tempfile.TemporaryDirectory(prefix="vip_report_test_") as folder:
            path = os.path.join(folder, "report.pdf")
            with open(path, "wb") as handle:
                handle.write(pdf)
            args = [arg.replace("{pdf}", path).replace("{dir}", folder) for arg in command]
            out = subprocess.run(args, capture_output=True, check=True).stdout
            if "{dir}" in " ".join(command):
                with open(os.path.join(folder, "page.png"), "rb") as handle:
                    return handle.read()
            return out

    def _pages(self, pdf):
        """The text of each page, as a reader copies it."""
        text = pdf_to_text(pdf)
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]
        self.assertEqual(len(pages), len(PdfFileReader(io.BytesIO(pdf)).pages))
        return pages

    def _images(self, pdf):
        """Rows of ``pdfimages -list`` (one per embedded image)."""
        return self._poppler(pdf, "pdfimages", "-list", "{pdf}").decode().strip().splitlines()[2:]

    def _assert_chinese_document(self, pdf, texts, absent=()):
        """Every text is on the PDF (spacing ignored), the company header is on page 1, the CJK
        font is embedded and no text is garbled."""
        pages = self._pages(pdf)
        whole = compact("".join(pages))
        for text in texts:
            self.assertIn(compact(text), whole)
        for text in absent:
            self.assertNotIn(compact(text), whole)
        for bad in MOJIBAKE:
            self.assertNotIn(bad, whole)
        self.assertIn(COMPANY, compact(pages[0]))
        fonts = self._poppler(pdf, "pdffonts", "{pdf}").decode()
        self.assertIn("WenQuanYi", fonts.replace(" ", ""))
        return pages

    def _assert_numbered(self, pages):
        for number, page in enumerate(pages, 1):
            self.assertRegex(page.strip().splitlines()[-1].strip(), rf"^{number}\s*/\s*{len(pages)}$")

    # -------------------------------------------------------------------- tests
    def test_reception_documents_in_simplified_chinese(self):
        """R-REC-01 / R-REC-02 / R-REC-09: the application form, the plan and the record print
        in the customer's language (zh_CN): Chinese labels, the customer's Chinese name, the
        company header on page 1 and page numbers, with the CJK font embedded."""
        reception = self._to_approval(self.reception)
        self._approve_next(reception, self.marketing)
        pdf = self._pdf("vip_customer_care.action_report_vip_reception_application", reception, self.marketing)
        pages = self._assert_chinese_document(pdf, (
            CUSTOMER, reception.name, "来访目的", "陪同需求", "配合部门", "预算估计", "60,000.00", self.marketing.name,
        ))
        self._assert_numbered(pages)
        pdf = self._pdf("vip_customer_care.action_report_vip_reception_plan", reception, self.marketing)
        pages = self._assert_chinese_document(pdf, (
            CUSTOMER, "日程", "场地", "贵宾室一号", "翡翠品鉴", "二楼展厅", "饮食备注", "应急预案", "预算", "60,000.00",
        ))
        self._assert_numbered(pages)
        self.customer.vip_id_number = "11010519491231002X"
        pdf = self._pdf("vip_customer_care.action_report_vip_reception_record", reception, self.marketing)
        pages = self._assert_chinese_document(pdf, (CUSTOMER, "提供的服务", "证件号码", "1101**********002X"))
        self._assert_numbered(pages)

    def test_long_plan_numbers_every_page(self):
        """R-REC-02: a plan longer than one page keeps the company header on page 1 and prints
        "n / N" at the foot of every page (the Debian wkhtmltopdf ignores footer HTML)."""
        self.reception.write({"schedule_line_ids": [
            Command.create({"date_start": datetime(2026, 12, 2, 9, 0) + timedelta(minutes=10 * i),
                            "name": f"参观车间 {i}", "activity_type": "visit", "place": "一号车间"})
            for i in range(60)
        ]})
        pdf = self._pdf("vip_customer_care.action_report_vip_reception_plan", self.reception, self.marketing)
        pages = self._assert_chinese_document(pdf, ("参观车间 59", "日程"))
        self.assertGreater(len(pages), 1)
        self._assert_numbered(pages)

    def test_several_records_in_one_print(self):
        """R-REC-01: printing several receptions at once gives one document per reception, each
        with its own header and numbering (the Debian wkhtmltopdf takes one input document per run)."""
        other = self.env["vip.reception"].browse(self._reception(8000).id)
        receptions = self.reception | other
        pdf = self._pdf("vip_customer_care.action_report_vip_reception_application", receptions, self.marketing)
        pages = self._assert_chinese_document(pdf, (self.reception.name, other.name, "来访目的"))
        self.assertEqual(len(pages), 2)
        for page, reception in zip(pages, receptions):
            self.assertIn(COMPANY, compact(page))
            self.assertIn(reception.name, page)
            self.assertRegex(page.strip().splitlines()[-1].strip(), r"^1\s*/\s*1$")

    def test_itinerary_goes_to_the_customer_not_the_plan(self):
        """R-REC-06 / R-ACC-04: the customer receives the itinerary (schedule, venue, host, route,
        entry notes) in their language; the budget, confidential materials, contingencies and
        internal signatures stay in the internal plan."""
        reception = self._to_approval(self.reception)
        self._approve_all(reception, [self.marketing, self.admin_dept, self.guard, self.head,
                                      self.finance_1, self.finance_2])
        self.assertEqual(reception.state, "approved")
        with freeze_time(FRIDAY):
            self._appointment(reception_id=reception.id, route="从北门进入，二楼电梯口", entry_notes="请携带身份证件")
        internal = ("60,000.00", "预算", "SECRET-PRICE-LIST", "INTERNAL-CONTINGENCY", "Marketing review", "Budget")
        expected = [CUSTOMER, "来访行程", "贵宾室一号", "翡翠品鉴", "二楼展厅", "从北门进入，二楼电梯口", "请携带身份证件",
                    "商务车在深圳北站接站", "香格里拉酒店", self.requester.name, reception.name]
        expected += ["日程", "场地", "路线", "入场须知"]
        pdf = self._pdf("vip_customer_care.action_report_vip_reception_itinerary", reception, self.requester)
        pages = self._assert_chinese_document(pdf, expected, absent=internal)
        self._assert_numbered(pages)

        action = reception.with_user(self.requester).action_send_plan()
        context = dict(action["context"], force_report_rendering=True)
        composer = Form(self.env["mail.compose.message"].with_user(self.requester).with_context(**context)).save()
        composer.with_context(force_report_rendering=True).action_send_mail()
        message = reception.message_ids.filtered("attachment_ids")[:1]
        self.assertEqual(len(message.attachment_ids), 1)
        attachment = message.attachment_ids
        # Named in the customer's language: 来访行程 (Itinerary), never the internal plan.
        self.assertEqual(attachment.name, f"来访行程 - {reception.name}.pdf")
        self._assert_chinese_document(base64.b64decode(attachment.datas), (CUSTOMER, "来访行程", "翡翠品鉴"), absent=internal)
        self.assertTrue(reception.plan_sent_date)

    def test_handover_has_three_signature_lines(self):
        """R-VAL-01: the handover record prints item, weight to the milligram and signature lines
        for both verifiers and the customer (with the customer's captured signature)."""
        handover = self.env["vip.valuable.handover"].create({
            "company_id": self.company.id, "partner_id": self.customer.id, "item": "帝王绿翡翠手镯",
            "weight": 52.417, "verifier_1_id": self.head_employee.id, "verifier_2_id": self.guard_employee.id,
            "customer_signature": SIGNATURE, "video_reference": "CAM-01",
        })
        pdf = self._pdf("vip_customer_care.action_report_vip_valuable_handover", handover, self.marketing)
        pages = self._assert_chinese_document(pdf, (
            CUSTOMER, "帝王绿翡翠手镯", "52.417", "第一核验人", "第二核验人", self.head_employee.name,
            self.guard_employee.name, "CAM-01",
        ))
        self._assert_numbered(pages)
        signature_block = compact(pages[-1].split("第二核验人")[-1])
        for name in (self.head_employee.name, self.guard_employee.name, CUSTOMER):
            self.assertIn(compact(name), signature_block)
        self.assertTrue(self._images(pdf), "the customer's signature image")

    @freeze_time(FRIDAY)
    def test_confirmation_letter_in_traditional_chinese(self):
        """R-ACC-04: the confirmation letter for a zh_TW customer states time, host, route and
        entry notes with Traditional Chinese labels."""
        self.customer.lang = "zh_TW"
        appointment = self._approved_with_passes(route="由北門進入，二樓", entry_notes="請攜帶身分證件")
        pdf = self._pdf("vip_customer_care.action_report_vip_appointment_letter", appointment, self.requester)
        pages = self._assert_chinese_document(pdf, (
            CUSTOMER, appointment.name, "路線", "入場須知", "由北門進入，二樓", "請攜帶身分證件", self.requester_employee.name,
        ))
        self._assert_numbered(pages)

    def test_badge_one_page_with_readable_text_and_qr(self):
        """R-ACC-06: each pass prints on ONE A6 page, in the visitor's language, with correct
        (not garbled) text and a QR code that decodes to the pass code."""
        with freeze_time(FRIDAY):
            appointment = self._approved_with_passes()
        vip_pass = appointment.pass_ids.filtered(lambda p: p.visitor_id.is_vip)
        pdf = self._pdf("vip_customer_care.action_report_vip_access_badge", vip_pass, self.guard)
        pages = self._assert_chinese_document(pdf, (COMPANY, CUSTOMER, vip_pass.code, "临时出入证", "区域：", "Vault"))
        self.assertEqual(len(pages), 1, "one page per pass, no blank page")
        page = PdfFileReader(io.BytesIO(pdf)).pages[0]
        width_mm = float(page.mediabox.width) * 25.4 / 72
        height_mm = float(page.mediabox.height) * 25.4 / 72
        self.assertAlmostEqual(width_mm, 105, delta=1.5)
        self.assertAlmostEqual(height_mm, 148, delta=1.5)
        self.assertNotRegex(pages[0], r"\d+ / \d+", "the badge carries no page number")
        # The QR code as a phone scans it: the page rasterised, then decoded.
        self.assertEqual(len(self._images(pdf)), 1, "the QR image")
        if zxingcpp is not None:
            png = self._poppler(pdf, "pdftoppm", "-r", "150", "-png", "-singlefile", "{pdf}", "{dir}/page")
            image = Image.open(io.BytesIO(png)).convert("L")
            self.assertEqual([r.text for r in zxingcpp.read_barcodes(image)], [vip_pass.code])
        # Two passes: two pages, still no blank one.
        both = self._pdf("vip_customer_care.action_report_vip_access_badge", appointment.pass_ids, self.guard)
        self.assertEqual(len(self._pages(both)), 2)

    def test_evacuation_list_in_chinese(self):
        """R-ACC-09: the evacuation list prints who is inside with their area, host and escort,
        the CJK font embedded and the company on page 1."""
        with freeze_time(FRIDAY):
            appointment = self._approved_with_passes()
        vip_pass = appointment.pass_ids.filtered(lambda p: p.visitor_id.is_vip)
        with freeze_time(VISIT_START + timedelta(minutes=30)):
            self._gate(vip_pass.code, self.lobby, belongings_checked=True).action_check_in()
        self.assertEqual(vip_pass.state, "checked_in")
        pdf = self._pdf("vip_customer_care.action_report_vip_evacuation_list", vip_pass, self.guard, lang="zh_CN")
        pages = self._assert_chinese_document(pdf, (CUSTOMER, "来访者", "Lobby", self.requester_employee.name))
        self._assert_numbered(pages)
