/** @odoo-module **/
// Issue 22: a visitor checks in at the self check-in kiosk of the main gate (public page, no
// login, in zh_CN), then the host sees the arrival in Discuss. Selectors use element ids and
// classes: the tours run in Chinese.
import { registry } from "@web/core/registry";
import { inChinese } from "@vip_customer_care/../tests/tours/vip_tour_utils";

registry.category("web_tour.tours").add("vip_kiosk_check_in", {
    steps: () => [
        {
            content: "The kiosk page is in Chinese (zh_CN)",
            trigger: "html[lang='zh-CN'] .o_vip_kiosk",
        },
        {
            content: "Scan the QR code of the confirmation letter",
            trigger: "#vip_kiosk_code",
            run: "edit TOURKIOSK001",
        },
        {
            content: "Declare the belongings",
            trigger: "#vip_kiosk_belongings",
            run: "click",
        },
        {
            content: "Check in",
            trigger: ".o_vip_kiosk_submit",
            run: "click",
        },
        {
            content: "The kiosk welcomes the visitor",
            trigger: ".o_vip_kiosk_result.alert-success:contains('林志明')",
        },
    ],
});

registry.category("web_tour.tours").add("vip_kiosk_host_notified", {
    steps: () => [
        inChinese(),
        {
            content: "Discuss opens on the inbox",
            trigger: ".o-mail-Discuss",
        },
        {
            content: "The host is told in the inbox that the visitor checked in at the kiosk",
            trigger: ".o-mail-Discuss .o-mail-Message:contains('林志明')",
        },
    ],
});
