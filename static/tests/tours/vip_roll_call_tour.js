/** @odoo-module **/
// Issue 22 (R-ACC-09): a marshal (the demo guard) starts the emergency roll call from the
// "On site" list, marks everyone safe with the big "Safe" buttons (the unaccounted stay on
// top) and closes the roll call. Selectors use menu xmlids, field and button names: the tour
// runs in zh_CN.
import { registry } from "@web/core/registry";
import { inChinese, openVipMenu } from "@vip_customer_care/../tests/tours/vip_tour_utils";
import { rpc } from "@web/core/network/rpc";

// The phone tour tells its test (tests/test_tour_roll_call.py) that the guard now has an
// unsaved edit, so that the second marshal marks exactly then: a search with this marker.
export const EDIT_PENDING_SIGNAL = "vip-roll-call-tour:edit-pending";

// The person on top of the list is unaccounted: mark them safe; they go to the bottom.
const markFirstSafe = (safeCount) => [
    {
        content: "Mark the person on top (unaccounted) safe",
        trigger: ".o_field_widget[name='line_ids'] .o_kanban_record:first-child button[name='action_mark_safe']",
        run: "click",
    },
    {
        content: `${safeCount} safe`,
        trigger: `.o_form_view .o_field_widget[name='count_safe']:contains('${safeCount}')`,
    },
];

registry.category("web_tour.tours").add("vip_roll_call_marshal", {
    steps: () => [
        inChinese(),
        ...openVipMenu("menu_vip_visitors", "menu_vip_access_pass_on_site", "Open the on-site list"),
        {
            content: "Start the roll call",
            trigger: ".o_control_panel button[name='action_start_roll_call']",
            run: "click",
        },
        {
            content: "Three people are unaccounted",
            trigger: ".o_form_view .o_field_widget[name='count_unaccounted']:contains('3')",
        },
        {
            content: "The people on site are listed",
            trigger: ".o_field_widget[name='line_ids'] .o_kanban_record:contains('田中 健'):contains('8楼 VIP 贵宾厅')",
        },
        ...markFirstSafe(1),
        {
            content: "The person marked safe went below the unaccounted",
            trigger: ".o_field_widget[name='line_ids'] .o_kanban_record:first-child button[name='action_mark_safe']",
        },
        ...markFirstSafe(2),
        ...markFirstSafe(3),
        {
            content: "Nobody is unaccounted",
            trigger: ".o_form_view .o_field_widget[name='count_unaccounted']:contains('0')",
        },
        {
            content: "Close the roll call",
            trigger: ".o_form_view button[name='action_close']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The roll call is closed: no more buttons",
            trigger: ".o_form_view:not(:has(button[name='action_close'])) .o_statusbar_status button.o_arrow_button_current[data-value='closed']",
        },
        {
            content: "The summary is in the chatter",
            trigger: ".o-mail-Message-body:contains('3')",
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))",
        },
    ],
});

// Issue 22 (R-ACC-09): the same on a phone (375x667, touch), live. The guard starts the roll
// call from the on-site list and marks the person on top safe; a second marshal marks the next
// one from their own phone meanwhile (the test does it on the server): that mark appears by
// itself (nobody presses Refresh) and the last unaccounted person stays on top. While the
// guard has an unsaved edit (the assembly point) the second marshal marks the last person:
// the edit is not overwritten, the screen says marks are waiting and shows them once saved.
// The guard closes the roll call with the phone's full-width button.
const lines = ".o_field_widget[name='line_ids']";
registry.category("web_tour.tours").add("vip_roll_call_phone", {
    steps: () => [
        inChinese(),
        {
            // On a phone Odoo folds the list's header buttons into the menu beside "New".
            content: "Open the on-site list's buttons",
            trigger: ".o_control_panel button.dropdown-toggle.o_control_panel_collapsed_create",
            run: "click",
        },
        {
            content: "Start the roll call from the on-site list",
            trigger: ".o_control_panel .dropdown-menu button[name='action_start_roll_call']",
            run: "click",
        },
        {
            content: "Three people are unaccounted; the counters are on screen",
            trigger: ".o_vip_roll_call_counters .o_field_widget[name='count_unaccounted']:contains('3')",
        },
        {
            content: "The screen says it is live",
            trigger: ".o_form_view .o_vip_roll_call_live",
        },
        {
            content: "Mark the person on top (unaccounted) safe",
            trigger: `${lines} .o_kanban_record:first-child button[name='action_mark_safe']`,
            run: "click",
        },
        {
            content: "1 safe",
            trigger: ".o_vip_roll_call_counters .o_field_widget[name='count_safe']:contains('1')",
        },
        {
            content: "The second marshal's mark appears by itself (nobody presses Refresh): 2 safe",
            trigger: ".o_vip_roll_call_counters .o_field_widget[name='count_safe']:contains('2')",
        },
        {
            content: "The counters follow: 1 unaccounted",
            trigger: ".o_vip_roll_call_counters .o_field_widget[name='count_unaccounted']:contains('1')",
        },
        {
            content: "The second marshal's mark is there, by name",
            trigger: `${lines} .o_kanban_record:contains('钱安')`,
        },
        {
            content: "The one person still unaccounted is on top, alone with a Safe button",
            trigger: `${lines}:has(.o_kanban_record:first-child button[name='action_mark_safe']):not(:has(.o_kanban_record:not(:first-child) button[name='action_mark_safe']))`,
        },
        // The guard now picks the assembly point (an unsaved edit) while the second marshal
        // marks the last person: the screen keeps the edit and says marks are waiting.
        {
            content: "Pick the assembly point (on a phone: a full-screen list of the gates)",
            trigger: ".o_field_widget[name='gate_id'] input",
            run: "click",
        },
        {
            content: "The parking gate",
            trigger: ".modal .o_kanban_record:contains('B1 停车场门岗')",
            run: "click",
        },
        {
            content: "The guard has an unsaved edit (Save is offered): the second marshal marks now",
            trigger: ".o_form_button_save",
            async run() {
                await rpc("/web/dataset/call_kw/vip.access.gate/search_count", {
                    model: "vip.access.gate",
                    method: "search_count",
                    args: [[["name", "=", EDIT_PENDING_SIGNAL]]],
                    kwargs: {},
                });
            },
        },
        {
            content: "The other marshal's new mark waits for the guard's unsaved edit",
            trigger: ".o_vip_roll_call_live .o_vip_roll_call_live_waiting",
        },
        {
            content: "The edit is kept and the counters did not move",
            trigger: ".o_form_view:has(.o_field_widget[name='gate_id'] input:value(B1 停车场门岗)) .o_vip_roll_call_counters .o_field_widget[name='count_safe']:contains('2')",
        },
        {
            content: "Save the assembly point",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Nobody is unaccounted",
            trigger: ".o_vip_roll_call_counters .o_field_widget[name='count_unaccounted']:contains('0')",
        },
        {
            content: "3 safe, nothing waiting any more",
            trigger: ".o_form_view:not(:has(.o_vip_roll_call_live_waiting)) .o_vip_roll_call_counters .o_field_widget[name='count_safe']:contains('3')",
        },
        {
            content: "Close the roll call with the phone's button",
            trigger: ".o_vip_roll_call_phone_actions button[name='action_close']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The roll call is closed: no more buttons, no longer live",
            trigger: ".o_form_view:not(:has(button[name='action_close'])):not(:has(.o_vip_roll_call_live)) .o_statusbar_status .o_arrow_button_current[data-value='closed']",
        },
        {
            content: "The summary is in the chatter",
            trigger: ".o-mail-Message-body:contains('3')",
        },
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger))",
        },
    ],
});
