# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from .vip_oversight_kpi import KPI_CODES
from .vip_oversight_report import UNITS

# Ids of the view's rows: the report's id times this plus the line's position in its KPIs.
ROW_WIDTH = 100


class VipKpiHistory(models.Model):
    """KPI history (R-OVS-01/02): one row per monthly report and KPI, read from the KPI lines
    the report stored when it was generated (``vip.monthly.report.kpi_data``), for the line
    chart and pivot of the KPIs month after month. The figures are the reports' own (no
    second computation): a sent report's month never changes; a draft's follows its refresh."""

    _name = "vip.kpi.history"
    _description = "KPI history"
    _auto = False
    _order = "month desc, company_id, sequence"
    _rec_name = "code"
    # What the view reads: flushed before every query on it.
    _depends = {"vip.monthly.report": ["company_id", "month", "state", "kpi_data"]}

    report_id = fields.Many2one("vip.monthly.report", string="Monthly report", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True, help="First day of the month reported.")
    report_state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent to the GM office")], string="Report status", readonly=True,
    )
    sequence = fields.Integer(readonly=True)
    code = fields.Selection(KPI_CODES, string="KPI", readonly=True)
    has_value = fields.Boolean(readonly=True)
    value = fields.Float(digits=(16, 2), aggregator="avg", readonly=True,
                         help="The KPI's value for the month (empty when there was nothing to measure).")
    target = fields.Float(digits=(16, 2), aggregator="avg", readonly=True)
    direction = fields.Selection([("min", "At least"), ("max", "At most")], string="Target is", readonly=True)
    status = fields.Selection(
        [("ok", "On target"), ("warning", "No data"), ("bad", "Off target")], readonly=True,
    )
    on_target = fields.Boolean(readonly=True)
    record_count = fields.Integer(string="Records", readonly=True, help="Records measured by the KPI.")
    unit = fields.Char(compute="_compute_unit")

    @api.depends("code")
    @api.depends_context("lang")
    def _compute_unit(self):
        lang = self.env.lang or "en_US"
        for rec in self:
            unit = UNITS.get(rec.code, "")
            rec.unit = unit if isinstance(unit, str) else unit._translate(lang)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT r.id * %(width)s + kpi.seq AS id,
                       r.id AS report_id, r.company_id, r.month, r.state AS report_state,
                       kpi.seq AS sequence,
                       kpi.line ->> 'code' AS code,
                       (kpi.line ->> 'value') IS NOT NULL AS has_value,
                       (kpi.line ->> 'value')::numeric AS value,
                       (kpi.line ->> 'target')::numeric AS target,
                       kpi.line ->> 'direction' AS direction,
                       kpi.line ->> 'status' AS status,
                       (kpi.line ->> 'status') = 'ok' AS on_target,
                       (kpi.line ->> 'count')::integer AS record_count
                  FROM vip_monthly_report r
                 CROSS JOIN LATERAL jsonb_array_elements(
                           CASE WHEN jsonb_typeof(r.kpi_data) = 'array' THEN r.kpi_data ELSE '[]'::jsonb END
                       ) WITH ORDINALITY AS kpi(line, seq)
            )
        """, table=SQL.identifier(self._table), width=ROW_WIDTH))
