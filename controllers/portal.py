# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 22: the customer's side on Odoo's portal (/my): My visits and My VIP card.

Every record is read as the portal user: the record rules of base.group_portal
(security/vip_portal_rules.xml) keep them to their own commercial partner, and a guessed id of
another customer answers 404 like a missing one (its existence stays hidden). The PDFs are
rendered by the system only after that check (Odoo's portal does the same for its documents),
and only the customer's documents: the confirmation letter and the itinerary, never the plan."""

import werkzeug

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

# The reports a customer may download, by document (R-ACC-04, R-REC-06). Never the internal plan.
LETTER_REPORT = "vip_customer_care.action_report_vip_appointment_letter"
ITINERARY_REPORT = "vip_customer_care.action_report_vip_reception_itinerary"


class VipCustomerPortal(CustomerPortal):

    def _vip_visit_domain(self):
        return [("partner_id", "child_of", request.env.user.commercial_partner_id.ids)]

    def _vip_card_domain(self):
        return [
            ("vip_is_points", "=", True), ("vip_state", "!=", "blocked"),
            ("partner_id", "child_of", request.env.user.commercial_partner_id.ids),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "vip_visit_count" in counters:
            Visit = request.env["vip.visit.appointment"]
            values["vip_visit_count"] = Visit.search_count(self._vip_visit_domain()) if Visit.has_access("read") else 0
        if "vip_card_count" in counters:
            Card = request.env["loyalty.card"]
            values["vip_card_count"] = Card.search_count(self._vip_card_domain(), limit=1) if Card.has_access("read") else 0
        return values

    def _vip_visit(self, visit_id):
        """The visit as the portal user, or 404 (another customer's id looks like no id)."""
        visit = request.env["vip.visit.appointment"].browse(visit_id)
        try:
            visit.check_access("read")
            if not visit.exists():
                raise MissingError(request.env._("This visit does not exist."))
        except (AccessError, MissingError):
            raise werkzeug.exceptions.NotFound() from None
        return visit

    # ------------------------------------------------------------------ My visits
    @http.route(["/my/vip/visits", "/my/vip/visits/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_vip_visits(self, page=1, **kw):
        Visit = request.env["vip.visit.appointment"]
        domain = self._vip_visit_domain()
        count = Visit.search_count(domain)
        pager = self._pager_vip(page, count)
        visits = Visit.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(page_name="vip_visits", visits=visits, pager=pager, default_url="/my/vip/visits")
        return request.render("vip_customer_care.portal_my_vip_visits", values)

    def _pager_vip(self, page, count):
        return portal_pager(url="/my/vip/visits", total=count, page=page, step=self._items_per_page)

    @http.route("/my/vip/visits/<int:visit_id>", type="http", auth="user", website=True)
    def portal_my_vip_visit(self, visit_id, **kw):
        visit = self._vip_visit(visit_id)
        values = self._prepare_portal_layout_values()
        values.update(page_name="vip_visit", visit=visit, **visit._vip_portal_documents())
        return request.render("vip_customer_care.portal_my_vip_visit", values)

    @http.route("/my/vip/visits/<int:visit_id>/<string:document>", type="http", auth="user", website=True)
    def portal_my_vip_visit_document(self, visit_id, document, **kw):
        """R-ACC-04: the confirmation letter and the itinerary of an approved visit; nothing
        else, for nobody else."""
        visit = self._vip_visit(visit_id)
        documents = visit._vip_portal_documents()
        if document == "letter" and documents["can_letter"]:
            return self._vip_pdf(visit.sudo(), LETTER_REPORT)
        if document == "itinerary" and documents["can_itinerary"]:
            # Only the reception of this visit (checked above), as the customer's itinerary.
            return self._vip_pdf(visit.sudo().reception_id, ITINERARY_REPORT)
        raise werkzeug.exceptions.NotFound()

    def _vip_pdf(self, record_sudo, report_ref):
        """The PDF of ``record_sudo`` (checked by the caller), named like the report's print name."""
        Report = request.env["ir.actions.report"].sudo().with_company(record_sudo.company_id)
        pdf = Report._render_qweb_pdf(report_ref, record_sudo.ids, data={"report_type": "pdf"})[0]
        report = Report._get_report(report_ref)
        name = safe_eval(report.print_report_name, {"object": record_sudo, "time": time}) if report.print_report_name \
            else record_sudo.display_name
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(f"{name}.pdf")),
        ])

    @http.route("/my/vip/visits/request", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_my_vip_visit_request(self, **post):
        values = self._prepare_portal_layout_values()
        values.update(page_name="vip_visit_request", error=False, post=post)
        if request.httprequest.method == "POST":
            try:
                visit = request.env["vip.visit.appointment"]._vip_portal_request(
                    date=post.get("date"), people=post.get("people"), purpose=post.get("purpose"),
                    names=post.get("names"),
                )
            except (UserError, ValidationError) as error:
                values["error"] = error.args[0]
            else:
                return request.redirect(f"/my/vip/visits/{visit.id}")
        values["min_date"] = fields.Date.to_string(fields.Date.context_today(request.env.user))
        return request.render("vip_customer_care.portal_my_vip_visit_request", values)

    # ------------------------------------------------------------------ My VIP card
    @http.route("/my/vip/card", type="http", auth="user", website=True)
    def portal_my_vip_card(self, **kw):
        card = request.env["loyalty.card"].search(self._vip_card_domain(), limit=1)
        if not card:
            raise werkzeug.exceptions.NotFound()
        return request.redirect(f"/my/vip/card/{card.id}")

    @http.route("/my/vip/card/<int:card_id>", type="http", auth="user", website=True)
    def portal_my_vip_card_page(self, card_id, **kw):
        """R-LOY-01/R-TIER-04: tier, benefits, points and their history, validity: of the
        user's own card only (another card's id answers 404)."""
        card = request.env["loyalty.card"].browse(card_id)
        try:
            card.check_access("read")
            if not card.exists() or not card.vip_is_points:
                raise MissingError(request.env._("This card does not exist."))
        except (AccessError, MissingError):
            raise werkzeug.exceptions.NotFound() from None
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="vip_card", card=card,
            benefits=request.env["vip.loyalty.benefit"].search([("tier", "=", card.vip_portal_tier)]),
            history=request.env["loyalty.history"].search([("card_id", "=", card.id)], order="create_date desc, id desc"),
        )
        return request.render("vip_customer_care.portal_my_vip_card", values)
