/** @odoo-module **/
// Issue 23 (R-ACC-05..09): the guard opens the gate screen from the menus, checks a visitor in
// with one scan, prints the evacuation list from the "On site" list, and (once the host
// confirmed) checks the visitor out with one scan. Selectors use menu xmlids, field and button
// names: the tours run in zh_CN. The code is typed as a scanner types it.
import { registry } from "@web/core/registry";
import { inChinese, openVipMenu } from "@vip_customer_care/../tests/tours/vip_tour_utils";
import { download } from "@web/core/network/download";

const openMenu = (xmlid) => openVipMenu("menu_vip_visitors", xmlid);

const scan = (code) => [
    ...openMenu("menu_vip_gate_check"),
    {
        content: "The gate screen is ready for a scan",
        trigger: ".o_form_view .o_field_widget[name='gate_id'] input:value(/.+/)",
    },
    {
        content: "Scan the pass",
        trigger: ".o_form_view .o_field_widget[name='code'] input",
        run: `edit ${code}`,
    },
    {
        content: "Leave the field, as the scanner's Enter does",
        trigger: ".o_form_view .o_field_widget[name='area_id'] input",
        run: "click",
    },
];

registry.category("web_tour.tours").add("vip_gate_guard_check_in_and_evacuation", {
    steps: () => [
        inChinese(),
        ...scan("TOURGATE0001"),
        {
            content: "The pass is valid for the gate's area",
            trigger: ".o_form_view .alert-success .o_field_widget[name='verdict']",
        },
        {
            content: "Record the belongings check",
            trigger: ".o_form_view .o_field_widget[name='belongings_checked'] input",
            run: "click",
        },
        {
            content: "Check in",
            trigger: ".o_form_view button[name='action_check_in']",
            run: "click",
        },
        {
            content: "The check-in is confirmed with the visitor's name",
            trigger: ".o_notification:has(.o_notification_bar.bg-success):contains('林志明')",
        },
        ...openMenu("menu_vip_access_pass_on_site"),
        {
            content: "The visitor is listed on site",
            trigger: ".o_list_view .o_data_row td[name='visitor_id']:contains('林志明')",
        },
        {
            content: "Watch the download of the print (tour instrumentation: the page is marked once the file has arrived)",
            trigger: ".o_control_panel button[name='action_print_evacuation_list']",
            run() {
                const original = download._download;
                download._download = async (options) => {
                    const filename = await original(options);
                    download._download = original;
                    document.body.dataset.vipTourDownload = filename || "done";
                    return filename;
                };
            },
        },
        {
            content: "Print the evacuation list",
            trigger: ".o_control_panel button[name='action_print_evacuation_list']",
            run: "click",
        },
        {
            content: "The evacuation list was downloaded",
            trigger: "body[data-vip-tour-download]",
        },
        {
            content: "The print raised no error",
            trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))",
        },
    ],
});

registry.category("web_tour.tours").add("vip_gate_guard_check_out", {
    steps: () => [
        inChinese(),
        ...scan("TOURGATE0001"),
        {
            content: "A visitor inside: the screen offers the exit",
            trigger: ".o_form_view .alert-info .o_field_widget[name='verdict']",
        },
        {
            content: "The host has confirmed the business is done",
            trigger: ".o_form_view .o_field_widget[name='host_confirmed'] input:checked",
        },
        {
            content: "The guard holds the pass: handed back",
            trigger: ".o_form_view .o_field_widget[name='pass_returned'] input:checked",
        },
        {
            content: "Check out with one press",
            trigger: ".o_form_view button.btn-primary[name='action_check_out']",
            run: "click",
        },
        {
            content: "The check-out is confirmed",
            trigger: ".o_notification:has(.o_notification_bar.bg-success)",
        },
    ],
});
