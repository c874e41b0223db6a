"""Erase the IP address and browser of comments older than COMMENTS_ANONYMISE_AFTER_DAYS.

They are kept only while moderators may need them (spotting one person
behind many names). Run it daily, e.g. from cron:
``15 3 * * * cd /srv/newsroom && .venv/bin/python manage.py anonymise_comments``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from comments.tasks import anonymise


class Command(BaseCommand):
    help = "Erase IP addresses and user agents of comments older than a number of days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Age in days (default: the COMMENTS_ANONYMISE_AFTER_DAYS setting).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENTS_ANONYMISE_AFTER_DAYS if days is None else days
        # The same function as the task comments.tasks.anonymise_comments.
        erased = anonymise(days)
        self.stdout.write(f"Anonymised {erased} comment(s) older than {days} day(s).")
