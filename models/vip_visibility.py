# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Visibility that an index can answer (issue 21): who sees a reception and its customers.

Two small tables hold the statement of the record rules (R-PII-02) per user:

* ``vip_reception_visibility (user_id, reception_id, always)``: the requester, the lead person,
  the staff's users and the reviewers of the reception; ``always`` is False for a user who
  reviews it only in superseded (archived) reviews, which count with ``active_test=False`` only,
  as with the ORM statement;
* ``vip_partner_visibility (user_id, partner_id, always)``: the same users for the customers of
  the reception; ``always`` is False when the link holds only through an archived reception.

The rules keep searching ``vip_rule_user_ids``; its search methods read these tables (one index
range on the primary key ``(user_id, id)``) instead of a union over four tables.

The tables are kept by statement-level triggers (transition tables, one refresh per statement
for the set of receptions it touched) wherever the statement can change: receptions (requester,
lead person, active), staff lines, employees' users, tier reviews and their reviewer relation
(so delegations, group grants and the reviewers' recomputation, whether the ORM or SQL writes
them), the reception-customer relation. A refresh recomputes the rows of the touched receptions
and of their customers from the source tables, so the tables cannot drift from them; it writes
only the rows that change, so concurrent changes that leave who sees what as it was (a new
reception of a customer its requester already sees) do not conflict.
Functions and triggers are (re)created on every update of the module; the tables are filled by
the post-init hook and the migration to 18.0.1.5.1; all is removed by the uninstall hook.
"""
from odoo.tools import SQL

DDL_TEMPLATE = """
CREATE TABLE IF NOT EXISTS vip_reception_visibility (
    user_id integer NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
    reception_id integer NOT NULL REFERENCES vip_reception(id) ON DELETE CASCADE,
    always boolean NOT NULL,
    PRIMARY KEY (user_id, reception_id) INCLUDE (always)
);
CREATE INDEX IF NOT EXISTS vip_reception_visibility_reception_idx ON vip_reception_visibility (reception_id);
CREATE TABLE IF NOT EXISTS vip_partner_visibility (
    user_id integer NOT NULL REFERENCES res_users(id) ON DELETE CASCADE,
    partner_id integer NOT NULL REFERENCES res_partner(id) ON DELETE CASCADE,
    always boolean NOT NULL,
    PRIMARY KEY (user_id, partner_id) INCLUDE (always)
);
CREATE INDEX IF NOT EXISTS vip_partner_visibility_partner_idx ON vip_partner_visibility (partner_id);

%(partners)s

