"""``flush`` as Django ships it, allowed to empty the append-only tables.

Emptying the whole database is not editing a log; tests use it between
transactional tests. Everywhere else the database refuses: the decision and
block logs ask ``comments.triggers``, the corrections record ``webcore.appendonly``.

On PostgreSQL one TRUNCATE locks every table in turn, so a process still
working on the database (a task worker polling its queue, an app server
finishing a request) can deadlock with it; PostgreSQL then cancels the
TRUNCATE, which rolls back whole. Emptying is tried again a few times.
"""

import time

from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import OperationalError

from comments.triggers import log_maintenance
from webcore.appendonly import maintenance

ATTEMPTS = 5


class Command(flush.Command):
    def handle(self, **options):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with log_maintenance(options.get("database") or "default"), maintenance():
                    return super().handle(**options)
            except CommandError as error:
                deadlocked = isinstance(error.__cause__, OperationalError) and (
                    "deadlock" in str(error.__cause__)
                )
                if not deadlocked or attempt == ATTEMPTS:
                    raise
                time.sleep(0.2 * attempt)
