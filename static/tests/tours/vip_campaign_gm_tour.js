/** @odoo-module **/
// Issue 23 (R-LOY-06, R-APV-02, R-APV-09): a department head's 20k reward campaign reaches the
// general manager (the VP's step goes up to the GM when the head is the requester); the GM
// finds it through the menus, approves it, and the reviews table shows every step approved.
// Selectors use menu xmlids, field and button names: the tour runs in zh_CN.
import { registry } from "@web/core/registry";
import { inChinese, openVipMenu } from "@vip_customer_care/../tests/tours/vip_tour_utils";

registry.category("web_tour.tours").add("vip_campaign_gm_approves", {
    steps: () => [
        inChinese(),
        ...openVipMenu("menu_vip_loyalty", "menu_vip_reward_campaigns", "Open the reward campaigns"),
        {
            content: "Open the head's campaign, waiting for approval",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('Tour: sales appreciation evening')",
            run: "click",
        },
        {
            content: "The campaign is waiting for approval",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='to_approve']",
        },
        {
            content: "Approve as the general manager",
            trigger: ".o_form_view .o_form_statusbar button[name='validate_tier']",
            run: "click",
        },
        {
            content: "The campaign is approved",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        {
            content: "Signed: no more Approve button",
            trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
        },
        {
            content: "Unfold the reviews table",
            trigger: ".o_form_view .o_field_widget[name='review_ids'] a.o_info_btn",
            run: "click",
        },
        {
            content: "Every step is approved",
            trigger: ".o_form_view .o_review tbody:has(tr.alert-success):not(:has(tr:not(.alert-success)))",
        },
    ],
});
