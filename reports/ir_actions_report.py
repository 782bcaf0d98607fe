# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The add-on's PDFs with the wkhtmltopdf that Debian/Ubuntu ship (0.12.6, Qt unpatched).

That build differs from the "patched Qt" one Odoo recommends in two ways that matter here:

* it ignores --header-html/--footer-html, so the company header and "Page x / y" of
  web.external_layout never reach the paper. The add-on's layout
  (reports/vip_report_layout.xml) keeps the company header in the body, and this hook stamps
  "x / y" at the foot of every page once the PDF exists, with either build;
* it refuses more than one input document ("does not support more than one input document"),
  and Odoo passes one per record: printing several receptions or passes at once gave an empty
  file. With that build each record is rendered on its own and the documents are put together
  by Odoo as usual.
"""
import functools
import io
import logging
import subprocess
from collections import OrderedDict

from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

# Multi-page documents that get page numbers (the A6 pass badge does not).
NUMBERED_REPORTS = frozenset({
    "vip_customer_care.report_vip_reception_application",
    "vip_customer_care.report_vip_reception_plan",
    "vip_customer_care.report_vip_reception_record",
    "vip_customer_care.report_vip_reception_itinerary",
    "vip_customer_care.report_vip_valuable_handover",
    "vip_customer_care.report_vip_appointment_letter",
    "vip_customer_care.report_vip_evacuation_list",
    "vip_customer_care.report_vip_monthly_report",
})
# Reports printing one document per record (the evacuation list is one document for all).
PER_RECORD_REPORTS = (NUMBERED_REPORTS - {"vip_customer_care.report_vip_evacuation_list"}) | {
    "vip_customer_care.report_vip_access_badge_pages",
}


@functools.lru_cache(maxsize=1)
def wkhtmltopdf_patched_qt():
    """True when the installed wkhtmltopdf is the build with the patched Qt."""
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    patched = "patched qt" in version.lower()
    _logger.info("wkhtmltopdf %s: %s", version.strip(), "patched Qt" if patched else "unpatched Qt (header in body)")
    return patched


def stamp_page_numbers(pdf_stream):
    """Return a new stream with "x / y" centred at the foot of every page of ``pdf_stream``."""
    reader = PdfFileReader(pdf_stream, strict=False, overwriteWarnings=False)
    total = len(reader.pages)
    packet = io.BytesIO()
    can = canvas.Canvas(packet)
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        can.setPageSize((width, height))
        can.setFont("Helvetica", 8)
        can.setFillGray(0.35)
        can.drawCentredString(width / 2, 18, f"{number} / {total}")
        can.showPage()
    can.save()
    stamps = PdfFileReader(packet, overwriteWarnings=False)
    writer = PdfFileWriter()
    for page, stamp in zip(reader.pages, stamps.pages):
        page.merge_page(stamp)
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    output.seek(0)
    return output


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report_name = self._get_report(report_ref).report_name
        if report_name in PER_RECORD_REPORTS and res_ids and len(set(res_ids)) > 1 and not wkhtmltopdf_patched_qt():
            streams = OrderedDict()
            for res_id in dict.fromkeys(res_ids):
                streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, dict(data or {}), res_ids=[res_id]))
        else:
            streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if report_name in NUMBERED_REPORTS:
            for stream_data in streams.values():
                # Documents reloaded from a saved attachment are numbered already.
                if stream_data.get("stream") and not stream_data.get("attachment"):
                    stamped = stamp_page_numbers(stream_data["stream"])
                    stream_data["stream"].close()
                    stream_data["stream"] = stamped
        return streams
