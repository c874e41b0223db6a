"""Make the missing renditions of articles' hero images (articles/images.py).

Uploads made in the admin get theirs at once; this is for pictures that came
another way (a restore, an import, uploads from before renditions existed).
Idempotent: renditions already stored are kept.
"""

from django.core.management.base import BaseCommand

from articles import images
from articles.models import Article


class Command(BaseCommand):
    help = "Make the missing width renditions (JPEG and WebP) of every article's hero image."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Check every article, not only those without."
        )

    def handle(self, *args, **options):
        articles = Article.objects.exclude(hero_image="").only("pk", "hero_image")
        if not options["all"]:
            articles = articles.filter(hero_width__isnull=True)
        made = failed = 0
        for article in articles.iterator():
            try:
                images.make_hero_renditions(article)
            except (OSError, ValueError) as error:  # a missing or unreadable file
                failed += 1
                self.stderr.write(f"{article.hero_image.name}: {error}")
            else:
                made += 1
        self.stdout.write(f"Renditions checked for {made} pictures; {failed} could not be read.")
