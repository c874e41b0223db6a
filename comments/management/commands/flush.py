"""``flush`` as Django ships it, allowed to empty the append-only logs.

Emptying the whole database is not editing a log; tests use it between
transactional tests. Everywhere else the database refuses (comments.triggers).
"""

from django.core.management.commands import flush

from comments.triggers import log_maintenance


class Command(flush.Command):
    def handle(self, **options):
        with log_maintenance(options.get("database") or "default"):
            return super().handle(**options)
