# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user

VALID_PRC_ID = "11010519491231002X"
OTHER_PRC_ID = "440304198506122313"

GROUPS = {
    "sales": "vip_customer_care.group_vip_user",
    "officer": "vip_customer_care.group_vip_officer",
    "administration": "vip_customer_care.group_vip_administration",
    "security": "vip_customer_care.group_vip_security",
    "finance": "vip_customer_care.group_vip_finance",
    "compliance": "vip_customer_care.group_vip_compliance",
    "manager": "vip_customer_care.group_vip_manager",
    "gm": "vip_customer_care.group_vip_gm",
}


class VipCommon(TransactionCase):
    """Two companies, one user per role in company A, sales users in A and B and
    customers owned by them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls.env["res.company"].create({"name": "VIP Test Jewelry A"})
        cls.company_b = cls.env["res.company"].create({"name": "VIP Test Textile B"})
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"vip_test_{role}",
                groups=f"base.group_user,{group}",
                company_id=cls.company_a.id,
                company_ids=[cls.company_a.id],
            )
            for role, group in GROUPS.items()
        }
        cls.sales = cls.users["sales"]
        cls.sales_other = new_test_user(
            cls.env, login="vip_test_sales_other", groups=f"base.group_user,{GROUPS['sales']}",
            company_id=cls.company_a.id, company_ids=[cls.company_a.id],
        )
        cls.sales_b = new_test_user(
            cls.env, login="vip_test_sales_b", groups=f"base.group_user,{GROUPS['officer']}",
            company_id=cls.company_b.id, company_ids=[cls.company_b.id],
        )
        cls.internal = new_test_user(
            cls.env, login="vip_test_internal", groups="base.group_user",
            company_id=cls.company_a.id, company_ids=[cls.company_a.id],
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({
            "name": "Zhang Wei",
            "company_id": cls.company_a.id,
            "vip_service_level": "vip",
            "vip_access_grade": "special",
            "user_id": cls.sales.id,
            "vip_id_type": "prc_id",
            "vip_id_number": VALID_PRC_ID,
            "vip_private_phone": "13800138000",
            "email": "zhang.wei@example.com",
        })
        cls.customer_other = Partner.create({
            "name": "Li Xiuying",
            "company_id": cls.company_a.id,
            "vip_service_level": "important",
            "user_id": cls.sales_other.id,
            "vip_id_type": "prc_id",
            "vip_id_number": OTHER_PRC_ID,
        })
        cls.customer_b = Partner.create({
            "name": "Hans Mueller",
            "company_id": cls.company_b.id,
            "vip_service_level": "vip",
            "user_id": cls.sales_b.id,
        })
