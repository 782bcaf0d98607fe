/** @odoo-module **/
// Issue 19 (R-APV-04, R-LOY-06): the reviews table of an approval form shows each step's own deadline.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("vip_step_due_reviews_table", {
    steps: () => [
        {
            content: "Open the page holding the approval steps",
            trigger: ".o_form_view .o_notebook a.nav-link[name='countersign']",
            run: "click",
        },
        {
            content: "Unfold the reviews",
            trigger: ".o_form_view .panel-heading a.o_info_btn",
            run: "click",
        },
        {
            content: "The reviews table has a Step due column",
            trigger: ".o_form_view .o_review th[name='th_vip_due']:contains('Step due')",
        },
        {
            content: "The pending step is due on Thursday 26 November 2026 (3 working days after Friday's submission)",
            trigger: ".o_form_view .o_review td[name='td_vip_due']:contains('11/26/2026')",
        },
    ],
});
