"""What the newsroom publishes: sections, tags, authors and articles.

The visibility rule lives in one place, ``Article.objects.published()``: an
article is visible to readers when its status is published and its
publication time has come. Scheduling needs no background job; the query
simply starts matching when the clock passes ``published_at``.
"""

import re
from datetime import timedelta
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.validators import validate_no_repeated_paragraphs
from webcore.editions import (
    current_edition,
    edition_codes,
    edition_name,
    has_several_editions,
    is_bidi,
    listed_edition,
)
from webcore.pagecache import forget_reader_pages
from webcore.sanitize import clean_article_html, html_to_text
from webcore.urlscope import url_scope

# What reverse() accepts for <slug:slug> and prints unchanged.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MARK = "slug-mark"


@lru_cache(maxsize=64)
def _around_slug(name: str, urlconf: str, script_prefix: str, language: str) -> tuple[str, str]:
    before, _, after = reverse(name, urlconf=urlconf, kwargs={"slug": _SLUG_MARK}).partition(
        _SLUG_MARK
    )
    return before, after


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})`` for a URL whose one argument is a slug.

    A home page prints some fifty of these and reverse() is costly; the text
    around the slug is the same every time, so it is reversed
    once per URLconf, script prefix and language (all in the key, so tests that
    swap the URLconf, sites mounted under a prefix and editions stay right). Anything but a plain
    ASCII slug takes the full reverse(), with its checks and quoting.
    """
    if not _PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = _around_slug(name, *url_scope())
    return before + slug + after


# The page-cache scope of one article's page, bumped when what it shows
# beyond the listings changes (its comments): see webcore.pagecache.
ARTICLE_PAGE_SCOPE = "article:{slug}"


def article_scope(slug: str) -> str:
    return ARTICLE_PAGE_SCOPE.format(slug=slug)


NAVIGATION_CACHE_KEY = "articles:navigation"


def navigation_cache_key(language: str) -> str:
    """Each edition's header lists its own sections."""
    return f"{NAVIGATION_CACHE_KEY}:{language}"


def forget_navigation() -> None:
    """Drop the cached section lists of the site header (articles.context_processors)."""
    cache.delete_many([navigation_cache_key(code) for code in edition_codes()])


class ShownOnReaderPages(models.Model):
    """Rows that reader pages display: changing one retires the cached pages."""

    # What else is built from these rows and must go first.
    also_forget = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_reader_pages(first=self.also_forget)

    def delete(self, *args, **kwargs):
        forget_reader_pages(first=self.also_forget)
        return super().delete(*args, **kwargs)


def _language_field():
    # No choices or default in the field: both come from the deployment's
    # settings, which no migration may freeze. The admin offers the configured
    # editions, clean() refuses others, and save() fills in the default one.
    return models.CharField(
        _("edition"),
        max_length=12,
        blank=True,
        help_text=_("The edition (language) this is published in."),
    )


