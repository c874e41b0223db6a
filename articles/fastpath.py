"""The article page's two reads written as plain SQL: the fast path of the articles app.

Why it exists: a cold article page (the page cache missed) is rendered once
per reader, and compiling the equivalent querysets cost more CPU than running
them — ``published().with_byline().get(slug=...)`` is three queries and about
three times the CPU of the one statement below (see the README's
Performance section for the measured pages). Everything else reads through
the querysets.

What it must not do is hold a rule of its own: both statements embed the
WHERE clause that ``Article.objects.published()`` compiles to
(:func:`webcore.sql.where_clause`), so a change to visibility reaches them
too, and ``tests/test_articles_fastpath.py`` checks both against the querysets
over every state an article can be in.
"""

import json
from datetime import UTC, datetime
from functools import lru_cache

from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Author, Correction, Section, Tag
from webcore.sql import adapt, where_clause

# What ``published(at=...)`` is compiled with; its slots become %(now)s.
_SAMPLE_NOW = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)

# Candidates for "related": the section's latest RELATED_WINDOW published
# articles (the section/status/time index: the same cost at any size) and the
# latest RELATED_WINDOW links through this article's tags. Each shared tag
# counts once towards a rank. The tag part reads the link table alone (joining
# the articles in cost a third more database time per cold page), so drafts
# and scheduled articles take places in its window.
RELATED_WINDOW = 50
_RELATED_SQL = """
WITH candidate AS (
    SELECT id, 0 AS shared FROM (
        SELECT id FROM articles_article
        WHERE section_id = %(section)s AND {visible}
        ORDER BY published_at DESC LIMIT %(window)s
    ) same_section
    UNION ALL
    SELECT article_id, 1 FROM (
        SELECT other.article_id FROM articles_article_tags other
        INNER JOIN articles_article_tags mine ON mine.tag_id = other.tag_id
        WHERE mine.article_id = %(article)s AND other.article_id <> %(article)s
        ORDER BY other.article_id DESC LIMIT %(window)s
    ) same_tags
), ranked AS (
    SELECT id, SUM(shared) AS shared FROM candidate GROUP BY id
)
SELECT {columns}, s.name AS section_name, s.slug AS section_slug
FROM ranked
INNER JOIN articles_article ON articles_article.id = ranked.id
INNER JOIN articles_section s ON s.id = articles_article.section_id
WHERE articles_article.id <> %(article)s AND articles_article.language = %(language)s
  AND {visible}
ORDER BY ranked.shared DESC, articles_article.published_at DESC, articles_article.id DESC
LIMIT %(limit)s
"""
# What a related story's card shows (its section comes by name and slug). The
# rest stays deferred: reading the whole row (the body, the image's fields,
# the dates) cost over a quarter of the statement's CPU, and anything else a card
# starts to show costs a query per card, which the page's query budget catches
# (tests/test_articles_queries.py).
_RELATED_FIELDS = ("id", "headline", "slug", "standfirst", "section", "language", "published_at")

# The article with its section's name and slug and, as one JSON array, its
# byline (authors in order), tags, published translations and corrections:
# [kind, position, byline id, id, name, slug] rows, kind 0 an author, 1 a tag,
# 2 a translation (its language in place of the name) and 3 a correction or
# update note ([3, created_at, 0, id, kind, text]: the page shows every note
# of a published article, and a query of their own cost a sixth of the page's
# CPU). Matched by slug, not correlated to the outer row, so the SQL is the
# same plain shape on both databases. A translation is the original the
# article links to, or another article linked to the same original (or to
# this one); whether it is published is asked of the visibility rule, inside
# EXISTS so that the rule's unaliased table names mean the translation's row.
_CREDITS = """
    SELECT {array}(0, b.position, b.id, au.id, au.name, au.slug) AS credit
    FROM articles_byline b
    INNER JOIN articles_author au ON au.id = b.author_id
    INNER JOIN articles_article x ON x.id = b.article_id
    WHERE x.slug = %(slug)s
    UNION ALL
    SELECT {array}(1, 0, 0, t.id, t.name, t.slug)
    FROM articles_tag t
    INNER JOIN articles_article_tags at ON at.tag_id = t.id
    INNER JOIN articles_article x ON x.id = at.article_id
    WHERE x.slug = %(slug)s
    UNION ALL
    SELECT {array}(2, 0, 0, t.id, t.language, t.slug)
    FROM articles_article t
    INNER JOIN articles_article x
        ON t.id = x.translation_of_id
        OR (t.translation_of_id = COALESCE(x.translation_of_id, x.id) AND t.id <> x.id)
    WHERE x.slug = %(slug)s
      AND EXISTS (SELECT 1 FROM articles_article WHERE articles_article.id = t.id AND {visible})
    UNION ALL
    SELECT {array}(3, c.created_at, 0, c.id, c.kind, c.text)
    FROM articles_correction c
    INNER JOIN articles_article x ON x.id = c.article_id
    WHERE x.slug = %(slug)s
"""
_ARTICLE_SQL = """
SELECT {columns}, s.name AS section_name, s.slug AS section_slug,
       (SELECT {aggregate} FROM ({credits}) credits) AS credits
FROM articles_article INNER JOIN articles_section s ON s.id = articles_article.section_id
WHERE articles_article.slug = %(slug)s AND {visible}
"""
_NOTE = 3  # the kind of a correction's row in the credits
# vendor -> (JSON aggregate over the credit rows, JSON array constructor)
_JSON_FUNCTIONS = {
    "postgresql": ("json_agg(credit)", "json_build_array"),
    "sqlite": ("json_group_array(json(credit))", "json_array"),
}


