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
