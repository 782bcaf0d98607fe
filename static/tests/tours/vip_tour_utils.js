/** @odoo-module **/
// Shared steps of the add-on's tours (test code, not user-facing).
import { user } from "@web/core/user";

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
