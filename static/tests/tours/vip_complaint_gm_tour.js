/** @odoo-module **/
// Issue 23 (R-CMP-05, R-APV-09): the general manager opens the major demo complaint from the
// menus, follows its "GM approval" button to the solution and approves it in the approval banner.
// Selectors use menu xmlids, field and button names: the tour runs in zh_CN.
import { registry } from "@web/core/registry";
import { inChinese, openVipMenu } from "@vip_customer_care/../tests/tours/vip_tour_utils";

registry.category("web_tour.tours").add("vip_complaint_gm_approves_solution", {
    steps: () => [
        inChinese(),
        ...openVipMenu("menu_vip_complaints", "menu_vip_complaint", "Open the complaints"),
        {
            content: "Open the major complaint",
            trigger: ".o_kanban_view .o_kanban_record:contains('Diamond replaced by a smaller stone during repair')",
            run: "click",
        },
        {
            content: "Open its solution waiting for my approval",
            trigger: ".o_form_view button[name='action_vip_open_solution_approval']",
            run: "click",
        },
        {
            content: "The solution is waiting for approval",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='to_approve']",
        },
        {
            content: "Approve in the banner",
            trigger: ".o_form_view .alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            content: "The solution is approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        {
            content: "Signed: no more Approve or Reject button",
            trigger: ".o_form_view:not(:has(button[name='validate_tier'])):not(:has(button[name='reject_tier']))",
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a:last",
            run: "click",
        },
        {
            content: "The complaint shows the solution approved",
            trigger: ".o_form_view button[name='action_vip_open_solution_approval'] .o_field_widget[name='vip_solution_approval_state']:contains('已批准')",
        },
    ],
});
