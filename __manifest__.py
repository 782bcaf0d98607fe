# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "VIP Customer Care",
    "summary": "VIP customer profiles, receptions, approvals, visitor access and loyalty",
    "version": "18.0.1.0.0",
    "category": "Sales/VIP Care",
    "website": "https://github.com/vip-customer-care/vip_customer_care",
    "author": "VIP Customer Care Team",
    "license": "AGPL-3",
    "application": True,
    "depends": [
        "base",
        "mail",
        "contacts",
        "hr",
        "resource",
        "calendar",
        "survey",
        "account",
        "hr_expense",
        "loyalty",
        "base_tier_validation",
    ],
    "data": [
        "security/vip_security.xml",
        "security/ir.model.access.csv",
        "security/vip_record_rules.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/vip_marketing_message_views.xml",
        "views/vip_menus.xml",
    ],
    "demo": [
        "demo/vip_company_demo.xml",
        "demo/vip_users_demo.xml",
        "demo/vip_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "vip_customer_care/static/tests/tours/**/*",
        ],
    },
}
