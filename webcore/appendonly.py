"""Append-only tables: what lets ``flush`` empty them on SQLite, and nothing else.

An append-only table (a log, the corrections record) refuses UPDATE and
DELETE in the database, through triggers its migration installs. Emptying the
whole database (``manage.py flush``, which tests use between transactional
tests) is not deleting a row of the record: PostgreSQL's TRUNCATE fires no row
triggers, and on SQLite the DELETE guards ask the SQL function
``webcore_maintenance()``, which answers 1 only inside :func:`maintenance`.
The function exists only on connections Django opens; anywhere else (the
sqlite3 shell) the guard's DELETE fails too.
"""

from contextlib import contextmanager
from contextvars import ContextVar

SQLITE_FUNCTION = "webcore_maintenance"

_maintenance = ContextVar("webcore_maintenance", default=False)


@contextmanager
def maintenance():
    """Let SQLite empty append-only tables inside this block: only ``flush`` uses it."""
    token = _maintenance.set(True)
    try:
        yield
    finally:
        _maintenance.reset(token)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: the SQL function the SQLite DELETE guards ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 0, lambda: int(_maintenance.get()), deterministic=False
        )