@lru_cache(maxsize=8)
def _statements(using: str, vendor: str) -> tuple[str, str, dict]:
    """The two statements for this database, and the visibility rule's constants."""
    visible, constants = where_clause(
        Article.objects.published(at=_SAMPLE_NOW), using=using, samples={"now": _SAMPLE_NOW}
    )
    # Columns by name, not *: PostgreSQL refuses to run a statement it keeps
    # prepared once its result has more columns, which a migration adding one
    # would cause under running workers.
    columns = _columns(Article._meta.concrete_fields)
    aggregate, array = _JSON_FUNCTIONS[vendor]
    article_sql = _ARTICLE_SQL.format(
        columns=columns,
        visible=visible,
        aggregate=aggregate,
        credits=_CREDITS.format(array=array, visible=visible),
    )
    related_fields = [Article._meta.get_field(name) for name in _RELATED_FIELDS]
    related_sql = _RELATED_SQL.format(columns=_columns(related_fields), visible=visible)
    return article_sql, related_sql, constants


def _columns(fields) -> str:
    return ", ".join(f'articles_article."{field.column}"' for field in fields)


def _run(sql: str, params: dict, using: str) -> list[Article]:
    articles = list(Article.objects.using(using).raw(sql, params))
    for article in articles:
        # The section's name and slug: all a page shows of it (the rest loads on use).
        article.section = Section.from_db(
            using,
            ["id", "name", "slug"],
            (article.section_id, article.section_name, article.section_slug),
        )
    return articles


def _params(using: str, constants: dict, **values) -> dict:
    now = adapt(connections[using], timezone.now())
    return {**constants, "now": now, **values}


def published_article(slug: str, *, using: str = "default") -> Article | None:
    """``published().with_byline().get(slug=slug)`` in one statement, or None.

    The article carries its section (name and slug) and answers
    ``byline_authors``, ``tag_list``, ``translation_list`` and
    ``correction_list`` without a further query.
    """
    article_sql, _related, constants = _statements(using, connections[using].vendor)
    found = _run(article_sql, _params(using, constants, slug=slug), using)
    if not found:
        return None
    article = found[0]
    credits = article.credits
    if isinstance(credits, str):  # SQLite hands JSON over as text
        credits = json.loads(credits)
    credits = credits or []
    authors, tags, translations = [], [], []
    # Bylines by position (then as added), tags by name (code points: a
    # database collation may sort case or accents its own way).
    for kind, _position, _byline, pk, name, slug_ in sorted(
        (row for row in credits if row[0] != _NOTE), key=lambda row: (*row[:3], row[4])
    ):
        if kind == 0:
            authors.append(Author.from_db(using, ["id", "name", "slug"], (pk, name, slug_)))
        elif kind == 1:
            tags.append(Tag.from_db(using, ["id", "name", "slug"], (pk, name, slug_)))
        else:
            translations.append((name, slug_))
    notes = [
        Correction.from_db(
            using,
            ["id", "article_id", "kind", "text", "created_at"],
            (pk, article.pk, note_kind, text, _json_datetime(created_at, using)),
        )
        for kind, created_at, _zero, pk, note_kind, text in credits
        if kind == _NOTE
    ]
    article.byline_authors = authors
    article.tag_list = tags
    article.translation_list = translations
    article.correction_list = sorted(notes, key=lambda note: (note.created_at, note.pk))
    return article


def _json_datetime(value: str, using: str) -> datetime:
    """A timestamp read out of JSON: PostgreSQL writes its offset, SQLite a naive UTC time."""
    moment = parse_datetime(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, connections[using].timezone)
    return moment


def related_articles(article: Article, *, limit: int, using: str = "default") -> list[Article]:
    """Up to ``limit`` published articles sharing the section or a tag, most shared tags first."""
    _article, related_sql, constants = _statements(using, connections[using].vendor)
    params = _params(
        using,
        constants,
        article=article.pk,
        section=article.section_id,
        language=article.language,
        limit=limit,
        window=RELATED_WINDOW,
    )
    return _run(related_sql, params, using)
