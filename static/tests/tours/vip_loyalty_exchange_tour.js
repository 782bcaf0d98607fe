/** @odoo-module **/
import { registry } from "@web/core/registry";

// Issue 23 (R-LOY-03, R-LOY-07): a VIP manager records a discount exchange in the browser: on the
// member's card, *Exchange points*, a discount reward, the customer's invoice from the drop-down,
// the original ID seen, *Exchange*; the exchange opens done with the discount on that invoice.
registry.category("web_tour.tours").add("vip_loyalty_discount_exchange", {
    steps: () => [
        {
            content: "Press Exchange points on the member card",
            trigger: ".o_form_view .o_form_statusbar button[name='action_vip_redeem']",
            run: "click",
        },
        {
            content: "Choose the discount reward (its name in Chinese)",
            trigger: ".modal .o_field_widget[name='reward_id'] input",
            run: "edit 立减 500",
        },
        {
            trigger: ".modal .o_field_widget[name='reward_id'] .o-autocomplete--dropdown-item > a:contains(单笔消费立减 500)",
            run: "click",
        },
        {
            content: "Open the customer's invoices",
            trigger: ".modal .o_field_widget[name='consumption_move_id'] input",
            run: "edit INV/2026/00007",
        },
        {
            content: "Pick the October invoice",
            trigger: ".modal .o_field_widget[name='consumption_move_id'] .o-autocomplete--dropdown-item > a:contains(INV/2026/00007)",
            run: "click",
        },
        {
            content: "The invoice stays chosen and the discount is derived from the reward",
            trigger: ".modal .o_field_widget[name='discount_amount']:contains(500)",
        },
        {
            trigger: ".modal .o_field_widget[name='consumption_move_id'] input:value(INV/2026/00007)",
        },
        {
            content: "The original identity document was seen",
            trigger: ".modal .o_field_widget[name='original_id_seen'] input",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='original_id_seen'] input:checked",
        },
        {
            content: "Exchange",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The exchange is done, on the chosen invoice",
            trigger: ".o_form_view:not(.modal *) .o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='consumption_move_id']:contains(INV/2026/00007)",
        },
    ],
});
