/** @odoo-module **/
// Shared steps of the add-on's tours (test code, not user-facing).
import { user } from "@web/core/user";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** Issue 23: the tours run in Chinese; fail at once if the user's language is not zh_CN. */
export function inChinese() {
    return {
        content: "The tour runs in Chinese (zh_CN)",
        trigger: "body",
        run() {
            if (user.lang !== "zh-CN") {
                throw new Error(`The tour must run in zh_CN, the user's language is ${user.lang}`);
            }
        },
    };
}

/**
 * The steps that open a VIP Care menu item from the apps menu: the app, the section's dropdown
 * (``section``: a menu xmlid of the add-on), then the item (``item``). Selectors are xmlids: the
 * tours run in zh_CN.
 */
export function openVipMenu(section, item, content = `Open ${item}`) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the VIP Care app",
            trigger: ".o_app[data-menu-xmlid='vip_customer_care.menu_vip_root']",
            run: "click",
        },
        {
            content: `Open the ${section} menu`,
            trigger: `.o_menu_sections .dropdown-toggle[data-menu-xmlid='vip_customer_care.${section}']`,
            run: "click",
        },
        {
            content,
            trigger: `.dropdown-item[data-menu-xmlid='vip_customer_care.${item}']`,
            run: "click",
        },
    ];
}
