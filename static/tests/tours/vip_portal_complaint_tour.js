/** @odoo-module **/
// Issue 22: a VIP customer files a complaint on the portal and sees it listed with its stage.
import { registry } from "@web/core/registry";
import { session } from "@web/session";

const SUBJECT = "门店服务态度差";

registry.category("web_tour.tours").add("vip_customer_care_portal_complaint", {
    steps: () => [
        {
            // Issue 23's zh_CN check (vip_tour_utils.inChinese) reads the web client's user,
            // which the portal (frontend) does not load: its session carries the language.
            content: "The portal runs in Chinese (zh_CN)",
            trigger: "body",
            run() {
                const lang = session.bundle_params?.lang;
                if (lang !== "zh_CN") {
                    throw new Error(`The tour must run in zh_CN, the portal's language is ${lang}`);
                }
            },
        },
        {
            content: "Open My complaints from the portal home",
            trigger: ".o_portal_index_card a[href='/my/tickets?filterby=all']",
            run: "click",
        },
        {
            content: "File a new one",
            trigger: "button[name='create_new_ticket']",
            run: "click",
        },
        {
            content: "A VIP customer chooses the type, not the team",
            trigger: "form:not(:has(select[name='team'])) select[name='vip_type']",
            run: "select complaint",
        },
        {
            content: "Subject",
            trigger: "input[name='subject']",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "Description",
            trigger: "textarea[name='description']",
            run: "edit 店员对我的维修要求不予理睬。",
        },
        {
            content: "Submit",
            trigger: "form[action='/submitted/ticket'] button[type='submit']",
            run: "click",
        },
        {
            content: "The complaint page shows its stage and the promised deadlines",
            trigger: `#card_header:has(span:contains('${SUBJECT}')) .badge:not(:empty)`,
        },
        {
            content: "and the deadlines promised to the customer",
            trigger: ".o_vip_portal_complaint .o_vip_portal_deadlines div strong",
        },
        {
            content: "Back to the list",
            trigger: ".breadcrumb a[href^='/my/tickets']",
            run: "click",
        },
        {
            content: "The complaint is listed with its stage",
            trigger: `tr:has(a:contains('${SUBJECT}')) span.badge:not(:empty)`,
        },
    ],
});
