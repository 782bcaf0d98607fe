/** @odoo-module **/
// Issue 22: a portal customer (zh_CN) requests a visit, sees an approved one with its letter
// and reads their points. Selectors are classes: the page texts are the customer's language.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("vip_customer_care_portal_visits", {
    steps: () => [
        {
            content: "The portal runs in Chinese (zh_CN): the page path carries the customer's language",
            trigger: "body",
            run() {
                if (!window.location.pathname.startsWith("/zh_CN/")) {
                    throw new Error(`The portal must run in zh_CN, the page is ${window.location.pathname}`);
                }
            },
        },
        {
            content: "Open My visits from the portal home",
            trigger: ".o_portal_index_card a[href='/my/vip/visits']",
            run: "click",
        },
        {
            content: "Request a visit",
            trigger: "a.o_vip_portal_request",
            run: "click",
        },
        {
            content: "The day",
            trigger: "input#vip_date",
            run() {
                // A date input takes its ISO value (the browser shows it in the user's format).
                document.querySelector("input#vip_date").value = "2099-03-02";
            },
        },
        {
            content: "The number of people",
            trigger: "input#vip_people",
            run: "edit 2",
        },
        {
            content: "The purpose",
            trigger: "textarea#vip_purpose",
            run: "edit 翡翠手镯试戴",
        },
        {
            content: "The visitors",
            trigger: "textarea#vip_names",
            run: "edit 张伟, 张丽",
        },
        {
            content: "Send the request",
            trigger: "button.o_vip_portal_submit",
            run: "click",
        },
        {
            content: "The request is shown as a draft (草稿), with its purpose",
            trigger: ".o_vip_portal_visit_detail:contains('翡翠手镯试戴') .o_vip_portal_state:contains('草稿')",
        },
        {
            content: "Back to My visits",
            trigger: ".o_portal_submenu a[href='/my/vip/visits']",
            run: "click",
        },
        {
            content: "Open the approved visit",
            trigger: "tr.o_vip_portal_visit:contains('Private preview of the imperial jade collection') a",
            run: "click",
        },
        {
            content: "The approved visit offers its confirmation letter and itinerary",
            trigger: ".o_vip_portal_visit_detail:has(.o_vip_portal_itinerary) a.o_vip_portal_letter",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open My VIP card",
            trigger: ".o_portal_index_card a[href='/my/vip/card']",
            run: "click",
        },
        {
            content: "The card shows the diamond tier (钻石), the points and their history",
            trigger: ".o_vip_portal_card:has(.o_vip_portal_tier:contains('钻石')):has(.o_vip_portal_history) .o_vip_portal_points:contains('10,190')",
        },
    ],
});
