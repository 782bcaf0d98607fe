/** @odoo-module **/
import { registry } from "@web/core/registry";

// One small tour per button of the reception form: the Python test opens the reception as
// each user in turn (requester, every approver) and checks the state after each tour.
const clickThenState = (button, state) => [
    {
        content: `Press ${button}`,
        trigger: `.o_form_view button[name='${button}']`,
        run: "click",
    },
    {
        content: `The reception is now ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='${state}']`,
    },
];

const approve = [
    {
        content: "The approver sees the Approve button of their step",
        trigger: ".o_form_view button[name='validate_tier']",
        run: "click",
    },
    {
        content: "Once signed, the step is no longer theirs to approve",
        trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
    },
];

const tours = {
    vip_reception_walk_submit: clickThenState("action_submit", "planning"),
    vip_reception_walk_countersign: [
        {
            content: "Countersign for sales",
            trigger: ".o_form_view button[name='action_countersign_sales']",
            run: "click",
        },
        {
            content: "The countersign button is gone",
            trigger: ".o_form_view:not(:has(button[name='action_countersign_sales']))",
        },
    ],
    vip_reception_walk_send: clickThenState("action_send_for_approval", "to_approve"),
    vip_reception_walk_approve: approve,
    vip_reception_walk_start: clickThenState("action_start", "in_progress"),
    vip_reception_walk_end: clickThenState("action_end_visit", "review"),
    vip_reception_walk_done: clickThenState("action_done", "done"),
};
for (const [name, steps] of Object.entries(tours)) {
    registry.category("web_tour.tours").add(name, { steps: () => steps });
}
