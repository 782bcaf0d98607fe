# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools
import logging

from odoo import api, fields, models
from odoo.http import request

_logger = logging.getLogger(__name__)


class VipReferenceMixin(models.AbstractModel):
    """A reference taken from the ``ir.sequence`` whose code is the model's name
    (``REC/2026/00001`` style; the sequences are data, editable by administrators)."""

    _name = "vip.reference.mixin"
    _description = "VIP sequence reference"

    # Issue 23: a new record reads "New" (as Odoo's own documents do) until it takes its number.
    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, index="trigram",
                       default=lambda self: self.env._("New"))

    @api.model_create_multi
    def create(self, vals_list):
        placeholders = {"/", "New", self.env._("New")}
        for vals in vals_list:
            if vals.get("name", "/") in placeholders:
                vals["name"] = self._vip_take_reference(vals.get("company_id") or self.env.company.id) or "/"
        return super().create(vals_list)

    @api.model
    def _vip_take_reference(self, company_id):
        """The next number, unique and gap-free, without a conflict between concurrent
        creations (issue 14 load test).

        A gap-free (``no_gap``) sequence updates its row in the creating transaction. Under
        PostgreSQL's repeatable read, a second creation waiting for that row fails with a
        serialization error as soon as the first one commits, even when it only waited for
        the lock; Odoo retries five times, then the user sees the error (1 creation in 151
        with 10 sales users). Here the number is taken in its own short READ COMMITTED
        transaction, which waits for the row and then reads the committed number, and is
        given back if the creating transaction rolls back: the next creation takes a number
        given back first. Outside web requests (crons, shell, tests, which share one
        transaction) and for standard sequences (never locked) the number is taken in the
        creating transaction, as before."""
        registry = self.env.registry
        if not request or registry.in_test_mode() or not self.env["ir.sequence"].sudo().search_count(
            [("code", "=", self._name), ("implementation", "=", "no_gap")], limit=1,
        ):
            return self._vip_next_reference(self.env, company_id)
        with registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            name = self._vip_next_reference(self.env(cr=cr, su=True), company_id)
        if name:
            self.env.cr.postrollback.add(functools.partial(self._vip_give_back_reference, company_id, name))
        return name

    @api.model
    def _vip_next_reference(self, env, company_id):
        """A number given back for this model and company, else the sequence's next one
        (its row locked, waiting: gap-free sequences would refuse a concurrent NOWAIT)."""
        cr = env.cr
        env["vip.reference.gap"].flush_model()
        cr.execute(
            """DELETE FROM vip_reference_gap WHERE id = (
                   SELECT id FROM vip_reference_gap WHERE code = %s AND company_id = %s
                    ORDER BY name LIMIT 1 FOR UPDATE SKIP LOCKED)
               RETURNING name""",
            [self._name, company_id],
        )
        row = cr.fetchone()
        if row:
            return row[0]
        # The sequence next_by_code would take (this company's, else a shared one).
        sequence = env["ir.sequence"].sudo().with_company(company_id).search(
            [("code", "=", self._name), ("company_id", "in", [company_id, False])], order="company_id", limit=1,
        )
        if not sequence:
            return False
        # Issue 21: a gap-free number in one statement, the UPDATE waiting for the row as the
        # former SELECT ... FOR UPDATE did (Odoo's no_gap locks it again NOWAIT, then updates).
        cr.execute(
            """UPDATE ir_sequence SET number_next = number_next + number_increment
                WHERE id = %s AND implementation = 'no_gap' AND NOT COALESCE(use_date_range, FALSE)
            RETURNING number_next - number_increment""",
            [sequence.id],
        )
        row = cr.fetchone()
        if row is None:  # a standard or date-range sequence: Odoo's own way
            cr.execute("SELECT id FROM ir_sequence WHERE id = %s FOR UPDATE", [sequence.id])
            return sequence._next()
        sequence.invalidate_recordset(["number_next", "number_next_actual"])
        return sequence.get_next_char(row[0])

    @api.model
    def _vip_give_back_reference(self, company_id, name):
        """The creating transaction rolled back: keep its number for the next creation."""
        try:
            with self.env.registry.cursor() as cr:
                cr.execute(
                    "INSERT INTO vip_reference_gap (code, company_id, name) VALUES (%s, %s, %s)",
                    [self._name, company_id, name],
                )
        except Exception:  # noqa: BLE001 - after a rollback, nothing else may fail
            _logger.exception("Could not give back reference %s of %s", name, self._name)


class VipReferenceGap(models.Model):
    """Numbers taken by a creation that rolled back, taken again first (gap-free)."""

    _name = "vip.reference.gap"
    _description = "Reference given back"
    _log_access = False
    _order = "code, company_id, name"

    code = fields.Char(required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    name = fields.Char(required=True)
