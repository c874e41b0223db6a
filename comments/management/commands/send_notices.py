"""Send every commenter notice that is due: retries the immediate backend cannot schedule.

With a task worker (``db_worker`` or ``rqworker``) retries are scheduled as
tasks and this is only a safety net; with the immediate backend, run it from
cron, e.g. ``*/5 * * * * cd /srv/newsroom && .venv/bin/python manage.py send_notices``.
"""

from django.core.management.base import BaseCommand

from comments.tasks import send_due_notices


class Command(BaseCommand):
    help = "Send commenter notices that are due (waiting for a retry, or stuck)."

    def handle(self, *args, **options):
        result = send_due_notices.call()
        self.stdout.write(
            f"Sent {result['sent']}, to retry {result['retry']}, failed {result['failed']}."
        )