-- Who sees the customers of the receptions ``ids`` when these receptions' users only grew (a
-- reception created or linked to a customer, a colleague on the staff, a new reviewer): their
-- users are merged into the customers' rows, without recomputing the customers' other
-- receptions (a key account has hundreds: 20-90 ms each time at 100,000 customers, issue 21).
-- Only rows that change are written. A shrink recomputes the customers (vip_visibility_partners).
CREATE OR REPLACE FUNCTION vip_visibility_partners_grow(ids integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO vip_partner_visibility AS old (user_id, partner_id, always)
    SELECT vis.user_id, link.partner_id, bool_or(vis.always AND rec.active)
      FROM vip_reception_partner_rel link
      JOIN vip_reception rec ON rec.id = link.reception_id
      JOIN vip_reception_visibility vis ON vis.reception_id = link.reception_id
     WHERE link.reception_id = ANY(ids)
     GROUP BY vis.user_id, link.partner_id
    ON CONFLICT (user_id, partner_id) DO UPDATE SET always = TRUE
     WHERE EXCLUDED.always AND NOT old.always;
END $$;

%(receptions)s

CREATE OR REPLACE FUNCTION vip_visibility_on_reception() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM vip_visibility_receptions(ARRAY(SELECT n.id FROM new_rows n));
    ELSE
        PERFORM vip_visibility_receptions(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.user_id IS DISTINCT FROM o.user_id OR n.lead_user_id IS DISTINCT FROM o.lead_user_id
                OR n.active IS DISTINCT FROM o.active
        ));
        -- An archived (or restored) reception changes ``always`` of its customers' rows.
        PERFORM vip_visibility_partners(ARRAY(
            SELECT DISTINCT link.partner_id FROM new_rows n JOIN old_rows o ON o.id = n.id
              JOIN vip_reception_partner_rel link ON link.reception_id = n.id
             WHERE n.active IS DISTINCT FROM o.active
        ));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vip_visibility_on_staff() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM vip_visibility_receptions(ARRAY(SELECT DISTINCT n.reception_id FROM new_rows n));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM vip_visibility_receptions(ARRAY(SELECT DISTINCT o.reception_id FROM old_rows o));
    ELSE
        PERFORM vip_visibility_receptions(ARRAY(
            SELECT n.reception_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.employee_id IS DISTINCT FROM o.employee_id OR n.reception_id IS DISTINCT FROM o.reception_id
            UNION
            SELECT o.reception_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.employee_id IS DISTINCT FROM o.employee_id OR n.reception_id IS DISTINCT FROM o.reception_id
        ));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vip_visibility_on_employee() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM vip_visibility_receptions(ARRAY(
        SELECT DISTINCT staff.reception_id
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN vip_reception_staff staff ON staff.employee_id = n.id
         WHERE n.user_id IS DISTINCT FROM o.user_id
    ));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vip_visibility_on_review() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM vip_visibility_receptions(ARRAY(
            SELECT DISTINCT o.res_id FROM old_rows o WHERE o.model = 'vip.reception'
        ));
    ELSE
        PERFORM vip_visibility_receptions(ARRAY(
            SELECT n.res_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.model = 'vip.reception' AND (n.active IS DISTINCT FROM o.active
                   OR n.res_id IS DISTINCT FROM o.res_id OR n.model IS DISTINCT FROM o.model)
            UNION
            SELECT o.res_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE o.model = 'vip.reception' AND (n.res_id IS DISTINCT FROM o.res_id OR n.model IS DISTINCT FROM o.model)
        ));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vip_visibility_on_reviewer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM vip_visibility_receptions(ARRAY(
            SELECT DISTINCT review.res_id FROM new_rows n JOIN tier_review review ON review.id = n.tier_review_id
             WHERE review.model = 'vip.reception'
        ));
    ELSE
        -- A review deleted with its reviewers is refreshed by the review's own trigger.
        PERFORM vip_visibility_receptions(ARRAY(
            SELECT DISTINCT review.res_id FROM old_rows o JOIN tier_review review ON review.id = o.tier_review_id
             WHERE review.model = 'vip.reception'
        ));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vip_visibility_on_customer_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A new link only adds the reception's users to the customer.
        PERFORM vip_visibility_partners_grow(ARRAY(SELECT DISTINCT n.reception_id FROM new_rows n));
    ELSE
        PERFORM vip_visibility_partners(ARRAY(SELECT DISTINCT o.partner_id FROM old_rows o));
    END IF;
    RETURN NULL;
END $$;
"""

def _refresh_function(name, comment, table, column, ids_var, wanted, after=""):
    """One refresh function: ``wanted`` (SQL selecting ``user_id``, ``record``, ``always`` of
    the records ``ids``) is what ``table`` must hold for them; only the rows that change are
    written (deleted, updated, inserted), so that concurrent changes that do not change who
    sees a record do not touch the same rows (no serialization failure between them)."""
    return f"""-- {comment}
