# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 22: the customer portal in Traditional Chinese. The demo's portal customer (张伟,
login vip_portal) switched to zh_TW reads /my, My visits, a visit, Request a visit, My VIP card
and My complaints over HTTP; every page title and label below is the msgstr of
i18n/zh_TW.po (or of helpdesk_mgmt's terms shipped in i18n_extra/zh_TW.po), and the
simplified forms of the titles (i18n/zh_CN.po) are absent."""
from odoo.tests import tagged

from .call_kw_common import CallKwCase

PORTAL = "vip_portal"


@tagged("post_install", "-at_install")
class TestPortalZhTw(CallKwCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.env["res.lang"]._activate_lang("zh_TW")
        cls.portal_user = ref("vip_customer_care.user_vip_portal")
        cls.portal_user.lang = "zh_TW"
        cls.approved = ref("vip_customer_care.appointment_portal_zhang_approved")
        cls.card = ref("vip_customer_care.loyalty_card_vip_zhang_wei")
        cls.complaint = ref("vip_customer_care.complaint_demo_portal_replied")

    def setUp(self):
        super().setUp()
        self.authenticate(PORTAL, PORTAL)

    def _page(self, url):
        """The page as the customer's browser gets it (redirects followed), in zh_TW."""
        self.env.flush_all()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        # The portal has no website: the language is the one the page's language selector marks.
        self.assertRegex(response.text, r'js_change_lang active"[^>]*data-url_code="zh_TW"',
                         f"{url} is not served in Traditional Chinese")
        return response.text

    def assertTexts(self, page, texts, simplified=()):
        """Every Traditional Chinese text is on the page, no simplified one is."""
        for text in texts:
            self.assertIn(text, page)
        for text in simplified:
            self.assertNotIn(text, page)

    def test_home_in_traditional_chinese(self):
        """R-ACC-01 / R-LOY-01 / R-CMP-01 (issue 22): /my of a zh_TW customer, reached without
        a language in the address, offers My visits, My VIP card and My complaints in zh_TW."""
        page = self._page("/my")
        self.assertTexts(page, (
            "我的來訪", "申請來訪、追蹤進度並下載確認函",
            "我的 VIP 卡", "等級、權益、積分及有效期限",
            "我的投訴", "提交投訴、諮詢或建議，並追蹤直到您滿意",
        ), simplified=("我的来访", "申请来访、跟进进度并下载确认函", "我的投诉", "等级、权益、积分及有效期"))

    def test_visits_in_traditional_chinese(self):
        """R-ACC-01 / R-ACC-04 (issue 22): My visits (list, an approved visit, the request
        form) in zh_TW: titles, column and field labels, the status, the documents offered."""
        listing = self._page("/zh_TW/my/vip/visits")
        self.assertTexts(listing, (
            "我的來訪", "申請來訪", "編號", "計劃開始", "訪客", "來訪目的", "狀態", "已批准",
        ), simplified=("我的来访", "申请来访", "计划开始", "来访目的"))
        self.assertIn(self.approved.name, listing)
        visit = self._page(f"/zh_TW/my/vip/visits/{self.approved.id}")
        self.assertTexts(visit, (
            "計劃開始", "計劃結束", "接待人", "來訪人數", "來訪目的", "下載確認函", "下載行程", "已批准",
        ), simplified=("计划结束", "来访人数", "下载确认函"))
        request = self._page("/zh_TW/my/vip/visits/request")
        self.assertTexts(request, (
            "申請來訪", "人數", "來訪目的", "訪客姓名（選填）", "送出申請",
        ), simplified=("申请来访", "访客姓名（选填）", "发送申请"))

    def test_card_in_traditional_chinese(self):
        """R-LOY-01 / R-TIER-04 (issue 22): My VIP card in zh_TW: labels, the tier (diamond),
        its benefits by their zh_TW names, the points history."""
        page = self._page("/zh_TW/my/vip/card")
        self.assertTexts(page, (
            "我的 VIP 卡", "等級", "鑽石", "積分餘額", "卡狀態", "發卡日期", "失效時間", "您的等級權益", "積分記錄",
            "原因", "說明", "獲得", "使用",
        ), simplified=("积分余额", "您的等级权益", "积分记录"))
        # (The movements' descriptions are kept as written when they happened, in zh_CN here.)
        benefits = self.env["vip.loyalty.benefit"].with_context(lang="zh_TW").search([("tier", "=", "diamond")])
        self.assertTrue(benefits)
        for benefit in benefits:
            self.assertIn(benefit.name, page)

    def test_complaints_in_traditional_chinese(self):
        """R-CMP-01 / R-CMP-04 / R-CMP-06 (issue 22): My complaints in zh_TW: the complaint page
        (type, channel, the deadlines promised, the satisfaction question) and the filing form."""
        listing = self._page("/zh_TW/my/tickets?filterby=all")
        self.assertIn(self.complaint.name, listing)
        page = self._page(f"/zh_TW/my/ticket/{self.complaint.id}")
        self.assertTexts(page, (
            "類型：", "投訴", "網站", "我方答覆截止時間", "結案期限",
            "您對我們的答覆滿意嗎？", "是的，我很滿意", "不，請再查看一次",
        ), simplified=("我方答复截止时间", "是的，我很满意", "不，请再核查一下"))
        form = self._page("/zh_TW/new/ticket")
        self.assertTexts(form, (
            "您的請求將提交給我們的 VIP 客戶服務團隊，他們會在承諾的時限內答覆。", "類型", "投訴",
        ), simplified=("您的请求将提交给我们的 VIP 客户服务团队，他们会在承诺的时限内答复。",))
