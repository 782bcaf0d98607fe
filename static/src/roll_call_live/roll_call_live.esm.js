/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Issue 22 (R-ACC-09): the roll call form is live. While an open roll call is displayed, the
// widget listens on the roll call's bus channel; the server notifies it when any marshal marks
// or un-marks a person or closes the roll call (vip.roll.call._vip_notify_screens), and the
// widget reloads the record, so the other marshals' marks appear by themselves, unaccounted
// people staying on top. It never fights the user's own edits: with unsaved changes it waits
// until they are saved or discarded. It stops listening when the roll call is closed or the
// form is left.
import {Component, onWillDestroy, useEffect, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {useService} from "@web/core/utils/hooks";

export const ROLL_CALL_CHANGED = "vip.roll.call/changed";
// Milliseconds before trying again while the user is typing in a field of the form.
const RETRY_DELAY = 2000;

export class VipRollCallLive extends Component {
    static template = "vip_customer_care.RollCallLive";
    static props = standardWidgetProps;

    setup() {
        this.busService = useService("bus_service");
        // The roll call this screen listens to (null: not listening).
        this.listenedId = null;
        // A change was announced and is not on screen yet.
        this.pending = false;
        // Shown: changes are waiting for the user's own unsaved edits.
        this.state = useState({waiting: false});
        this.reloading = false;
        this.destroyed = false;
        this.onChanged = this.onChanged.bind(this);
        this.busService.subscribe(ROLL_CALL_CHANGED, this.onChanged);
        // Listen to the displayed roll call while it is open (the pager may change the record;
        // a closed one changes no more).
        useEffect(
            (resId, isOpen) => {
                this.listen(resId && isOpen ? resId : null);
            },
            () => [this.props.record.resId, this.isOpen]
        );
        // Unsaved edits were saved or discarded: show what was announced meanwhile.
        useEffect(
            (dirty) => {
                if (!dirty && this.pending) {
                    this.reload();
                }
            },
            () => [this.props.record.dirty]
        );
        onWillDestroy(() => {
            this.destroyed = true;
            clearTimeout(this.retryTimeout);
            this.listen(null);
            this.busService.unsubscribe(ROLL_CALL_CHANGED, this.onChanged);
        });
    }

    get isOpen() {
        return this.props.record.data.state === "open";
    }

    listen(resId) {
        if (resId === this.listenedId) {
            return;
        }
        if (this.listenedId) {
            this.busService.deleteChannel(`vip.roll.call_${this.listenedId}`);
        }
        this.listenedId = resId;
        this.pending = false;
        this.state.waiting = false;
        if (resId) {
            this.busService.addChannel(`vip.roll.call_${resId}`);
        }
    }

    onChanged(payload) {
        if (!this.listenedId || !payload || payload.id !== this.listenedId) {
            return;
        }
        this.pending = true;
        this.reload();
    }

    /** The user is typing in a field of a form (a value not yet committed to the record). */
    isTyping() {
        const active = document.activeElement;
        return Boolean(
            active &&
                active.closest(".o_form_view") &&
                (active.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName))
        );
    }

    /** Reload the roll call, once for any number of notifications arriving meanwhile. */
    async reload() {
        if (this.reloading) {
            return;
        }
        this.reloading = true;
        try {
            while (this.pending && !this.destroyed && this.listenedId) {
                const record = this.props.record;
                if (record.resId !== this.listenedId) {
                    return;
                }
                if (record.dirty) {
                    // The user's own unsaved edits come first: reloaded once they are saved or
                    // discarded (the effect on "dirty" above); the screen says so meanwhile.
                    this.state.waiting = true;
                    return;
                }
                if (this.isTyping()) {
                    // Not committed yet: try again in a moment rather than wipe the input.
                    clearTimeout(this.retryTimeout);
                    this.retryTimeout = setTimeout(() => this.reload(), RETRY_DELAY);
                    return;
                }
                this.pending = false;
                this.state.waiting = false;
                await record.load();
            }
        } finally {
            this.reloading = false;
        }
    }
}

export const vipRollCallLive = {
    component: VipRollCallLive,
};

registry.category("view_widgets").add("vip_roll_call_live", vipRollCallLive);
