# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models


class VipSampleMixin(models.AbstractModel):
    """The monthly random sample shared by finance's expense sample (R-COST-05) and internal
    control's audit sample (R-OVS-03): a share of a month's records, random but reproducible,
    seeded by company and month (drawing the same month again picks the same records)."""

    _name = "vip.sample.mixin"
    _description = "VIP monthly reproducible sample"

    @api.model
    def _vip_last_month(self):
        """The first day of last month (the month a monthly draw samples)."""
        return date.today().replace(day=1) - relativedelta(months=1)

    @api.model
    def _vip_sample_ids(self, company, month, population, percent, minimum=0, salt=""):
        """Ids chosen from ``population`` (ids, any order): ``ceil(percent % of N)`` of them, at
        least ``minimum`` (never more than N), seeded by company and month (and ``salt``, which
        keeps two samples of the same month independent). Sorted."""
        population = sorted(population)
        if not population:
            return []
        size = min(max(math.ceil(len(population) * percent / 100.0), minimum), len(population))
        seed = f"{company.id}-{month:%Y-%m}" + (f"-{salt}" if salt else "")
        return sorted(random.Random(seed).sample(population, size))

    def _vip_draw(self, company, month):
        """Hook: draw ``company``'s sample of ``month`` once (the existing one when drawn)."""
        raise NotImplementedError

    def _vip_draw_last_month(self, action_xmlid):
        """Draw last month's sample of each allowed company and open it (``action_xmlid``).

        Called by a list header button (issue 23): the web client calls it with the selected
        samples, or with none (``display="always"``); the selection plays no part in the draw."""
        month = self._vip_last_month()
        for company in self.env.companies:
            self.browse()._vip_draw(company, month)
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        action["domain"] = [("month", "=", month)]
        return action

    @api.model
    def _cron_draw(self):
        """The monthly job: last month's sample of every company."""
        month = self._vip_last_month()
        for company in self.env["res.company"].search([]):
            self._vip_draw(company, month)
