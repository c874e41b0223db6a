"""``flush`` as Django ships it, allowed to empty the append-only tables on SQLite.

Emptying the whole database is not editing a log (PostgreSQL's TRUNCATE
already skips the row triggers); tests use it between transactional tests.
The decision and block logs ask ``comments.triggers``; the corrections record
asks ``webcore.appendonly``.
"""

from django.core.management.commands import flush

from comments.triggers import log_maintenance
from webcore.appendonly import maintenance


class Command(flush.Command):
    def handle(self, **options):
        with log_maintenance(), maintenance():
            return super().handle(**options)
