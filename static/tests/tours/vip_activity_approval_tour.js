/** @odoo-module **/
// Issue 23 (R-APV-03, R-APV-04, R-APV-09): a reviewer finds their approval step from the
// activity menu, opens the reception and approves it; the reviews table shows the step approved.
// Selectors use class, field and button names: the tour runs in zh_CN.
import { registry } from "@web/core/registry";
import { inChinese } from "@vip_customer_care/../tests/tours/vip_tour_utils";

registry.category("web_tour.tours").add("vip_activity_menu_approve_reception", {
    steps: () => [
        inChinese(),
        {
            content: "Open the activity menu of the systray",
            trigger: ".o_menu_systray .o-mail-ActivityMenu-counter",
            run: "click",
        },
        {
            content: "Open the receptions waiting for me",
            trigger: ".o-mail-ActivityMenu .o-mail-ActivityGroup[data-model_name='vip.reception']",
            run: "click",
        },
        {
            content: "Open the reception of 王建国 from the receptions with an activity of mine",
            trigger: ".o_kanban_view .o_kanban_record:contains('王建国')",
            run: "click",
        },
        {
            content: "Approve my step in the approval banner",
            trigger: ".o_form_view .alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            content: "Signed: the Approve button is gone",
            trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
        },
        {
            content: "Unfold the reviews table",
            trigger: ".o_form_view .o_field_widget[name='review_ids'] a.o_info_btn",
            run: "click",
        },
        {
            content: "The first step is shown approved",
            trigger: ".o_form_view .o_review tr.alert-success:has(td[name='td_sequence']:contains('1'))",
        },
        {
            content: "The next step now waits",
            trigger: ".o_form_view .o_review tr:not(.alert-success):has(td[name='td_sequence']:contains('2'))",
        },
    ],
});
