/** @odoo-module ignore **/
// Issue 22: the drawn signature of the visitor agreement on the public self check-in kiosk
// page (no login, no web client, hence plain JavaScript and no Odoo module). The visitor draws
// in the box with a finger, a pen or the mouse (pointer events); when the form is sent, the
// drawing goes as a PNG data URL into the hidden field "agreement_signature". Nothing drawn:
// the field stays empty and the server asks for the signature (it checks size and format).
(function () {
    "use strict";

    function setUp(form) {
        const canvas = form.querySelector(".o_vip_kiosk_signature_pad");
        const field = form.querySelector("input[name='agreement_signature']");
        if (!canvas || !field || !canvas.getContext) {
            return;
        }
        const context = canvas.getContext("2d");
        context.lineWidth = 3;
        context.lineCap = "round";
        context.lineJoin = "round";
        context.strokeStyle = "#1a1a2e";
        context.fillStyle = "#1a1a2e";
        let drawing = false;
        let drawn = false;
        let last = null;

        // The canvas keeps its 600x200 drawing size whatever its size on screen.
        function point(ev) {
            const box = canvas.getBoundingClientRect();
            return {
                x: ((ev.clientX - box.left) * canvas.width) / (box.width || canvas.width),
                y: ((ev.clientY - box.top) * canvas.height) / (box.height || canvas.height),
            };
        }

        canvas.addEventListener("pointerdown", (ev) => {
            ev.preventDefault();
            drawing = true;
            try {
                canvas.setPointerCapture(ev.pointerId);
            } catch {
                // A pointer the browser does not track (e.g. a synthetic event): no capture.
            }
            last = point(ev);
            context.beginPath();
            context.arc(last.x, last.y, context.lineWidth / 2, 0, 2 * Math.PI);
            context.fill();
            drawn = true;
            form.classList.add("o_vip_kiosk_signed");
        });
        canvas.addEventListener("pointermove", (ev) => {
            if (!drawing) {
                return;
            }
            ev.preventDefault();
            const next = point(ev);
            context.beginPath();
            context.moveTo(last.x, last.y);
            context.lineTo(next.x, next.y);
            context.stroke();
            last = next;
        });
        for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
            canvas.addEventListener(type, () => {
                drawing = false;
            });
        }
        const clear = form.querySelector(".o_vip_kiosk_signature_clear");
        if (clear) {
            clear.addEventListener("click", () => {
                context.clearRect(0, 0, canvas.width, canvas.height);
                drawn = false;
                field.value = "";
                form.classList.remove("o_vip_kiosk_signed");
            });
        }
        form.addEventListener("submit", () => {
            field.value = drawn ? canvas.toDataURL("image/png") : "";
        });
        canvas.classList.add("o_vip_kiosk_signature_ready");
    }

    function start() {
        document.querySelectorAll("form.o_vip_kiosk_agreement").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