CREATE OR REPLACE FUNCTION {name}({ids_var} integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    shrunk boolean;  -- a row was removed or lost ``always``: someone may see less
BEGIN
    IF coalesce(cardinality({ids_var}), 0) = 0 THEN
        RETURN;
    END IF;
    WITH wanted(user_id, record, always) AS (
{wanted}
    ), gone AS (
        DELETE FROM {table} old
         WHERE old.{column} = ANY({ids_var}) AND NOT EXISTS (
               SELECT 1 FROM wanted WHERE wanted.user_id = old.user_id AND wanted.record = old.{column})
        RETURNING old.user_id
    ), changed AS (
        UPDATE {table} old SET always = wanted.always FROM wanted
         WHERE old.user_id = wanted.user_id AND old.{column} = wanted.record AND old.always <> wanted.always
        RETURNING old.always
    ), added AS (
        INSERT INTO {table} (user_id, {column}, always)
        SELECT user_id, record, always FROM wanted
        ON CONFLICT (user_id, {column}) DO NOTHING
        RETURNING user_id
    )
    SELECT EXISTS (SELECT 1 FROM gone) OR EXISTS (SELECT 1 FROM changed WHERE NOT changed.always)
      INTO shrunk;{after}
END $$;"""


DDL = DDL_TEMPLATE % {
    "partners": _refresh_function(
        "vip_visibility_partners",
        "The rows of the customers ``ids``: users of their receptions (active reception and\n"
        "-- ``always`` user, or only with active_test=False).",
        "vip_partner_visibility", "partner_id", "ids", """\
        SELECT vis.user_id, link.partner_id, bool_or(vis.always AND rec.active)
          FROM vip_reception_partner_rel link
          JOIN vip_reception rec ON rec.id = link.reception_id
          JOIN vip_reception_visibility vis ON vis.reception_id = link.reception_id
         WHERE link.partner_id = ANY(ids)
         GROUP BY vis.user_id, link.partner_id""",
    ),
    "receptions": _refresh_function(
        "vip_visibility_receptions",
        "The rows of the receptions ``ids`` (requester, lead person, staff, reviewers), then of\n"
        "-- their customers.",
        "vip_reception_visibility", "reception_id", "ids", """\
        SELECT who.user_id, who.reception_id, bool_or(who.always)
          FROM (
                SELECT rec.user_id, rec.id, TRUE FROM vip_reception rec WHERE rec.id = ANY(ids)
                UNION ALL
                SELECT rec.lead_user_id, rec.id, TRUE FROM vip_reception rec WHERE rec.id = ANY(ids)
                UNION ALL
                SELECT emp.user_id, staff.reception_id, TRUE
                  FROM vip_reception_staff staff
                  JOIN hr_employee emp ON emp.id = staff.employee_id
                 WHERE staff.reception_id = ANY(ids)
                UNION ALL
                SELECT rel.res_users_id, rec.id, review.active
                  FROM tier_review review
                  JOIN vip_reception rec ON rec.id = review.res_id
                  JOIN res_users_tier_review_rel rel ON rel.tier_review_id = review.id
                 WHERE review.model = 'vip.reception' AND review.res_id = ANY(ids)
               ) AS who(user_id, reception_id, always)
         WHERE who.user_id IS NOT NULL
         GROUP BY who.user_id, who.reception_id""",
        after="""
    IF shrunk THEN
        PERFORM vip_visibility_partners(ARRAY(
            SELECT DISTINCT link.partner_id FROM vip_reception_partner_rel link WHERE link.reception_id = ANY(ids)
        ));
    ELSE
        PERFORM vip_visibility_partners_grow(ids);
    END IF;""",
    ),
}

# (table, function, operations): one statement-level trigger per operation (transition
# tables cannot be declared for several operations at once).
TRIGGERS = (
    ("vip_reception", "vip_visibility_on_reception", ("INSERT", "UPDATE")),
    ("vip_reception_staff", "vip_visibility_on_staff", ("INSERT", "UPDATE", "DELETE")),
    ("hr_employee", "vip_visibility_on_employee", ("UPDATE",)),
    ("tier_review", "vip_visibility_on_review", ("UPDATE", "DELETE")),
    ("res_users_tier_review_rel", "vip_visibility_on_reviewer", ("INSERT", "DELETE")),
    ("vip_reception_partner_rel", "vip_visibility_on_customer_link", ("INSERT", "DELETE")),
)
FUNCTIONS = (
    "vip_visibility_on_reception", "vip_visibility_on_staff", "vip_visibility_on_employee",
    "vip_visibility_on_review", "vip_visibility_on_reviewer", "vip_visibility_on_customer_link",
    "vip_visibility_receptions", "vip_visibility_partners", "vip_visibility_partners_grow",
)


def _trigger_name(table, operation):
    return SQL.identifier(f"{table}_vip_visibility_{operation.lower()}")


def _trigger_sql(table, function, operation):
    transition = {
        "INSERT": SQL("NEW TABLE AS new_rows"),
        "UPDATE": SQL("NEW TABLE AS new_rows OLD TABLE AS old_rows"),
        "DELETE": SQL("OLD TABLE AS old_rows"),
    }[operation]
    return SQL(
        "DROP TRIGGER IF EXISTS %(name)s ON %(table)s; CREATE TRIGGER %(name)s AFTER %(operation)s ON %(table)s"
        " REFERENCING %(transition)s FOR EACH STATEMENT EXECUTE FUNCTION %(function)s()",
        name=_trigger_name(table, operation), table=SQL.identifier(table), operation=SQL(operation),
        transition=transition, function=SQL.identifier(function),
    )


def install_sql(cr):
    """Create the tables (if missing) and (re)create the functions and triggers: on every
    update of the module (``vip.reception.staff.init``, the last of their source tables)."""
    cr.execute(DDL)
    for table, function, operations in TRIGGERS:
        for operation in operations:
            cr.execute(_trigger_sql(table, function, operation))


def install(cr):
    """Install, then fill the tables from the source tables (every reception, then its
    customers): the post-init hook and the migration to 18.0.1.5.1; idempotent."""
    install_sql(cr)
    refresh_all(cr)


def refresh_all(cr):
    cr.execute("TRUNCATE vip_reception_visibility, vip_partner_visibility")
    cr.execute("SELECT vip_visibility_receptions(ARRAY(SELECT id FROM vip_reception))")
    cr.execute("ANALYZE vip_reception_visibility")
    cr.execute("ANALYZE vip_partner_visibility")


def uninstall(cr):
    for table, _function, operations in TRIGGERS:
        for operation in operations:
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s", _trigger_name(table, operation), SQL.identifier(table)))
    for function in FUNCTIONS:
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(function)))
    cr.execute("DROP TABLE IF EXISTS vip_reception_visibility, vip_partner_visibility")


def flush_sources(env):
    """Flush every field the tables derive from: their triggers run in the flush."""
    env["vip.reception"].flush_model(["user_id", "lead_user_id", "active", "partner_ids"])
    env["vip.reception.staff"].flush_model(["reception_id", "employee_id"])
    env["hr.employee"].flush_model(["user_id"])
    env["tier.review"].flush_model(["model", "res_id", "active", "reviewer_ids"])
    env["res.partner"].flush_model(["vip_rule_reception_ids"])


def visible_sql(env, table, column, users):
    """SQL selecting ``column`` of ``table`` (a visibility table) for the users (ids); the
    rows that hold only through archived records count with ``active_test=False`` only."""
    flush_sources(env)
    ids = tuple([users] if isinstance(users, int) else users) or (0,)
    return SQL(
        "(SELECT vis.%s FROM %s vis WHERE vis.user_id IN %s AND (vis.always OR NOT %s))",
        SQL.identifier(column), SQL.identifier(table), ids, env.context.get("active_test", True),
    )


def users_of(env, table, column, ids):
    """{record id: [user ids]} of the records ``ids`` in ``table`` (a visibility table): who
    sees them through the rule, for Odoo's check in Python of records read or written (one
    query for the batch); the rows that hold only through archived records count with
    ``active_test=False`` only, as in ``visible_sql``."""
    flush_sources(env)
    env.cr.execute(SQL(
        "SELECT vis.%s, vis.user_id FROM %s vis WHERE vis.%s IN %s AND (vis.always OR NOT %s)",
        SQL.identifier(column), SQL.identifier(table), SQL.identifier(column),
        tuple(ids) or (0,), env.context.get("active_test", True),
    ))
    users = {}
    for record_id, user_id in env.cr.fetchall():
        users.setdefault(record_id, []).append(user_id)
    return users
