# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
import re
import shutil
import subprocess
import tempfile
from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

VALID_PRC_ID = "11010519491231002X"
OTHER_PRC_ID = "440304198506122313"

GROUPS = {
    "sales": "vip_customer_care.group_vip_user",
    "officer": "vip_customer_care.group_vip_officer",
    "administration": "vip_customer_care.group_vip_administration",
    "security": "vip_customer_care.group_vip_security",
    "finance": "vip_customer_care.group_vip_finance",
    "compliance": "vip_customer_care.group_vip_compliance",
    "manager": "vip_customer_care.group_vip_manager",
    "gm": "vip_customer_care.group_vip_gm",
}


# ---------------------------------------------------------------------- forging workflow fields
def forged_value(Model, name, records=None):
    """A value for field ``name`` of ``Model`` that differs from its default, as an RPC client
    would send it to forge a workflow field. Relational fields take the record of ``records``
    ({comodel: record}) or the newest record of the comodel that is not the default; None when
    the comodel has no record."""
    field = Model._fields[name]
    if field.type == "selection":
        values = [v for v, _label in field._description_selection(Model.env)]
        default = field.default(Model) if field.default else False
        return next(v for v in reversed(values) if v != default)
    if field.type == "many2one" or field.type.endswith("2many"):
        record = (records or {}).get(field.comodel_name)
        if not record:
            default = field.default(Model) if field.default and field.type == "many2one" else False
            exclude = default.ids if hasattr(default, "ids") else [default] if default else []
            record = Model.env[field.comodel_name].sudo().search([("id", "not in", exclude)], limit=1, order="id desc")
        if not record:
            return None
        return record.id if field.type == "many2one" else [Command.set(record.ids)]
    return {
        "boolean": True, "datetime": datetime(2026, 11, 25, 10), "date": date(2026, 11, 25),
        "float": 42.0, "monetary": 42.0, "integer": 7, "char": "FORGED000000", "text": "FORGED",
        "html": "<p>FORGED</p>",
    }.get(field.type)


# ---------------------------------------------------------------------- PDFs as a reader sees them
def compact(text):
    """``text`` without any whitespace (pdftotext's layout spacing is not what tests assert)."""
    return re.sub(r"\s+", "", text)


def require_pdf_tools(*tools):
    for tool in tools or ("pdftotext", "wkhtmltopdf"):
        assert shutil.which(tool), f"{tool} is missing: scripts/setup installs poppler-utils and wkhtmltopdf"


def render_pdf(env, xmlid, records, user=None, lang=None, **context):
    """The PDF of report ``xmlid`` for ``records`` rendered for real by wkhtmltopdf, as ``user``
    (default: ``env``'s) in ``lang`` (the module's terms of that language are loaded)."""
    if lang:
        env["res.lang"]._activate_lang(lang)
        env["ir.module.module"]._load_module_terms(["vip_customer_care"], [lang])
        context["lang"] = lang
    Report = env["ir.actions.report"]
    if user:
        Report = Report.with_user(user)
    pdf, kind = Report.with_context(force_report_rendering=True, **context)._render_qweb_pdf(xmlid, records.ids)
    assert kind == "pdf" and pdf.startswith(b"%PDF"), f"{xmlid} did not render a PDF ({kind})"
    return pdf


def pdf_to_text(pdf, *options):
    """The text of ``pdf`` as ``pdftotext -layout`` extracts it (pages separated by form feeds)."""
    with tempfile.TemporaryDirectory(prefix="vip_report_") as folder:
        path = os.path.join(folder, "report.pdf")
        with open(path, "wb") as handle:
            handle.write(pdf)
        out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", *options, path, "-"],
                             capture_output=True, check=True)
    return out.stdout.decode()


def pdf_text(env, xmlid, records, user=None, lang=None, **context):
    """What a reader finds in the PDF of ``xmlid`` for ``records``, whitespace removed."""
    return compact(pdf_to_text(render_pdf(env, xmlid, records, user=user, lang=lang, **context)))


class VipCommon(TransactionCase):
    """Two companies, one user per role in company A, sales users in A and B and
    customers owned by them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls.env["res.company"].create({"name": "VIP Test Jewelry A"})
        cls.company_b = cls.env["res.company"].create({"name": "VIP Test Textile B"})
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"vip_test_{role}",
                groups=f"base.group_user,{group}",
                company_id=cls.company_a.id,
                company_ids=[cls.company_a.id],
            )
            for role, group in GROUPS.items()
        }
        cls.sales = cls.users["sales"]
        cls.sales_other = new_test_user(
            cls.env, login="vip_test_sales_other", groups=f"base.group_user,{GROUPS['sales']}",
            company_id=cls.company_a.id, company_ids=[cls.company_a.id],
        )
        cls.sales_b = new_test_user(
            cls.env, login="vip_test_sales_b", groups=f"base.group_user,{GROUPS['officer']}",
            company_id=cls.company_b.id, company_ids=[cls.company_b.id],
        )
        cls.internal = new_test_user(
            cls.env, login="vip_test_internal", groups="base.group_user",
            company_id=cls.company_a.id, company_ids=[cls.company_a.id],
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({
            "name": "Zhang Wei",
            "company_id": cls.company_a.id,
            "vip_service_level": "vip",
            "vip_access_grade": "special",
            "user_id": cls.sales.id,
            "vip_id_type": "prc_id",
            "vip_id_number": VALID_PRC_ID,
            "vip_private_phone": "13800138000",
            "email": "zhang.wei@example.com",
        })
        cls.customer_other = Partner.create({
            "name": "Li Xiuying",
            "company_id": cls.company_a.id,
            "vip_service_level": "important",
            "user_id": cls.sales_other.id,
            "vip_id_type": "prc_id",
            "vip_id_number": OTHER_PRC_ID,
        })
        cls.customer_b = Partner.create({
            "name": "Hans Mueller",
            "company_id": cls.company_b.id,
            "vip_service_level": "vip",
            "user_id": cls.sales_b.id,
        })