class InAnEdition(ShownOnReaderPages):
    """Rows that belong to one edition: its language, the default edition's unless set."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.language:
            self.language = settings.LANGUAGE_CODE
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.language and self.language not in edition_codes():
            raise ValidationError(
                {"language": _("Choose one of the editions this site publishes.")}
            )


class SectionQuerySet(models.QuerySet):
    def in_edition(self, language: str | None = None) -> "SectionQuerySet":
        """The sections of one edition (default: the one being read)."""
        edition = listed_edition(language)
        return self if edition is None else self.filter(language=edition)


class Section(InAnEdition):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    language = _language_field()
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown at the top of the section page."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Sections are listed in the site header from the lowest number up."),
    )

    # Every page's header lists the sections.
    also_forget = (forget_navigation,)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


class Tag(ShownOnReaderPages):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)


class Author(ShownOnReaderPages):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.TextField(
        _("short bio"),
        blank=True,
        max_length=600,
        help_text=_("Plain text, shown on the author's page. A few sentences at most."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The staff account of this author, if they have one."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author", self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at=None) -> "ArticleQuerySet":
        """Articles readers may see: published, and whose publication time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=at or timezone.now(),
        )

    def scheduled(self, *, at=None) -> "ArticleQuerySet":
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=at or timezone.now(),
        )

    def next_change_at(self, since):
        """The next moment after ``since`` when reader pages change with no save.

        A scheduled article goes live, or an article's comments close.
        """
        moments = [
            self.scheduled(at=since)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first(),
            self.published(at=since)
            .filter(comments_open=True, comments_close_at__gt=since)
            .order_by("comments_close_at")
            .values_list("comments_close_at", flat=True)
            .first(),
        ]
        return min((moment for moment in moments if moment is not None), default=None)

    def drafts(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.DRAFT)

    def in_edition(self, language: str | None = None) -> "ArticleQuerySet":
        """The articles of one edition (default: the one being read): every listing's filter."""
        edition = listed_edition(language)
        return self if edition is None else self.filter(language=edition)

    def with_byline(self) -> "ArticleQuerySet":
        """Everything a listing or an article page shows, in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("author").order_by("position")
            ),
            "tags",
        )

    def for_listing(self) -> "ArticleQuerySet":
        """What a story card shows (section, byline), in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("author").order_by("position")
            )
        )

    def latest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")

    def latest_by_section(self, *, per_section: int) -> "ArticleQuerySet":
        """The newest ``per_section`` articles of every section, in one query."""
        rank = models.Window(
            RowNumber(),
            partition_by=[models.F("section_id")],
            order_by=[models.F("published_at").desc(), models.F("pk").desc()],
        )
        return (
            self.annotate(section_rank=rank)
            .filter(section_rank__lte=per_section)
            .order_by("section__order", "section__name", "section_rank")
        )

    def publish_now(self, *, at=None) -> int:
        """Make every article in the set visible now; already live ones keep their time."""
        now = at or timezone.now()
        closing = now + timedelta(days=settings.ARTICLES_COMMENTS_CLOSE_AFTER_DAYS)
        count = self.exclude(pk__in=self.model.objects.published(at=now).values("pk")).update(
            status=Article.Status.PUBLISHED,
            published_at=now,
            comments_close_at=Coalesce("comments_close_at", models.Value(closing)),
            updated_at=now,
        )
        # After the UPDATE: a page rendered before it must not outlive it.
        forget_reader_pages()
        return count

    def unpublish(self) -> int:
        """Take every published or scheduled article in the set back to draft."""
        count = self.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        forget_reader_pages()
        return count


