# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request


class VipArchiveConsult(http.Controller):
    @http.route(
        "/vip_customer_care/archive/consult/<int:consultation_id>", type="http", auth="user", methods=["GET"],
    )
    def consult(self, consultation_id):
        """R-ARC-06, issue 18: the file of a logged consultation, for the user who consulted
        while their permission holds (a loan's link expires with the loan). No access token:
        the link works only logged in as that user."""
        consultation = request.env["vip.archive.consultation"].sudo().browse(consultation_id).exists()
        if not consultation:
            raise AccessError(request.env._("This consultation link belongs to another user (R-ARC-06)."))
        document = request.env["vip.customer.archive.document"].browse(consultation.document_id.id)
        document._vip_check_consultation(consultation)
        # The one place the file is reached as the system: the permission was checked just above
        # and the consultation is logged (the scan itself is the keeper's only).
        attachment = document.sudo().attachment_id
        if not attachment:
            return request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)
