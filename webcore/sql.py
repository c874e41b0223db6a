"""A queryset's WHERE clause as SQL, for the few statements an app writes by hand.

Apps keep their rules in querysets (``Article.objects.published()``,
``Comment.objects.approved()``). Where a measured hot path is written as one
plain SQL statement, it must not spell such a rule out again: it embeds the
clause the queryset compiles to, so a change to the rule (an embargo, an
edition) reaches the statement too. The clause is compiled once per database
vendor and kept.
"""

import re
from datetime import datetime

from django.db import connections

# A placeholder, or an escaped percent sign, in SQL compiled for cursor.execute().
_PLACEHOLDER = re.compile(r"%%|%s")


def where_clause(queryset, *, using: str, samples: dict[str, object]) -> tuple[str, dict]:
    """``(sql, constants)``: the queryset's WHERE clause with named parameters.

    ``samples`` maps a parameter name to the value the queryset was built with
    (e.g. ``{"now": SAMPLE_TIME}`` for ``published(at=SAMPLE_TIME)``); each slot
    holding that value becomes ``%(now)s``, for the caller to fill at run time
    (adapted as the ORM would, see :func:`adapt`). Every other value is a
    constant of the rule: its slot gets a name of its own, and ``constants``
    holds the values to pass with the statement.

    Columns are qualified by their table's name (``"articles_article"."status"``),
    so the statement must read that table unaliased where the clause goes.
    """
    connection = connections[using]
    query = queryset.query
    sql, params = query.get_compiler(using=using).compile(query.where)
    adapted = {name: adapt(connection, value) for name, value in samples.items()}
    values = iter(params)
    constants = {}

    def name_slot(match):
        if match.group() == "%%":
            return "%%"
        value = next(values)
        for name, sample in adapted.items():
            if value == sample:
                return f"%({name})s"
        key = f"rule_{len(constants)}"
        constants[key] = value
        return f"%({key})s"

    return _PLACEHOLDER.sub(name_slot, sql), constants


def adapt(connection, value):
    """``value`` as the ORM passes it to this database in a query parameter."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