class Article(InAnEdition):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "The last part of the article's address, /articles/…/. Filled from the headline; "
            "do not change it once the article is published, or old links break."
        ),
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=600,
        help_text=_("The one or two sentences under the headline that sum up the story."),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=120,
        blank=True,
        help_text=_('The place line that opens the story, e.g. "ERBIL, Kurdistan Region".'),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "HTML. Allowed: paragraphs, h2–h4, emphasis, links, lists, blockquotes, "
            "figures with captions and images. Anything else is removed on save."
        ),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    language = _language_field()
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_(
            "The original article this one translates. Link every translation to the "
            "original (not to another translation): the page then offers all of them."
        ),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    authors = models.ManyToManyField(
        Author,
        verbose_name=_("authors"),
        through="Byline",
        related_name="articles",
        blank=True,
    )
    hero_image = models.ImageField(
        _("hero image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        help_text=_("Shown at the top of the article and in link previews."),
    )
    hero_alt = models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    hero_caption = models.CharField(_("hero image caption"), max_length=300, blank=True)
    hero_credit = models.CharField(
        _("hero image credit"),
        max_length=120,
        blank=True,
        help_text=_('Photographer and agency, e.g. "Photo: Rudaw / Sangar Ali".'),
    )
    # The uploaded picture's size, filled when its renditions are made
    # (articles/images.py); empty until then, and the page shows the original.
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are never shown to readers."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "When readers first see the article. A time in the future schedules it: "
            "it appears by itself when the time comes."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to close comments on this article now."),
    )
    comments_close_at = models.DateTimeField(
        _("comments close at"),
        null=True,
        blank=True,
        help_text=_(
            "Comments close by themselves at this time. Left empty, it is set to a fixed "
            "number of days after publication."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("preview_article", _("Can preview unpublished articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_published"
            ),
            # What every edition's listings filter and sort on.
            models.Index(
                fields=["language", "status", "-published_at"], name="article_edition_published"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # The stored body is always the sanitised one, whoever saves it.
        self.body = clean_article_html(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.comments_close_at is None and self.published_at is not None:
            self.comments_close_at = self.published_at + timedelta(
                days=settings.ARTICLES_COMMENTS_CLOSE_AFTER_DAYS
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if has_several_editions() and self.language != current_edition():
            # Under its own edition's prefix, whichever edition links to it.
            with translation.override(self.language):
                return reverse("articles:detail", kwargs={"slug": self.slug})
        return slug_url("articles:detail", self.slug)

    def clean(self):
        super().clean()
        errors = {}
        self.body = clean_article_html(self.body)
        if not html_to_text(self.body) and "<img" not in self.body:
            errors["body"] = [_("The body is empty once the HTML that is not allowed is removed.")]
        else:
            try:
                validate_no_repeated_paragraphs(self.body)
            except ValidationError as error:
                errors["body"] = error.error_list
        if (
            self.comments_close_at
            and self.published_at
            and self.comments_close_at < self.published_at
        ):
            errors["comments_close_at"] = [
                _("Comments cannot close before the article is published.")
            ]
        language = self.language or settings.LANGUAGE_CODE
        # With one edition every section is in it (the field is not even shown).
        if (
            has_several_editions()
            and self.section_id is not None
            and self.section.language != language
        ):
            errors["section"] = [_("Choose a section of the article's own edition.")]
        errors.update(self._translation_errors())
        if errors:
            raise ValidationError(errors)

    def _translation_errors(self) -> dict:
        original = self.translation_of
        if original is None:
            return {}
        if original.pk == self.pk:
            message = _("An article cannot be a translation of itself.")
        elif original.translation_of_id is not None:
            message = _("Link the translation to the original article, not to another translation.")
        elif original.language == (self.language or settings.LANGUAGE_CODE):
            message = _("A translation must be in another edition's language.")
        elif self.pk and self.translations.exists():
            # Its translations would then name a translation, and the page
            # offers only the original's group.
            message = _("This article has translations of its own: it is an original.")
        elif (
            Article.objects.filter(translation_of=original, language=self.language)
            .exclude(pk=self.pk)
            .exists()
        ):
            message = _("The original already has a translation in this edition.")
        else:
            return {}
        return {"translation_of": [message]}

    def is_published(self, *, at=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (at or timezone.now())
        )

    def is_scheduled(self, *, at=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > (at or timezone.now())
        )

    def accepts_comments(self, *, at=None) -> bool:
        """Readers may post: the article is visible, open, and its closing time has not come."""
        now = at or timezone.now()
        return (
            self.is_published(at=now)
            and self.comments_open
            and (self.comments_close_at is None or now < self.comments_close_at)
        )

    def was_updated(self) -> bool:
        """True when the article changed noticeably after it was published."""
        if not (self.published_at and self.updated_at):
            return False
        # A story entered after the fact with an earlier publication time
        # (backdated) has not been updated just because it was typed in later.
        went_out = max(self.published_at, self.created_at or self.published_at)
        return self.updated_at - went_out > timedelta(minutes=5)

    @cached_property
    def byline_authors(self) -> list["Author"]:
        # Cached: an article page asks for it more than once (byline, meta, JSON-LD).
        return [byline.author for byline in self.bylines.all()]

    @cached_property
    def translation_list(self) -> list[tuple[str, str]]:
        """``(language, slug)`` of this article's published translations and original.

        The article page's fast path fills it in the statement that reads the
        article (articles.fastpath); this query serves the staff preview.
        """
        root = self.translation_of_id or self.pk
        return list(
            Article.objects.published()
            .filter(Q(pk=root) | Q(translation_of=root))
            .exclude(pk=self.pk)
            .order_by("language")
            .values_list("language", "slug")
        )

    def translation_links(self) -> list["Translation"]:
        """The translations readers can open, in the editions' order (none with one edition)."""
        found = dict(self.translation_list)
        links = []
        for language in edition_codes():
            if language in found and language != self.language:
                with translation.override(language):
                    url = reverse("articles:detail", kwargs={"slug": found[language]})
                links.append(Translation(language, url, edition_name(language), is_bidi(language)))
        return links

    @cached_property
    def correction_list(self) -> list["Correction"]:
        """The article's corrections and updates, oldest first: its page, dates and JSON-LD.

        The article page's fast path fills it in the statement that reads the
        article (articles.fastpath); this query serves the staff preview.
        """
        return list(self.corrections.all())

    @cached_property
    def tag_list(self) -> list["Tag"]:
        """``tags.all()`` once per instance: the page, its meta tags and JSON-LD all list them."""
        return list(self.tags.all())


class Translation(NamedTuple):
    """A link to one translation of an article, as the page shows it."""

    language: str
    url: str
    name: str  # the language in its own name: "English", "العربية"
    is_rtl: bool


class Byline(models.Model):
    """One author's place in an article's byline; the byline reads in ``position`` order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once"),
        ]

    def __str__(self):
        return str(self.author)


class CorrectionNeverEdited(Exception):
    """Raised when code tries to change or delete a published correction."""


class CorrectionQuerySet(models.QuerySet):
    def public(self, *, at=None) -> "CorrectionQuerySet":
        """Corrections readers may see: those of articles ``Article.objects.published()`` shows."""
        return self.filter(article__in=Article.objects.published(at=at).values("pk"))

    def in_edition(self) -> "CorrectionQuerySet":
        """The corrections of the edition being read (all of them with one edition)."""
        edition = listed_edition()
        return self if edition is None else self.filter(article__language=edition)

    def latest_first(self) -> "CorrectionQuerySet":
        return self.order_by("-created_at", "-pk")


class Correction(ShownOnReaderPages):
    """A correction or update note on a published article: part of the public record.

    Append-only: once published, a note is never changed or deleted (the
    model refuses, and the database's triggers refuse whatever sends the SQL;
    see migration ``0005_correction_append_only``). A note that is itself
    wrong is put right by a further note.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        # The record outlives nothing it corrects: an article with corrections
        # can be unpublished, never deleted.
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.CORRECTION,
        help_text=_(
            "A correction puts right something the article got wrong; an update says what "
            "new information was added."
        ),
    )
    text = models.TextField(
        _("text"),
        max_length=1000,
        help_text=_(
            'Plain text, shown under the article, e.g. "An earlier version of this article '
            'said the plant opened in May. It opened in June." It can never be changed or '
            "deleted once saved."
        ),
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Kept when the editor's account is deleted (the record keeps its author).
    editor_name = models.CharField(_("editor"), max_length=150, blank=True, editable=False)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["-created_at"], name="correction_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "update"]), name="correction_kind_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="correction_has_text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise CorrectionNeverEdited(_("A published correction is never changed."))
        if self.editor is not None and not self.editor_name:
            self.editor_name = self.editor.get_username()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def delete(self, *args, **kwargs):
        raise CorrectionNeverEdited(_("A published correction is never deleted."))

    def clean(self):
        super().clean()
        self.text = self.text.strip()
        if (
            self.article_id is None
            or not Article.objects.published().filter(pk=self.article_id).exists()
        ):
            raise ValidationError(
                _("Corrections and updates can only be added to a published article.")
            )


class ErrorReport(models.Model):
    """A reader's report of a factual error in an article, for the editors to answer."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CORRECTED = "corrected", _("Corrected")
        NO_CHANGE = "no_change", _("No change needed")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="error_reports",
    )
    description = models.TextField(_("what is wrong"), max_length=2000)
    reporter_email = models.EmailField(
        _("reader's e-mail"),
        blank=True,
        help_text=_("Given by the reader so that we can reply. Never shown publicly."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.NEW,
        help_text=_(
            "Corrected: a correction or update was published on the article. "
            "No change needed: the article was right."
        ),
    )
    answer = models.TextField(
        _("editor's answer"),
        blank=True,
        max_length=2000,
        help_text=_("What was checked and decided. Required to close the report."),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        indexes = [models.Index(fields=["status", "-created_at"], name="errorreport_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new") | ~Q(answer=""),
                name="errorreport_closed_has_answer",
                violation_error_message=_("Write the answer before closing the report."),
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def clean(self):
        super().clean()
        self.answer = self.answer.strip()
        if self.status != self.Status.NEW and not self.answer:
            raise ValidationError({"answer": _("Write the answer before closing the report.")})
