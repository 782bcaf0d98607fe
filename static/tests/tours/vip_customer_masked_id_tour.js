/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("vip_customer_care_masked_id", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the VIP Care app",
            trigger: ".o_app[data-menu-xmlid='vip_customer_care.menu_vip_root']",
            run: "click",
        },
        {
            content: "The salesperson lands on their receptions (issue 23: the role's own screen)",
            trigger: ".o_breadcrumb:contains('My receptions')",
        },
        {
            content: "Open the customers",
            trigger: ".o_menu_sections [data-menu-xmlid='vip_customer_care.menu_vip_customers']",
            run: "click",
        },
        {
            content: "The customers are shown",
            trigger: ".o_breadcrumb:contains('VIP Customers') .o_kanban_view, .o_action_manager:has(.o_breadcrumb:contains('VIP Customers')) .o_kanban_view",
        },
        {
            content: "Switch to the list of customers",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the VIP customer",
            trigger: ".o_data_row td[name='complete_name']:contains('Tour VIP Customer')",
            run: "click",
        },
        {
            content: "Open the VIP tab",
            trigger: ".o_notebook a[name='vip_customer_care']",
            run: "click",
        },
        {
            content: "The ID number is masked",
            trigger: ".o_field_widget[name='vip_id_number_display'] input:value('1101**********002X')",
        },
    ],
});
