/** @odoo-module **/
// Issue 22: a visitor checks in at the self check-in kiosk of the main gate (public page, no
// login, in zh_CN), then the host sees the arrival in Discuss. Selectors use element ids and
// classes: the tours run in Chinese.
import { registry } from "@web/core/registry";
import { inChinese } from "@vip_customer_care/../tests/tours/vip_tour_utils";

// The visitor on the kiosk page (in Chinese) scans ``code`` (the QR of the ``scanned`` document),
// declares the belongings and presses Check in.
const scanAtKiosk = (scanned, code) => [
    {
        content: "The kiosk page is in Chinese (zh_CN)",
        trigger: "html[lang='zh-CN'] .o_vip_kiosk",
    },
    {
        content: `Scan the QR code of the ${scanned}`,
        trigger: "#vip_kiosk_code",
        run: `edit ${code}`,
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
];

registry.category("web_tour.tours").add("vip_kiosk_check_in", {
    steps: () => [
        ...scanAtKiosk("confirmation letter", "TOURKIOSK001"),
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

// Issue 22: at the kiosk of the goldsmith workshop (an area with a visitor agreement), the
// visitor reads the agreement in Chinese, ticks "I accept", signs in the box (a drawn stroke:
// pointer events, as a finger or a pen) and checks in.
registry.category("web_tour.tours").add("vip_kiosk_agreement_check_in", {
    steps: () => [
        ...scanAtKiosk("badge", "TOURSIGN0001"),
        {
            content: "The workshop's visitor agreement is shown in Chinese",
            trigger: ".o_vip_kiosk_agreement_text:contains('访客协议：金饰工坊')",
        },
        {
            content: "Accept the agreement",
            trigger: "#vip_kiosk_agreement_accept",
            run: "click",
        },
        {
            content: "Sign in the box",
            trigger: ".o_vip_kiosk_signature_pad.o_vip_kiosk_signature_ready",
            run() {
                const canvas = this.anchor;
                const box = canvas.getBoundingClientRect();
                const pointer = (type, x, y) =>
                    canvas.dispatchEvent(
                        new PointerEvent(type, {
                            bubbles: true,
                            cancelable: true,
                            pointerId: 1,
                            pointerType: "pen",
                            isPrimary: true,
                            clientX: box.left + x * box.width,
                            clientY: box.top + y * box.height,
                        })
                    );
                pointer("pointerdown", 0.1, 0.7);
                for (let step = 1; step <= 20; step++) {
                    pointer("pointermove", 0.1 + step * 0.035, 0.7 - 0.4 * Math.sin((step * Math.PI) / 10));
                }
                pointer("pointerup", 0.8, 0.5);
            },
        },
        {
            content: "The box holds the signature",
            trigger: ".o_vip_kiosk_agreement.o_vip_kiosk_signed",
        },
        {
            content: "Accept and check in",
            trigger: ".o_vip_kiosk_agreement_submit",
            run: "click",
        },
        {
            content: "The kiosk welcomes the visitor",
            trigger: ".o_vip_kiosk_result.alert-success:contains('刘德明')",
        },
    ],
});
