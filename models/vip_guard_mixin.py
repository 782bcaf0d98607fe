# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

# Marks writes made by an action method. A plain object cannot travel through JSON-RPC or
# XML-RPC, so a client cannot forge it by passing a context key of its own.
_WORKFLOW = object()
# Marks the creation of a parent record: its own lines are created with it (data files create
# done demo receptions with their lines in one go).
_CREATING_PARENT = object()

# Bad input (issue 8 point 12): limits checked before PostgreSQL sees the values.
INT4_MAX = 2**31 - 1
FLOAT_MAX = 1e15
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
TEXT_LIMITS = {"char": 1024, "text": 20000, "html": 500000}


# Per-state lock (issue 18): "every field" in a state declaration, "-name" takes one out.
ALL = "*"
# The chatter and its bookkeeping stay open in every state (comments, followers, activities).
CHATTER_FIELDS = frozenset({
    "message_follower_ids", "message_ids", "website_message_ids", "message_main_attachment_id",
    "access_token", "activity_ids",
})
CHATTER_PREFIXES = ("message_", "activity_")


def vip_in_workflow(env):
    """Whether ``env`` acts inside an action method (``_vip_action_env``) or as the system
    itself (the superuser account: crons, data files, module installation). A user's
    ``sudo()`` is not an action (issue 18): routes and code that only raise rights still
    meet the guard."""
    return (
        env.context.get("vip_workflow") is _WORKFLOW
        or env.uid == SUPERUSER_ID
        or bool(env.context.get("install_mode"))
    )


def vip_is_chatter_field(name):
    return name in CHATTER_FIELDS or name.startswith(CHATTER_PREFIXES)


def vip_retention_cutoff(env, company):
    """Records created after this moment are inside the retention period (R-PII-06)."""
    years = company.vip_retention_years if company else env.company.vip_retention_years
    return fields.Datetime.now() - relativedelta(years=years)


