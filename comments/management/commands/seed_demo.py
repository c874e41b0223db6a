"""Fill a local database with a believable newsroom: ``make run`` calls this.

It lives in the comments app because it seeds both apps (articles, then the
comments on them), and comments may use articles, never the reverse.
Idempotent: run it again and nothing is duplicated. It prints the demo
logins at the end; without ``DEMO_PASSWORD`` it sets a new random password
each run, so the printed logins always work.
"""

import hashlib
import os
import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import demo_content, demo_editions, images
from articles.models import Article, Author, Byline, Correction, Section, Tag, forget_navigation
from comments import demo as comments_demo
from comments import demo_editions as comments_demo_editions
from comments.apps import EDITORS_IN_CHARGE, MODERATORS
from comments.models import ModeratorAssignment
from webcore.editions import edition_codes
from webcore.sanitize import clean_article_html

BENCH_PREFIX = "bench-"
# The demo moderator who also looks after the Sorani and Arabic editions, when configured.
EDITION_MODERATOR = "moderator2"


class Command(BaseCommand):
    help = (
        "Create demo sections, authors, articles, comments and the editor/moderator/admin logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also make N benchmark articles (slugs bench-00001…), bulk inserted.",
        )
        parser.add_argument(
            "--comments-per-article",
            type=int,
            default=0,
            metavar="M",
            help="Bulk-insert M approved comments on each benchmark (or demo) article.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off. Demo logins on a real site are a hole.",
        )

    def handle(self, *args, articles, comments_per_article, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates staff logins with a known "
                "password. Use --allow-production if this really is a throwaway deployment."
            )
        if articles < 0 or comments_per_article < 0:
            raise CommandError("--articles and --comments-per-article cannot be negative.")

        with transaction.atomic():
            sections = self._sections()
            authors = self._authors()
            tags = self._tags()
            demo_articles = self._articles(sections, authors, tags)
            self._corrections(demo_articles)
        forget_navigation()
        self.stdout.write(
            f"Demo content: {len(demo_articles)} published articles, 2 drafts, 1 scheduled."
        )

        # The logins first, so the demo's decisions name the moderator who made them.
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
        self._accounts(password, sections)

        # The seed article gets the long discussion: its comments are about it.
        seed_first = sorted(
            demo_articles, key=lambda a: a.slug != demo_content.SEED_ARTICLE["slug"]
        )
        comments_demo.seed_comments(seed_first, stdout=self.stdout)
        comments_demo.seed_queue(demo_articles, stdout=self.stdout)
        self._other_editions()

        bench_articles = []
        if articles:
            bench_articles = self._bench_articles(
                articles, list(sections.values()), list(authors.values())
            )
        if comments_per_article:
            comments_demo.bulk_comments(
                bench_articles or demo_articles,
                per_article=comments_per_article,
                stdout=self.stdout,
            )

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo logins: editor / {password} · moderator / {password} · admin / {password}"
                f" · chief / {password} · moderator2 / {password}"
            )
        )
        self.stdout.write(
            "Back office: /admin/ (moderator looks after Kurdistan and Middle East, moderator2 "
            "Iraq and Business"
            + (", and the other editions" if len(edition_codes()) > 1 else "")
            + "; chief is the editor in charge: reads the queue, exports the "
            "decision log, assigns sections)"
        )

    # --- content -----------------------------------------------------------

    # --- the other editions (with NEWSROOM_EDITIONS=en,ckb,ar) --------------

    @staticmethod
    def _english_edition() -> str:
        # The English demo is English wherever that edition exists, even when
        # another edition is the default one (LANGUAGE_CODE=ckb with en,ckb,ar).
        return "en" if "en" in edition_codes() else settings.LANGUAGE_CODE

    def _other_editions(self):
        """The Sorani and Arabic demo editions, for those this deployment publishes."""
        if len(edition_codes()) < 2:
            return
        for language in edition_codes():
            content = demo_editions.EDITIONS.get(language)
            if content is None or language == self._english_edition():
                continue
            with transaction.atomic():
                articles = self._edition_articles(language, content)
            forget_navigation()
            self.stdout.write(
                f"Demo edition {language}: {len(articles)} published articles, "
                f"{sum(1 for a in articles if a.translation_of_id)} linked to their translations."
            )
            comments_demo.seed_discussions(
                {article.slug: article for article in articles},
                comments_demo_editions.DISCUSSIONS.get(language, {}),
                stdout=self.stdout,
            )
            # A Sorani or Arabic comment reaches a moderator who reads it.
            ModeratorAssignment.objects.get_or_create(
                moderator=get_user_model().objects.get(username=EDITION_MODERATOR),
                language=language,
                section=None,
            )
            self.stdout.write(f"Demo edition {language}: {EDITION_MODERATOR} moderates it.")

    def _edition_articles(self, language, content):
        sections = {}
        for order, (name, slug, description) in enumerate(content["sections"]):
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "order": order,
                    "language": language,
                },
            )
        authors = {}
        for name, slug, bio in content["authors"]:
            authors[slug], _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio}
            )
        tags = {}
        for name, slug in content["tags"]:
            tags[slug], _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        originals = {
            article.slug: article
            for article in Article.objects.filter(
                slug__in=[spec.get("translation_of") for spec in content["articles"]]
            )
        }
        now = timezone.now()
        articles = []
        for spec in content["articles"]:
            article = self._article(
                spec,
                sections,
                authors,
                tags,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=spec["hours_ago"]),
                language=language,
                translation_of=originals.get(spec.get("translation_of")),
                illustrated=False,
            )
            articles.append(article)
        return articles

    def _sections(self):
        sections = {}
        for order, (name, slug, description) in enumerate(demo_content.SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "order": order,
                    "language": self._english_edition(),
                },
            )
        return sections

    def _authors(self):
        authors = {}
        for name, slug, bio in demo_content.AUTHORS:
            authors[slug], _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio}
            )
        return authors

    def _tags(self):
        tags = {}
        for name, slug in demo_content.TAGS:
            tags[slug], _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        return tags

    def _article(
        self,
        spec,
        sections,
        authors,
        tags,
        *,
        status,
        published_at,
        language="",
        translation_of=None,
        illustrated=True,
    ):
        article = Article.objects.filter(slug=spec["slug"]).first()
        if article is not None:
            if article.hero_image and not article.hero_width:
                images.make_hero_renditions(article)
            return article
        article = Article(
            slug=spec["slug"],
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            dateline=spec["dateline"],
            body=spec["body"],
            section=sections[spec["section"]],
            status=status,
            published_at=published_at,
            comments_open=spec.get("comments_open", True),
            language=language or self._english_edition(),
            translation_of=translation_of,
        )
        # The demo obeys the newsroom's rules too: sanitised, no repeated paragraphs.
        article.full_clean()
        # The illustration's description and credit are English: only the English demo has it.
        article.hero_image = (self._hero_image(article) if illustrated else None) or ""
        if article.hero_image:
            article.hero_alt = "Illustration: layered hills under an evening sky."
            article.hero_caption = "The hills of the region at dusk."
            article.hero_credit = "Illustration: Newsroom demo"
        article.save()
        if article.hero_image:
            images.make_hero_renditions(article)
        for position, slug in enumerate(spec["authors"]):
            Byline.objects.create(article=article, author=authors[slug], position=position)
        article.tags.set([tags[slug] for slug in spec["tags"]])
        if published_at and published_at < article.updated_at:
            # Written when it went out, not "updated" the moment the demo was seeded.
            Article.objects.filter(pk=article.pk).update(updated_at=published_at)
        return article

    def _articles(self, sections, authors, tags):
        now = timezone.now()
        published = [
            self._article(
                spec,
                sections,
                authors,
                tags,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=spec["hours_ago"]),
            )
            for spec in demo_content.ARTICLES
        ]
        drafts = [
            self._article(
                spec, sections, authors, tags, status=Article.Status.DRAFT, published_at=None
            )
            for spec in (demo_content.DRAFT_ARTICLE, demo_content.SECOND_DRAFT_ARTICLE)
        ]
        scheduled = self._article(
            demo_content.SCHEDULED_ARTICLE,
            sections,
            authors,
            tags,
            status=Article.Status.PUBLISHED,
            published_at=now + timedelta(hours=1),
        )
        # However often the demo is seeded, it shows one draft and one article
        # scheduled an hour ahead.
        Article.objects.filter(pk__in=[d.pk for d in drafts]).update(status=Article.Status.DRAFT)
        Article.objects.filter(pk=scheduled.pk).update(
            status=Article.Status.PUBLISHED,
            published_at=now + timedelta(hours=1),
            comments_close_at=now
            + timedelta(hours=1, days=settings.ARTICLES_COMMENTS_CLOSE_AFTER_DAYS),
        )
        return list(
            Article.objects.filter(pk__in=[a.pk for a in published]).published().latest_first()
        )

    def _corrections(self, published):
        """The demo's corrections and updates, each added once, after its article went out."""
        by_slug = {article.slug: article for article in published}
        now = timezone.now()
        for slug, kind, minutes_ago, text in demo_content.CORRECTIONS:
            article = by_slug.get(slug)
            if article is None or Correction.objects.filter(article=article, text=text).exists():
                continue
            created_at = max(now - timedelta(minutes=minutes_ago), article.published_at)
            Correction.objects.create(article=article, kind=kind, text=text, created_at=created_at)

    def _hero_image(self, article):
        """A generated illustration (hills at dusk), so the demo front page has pictures."""
        name = f"articles/demo/{article.slug}.jpg"
        if default_storage.exists(name):
            return name
        try:
            from io import BytesIO

            from django.core.files.base import ContentFile
            from PIL import Image, ImageDraw
        except ImportError:  # pragma: no cover - Pillow is a dependency
            return None
        rng = random.Random(hashlib.sha256(article.slug.encode()).hexdigest())  # noqa: S311
        width, height = 1200, 675
        image = Image.new("RGB", (width, height))
        draw = ImageDraw.Draw(image)
        top = (rng.randint(20, 70), rng.randint(40, 90), rng.randint(90, 150))
        bottom = (rng.randint(200, 250), rng.randint(120, 180), rng.randint(80, 130))
        for y in range(height):
            t = y / height
            colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
            draw.line([(0, y), (width, y)], fill=colour)
        sun_x, sun_y = rng.randint(200, 1000), rng.randint(180, 330)
        draw.ellipse([sun_x - 52, sun_y - 52, sun_x + 52, sun_y + 52], fill=(255, 225, 170))
        for layer in range(4):
            base = 360 + layer * 85
            shade = 30 + layer * 12
            colour = (shade + 10, shade + layer * 6, shade + 25 - layer * 4)
            points = [(0, height)]
            x = 0
            while x <= width:
                points.append((x, base - rng.randint(0, 120 - layer * 20)))
                x += rng.randint(70, 170)
            points += [(width, base - 60), (width, height)]
            draw.polygon(points, fill=colour)
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
        return default_storage.save(name, ContentFile(buffer.getvalue()))

    def _bench_articles(self, count, sections, authors):
        """Benchmark-size data in a few bulk inserts; runs again only add what is missing."""
        wanted = [f"{BENCH_PREFIX}{n:05d}" for n in range(1, count + 1)]
        existing = set(Article.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        stories = demo_content.ARTICLES
        bodies = [clean_article_html(spec["body"]) for spec in stories]
        now = timezone.now()
        close_after = timedelta(days=settings.ARTICLES_COMMENTS_CLOSE_AFTER_DAYS)
        new = []
        for n, slug in enumerate(wanted, start=1):
            if slug in existing:
                continue
            # Older than the demo stories, so the front page keeps its hand-written look.
            published_at = now - timedelta(days=4, minutes=n)
            story = stories[n % len(stories)]
            new.append(
                Article(
                    slug=slug,
                    headline=f"{story['headline']} ({n})",
                    standfirst=story["standfirst"],
                    dateline=story["dateline"],
                    body=bodies[n % len(stories)],
                    section=sections[n % len(sections)],
                    # bulk_create skips save(), which fills in the edition.
                    language=sections[n % len(sections)].language,
                    status=Article.Status.PUBLISHED,
                    published_at=published_at,
                    comments_close_at=published_at + close_after,
                )
            )
        Article.objects.bulk_create(new, batch_size=500)
        created = Article.objects.filter(slug__in=[a.slug for a in new]).values_list(
            "pk", flat=True
        )
        Byline.objects.bulk_create(
            [
                Byline(article_id=pk, author=authors[pk % len(authors)], position=0)
                for pk in created
            ],
            batch_size=1000,
        )
        self.stdout.write(f"Benchmark articles: {len(new)} created, {len(existing)} already there.")
        return list(Article.objects.filter(slug__in=wanted).order_by("slug"))

    # --- people ------------------------------------------------------------

    def _accounts(self, password, sections):
        User = get_user_model()
        accounts = [
            ("editor", {"is_staff": True, "is_superuser": False}, "Editors"),
            ("moderator", {"is_staff": True, "is_superuser": False}, MODERATORS),
            ("moderator2", {"is_staff": True, "is_superuser": False}, MODERATORS),
            ("chief", {"is_staff": True, "is_superuser": False}, EDITORS_IN_CHARGE),
            ("admin", {"is_staff": True, "is_superuser": True}, None),
        ]
        for username, flags, group_name in accounts:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.com"}
            )
            for field, value in flags.items():
                setattr(user, field, value)
            user.is_active = True
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set(Group.objects.filter(name=group_name))
            else:
                user.groups.clear()
        # Each demo moderator's queue opens on their sections; their alerts go to them.
        for username, slugs in comments_demo.DEMO_MODERATOR_SECTIONS.items():
            moderator = User.objects.get(username=username)
            for slug in slugs:
                ModeratorAssignment.objects.get_or_create(
                    moderator=moderator, section=sections[slug]
                )
