"""``flush`` as Django ships it, allowed to empty the append-only decision log on SQLite.

Emptying the whole database is not editing the log (PostgreSQL's TRUNCATE
already skips the row triggers); tests use it between transactional tests.
"""

from django.core.management.commands import flush

from comments.triggers import log_maintenance


class Command(flush.Command):
    def handle(self, **options):
        with log_maintenance():
            return super().handle(**options)
