# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Several grouped reads in one SQL statement (issue 21: the forms' counts and figures)."""
from collections import defaultdict

from odoo.tools import SQL


def vip_group_part(Model, domain, group_fname, aggregate="count"):
    """One part of :func:`vip_grouped_read`: ``domain`` searched on ``Model`` with the
    reader's record rules (``Model._search``, as ``_read_group`` does), grouped by
    ``group_fname`` (a stored field, a non-stored related field, or a stored many2many
    restricted to the ids the domain names with ``(group_fname, "in", ids)``), and
    ``aggregate``: ``"count"`` or ``"sum:field"``/``"sum:field-field"``."""
    query = Model._search(domain)
    table = Model._table
    field = Model._fields[group_fname]
    if field.type == "many2many":
        # Only the rows of the ids searched: a record linked to several of them counts for each.
        ids = next(
            tuple(leaf[2]) for leaf in domain
            if isinstance(leaf, (list, tuple)) and tuple(leaf[:2]) == (group_fname, "in")
        )
        rel = query.make_alias(table, group_fname)
        query.add_join("JOIN", rel, field.relation, SQL(
            "%s = %s AND %s IN %s", SQL.identifier(rel, field.column1), SQL.identifier(table, "id"),
            SQL.identifier(rel, field.column2), ids or (0,),
        ))
        group = SQL.identifier(rel, field.column2)
    else:
        group = Model._field_to_sql(table, group_fname, query)
    if aggregate == "count":
        value = SQL("COUNT(*)")
    else:
        terms = aggregate.split(":", 1)[1].split("-")
        value = SQL("SUM(%s)", SQL(" - ").join(
            SQL("COALESCE(%s, 0)", Model._field_to_sql(table, term, query)) for term in terms
        ))
    query.groupby = group
    return query, group, value


def vip_grouped_read(env, parts, serial=False):
    """Run grouped reads of several models as one statement (a UNION ALL).

    ``parts`` is ``{key: (query, group SQL, value SQL)}`` (see :func:`vip_group_part`); the
    result is ``{key: {group value: aggregate}}``, the same figures as one ``_read_group`` per
    model, in one round trip instead of one per model. ``serial``: run it without parallel
    workers (one more query, see below)."""
    result = defaultdict(dict)
    if not parts:
        return result
    statement = SQL(" UNION ALL ").join(
        SQL("(%s)", query.select(SQL("%s::text", key), group, value))
        for key, (query, group, value) in parts.items()
    )
    if not serial:
        rows = env.execute_query(statement)
    else:
        # The customer's counts read a handful of rows of one customer, but the appointment and
        # pass rules' sub-plan (a salesperson's customers: ~10,000 ids at 100,000 customers)
        # makes PostgreSQL cost the UNION in thousands and run it with parallel workers, whose
        # start-up (20-30 ms on a 2-vCPU machine) was the whole time of a statement doing
        # 0.1 ms of work (README, "Scale", issue 21). This one statement runs without them;
        # the setting is then given back to the transaction's default.
        rows = env.execute_query(SQL("SET LOCAL max_parallel_workers_per_gather = 0; %s", statement))
        env.cr.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
    for key, group, value in rows:
        if group is not None:
            result[key][group] = value
    return result
