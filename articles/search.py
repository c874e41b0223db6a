"""Reader search: ``search_articles()``, the one way to search what readers may see.

The index lives in the database, kept in step by triggers (migration
``0003_search_index``): on PostgreSQL a stored, GIN-indexed ``tsvector``
(headline weighs most, then the standfirst, then the body) under the
text-search configuration of the article's language; on SQLite an FTS5 table ranked by BM25
with the same weights. Either way a search is a few indexed statements,
not a scan of every article's text. On PostgreSQL the vectors are kept in
the table's rows rather than out of line (migration ``0007``): a match test
or a ranking reads the row it is on, not a second table.

A search finds at most ``MAX_RESULTS`` articles, best first, always through
``Article.objects.published()``. On PostgreSQL the ranked set is the newest
``MAX_RESULTS`` matching articles: ranking reads each candidate's vector, so
a word in half the archive would otherwise cost a read of half the archive;
more words narrow it. The ids of a query's results are cached for
``ARTICLES_SEARCH_CACHE_SECONDS`` per normalised query, the snippets per page;
the articles themselves are read through ``published()`` on every request,
so one taken down leaves the results at once.
"""

import hashlib
import html
import re
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.cache import cache
from django.db import connections, models, transaction
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import get_language_info

from articles.models import Article
from webcore.editions import current_edition, listed_edition

# Ten pages of twenty: past that a reader adds a word rather than pages on, and
# ranking reads each candidate's vector, so the bound keeps a common word cheap.
MAX_RESULTS = 200
MAX_WORDS = 10
SNIPPET_WORDS = 30
# Snippets are cut from the opening of the body (PostgreSQL); a word found only
# further down leaves the snippet as the story's first lines, unmarked.
SNIPPET_SOURCE_CHARS = 1000
# Marks around a matched word in a snippet, from the database to Python:
# private-use characters, which no article contains and escape() leaves alone.
_START, _STOP = "\ue000", "\ue001"
_TAG = re.compile(r"<[^>]*>|^[^<]*>|<[^>]*$")
_FTS_WORD = re.compile(r"\w+")
_TRIGGER = "articles_article_search_vector"
_SQLITE_SNIPPETS = (
    "SELECT rowid, snippet(articles_article_fts, 2, %s, %s, '…', %s) "
    "FROM articles_article_fts WHERE articles_article_fts MATCH %s"
)


def search_terms(query: str) -> str:
    """A reader's search as it is run: printable characters, single spaces, 200 at most."""
    # PostgreSQL refuses NUL bytes; no reader types control characters.
    printable = "".join(ch for ch in query if ch.isprintable() or ch.isspace())
    return " ".join(printable.split())[:200]


def search_config(language: str, using: str = "default") -> str:
    """PostgreSQL's text-search configuration for ``language``: its own where there is one.

    "ar" → arabic, "tr" → turkish, "en" → english; "ckb" (no Sorani
    configuration) → simple, which folds case and stems nothing.
    """
    name = get_language_info(language)["name"].lower() if _known(language) else ""
    return name if name in _configurations(using) else "simple"


def _known(language: str) -> bool:
    try:
        get_language_info(language)
    except KeyError:
        return False
    return True


