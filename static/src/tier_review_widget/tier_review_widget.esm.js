/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Issue 19 (R-APV-04, R-LOY-06): the reviews table of an approval document shows each step's
// own deadline (tier.review.vip_due), in red once a pending step is overdue.
import {
    ReviewsTable,
    reviewsTableComponent,
} from "@base_tier_validation/components/tier_review_widget/tier_review_widget.esm";
import {formatDateTime} from "@web/core/l10n/dates";
import {patch} from "@web/core/utils/patch";

const {DateTime} = luxon;

if (!reviewsTableComponent.relatedFields.some((field) => field.name === "vip_due")) {
    reviewsTableComponent.relatedFields.push({name: "vip_due", type: "datetime"});
}

patch(ReviewsTable.prototype, {
    vipStepDue(review) {
        return review.vip_due ? formatDateTime(review.vip_due) : "";
    },
    vipStepOverdue(review) {
        return Boolean(review.status === "pending" && review.vip_due && review.vip_due < DateTime.now());
    },
});
