# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .approval_common import ApprovalCommon
from .call_kw_common import CallKwCase, RpcRefused
from .reception_common import FRIDAY


@tagged("post_install", "-at_install")
class TestDelegationHttp(ApprovalCommon, CallKwCase):
    """Issue 18: the delegation and the signatures made under it name the people involved
    (R-APV-06, R-APV-09), tried over JSON-RPC as the web client sends it."""

    def _vals(self, **vals):
        return {
            "company_id": self.company.id, "delegator_id": self.head.id, "delegate_id": self.deputy.id,
            "business_type_ids": [Command.set(self.business.ids)],
            "date_from": "2026-11-20", "date_to": "2026-11-30", "reason": "Business trip", **vals,
        }

    def _creation_log(self, delegation):
        return delegation.message_ids.filtered(lambda m: "recorded a delegation" in (m.body or ""))

    @freeze_time(FRIDAY)
    def test_creation_message_by_its_author(self):
        """R-APV-06 / R-APV-09 / issue 18: the creation of a delegation is logged by the user
        who recorded it (not OdooBot), naming delegator and delegate; an approval administrator
        recording it on the delegator's behalf is named with the reason."""
        self.login(self.head)
        delegation_id = self.call_kw("vip.approval.delegation", "create", [self._vals()])
        delegation = self.env["vip.approval.delegation"].browse(delegation_id)
        log = self._creation_log(delegation)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.head.partner_id)
        self.assertNotEqual(log.author_id, self.env.ref("base.partner_root"))
        self.assertIn(f"{self.head.name} recorded a delegation of approval rights from {self.head.name} "
                      f"to {self.deputy.name}", log.body)
        self.assertFalse(delegation.message_ids.filtered(lambda m: m.author_id == self.env.ref("base.partner_root")))

        manager = new_test_user(
            self.env, login="rec_vip_manager_http", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        self.login(manager)
        other_id = self.call_kw("vip.approval.delegation", "create", [self._vals(
            date_from="2026-12-01", date_to="2026-12-05", on_behalf_reason="Head in hospital, phoned HR")])
        log = self._creation_log(self.env["vip.approval.delegation"].browse(other_id))
        self.assertEqual(log.author_id, manager.partner_id)
        self.assertIn(f"{manager.name} recorded a delegation of approval rights from {self.head.name}", log.body)
        self.assertIn(f"Entered on behalf of {self.head.name}: Head in hospital, phoned HR", log.body)

    @freeze_time(FRIDAY)
    def test_signature_on_behalf_names_delegator_and_delegation(self):
        """R-APV-06 / R-APV-09 / issue 18: the delegate's approval over RPC records the
        delegator and the delegation on the review, and the chatter says "X approved on behalf
        of Y (delegation D)", authored by the delegate."""
        delegation = self.env["vip.approval.delegation"].with_user(self.head).create(self._vals())
        reception = self._to_approval(self._reception(10000))
        for user in (self.marketing, self.admin_dept, self.guard):
            self._rpc(reception, user, "validate_tier")
        self.login(self.deputy)
        self.assertIs(self.call_kw("vip.reception", "validate_tier", [[reception.id]]), True)
        reception.invalidate_recordset()
        review = reception.review_ids.sorted("sequence")[-1]
        self.assertEqual(reception.state, "approved")
        self.assertEqual((review.done_by, review.vip_on_behalf_of_id, review.vip_delegation_id),
                         (self.deputy, self.head, delegation))
        message = reception.message_ids.filtered(lambda m: "on behalf of" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.deputy.partner_id)
        self.assertIn(f"{self.deputy.name} approved tier", message.body)
        self.assertIn(f"on behalf of {self.head.name} (delegation {delegation.display_name})", message.body)

    @freeze_time(FRIDAY)
    def test_lock_before_and_after_use(self):
        """Issue 18 (R-APV-06, R-APV-09): over JSON-RPC, a delegation's delegator, delegate and
        kind of confirmation are fixed once recorded (an oral one becomes written only through
        "Confirm in writing"); once a review was signed with it, it is "Used to approve": only
        an earlier end or archiving remain, and it cannot be deleted."""
        Delegation = self.env["vip.approval.delegation"]
        delegation = Delegation.with_user(self.head).create(self._vals(confirmation="oral"))
        self.assertEqual(delegation.usage_state, "unused")
        self.login(self.head)
        for vals in ({"delegate_id": self.marketing.id}, {"confirmation": "written"}, {"oral_lapsed": True},
                     {"usage_state": "used"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(RpcRefused, "can no longer be changed|only through its buttons"):
                self.call_kw("vip.approval.delegation", "write", [delegation.ids, vals])
        # Before use, the window and the reason stay editable.
        self.call_kw("vip.approval.delegation", "write", [delegation.ids, {"reason": "Trip to Shenzhen"}])
        self.assertIs(self.call_kw("vip.approval.delegation", "action_confirm_in_writing", [delegation.ids]), True)
        delegation.invalidate_recordset()
        self.assertEqual((delegation.confirmation, delegation.reason), ("written", "Trip to Shenzhen"))

        reception = self._to_approval(self._reception(10000))
        for user in (self.marketing, self.admin_dept, self.guard):
            self._rpc(reception, user, "validate_tier")
        self.login(self.deputy)
        self.call_kw("vip.reception", "validate_tier", [[reception.id]])
        delegation.invalidate_recordset()
        self.assertEqual(delegation.usage_state, "used")

        self.login(self.head)
        for vals in ({"reason": "Something else"}, {"date_from": "2026-11-21"},
                     {"business_type_ids": [Command.clear()]}):
            with self.subTest(vals=vals), self.assertRaisesRegex(RpcRefused, "Used to approve.*can no longer be changed"):
                self.call_kw("vip.approval.delegation", "write", [delegation.ids, vals])
        with self.assertRaisesRegex(RpcRefused, "only end it earlier"):
            self.call_kw("vip.approval.delegation", "write", [delegation.ids, {"date_to": "2026-12-10"}])
        # The VIP manager, who may delete delegations (outside retention), may not delete this one.
        manager = new_test_user(
            self.env, login="rec_vip_manager_lock", groups="base.group_user,vip_customer_care.group_vip_manager",
            company_id=self.company.id, company_ids=[self.company.id],
        )
        self.login(manager)
        with self.assertRaisesRegex(RpcRefused, "cannot be deleted"):
            self.call_kw("vip.approval.delegation", "unlink", [delegation.ids])
        self.login(self.head)
        self.call_kw("vip.approval.delegation", "write", [delegation.ids, {"date_to": "2026-11-25"}])
        self.call_kw("vip.approval.delegation", "write", [delegation.ids, {"active": False}])
        delegation.invalidate_recordset()
        self.assertEqual((delegation.reason, str(delegation.date_to), delegation.active),
                         ("Trip to Shenzhen", "2026-11-25", False))
