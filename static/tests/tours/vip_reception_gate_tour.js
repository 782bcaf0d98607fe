/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("vip_customer_care_reception_form", {
    steps: () => [
        {
            content: "Open the reception from the list",
            trigger: ".o_data_row td[name='name']:contains('REC/')",
            run: "click",
        },
        {
            content: "The form shows the plan with its schedule",
            trigger: ".o_form_view .o_field_widget[name='schedule_line_ids'] .o_data_row",
        },
        {
            content: "Open the countersign tab",
            trigger: ".o_notebook a[name='countersign']",
            run: "click",
        },
        {
            content: "The tier reviews are listed",
            trigger: ".o_field_widget[name='review_ids']",
        },
    ],
});

registry.category("web_tour.tours").add("vip_customer_care_gate", {
    steps: () => [
        {
            content: "Type an unknown pass code",
            trigger: ".o_field_widget[name='code'] input",
            run: "edit NOSUCHCODE00",
        },
        {
            content: "Leave the field",
            trigger: ".o_field_widget[name='area_id'] input",
            run: "click",
        },
        {
            content: "The gate denies it with the reason",
            trigger: ".alert-danger .o_field_widget[name='verdict']:contains('Unknown pass')",
        },
        {
            content: "Trying to check in anyway",
            trigger: "button[name='action_check_in']",
            run: "click",
        },
        {
            content: "is refused with the same reason, shown as a result (the denial is logged)",
            trigger: ".o_notification:contains('Unknown pass')",
        },
        {
            content: "Back on a fresh gate screen, titled by the gate and not by a technical name",
            trigger: ".o_breadcrumb:contains('Gate: Tour gate'):not(:contains('vip.gate.check'))",
        },
    ],
});
