"""The connection side of "comments are never edited" and "the logs are append-only".

The rules themselves are database triggers, installed by migrations with
their SQL written out (``0002_never_edited_triggers``,
``0004_unified_fingerprint_and_block_log_triggers``,
``0005_log_guards_replace_truncate``); the columns they hold fixed are
``comments.models.IMMUTABLE_FIELDS``, and ``tests/test_comments_immutability.py``
proves the two agree, column by column, on both databases.

What the triggers need from each connection Django opens, set up here:

* SQLite: ``PRAGMA recursive_triggers``, so that the deletion a ``REPLACE``
  performs fires the logs' DELETE guards; and ``comments_log_maintenance()``,
  the SQL function those guards ask, true only inside :func:`log_maintenance`.
* PostgreSQL: the TRUNCATE guard reads the session setting
  ``newsroom.log_maintenance``, which :func:`log_maintenance` sets.

Emptying the whole database (``manage.py flush``, which tests use between
transactional tests) is not deleting a decision: our ``flush`` command runs
inside :func:`log_maintenance`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

_maintenance = ContextVar("comments_log_maintenance", default=False)


@contextmanager
def log_maintenance(using: str = "default"):
    """Let the database empty the append-only logs inside this block: only ``flush`` uses it."""
    connection = connections[using]
    token = _maintenance.set(True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('newsroom.log_maintenance', 'on', false)")
    try:
        yield
    finally:
        _maintenance.reset(token)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('newsroom.log_maintenance', '', false)")


def prepare_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: what the SQLite triggers need on every connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "comments_log_maintenance", 0, lambda: int(_maintenance.get())
        )
        connection.connection.execute("PRAGMA recursive_triggers = ON")
