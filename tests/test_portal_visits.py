# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 22: the customer portal's My visits and My VIP card, over HTTP as the demo's portal
customer (张伟, login vip_portal) uses them, and the invitation from the customer form."""
import re

from odoo.tests import tagged

from .call_kw_common import CallKwCase, RpcRefused

PORTAL = "vip_portal"
LANG = "/zh_CN"
ID_NUMBER = "11010519491231002X"  # 张伟's identity number in the demo


@tagged("post_install", "-at_install")
class TestPortalVisits(CallKwCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.portal_user = ref("vip_customer_care.user_vip_portal")
        cls.customer = ref("vip_customer_care.partner_vip_zhang_wei")
        cls.approved = ref("vip_customer_care.appointment_portal_zhang_approved")
        cls.waiting = ref("vip_customer_care.appointment_tomorrow_zhang")
        cls.others_visit = ref("vip_customer_care.appointment_tomorrow_lin")
        cls.card = ref("vip_customer_care.loyalty_card_vip_zhang_wei")
        cls.others_card = ref("vip_customer_care.loyalty_card_vip_li_xiuying")
        cls.salesperson = ref("vip_customer_care.user_vip_sales")

    def setUp(self):
        super().setUp()
        self.authenticate(PORTAL, PORTAL)

    def _get(self, url, status=200):
        # The customer's language in the path (frontend pages of a zh_CN user: /zh_CN/my/...).
        response = self.url_open(LANG + url, allow_redirects=False)
        self.assertEqual(response.status_code, status, f"{url} -> {response.headers.get('Location')}")
        return response

    # ------------------------------------------------------------------ guessed ids
    def test_other_customer_visit_and_documents_are_not_found(self):
        """R-ACC-04 / R-SEC-01 (issue 22): another customer's visit, its letter and itinerary,
        a missing id and a document that is not the customer's (the plan) all answer 404 like
        a missing page: the portal user cannot tell another customer's visit exists."""
        self.assertEqual(self.others_visit.state, "approved")
        missing = self.env["vip.visit.appointment"].search([], order="id desc", limit=1).id + 1000
        for url in (
            f"/my/vip/visits/{self.others_visit.id}",
            f"/my/vip/visits/{self.others_visit.id}/letter",
            f"/my/vip/visits/{self.others_visit.id}/itinerary",
            f"/my/vip/visits/{missing}",
            f"/my/vip/visits/{missing}/letter",
            f"/my/vip/visits/{self.approved.id}/plan",
            # R-ACC-04: no letter before the approval.
            f"/my/vip/visits/{self.waiting.id}/letter",
        ):
            self._get(url, 404)
        listing = self._get("/my/vip/visits").text
        self.assertIn(self.approved.name, listing)
        self.assertIn(self.waiting.name, listing)
        self.assertNotIn(self.others_visit.name, listing)

    def test_other_customer_card_is_not_found(self):
        """R-LOY-01 / R-SEC-01 (issue 22): another customer's card by guessed id answers 404;
        the user's own card is where /my/vip/card leads."""
        self._get(f"/my/vip/card/{self.others_card.id}", 404)
        self._get(f"/my/vip/card/{self.others_card.id + 1000}", 404)
        response = self._get("/my/vip/card", 303)
        self.assertTrue(response.headers["Location"].endswith(f"/my/vip/card/{self.card.id}"))

    def test_portal_rules_keep_to_own_commercial_partner(self):
        """R-SEC-01 (issue 22): the portal user's record rules, as the ORM applies them to any
        request: own visits, own card and points history only, nothing written."""
        env = self.env(user=self.portal_user)
        visits = env["vip.visit.appointment"].search([])
        self.assertTrue(visits)
        self.assertEqual(visits.partner_id.commercial_partner_id, self.customer)
        self.assertEqual(env["loyalty.card"].search([("vip_is_points", "=", True)]), self.card.with_env(env))
        history = env["loyalty.history"].search([])
        self.assertTrue(history)
        self.assertEqual(history.card_id, self.card.with_env(env))
        with self.assertRaises(Exception):
            visits[:1].write({"purpose": "changed"})

    # ------------------------------------------------------------------ what the customer sees
    def test_approved_visit_letter_and_itinerary(self):
        """R-ACC-04 / R-REC-06 (issue 22): an approved visit shows its status and offers the
        confirmation letter and the itinerary; both are the customer's documents (reference,
        route, schedule) without the internal materials or the budget."""
        page = self._get(f"/my/vip/visits/{self.approved.id}").text
        self.assertIn("o_vip_portal_letter", page)
        self.assertIn("o_vip_portal_itinerary", page)
        self.assertNotIn(ID_NUMBER, page)
        letter = self._get(f"/my/vip/visits/{self.approved.id}/letter")
        self.assertIn("attachment", letter.headers["Content-Disposition"])
        self.assertIn(self.approved.name, letter.text)
        self.assertIn("North gate, lift B to 8F", letter.text)
        itinerary = self._get(f"/my/vip/visits/{self.approved.id}/itinerary").text
        self.assertIn(self.approved.reception_id.name, itinerary)
        self.assertIn("Welcome and showroom tour", itinerary)
        self.assertNotIn("Price list (internal)", itinerary)
        # A visit waiting for customer service offers no letter yet.
        waiting = self._get(f"/my/vip/visits/{self.waiting.id}").text
        self.assertNotIn("o_vip_portal_letter", waiting)

    def test_card_tier_points_history_masked(self):
        """R-LOY-01 / R-TIER-04 / R-PII-01 (issue 22): the card page shows the tier, its
        benefits, the points balance and each movement; no identity number."""
        page = self._get(f"/my/vip/card/{self.card.id}").text
        self.assertEqual(self.customer.vip_loyalty_tier, "diamond")
        self.assertIn("钻石", page)  # the customer's language (zh_CN)
        self.assertIn(f"{self.card.points:,.0f}", page)
        benefits = self.env["vip.loyalty.benefit"].search([("tier", "=", "diamond")])
        self.assertTrue(benefits)
        for benefit in benefits.with_context(lang="zh_CN"):
            self.assertIn(benefit.name, page)
        self.assertIn("o_vip_portal_history", page)
        self.assertEqual(page.count("<tr", page.index("o_vip_portal_history")) - 1, len(self.card.history_ids))
        self.assertNotIn(ID_NUMBER, page)

    def _csrf(self, url):
        return re.search(r'name="csrf_token" value="([^"]+)"', self._get(url).text).group(1)

    def test_request_visit_creates_draft_for_salesperson(self):
        """R-ACC-01 (issue 22): a visit requested on the portal is a draft appointment of the
        customer, hosted by their salesperson who books it (requester) and gets an activity;
        the request is the customer's own message in the chatter."""
        token = self._csrf("/my/vip/visits/request")
        before = self.env["vip.visit.appointment"].search([("partner_id", "=", self.customer.id)])
        response = self.url_open(LANG + "/my/vip/visits/request", data={
            "csrf_token": token, "date": "2099-03-02", "people": "3",
            "purpose": "Jade bangle fitting", "names": "张伟, 李娜",
        }, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        visit = self.env["vip.visit.appointment"].search([("partner_id", "=", self.customer.id)]) - before
        self.assertEqual(len(visit), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/vip/visits/{visit.id}"))
        self.assertEqual(visit.state, "draft")
        self.assertEqual(visit.visitor_count, 3)
        self.assertEqual(visit.create_uid, self.salesperson)
        self.assertEqual(visit.host_user_id, self.salesperson)
        self.assertEqual(str(visit.date_start.date()), "2099-03-02")
        self.assertIn("张伟, 李娜", visit.purpose)
        activity = visit.activity_ids
        self.assertEqual(activity.user_id, self.salesperson)
        message = visit.message_ids.filtered(lambda m: m.author_id == self.portal_user.partner_id)
        self.assertEqual(len(message), 1)
        self.assertIn("Jade bangle fitting", message.body)
        page = self._get(f"/my/vip/visits/{visit.id}").text
        self.assertIn(visit.name, page)

    def test_request_visit_refuses_bad_input(self):
        """R-ACC-01 (issue 22): a day in the past or no purpose is refused with a message on
        the form; nothing is created."""
        count = self.env["vip.visit.appointment"].search_count([])
        token = self._csrf("/my/vip/visits/request")
        page = self.url_open(LANG + "/my/vip/visits/request", data={
            "csrf_token": token, "date": "2020-01-01", "people": "2", "purpose": "Late",
        }).text
        self.assertIn("o_vip_portal_error", page)
        page = self.url_open(LANG + "/my/vip/visits/request", data={
            "csrf_token": token, "date": "2099-01-05", "people": "2", "purpose": " ",
        }).text
        self.assertIn("o_vip_portal_error", page)
        self.assertEqual(self.env["vip.visit.appointment"].search_count([]), count)

    # ------------------------------------------------------------------ invitations
    def test_invitation_button_opens_portal_wizard(self):
        """Issue 22: a VIP officer's button on the customer form opens Odoo's portal wizard
        with the customer; a salesperson (no officer) is refused."""
        self.login(self.env.ref("vip_customer_care.user_vip_manager"))
        action = self.call_kw("res.partner", "action_vip_portal_invite", [[self.customer.id]])
        self.assertEqual(action["res_model"], "portal.wizard")
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertIn(self.customer, wizard.partner_ids)
        self.assertTrue(wizard.user_ids.filtered(lambda u: u.partner_id == self.customer).is_portal)
        self.login(self.salesperson)
        with self.assertRaisesRegex(RpcRefused, "Only VIP officers and managers"):
            self.call_kw("res.partner", "action_vip_portal_invite", [[self.customer.id]])