@lru_cache(maxsize=8)
def _configurations(using: str) -> frozenset[str]:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def sync_search_index(using: str = "default", language: str | None = None) -> bool:
    """Index each article under its language's configuration (PostgreSQL); True when rebuilt.

    Runs after every ``migrate`` (``ArticlesConfig``): the trigger carries a
    ``language=configuration`` pair per edition as its arguments (migration
    ``0006_editions``), so changing the editions and migrating re-indexes every
    article once. ``language``: index the default edition's articles under
    that language's configuration rather than their own.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    configs = {code: search_config(code, using) for code, _name in settings.LANGUAGES}
    if language:
        configs[settings.LANGUAGE_CODE] = search_config(language, using)
    pairs = [f"{code}={config}" for code, config in configs.items()]
    for pair in pairs:  # DDL takes no parameters: they are written in
        if not re.fullmatch(r"[\w-]+=\w+", pair):
            raise ValueError(f"not a language and text-search configuration: {pair!r}")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "SELECT encode(tgargs, 'escape') FROM pg_trigger "
            "WHERE tgname = %s AND tgrelid = 'articles_article'::regclass",
            [_TRIGGER],
        )
        row = cursor.fetchone()
        # tgargs: the arguments, each ending in a NUL byte ("en=english\000").
        if row is None or row[0].split("\\000")[:-1] == pairs:
            return False
        columns = connection.introspection.get_table_description(cursor, "articles_article")
        if "language" not in {column.name for column in columns}:
            return False  # migrated back before editions: 0003's trigger takes one configuration
        arguments = ", ".join(f"'{pair}'" for pair in pairs)
        cursor.execute(f"DROP TRIGGER {_TRIGGER} ON articles_article")
        cursor.execute(
            f"CREATE TRIGGER {_TRIGGER} BEFORE INSERT OR UPDATE OF headline, standfirst, body, "
            f"language ON articles_article FOR EACH ROW EXECUTE FUNCTION {_TRIGGER}({arguments})"
        )
        cursor.execute("UPDATE articles_article SET headline = headline")
    return True


def index_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver (ArticlesConfig.ready)."""
    sync_search_index(using)


def normalised(query: str) -> str:
    """The form of a query its cached results are filed under."""
    return search_terms(query).casefold()


