"""Reader search: an index the database keeps, ranking, snippets, a cache and a rate limit.

Every test runs on the suite's database; CI runs the suite on SQLite and on
PostgreSQL, so each rule is proved on both (FTS5 and a GIN-indexed tsvector).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def found(query):
    return [article.slug for article in search.search_articles(query)[:50]]


def test_the_index_follows_every_write_even_a_bulk_update_or_raw_sql():
    article = make_article(headline="Harbour opens", slug="harbour", body="<p>Ships.</p>")
    assert found("harbour") == ["harbour"]
    # A queryset update never calls save(): the database's triggers keep up.
    Article.objects.filter(pk=article.pk).update(body="<p>Aircraft landed.</p>")
    search.cache.clear()
    assert found("aircraft") == ["harbour"]
    assert found("ships") == []
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET headline = %s WHERE id = %s", ["Airport opens", article.pk]
        )
    search.cache.clear()
    assert found("airport") == ["harbour"]
    assert found("harbour") == []
    Article.objects.filter(pk=article.pk).delete()
    search.cache.clear()
    assert found("airport") == []


def test_search_reads_the_index_not_every_article():
    make_article(headline="Water plant opens")
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        # The match alone: with sequential scans off, only the GIN index can serve it.
        plan = (
            Article.objects.alias(document=search._Vector())
            .filter(document=search._pg_query("water", "english"))
            .explain()
        )
        assert "articles_article_search" in plan
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM articles_article_fts "
                "WHERE articles_article_fts MATCH 'water'"
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "VIRTUAL TABLE INDEX" in plan


def test_headline_matches_rank_above_body_matches():
    make_article(headline="Market news", body="<p>Water shortages hit the market.</p>", slug="b")
    make_article(headline="Water shortages worsen", body="<p>Dry.</p>", slug="h")
    make_article(headline="Market", standfirst="Water shortages in the standfirst.", slug="s")
    assert found("water shortages") == ["h", "s", "b"]


def test_words_are_matched_beyond_their_exact_form():
    # Stemming on PostgreSQL, prefixes on SQLite: "shortage" finds "shortages".
    make_article(headline="Water shortages worsen", slug="plural")
    assert found("shortage") == ["plural"]


def test_snippets_mark_the_words_found_and_escape_the_rest(client):
    make_article(
        headline="Ministry report",
        body=(
            "<p>The ministry said the <strong>water</strong> supply &amp; power grid "
            "held.</p><p>&lt;script&gt;alert(1)&lt;/script&gt; was in a comment.</p>"
        ),
    )
    html = client.get("/search/", {"q": "water"}).content.decode()
    assert '<p class="search-snippet">' in html
    assert "<mark>water</mark>" in html
    assert "supply &amp; power" in html
    assert "<script>alert(1)" not in html
    assert "<strong>" not in html.split('class="search-snippet"')[1].split("</p>")[0]


def test_only_published_articles_are_found_even_from_the_cache(client):
    live = make_article(headline="Dam inspection", slug="dam")
    make_article(headline="Dam draft", slug="dam-draft", status=Article.Status.DRAFT)
    assert "/articles/dam/" in client.get("/search/", {"q": "dam"}).content.decode()
    Article.objects.filter(pk=live.pk).unpublish()
    # The cached ids still name it; the read through published() drops it.
    html = client.get("/search/", {"q": "dam"}).content.decode()
    assert "/articles/dam/" not in html
    assert "/articles/dam-draft/" not in html


def test_results_are_cached_per_normalised_query():
    make_article(headline="Oil prices rise", slug="oil")
    with CaptureQueriesContext(connection) as first:
        assert found("oil prices") == ["oil"]
    with CaptureQueriesContext(connection) as again:
        assert found("  OIL   Prices ") == ["oil"]
    index = "articles_article_fts" if not POSTGRESQL else "search_vector"
    assert any(index in query["sql"] for query in first.captured_queries)
    assert not any(index in query["sql"] for query in again.captured_queries)


def test_search_is_rate_limited_per_address_with_a_short_429(client, settings):
    settings.ARTICLES_SEARCH_RATE_LIMIT = "3/1m"
    make_article(headline="Election results")
    for _ in range(3):
        assert client.get("/search/", {"q": "election"}, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.get("/search/", {"q": "election"}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert "Too many searches" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
    # Another address is not affected, and the empty search page is never counted.
    assert client.get("/search/", {"q": "election"}, REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get("/search/", REMOTE_ADDR="192.0.2.1").status_code == 200


@pytest.mark.parametrize(
    "query", ['"unclosed', "-", "OR", "a & b | !c", "NEAR(a b)", "*", "x:y", "'; DROP TABLE"]
)
def test_query_syntax_from_readers_never_errors(client, query):
    make_article(headline="Anything at all")
    assert client.get("/search/", {"q": query}).status_code == 200


@pytest.mark.skipif(not POSTGRESQL, reason="text-search configurations are PostgreSQL's")
def test_each_edition_searches_under_its_own_language_configuration():
    assert search.search_config("en") == "english"
    assert search.search_config("ar") == "arabic"
    assert search.search_config("tr") == "turkish"
    assert search.search_config("ckb") == "simple"  # PostgreSQL has no Sorani
    make_article(headline="Kitaplar okunuyor", slug="turkish")
    try:
        assert search.sync_search_index(language="tr") is True
        assert search.sync_search_index(language="tr") is False  # already so
        # Turkish stemming: "kitap" (book) finds "kitaplar" (books).
        assert [a.slug for a in search.search_articles("kitap", language="tr")[:5]] == ["turkish"]
    finally:
        search.sync_search_index()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE slug = 'turkish'")
        assert "kitapl" in cursor.fetchone()[0]  # english stems leave it whole


@pytest.mark.skipif(not POSTGRESQL, reason="TOAST storage is PostgreSQL's")
def test_postgresql_keeps_each_search_vector_in_its_row():
    # Out of line, every match test and ranking first fetched the vector's chunks.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'articles_article'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone()[0] == "m"  # MAIN: compressed in the row if need be


def test_snippets_come_from_the_opening_of_a_long_body(client):
    filler = "<p>" + " ".join(f"paragraph{n} filler text here." for n in range(400)) + "</p>"
    make_article(headline="Long read", slug="long", body=f"<p>Flood warning issued.</p>{filler}")
    html = client.get("/search/", {"q": "flood"}).content.decode()
    assert "<mark>Flood</mark> warning issued" in html
    if POSTGRESQL:
        # A word only far down still finds the article; its snippet is the opening, unmarked.
        make_article(headline="Other long read", slug="later", body=f"{filler}<p>Drought.</p>")
        html = client.get("/search/", {"q": "drought"}).content.decode()
        assert "/articles/later/" in html
        assert "<mark>" not in html.split('class="search-snippet"')[1].split("</p>")[0]


def test_a_search_that_stops_at_its_cap_says_so_instead_of_a_count(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for n in range(4):
        make_article(headline=f"Flood warning {n}", slug=f"flood-{n}")
    make_article(headline="Drought", slug="drought")
    html = client.get("/search/", {"q": "flood"}).content.decode()
    assert "The 3 best of the articles matching “flood”" in html
    assert sum(f"/articles/flood-{n}/" in html for n in range(4)) == 3
    html = client.get("/search/", {"q": "drought"}).content.decode()
    assert "1 article matches “drought”" in html


def _search_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'articles_article'::regclass"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'articles_article'"
            )
        return {row[0] for row in cursor.fetchall() if "search" in row[0] or "fts" in row[0]}


@pytest.mark.django_db(transaction=True)
def test_the_index_survives_rolling_the_editions_migration_back_and_forth():
    # Rolling back a deploy: removing a column rebuilds the table on SQLite,
    # which drops its triggers; the search must still follow every write after.
    installed = _search_triggers()
    assert installed
    try:
        call_command("migrate", "articles", "0005", verbosity=0)
        assert _search_triggers() == installed
    finally:
        call_command("migrate", verbosity=0)
    assert _search_triggers() == installed
    make_article(headline="Ferry resumes", slug="ferry", body="<p>Boats.</p>")
    search.cache.clear()
    assert found("ferry") == ["ferry"]
