"""``flush`` as Django ships it, allowed to empty the append-only tables.

Emptying the whole database is not editing a log; tests use it between
transactional tests. Everywhere else the database refuses: the decision and
block logs ask ``comments.triggers``, the corrections record ``webcore.appendonly``.
"""

from django.core.management.commands import flush

from comments.triggers import log_maintenance
from webcore.appendonly import maintenance


class Command(flush.Command):
    def handle(self, **options):
        with log_maintenance(options.get("database") or "default"), maintenance():
            return super().handle(**options)