class VipGuardMixin(models.AbstractModel):
    """Fields that only action methods may write, clean input, retention and locked lines.

    * ``_vip_workflow_fields``: workflow fields (state, outcome, reviewers, verifiers,
      timestamps, confirmations...). ``create``/``write`` by anyone but the superuser or an
      administrator refuse them, unless the write comes from an action method through
      ``_vip_action_write`` / ``_vip_action_env``. On ``create`` a workflow field may only
      carry its default (or an empty) value; ``default_<field>`` context keys and ``copy``
      never carry one either.
    * ``_vip_workflow_field_groups``: {field: "group xmlids"}, workflow fields that members of
      those groups may also edit directly (e.g. compliance overrides "foreign").
    * Every ``create``/``write`` checks values by field type (dates, integers, text sizes,
      selections) and answers with a translated ValidationError instead of a database error.
    * ``_vip_retention``: records cannot be deleted inside the company's retention period
      (R-PII-06); archive them instead.
    * ``_vip_draft_state`` / ``_vip_final_states``: a done or cancelled record never returns
      to draft, whoever writes.
    * ``_vip_parent_field``: lines of a parent in one of ``_vip_parent_locked_states`` cannot be
      created, edited or deleted.
    * ``_vip_editable_fields``: the per-state lock (issue 18), the one declaration of what may
      still change: ``{state: (entries...)}`` read on ``_vip_state_field``. The draft state
      (``_vip_draft_state``) is open unless declared; any other state opens only what it lists
      (nothing when it is not listed); the chatter (``CHATTER_FIELDS``, ``message_*``,
      ``activity_*``) and archiving (``active``) are always open. Entries: a field name, ``ALL`` ("*", every field),
      ``"-name"`` (not that one), a one2many (its lines may be added, changed and deleted) or
      ``"line_ids.name"`` (only that field of the existing lines). Refused in ``write`` and
      ``unlink`` of the record (a record is deleted only in a state declared ``ALL``) and in
      ``create``/``write``/``unlink`` of its lines (``_vip_parent_field`` models follow their
      parent), for everybody, ``sudo()`` included, but action methods (``_vip_action_env``),
      the system and administrators. Attachments of a record in a final state are locked too.
      Tier models hand the same declaration to base_tier_validation's validation exceptions
      (``vip.workflow.mixin``). ``None``: no lock declared.
    """

    _name = "vip.guard.mixin"
    _description = "VIP workflow fields written by actions only"

    _vip_workflow_fields = ()
    _vip_workflow_field_groups = {}
    _vip_text_limits = {}
    _vip_retention = False
    _vip_draft_state = "draft"
    _vip_final_states = ("done", "cancelled")
    _vip_parent_field = None
    _vip_parent_locked_states = ("done", "cancelled")
    _vip_state_field = "state"
    _vip_editable_fields = None

    # ------------------------------------------------------------------ API
    def _vip_action_env(self):
        """These records, allowed to write their workflow fields (use in action methods)."""
        return self.with_context(vip_workflow=_WORKFLOW)

    def _vip_action_write(self, vals):
        return self._vip_action_env().write(vals)

    def _vip_is_action(self):
        return vip_in_workflow(self.env) or self.env.user._is_admin()

    def _vip_frozen_fields(self):
        """Hook: fields that became workflow evidence on these records (e.g. a cancellation
        reason once cancelled); refused like workflow fields."""
        return []

    def _vip_compute_flag(self, field_name, domain):
        """Compute body for a boolean that is true for the records matching ``domain`` (late,
        overdue, overstaying...: the same domain serves the search, ``_vip_bool_search``)."""
        matching = self.filtered_domain(domain)
        for rec in self:
            rec[field_name] = rec in matching

    @api.model
    def _vip_bool_search(self, domain, operator, value):
        """Search method body for a boolean computed from ``domain``."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This filter only supports true or false."))
        domain = expression.normalize_domain(domain)
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _vip_derived_create_values(self, vals_list):
        """Hook: fill, in place, workflow fields that the model derives from the other values
        at creation (e.g. the approved amount of a budget line). Runs after the client's values
        were checked, with the caller's rights; the lines' parent lock still applies."""
        return None

    def _vip_guarded_fields(self):
        """Workflow fields the current user may not write directly."""
        user = self.env.user
        return [
            name for name in self._vip_workflow_fields
            if not (
                name in self._vip_workflow_field_groups
                and user.has_groups(self._vip_workflow_field_groups[name])
            )
        ]

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._vip_check_input(vals)
        if self._vip_workflow_fields and not self._vip_is_action():
            guarded = self._vip_guarded_fields()
            # default_<field> context keys are client input too: drop them.
            context = self.env.context
            if any(f"default_{name}" in context for name in guarded):
                dropped = {f"default_{name}" for name in guarded}
                self = self.with_env(self.env(context={k: v for k, v in context.items() if k not in dropped}))
            for vals in vals_list:
                self._vip_refuse([name for name in guarded if name in vals and not self._vip_is_default(name, vals[name])])
        # Workflow fields the model itself derives at creation (after the client's values
        # were checked above, so they are never client input).
        self._vip_derived_create_values(vals_list)
        if self._vip_parent_field and self.env.context.get("vip_parent_create") is not _CREATING_PARENT:
            parent_ids = {vals.get(self._vip_parent_field) for vals in vals_list} - {False, None}
            self._vip_check_parent_lock(self[self._vip_parent_field].browse(list(parent_ids)), op="create")
        if self._vip_parent_field:
            return super().create(vals_list)
        records = super(VipGuardMixin, self.with_context(vip_parent_create=_CREATING_PARENT)).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        self._vip_check_input(vals)
        if self._vip_workflow_fields and not self._vip_is_action():
            self._vip_refuse([name for name in self._vip_guarded_fields() if name in vals])
            self._vip_refuse([name for name in self._vip_frozen_fields() if name in vals])
        self._vip_check_lock(vals)
        state = vals.get("state")
        if state and state == self._vip_draft_state and "state" in self._fields:
            if any(rec.state in self._vip_final_states for rec in self):
                raise UserError(self.env._(
                    "A done or cancelled %(model)s never returns to draft; duplicate it to start again.",
                    model=self._description,
                ))
        if self._vip_parent_field:
            parents = self[self._vip_parent_field]
            if vals.get(self._vip_parent_field):
                parents |= parents.browse(vals[self._vip_parent_field])
            self._vip_check_parent_lock(parents, vals)
        return super().write(vals)

    def copy_data(self, default=None):
        # A copy starts its workflow again: workflow fields take their defaults (given
        # ``default`` values still go through create's check).
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            for name in self._vip_workflow_fields:
                if name not in default:
                    vals.pop(name, None)
        return vals_list

    def unlink(self):
        # Checked before the other unlink overrides (tier.validation deletes the reviews
        # first), so that the user reads why the record itself is kept.
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self.check_access("unlink")  # who may not delete at all learns that first
            if self._vip_parent_field:
                self._vip_check_parent_lock(self[self._vip_parent_field], op="unlink")
            if self._vip_retention:
                self._vip_check_retention()
            self._vip_check_lock_unlink()
        # The chatter history goes with the record (mail.message refuses it otherwise); a
        # frozenset cannot come from a JSON or XML-RPC client.
        deleting = frozenset((self._name, rec_id) for rec_id in self.ids)
        return super(VipGuardMixin, self.with_context(vip_unlinking_records=deleting)).unlink()

    # ------------------------------------------------------------------ checks
    def _vip_is_default(self, name, value):
        """Whether ``value`` is empty or the field's own default (not default_get(): a
        client controls default_* context keys)."""
        field = self._fields[name]
        if not value:
            return True
        if field.type in ("one2many", "many2many"):
            return False
        if not field.default:
            return False
        default = field.default(self)
        if field.type == "many2one":
            return bool(default) and value == (default.id if isinstance(default, models.BaseModel) else default)
        return value == default

    def _vip_refuse(self, names):
        if not names:
            return
        labels = ", ".join(self._fields[name]._description_string(self.env) for name in names)
        raise UserError(self.env._(
            "These fields of %(model)s change only through its buttons (actions), not by direct "
            "editing: %(fields)s.",
            fields=labels, model=self._description,
        ))

    def _vip_check_parent_lock(self, parents, vals=None, op="write"):
        locked = parents.filtered(lambda p: p.state in self._vip_parent_locked_states)
        if locked:
            raise UserError(self.env._(
                "%(lines)s of %(parent)s cannot be added, changed or deleted: it is done or cancelled.",
                lines=self._description, parent=", ".join(locked.mapped("display_name")),
            ))
        # Issue 18: lines follow their parent's per-state lock.
        if not parents or not parents._vip_lock_declared() or self._vip_is_action():
            return
        o2m = self._vip_parent_o2m()
        names = {name for name in (vals or {}) if not vip_is_chatter_field(name)}
        for parent in parents:
            state = parent[parent._vip_state_field]
            _editable, lines = parent._vip_editable_spec(state)
            if o2m in lines and (lines[o2m] is None or (op == "write" and names <= lines[o2m])):
                continue
            raise UserError(self.env._(
                "%(lines)s of %(parent)s cannot be added, changed or deleted in state “%(state)s”.",
                lines=self._description, parent=parent.display_name, state=parent._vip_state_label(state),
            ))

    # ------------------------------------------------------------------ per-state lock
    @api.model
    def _vip_lock_declared(self):
        return self._vip_editable_fields is not None and self._vip_state_field in self._fields

    def _vip_state_entries(self, state):
        if state in self._vip_editable_fields:
            return self._vip_editable_fields[state]
        return (ALL,) if state == self._vip_draft_state else ()

    @api.model
    def _vip_editable_spec(self, state):
        """``(fields, lines)`` editable in ``state``: a set of field names, and {one2many: None
        (lines added, changed, deleted) or the set of line fields that may change}."""
        names, excluded, lines = set(), set(), {}
        for entry in self._vip_state_entries(state):
            if entry == ALL:
                names |= set(self._fields)
            elif entry.startswith("-"):
                excluded.add(entry[1:])
            elif "." in entry:
                o2m, sub = entry.split(".", 1)
                lines.setdefault(o2m, set()).add(sub)
            else:
                names.add(entry)
        names -= excluded
        for name in names:
            field = self._fields.get(name)
            if field is not None and field.type == "one2many":
                lines[name] = None
        return names, lines

    @api.model
    def _vip_editable_names(self, states):
        """Every field editable in one of ``states`` (the one2many of editable lines included)."""
        result = set()
        for state in states:
            names, lines = self._vip_editable_spec(state)
            result |= names | set(lines)
        return sorted(result)

    def _vip_state_label(self, state):
        field = self._fields[self._vip_state_field]
        return dict(field._description_selection(self.env)).get(state, state) if field.type == "selection" else state

    def _vip_parent_o2m(self):
        """The one2many of the parent that holds these lines."""
        parent = self.env[self._fields[self._vip_parent_field].comodel_name]
        for name, field in parent._fields.items():
            if field.type == "one2many" and field.comodel_name == self._name and field.inverse_name == self._vip_parent_field:
                return name
        return None

    def _vip_self_checked_lines(self):
        """One2many fields whose lines check the lock themselves (``_vip_parent_field``)."""
        result = set()
        for name, field in self._fields.items():
            if field.type == "one2many" and field.comodel_name in self.env:
                comodel = self.env[field.comodel_name]
                if getattr(comodel, "_vip_parent_field", None) and comodel._vip_parent_field == field.inverse_name:
                    result.add(name)
        return result

    def _vip_check_lock(self, vals):
        """Issue 18: in a state after submission only the declared fields change."""
        if not self or not self._vip_lock_declared() or self._vip_is_action():
            return
        skip = self._vip_self_checked_lines()
        # Archiving stays open in every state (retention: archive instead of deleting).
        names = [name for name in vals if not vip_is_chatter_field(name) and name not in skip and name != "active"]
        if not names:
            return
        for state in set(self.mapped(self._vip_state_field)):
            editable, _lines = self._vip_editable_spec(state)
            refused = [name for name in names if name not in editable]
            if refused:
                record = self.filtered(lambda r, state=state: r[r._vip_state_field] == state)[:1]
                raise UserError(self.env._(
                    "%(record)s is “%(state)s”: %(fields)s can no longer be changed (only its "
                    "buttons move it on).",
                    record=record.display_name or self._description, state=self._vip_state_label(state),
                    fields=", ".join(self._fields[name]._description_string(self.env) if name in self._fields
                                     else name for name in refused),
                ))

    def _vip_check_lock_unlink(self):
        """A record is deleted only in a state that opens every field (its draft)."""
        if not self._vip_lock_declared() or self._vip_is_action():
            return
        for rec in self:
            state = rec[rec._vip_state_field]
            if ALL not in rec._vip_state_entries(state):
                raise UserError(self.env._(
                    "%(record)s is “%(state)s” and cannot be deleted; cancel or archive it instead.",
                    record=rec.display_name or rec._description, state=rec._vip_state_label(state),
                ))

    def _vip_check_attachment_lock(self):
        """The papers (attachments) of a record in a final state are not replaced or deleted."""
        if not self._vip_lock_declared() or self._vip_is_action():
            return
        final = self.filtered(lambda r: r[r._vip_state_field] in r._vip_final_states)
        if final:
            raise UserError(self.env._(
                "The attachments of %(record)s (“%(state)s”) cannot be changed or deleted.",
                record=final[0].display_name,
                state=final[0]._vip_state_label(final[0][final[0]._vip_state_field]),
            ))

    def _vip_retention_until(self):
        """R-PII-06: {record id: the moment its retention period ends} (creation + the company's
        years, as :meth:`_vip_check_retention` counts it). No query beyond reading the records."""
        return {
            rec.id: rec.create_date + relativedelta(years=(
                (rec.company_id if "company_id" in rec._fields else False) or self.env.company
            ).vip_retention_years)
            for rec in self if rec.create_date
        }

    def _vip_check_retention(self):
        """R-PII-06: nothing created inside the retention period is deleted."""
        for rec in self:
            company = rec.company_id if "company_id" in rec._fields else rec.env.company
            if rec.create_date and rec.create_date > vip_retention_cutoff(self.env, company):
                raise UserError(self.env._(
                    "%(record)s is kept for %(years)s years (retention, R-PII-06) and cannot be "
                    "deleted; archive it instead.",
                    record=rec.display_name or rec._description,
                    years=(company or self.env.company).vip_retention_years,
                ))

    def _vip_check_input(self, vals):
        """Translated errors for values PostgreSQL would refuse with a raw error (or that are
        absurd): dates out of range, integers beyond int4, oversized text, unknown choices."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is None or value is False:
                continue
            error = VipGuardMixin._vip_input_error(self, field, value)
            if error:
                raise ValidationError(self.env._(
                    "%(field)s (%(model)s): %(error)s",
                    field=field._description_string(self.env), model=self._description, error=error,
                ))

    def _vip_input_error(self, field, value):
        ftype = field.type
        if ftype in ("integer", "many2one"):
            if isinstance(value, bool):
                return False
            if ftype == "integer" and not isinstance(value, int | float):
                return self.env._("a whole number is expected.")
            if isinstance(value, float) and not math.isfinite(value):
                return self.env._("the number %(value)s is out of range.", value=value)
            if isinstance(value, int | float) and not -INT4_MAX - 1 <= value <= INT4_MAX:
                return self.env._("the number %(value)s is out of range (at most %(max)s).", value=value, max=INT4_MAX)
        elif ftype in ("float", "monetary"):
            if isinstance(value, bool):
                return False
            if not isinstance(value, int | float):
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    return self.env._("a number is expected.")
            if not math.isfinite(value) or abs(value) >= FLOAT_MAX:
                return self.env._("the number %(value)s is out of range.", value=value)
        elif ftype in ("date", "datetime"):
            try:
                parsed = fields.Datetime.to_datetime(value) if ftype == "datetime" else fields.Date.to_date(value)
            except (TypeError, ValueError, OverflowError):
                return self.env._("“%s” is not a valid date.", str(value)[:40])
            day = parsed.date() if isinstance(parsed, datetime) else parsed
            if not DATE_MIN <= day <= DATE_MAX:
                return self.env._(
                    "the date %(value)s is out of range (%(min)s to %(max)s).",
                    value=day, min=DATE_MIN, max=DATE_MAX,
                )
        elif ftype in TEXT_LIMITS:
            limit = getattr(self, "_vip_text_limits", {}).get(field.name, TEXT_LIMITS[ftype])
            if isinstance(value, str) and len(value) > limit:
                return self.env._(
                    "the text is too long (%(size)s characters, at most %(limit)s).", size=len(value), limit=limit,
                )
        elif ftype == "selection" and isinstance(value, str):
            allowed = field.get_values(self.env)
            if value not in allowed:
                return self.env._("“%s” is not one of the allowed choices.", value[:40])
        elif ftype in ("one2many", "many2many") and isinstance(value, list | tuple):
            ids = []
            for command in value:
                if isinstance(command, list | tuple) and command:
                    if command[0] in (1, 2, 3, 4) and len(command) > 1:
                        ids.append(command[1])
                    elif command[0] == 6 and len(command) > 2:
                        ids.extend(command[2] or [])
                elif isinstance(command, int):
                    ids.append(command)
            if any(isinstance(i, int) and not isinstance(i, bool) and not 0 < i <= INT4_MAX for i in ids):
                return self.env._("a record reference is out of range.")
        return False


def vip_check_input(records, vals):
    """The bad-input check of ``vip.guard.mixin`` for a model that does not inherit it (the
    add-on's fields on ``res.partner``): same messages, same limits."""
    VipGuardMixin._vip_check_input(records, vals)
