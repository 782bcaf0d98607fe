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

// Issue 23: a guard checks a visitor in, then out, with one scan each (the code is typed as a
// scanner types it). Selectors use field and button names: the tour runs in zh_CN.
function scan(code) {
    return [
        {
            content: "Scan the pass",
            trigger: ".o_field_widget[name='code'] input",
            run: `edit ${code}`,
        },
        {
            content: "Leave the field, as the scanner's Enter does",
            trigger: ".o_field_widget[name='area_id'] input",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("vip_customer_care_gate_check_in", {
    steps: () => [
        ...scan("TOURPASS0001"),
        {
            content: "The pass is valid for the gate's area",
            trigger: ".alert-success .o_field_widget[name='verdict']",
        },
        {
            content: "Record the belongings check",
            trigger: ".o_field_widget[name='belongings_checked'] input",
            run: "click",
        },
        {
            content: "Check in",
            trigger: "button[name='action_check_in']",
            run: "click",
        },
        {
            content: "The check-in is confirmed",
            trigger: ".o_notification",
        },
    ],
});

registry.category("web_tour.tours").add("vip_customer_care_gate_check_out", {
    steps: () => [
        ...scan("TOURPASS0001"),
        {
            content: "A pass inside is not a denial: the screen offers the exit",
            trigger: ".alert-info .o_field_widget[name='verdict']",
        },
        {
            content: "No red denial",
            trigger: ".o_form_view:not(:has(.alert-danger))",
        },
        {
            content: "The pass counts as handed back: the guard holds it",
            trigger: ".o_field_widget[name='pass_returned'] input:checked",
        },
        {
            content: "Check out with one press",
            trigger: "button.btn-primary[name='action_check_out']",
            run: "click",
        },
        {
            content: "The check-out is confirmed",
            trigger: ".o_notification",
        },
        {
            content: "Back on a fresh gate screen for the next scan (no verdict shown)",
            trigger: ".o_form_view:has(.o_field_widget[name='code'] input):not(:has(.alert-info)):not(:has(.alert-success))",
        },
    ],
});