class SearchResults(Sequence):
    """The articles matching a query, best first, loaded a page at a time.

    ``len()`` is the number of matches (at most ``MAX_RESULTS``); a slice reads
    its articles through ``published()`` with what a story card needs, each
    carrying ``snippet``: HTML, escaped, with ``<mark>`` around the words found.
    """

    def __init__(self, *, terms: str, config: str, ids: list[int], using: str):
        self.terms, self.config, self.ids, self.using = terms, config, ids, using

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def capped(self) -> bool:
        """True when the search stopped at ``MAX_RESULTS``: more articles match than are listed."""
        return len(self.ids) >= MAX_RESULTS

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        if not ids:
            return []
        found = Article.objects.using(self.using).published().for_listing().in_bulk(ids)
        snippets = self._snippets(ids)
        articles = []
        for pk in ids:
            if pk in found:
                article = found[pk]
                article.snippet = snippets.get(pk, "")
                articles.append(article)
        return articles

    def _snippets(self, ids: list[int]) -> dict[int, str]:
        key = _cache_key("snippets", self.config, self.terms, ",".join(map(str, ids)))
        snippets = cache.get(key)
        if snippets is None:
            snippets = {pk: _snippet_html(raw) for pk, raw in self._raw_snippets(ids).items()}
            if settings.ARTICLES_SEARCH_CACHE_SECONDS:
                cache.set(key, snippets, settings.ARTICLES_SEARCH_CACHE_SECONDS)
        return snippets

    def _raw_snippets(self, ids: list[int]) -> dict[int, str]:
        connection = connections[self.using]
        if connection.vendor == "postgresql":
            # ts_headline parses all the text it is given: the opening of the
            # body costs the same for every article, the whole of it grows with
            # the story. A cut tag's stub is taken out by _snippet_html.
            opening = Left("body", SNIPPET_SOURCE_CHARS)
            text = models.Func(
                opening,
                models.Value("<[^>]*>"),
                models.Value(" "),
                models.Value("g"),
                function="regexp_replace",
                output_field=models.TextField(),
            )
            rows = (
                Article.objects.using(self.using)
                .filter(pk__in=ids)
                .annotate(
                    snippet=SearchHeadline(
                        text,
                        _pg_query(self.terms, self.config),
                        config=self.config,
                        start_sel=_START,
                        stop_sel=_STOP,
                        max_words=SNIPPET_WORDS,
                        min_words=SNIPPET_WORDS // 2,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    )
                )
                .values_list("pk", "snippet")
            )
            return dict(rows)
        placeholders = ",".join("%s" for _ in ids)  # only "%s" marks go into the SQL
        sql = _SQLITE_SNIPPETS + f" AND rowid IN ({placeholders})"
        with connection.cursor() as cursor:
            cursor.execute(sql, [_START, _STOP, SNIPPET_WORDS, _fts_query(self.terms), *ids])
            return dict(cursor.fetchall())


def search_articles(
    query: str, *, language: str | None = None, edition: str | None = None, using: str = "default"
) -> SearchResults:
    """Published articles of one edition matching ``query``, best first (see the module docstring).

    ``edition``: default, the one being read; ``language``: whose text-search
    configuration parses the query, default the edition's.
    """
    terms = normalised(query)
    scope = listed_edition(edition)  # None with one edition: every article is in it
    edition = scope or current_edition()
    connection = connections[using]
    config = (
        search_config(language or edition, using) if connection.vendor == "postgresql" else "fts5"
    )
    if not terms:
        return SearchResults(terms="", config=config, ids=[], using=using)
    key = _cache_key("ids", config, edition, terms)
    ids = cache.get(key)
    if ids is None:
        if connection.vendor == "postgresql":
            ids = _pg_ids(terms, config, scope, using)
        else:
            ids = _sqlite_ids(terms, scope, using)
        if settings.ARTICLES_SEARCH_CACHE_SECONDS:
            cache.set(key, ids, settings.ARTICLES_SEARCH_CACHE_SECONDS)
    return SearchResults(terms=terms, config=config, ids=ids, using=using)


def _cache_key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"articles:search:{kind}:{digest}"


def _pg_query(terms: str, config: str) -> SearchQuery:
    # websearch: what readers type into search boxes ("quoted phrases", -not, or).
    return SearchQuery(terms, search_type="websearch", config=config)


class _Vector(models.Expression):
    """The trigger-maintained ``search_vector`` column (migration 0003), not a model field.

    Named through the query's own alias of the article table, so it stays
    right inside a subquery (where Django renames the table U0).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_vector')}", []


def _pg_ids(terms: str, config: str, edition: str | None, using: str) -> list[int]:
    query = _pg_query(terms, config)
    matching = (
        Article.objects.using(using)
        .published(at=timezone.now())
        .in_edition(edition)
        .alias(document=_Vector())
        .filter(document=query)
    )
    # The newest MAX_RESULTS matches (read through the GIN index, no vector
    # read), then ranked: cost bounded however common the words are.
    candidates = matching.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
    ranked = (
        Article.objects.using(using)
        .filter(pk__in=candidates)
        .annotate(rank=SearchRank(_Vector(), query, normalization=1))
        .order_by("-rank", "-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # Planned for these words, not once for all (the project keeps prepared
        # statements on one generic plan): a common word is best found
        # walking the date index, a rare one through the GIN index, and a
        # plan for the one is ruinous for the other.
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        return list(ranked)


def _fts_query(terms: str) -> str:
    """An FTS5 MATCH expression: every word, as a prefix ("shortage" finds "shortages")."""
    words = _FTS_WORD.findall(terms)[:MAX_WORDS]
    return " ".join(f'"{word}"*' for word in words)


def _sqlite_ids(terms: str, edition: str | None, using: str) -> list[int]:
    match = _fts_query(terms)
    if not match:
        return []
    # The edition and status are tested inside the ranked statement, before its
    # LIMIT: filtered after it, another edition's or a draft's matches could
    # fill the limit and hide this edition's. Equal ranks: newest first.
    sql = (
        "SELECT f.rowid FROM articles_article_fts f JOIN articles_article a ON a.id = f.rowid "
        "WHERE articles_article_fts MATCH %s AND a.status = %s AND (%s = '' OR a.language = %s) "
        "ORDER BY bm25(articles_article_fts, 10.0, 4.0, 1.0), a.published_at DESC, a.id DESC "
        "LIMIT %s"
    )
    params = [match, Article.Status.PUBLISHED, edition or "", edition or "", MAX_RESULTS * 2]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        ranked = [row[0] for row in cursor.fetchall()]
    visible = set(
        Article.objects.using(using)
        .published(at=timezone.now())
        .in_edition(edition)
        .filter(pk__in=ranked)
        .values_list("pk", flat=True)
    )
    return [pk for pk in ranked if pk in visible][:MAX_RESULTS]


def _snippet_html(raw: str | None) -> str:
    """The database's snippet as safe HTML: tags and their stubs out, text escaped, marks kept."""
    if not raw:
        return ""
    text = html.unescape(_TAG.sub(" ", raw))
    text = " ".join(text.split())
    escaped = html.escape(text, quote=False)
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
