# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from lxml import etree

from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .call_kw_common import CallKwCase

WIZARD = "vip.loyalty.redeem.wizard"
FIELD = "consumption_move_id"


@tagged("post_install", "-at_install")
class TestDiscountExchangeScreen(CallKwCase):
    """Issue 23, dead ends (R-LOY-07, R-LOY-03): whoever may record an exchange picks the
    customer's invoice on the exchange screen, as the web client does it over JSON-RPC: the
    field's own comodel and domain, ``name_search`` (the drop-down) and ``web_search_read``
    ("Search More..."), then the screen is saved and *Exchange* pressed. Only the card
    holder's posted invoices are offered, with their number, date and total, and the user's
    invoicing rights are not widened (account.move stays closed to a VIP manager)."""

    def setUp(self):
        super().setUp()
        ref = self.env.ref
        self.manager = ref("vip_customer_care.user_vip_manager")
        self.card = ref("vip_customer_care.loyalty_card_vip_zhang_wei")
        self.customer = self.card.partner_id.commercial_partner_id
        self.discount = self.env["loyalty.reward"].search([
            ("program_id", "=", self.card.program_id.id), ("reward_type", "=", "discount"),
            ("discount_mode", "=", "per_order"),
        ], limit=1)
        self.invoices = self.env["account.move"].search([
            ("commercial_partner_id", "=", self.customer.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
        ])
        self.assertTrue(self.discount and len(self.invoices) >= 2, "the demo member has invoices and a discount reward")
        self.other_invoice = self.env.ref("vip_customer_care.invoice_loyalty_li_xiuying")

    # ------------------------------------------------------------------ the web client's calls
    def _call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self.json_rpc("/web/dataset/call_kw", model, method, args, kwargs)

    def _ok(self, model, method, *args, **kwargs):
        result, error = self._call(model, method, *args, **kwargs)
        self.assertIsNone(error, f"{model}.{method}: {error and error.get('message')}")
        return result

    def _button(self, model, method, ids, context):
        return self.json_rpc("/web/dataset/call_button", model, method, [ids], {"context": context})

    def _login(self, user):
        """Log in as ``user``, whose web client sends Chinese and their companies."""
        self.login(user)
        self.context = {"lang": "zh_CN", "tz": "Asia/Shanghai", "uid": user.id,
                        "allowed_company_ids": user.company_ids.ids}

    def _open_exchange_screen(self):
        """Press *Exchange points* on the card; load the screen (its fields) and its defaults."""
        action, error = self._button("loyalty.card", "action_vip_redeem", [self.card.id], self.context)
        self.assertIsNone(error, error and error.get("message"))
        context = {**self.context, **action["context"]}
        views = self._ok(WIZARD, "get_views", views=[[False, "form"]], options={}, context=context)
        fields = views["models"][WIZARD]["fields"]
        names = {node.get("name") for node in etree.fromstring(views["views"]["form"]["arch"]).iter("field")}
        spec = {name: ({"fields": {"display_name": {}}} if fields[name]["type"] == "many2one" else {})
                for name in names}
        values = self._ok(WIZARD, "onchange", [], {}, [], spec, context=context)["value"]
        values = {**values, "reward_id": self.discount.id}
        values.update(self._ok(WIZARD, "onchange", [], self._flat(values), ["reward_id"], spec, context=context)["value"])
        return context, fields, spec, values

    def _flat(self, values):
        return {name: (value["id"] if isinstance(value, dict) else value) for name, value in values.items()}

    def _choices_domain(self, fields, values):
        """The consumption field's domain, evaluated on the screen's values as the client does."""
        domain = fields[FIELD]["domain"]
        return safe_eval(domain, self._flat(values)) if isinstance(domain, str) else domain

    # ------------------------------------------------------------------ tests
    def test_vip_manager_records_a_discount_exchange(self):
        """Issue 23 / R-LOY-07 / R-LOY-03: the VIP manager opens Zhang Wei's card, presses
        *Exchange points*, chooses a discount, finds Zhang Wei's invoices (and only his) in the
        drop-down and in "Search More...", and records the exchange: the discount is on the
        chosen invoice and the points go at once. Invoices themselves stay closed to them."""
        self._login(self.manager)
        context, fields, _spec, values = self._open_exchange_screen()
        comodel = fields[FIELD]["relation"]
        domain = self._choices_domain(fields, values)

        found = self._ok(comodel, "name_search", name="", args=domain, operator="ilike", limit=9, context=context)
        self.assertEqual(sorted(row[0] for row in found), sorted(self.invoices.ids), "the customer's invoices, only")
        first = self.invoices.sorted("invoice_date", reverse=True)[0]
        label = dict(found)[first.id]
        self.assertIn(first.name, label)

        more = self._ok(comodel, "web_search_read", domain=domain, specification={
            "name": {}, "invoice_date": {}, "amount_total": {}, "partner_id": {"fields": {"display_name": {}}},
        }, context=context)
        self.assertEqual(more["length"], len(self.invoices))
        self.assertEqual({row["partner_id"]["id"] for row in more["records"]}, {self.customer.id})
        self.assertEqual({row["name"] for row in more["records"]}, set(self.invoices.mapped("name")))

        # Nothing beyond the consumption records: the invoice itself stays closed.
        with mute_logger("odoo.http"):
            _result, error = self._call("account.move", "read", first.ids, ["name", "amount_total"])
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")

        points = self.card.points
        values.update({FIELD: first.id, "original_id_seen": True})
        values.update(self._ok(WIZARD, "onchange", [], self._flat(values), [FIELD], _spec, context=context)["value"])
        self.assertEqual(values["discount_amount"], self.discount.discount)
        save = {name: value for name, value in self._flat(values).items()
                if name in ("card_id", "reward_id", FIELD, "original_id_seen")}
        [saved] = self._ok(WIZARD, "web_save", [], save, specification={}, context=context)
        action, error = self._button(WIZARD, "action_confirm", [saved["id"]], context)
        self.assertIsNone(error, error and error.get("message"))
        exchange = self.env["vip.loyalty.redemption"].browse(action["res_id"])
        self.assertEqual((exchange.state, exchange.consumption_move_id, exchange.discount_amount),
                         ("done", first, self.discount.discount))
        self.assertEqual(exchange.user_id, self.manager)
        self.card.invalidate_recordset()
        self.assertEqual(self.card.points, points - self.discount.required_points)

        # The exchange shows the invoice's number to the manager.
        [shown] = self._ok("vip.loyalty.redemption", "web_read", exchange.ids,
                           specification={FIELD: {"fields": {"display_name": {}}}})
        self.assertEqual(shown[FIELD]["display_name"], first.name)

    def test_only_the_card_holders_invoice(self):
        """Issue 23 / R-LOY-07: another customer's invoice is not among the choices, and given
        anyway (typed over RPC) it is refused on confirmation, in Chinese."""
        self._login(self.manager)
        context, fields, _spec, values = self._open_exchange_screen()
        domain = self._choices_domain(fields, values)
        found = self._ok(fields[FIELD]["relation"], "name_search", name=self.other_invoice.name, args=domain,
                         operator="ilike", limit=9, context=context)
        self.assertNotIn(self.other_invoice.id, [row[0] for row in found])
        [saved] = self._ok(WIZARD, "web_save", [], {
            "card_id": self.card.id, "reward_id": self.discount.id, FIELD: self.other_invoice.id, "original_id_seen": True,
        }, specification={}, context=context)
        with mute_logger("odoo.http"):
            _action, error = self._button(WIZARD, "action_confirm", [saved["id"]], context)
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn("R-LOY-07", error["message"])
        self.assertIn("发票", error["message"])
        self.assertFalse(self.env["vip.loyalty.redemption"].search([("consumption_move_id", "=", self.other_invoice.id)]))

    def test_every_role_that_redeems_finds_the_invoices(self):
        """Issue 23 / R-LOY-07 / R-SEC-01: every demo role that may record an exchange (VIP
        users and above) finds the card holder's invoices on the exchange screen."""
        data = self.env["ir.model.data"].search([("module", "=", "vip_customer_care"), ("model", "=", "res.users")])
        users = self.env["res.users"].browse(data.mapped("res_id")).filtered(
            lambda u: u.has_group("vip_customer_care.group_vip_user"))
        self.assertGreaterEqual(len(users), 8)
        for user in users:
            with self.subTest(user=user.login):
                self._login(user)
                context, fields, _spec, values = self._open_exchange_screen()
                found = self._ok(fields[FIELD]["relation"], "name_search", name="",
                                 args=self._choices_domain(fields, values), operator="ilike", limit=9, context=context)
                self.assertEqual(sorted(row[0] for row in found), sorted(self.invoices.ids))
