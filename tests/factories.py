"""Plain functions that make valid rows with sensible defaults; override what a test is about."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Author, Byline, Section, Tag

_seq = itertools.count(1)


def make_section(**fields) -> Section:
    n = next(_seq)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_tag(**fields) -> Tag:
    n = next(_seq)
    fields.setdefault("name", f"Tag {n}")
    fields.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(**fields)


def make_author(**fields) -> Author:
    n = next(_seq)
    fields.setdefault("name", f"Reporter {n}")
    fields.setdefault("slug", f"reporter-{n}")
    return Author.objects.create(**fields)


def make_article(*, authors=(), tags=(), **fields) -> Article:
    """A published article, visible now, unless the test says otherwise."""
    n = next(_seq)
    fields.setdefault("headline", f"Headline number {n}")
    fields.setdefault("slug", f"headline-number-{n}")
    fields.setdefault("standfirst", f"Standfirst of story {n}.")
    fields.setdefault("dateline", "ERBIL, Kurdistan Region")
    fields.setdefault("body", f"<p>First paragraph of story {n}.</p><p>Second paragraph {n}.</p>")
    if "section" not in fields:
        # A section of the article's own edition.
        edition = {"language": fields["language"]} if "language" in fields else {}
        fields["section"] = make_section(**edition)
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**fields)
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.set(tags)
    return article


def make_user(username=None, *, groups=(), password="correct horse battery staple", **fields):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    if groups:
        from django.contrib.auth.models import Group

        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_comment(article=None, **fields):
    """A comment on ``article`` (a new published one by default), pending unless told otherwise.

    Goes through ``Comment.save()`` so the derived fields (HTML, fingerprint) are
    filled; a test about moderation should then call ``comments.moderation``.
    """
    from comments.models import Comment

    n = next(_seq)
    fields.setdefault("author_name", f"Reader {n}")
    fields.setdefault("author_email", f"reader{n}@example.org")
    fields.setdefault("body", f"Comment number {n}: a thought about the story.")
    fields.setdefault("ip_address", "192.0.2.10")
    fields.setdefault("user_agent", "Mozilla/5.0 (test)")
    return Comment.objects.create(article=article or make_article(), **fields)
