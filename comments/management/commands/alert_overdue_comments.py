"""Alert the moderators of each section whose oldest pending comment has waited too long."""

from django.core.management.base import BaseCommand

from comments import tasks


class Command(BaseCommand):
    help = (
        "E-mail the moderators of each section whose oldest pending comment is older than "
        "COMMENTS_OLDEST_PENDING_ALERT_MINUTES (at most once per alert interval). Run it "
        "every few minutes from cron."
    )

    def handle(self, *args, **options):
        sent = tasks.alert_overdue()
        self.stdout.write(f"{sent} alert(s) sent.")
