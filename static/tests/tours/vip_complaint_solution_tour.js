/** @odoo-module **/
import { registry } from "@web/core/registry";

// Issue 19 (R-CMP-05): the general manager approves or rejects a major complaint's solution
// from its own screen, in the approval banner, as on every other approval document.
const sign = (button, state) => [
    {
        content: "The banner says the solution waits for the general manager",
        trigger: ".o_form_view .alert-warning:contains(waiting for the general manager's approval)",
    },
    {
        content: `Press ${button} in the banner`,
        trigger: `.o_form_view .alert-warning button[name='${button}']`,
        run: "click",
    },
    {
        content: `The solution is now ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='${state}']`,
    },
    {
        content: "Signed: no more Approve or Reject button",
        trigger: ".o_form_view:not(:has(button[name='validate_tier'])):not(:has(button[name='reject_tier']))",
    },
];

registry.category("web_tour.tours").add("vip_complaint_solution_approve", {
    steps: () => sign("validate_tier", "approved"),
});
registry.category("web_tour.tours").add("vip_complaint_solution_reject", {
    steps: () => sign("reject_tier", "rejected"),
});
