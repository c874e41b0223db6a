"""Drafts and scheduled articles are invisible on every reader surface; live ones are visible.

Each reader surface is checked for all three states: a draft, an article
scheduled for the future, and a live article in the same section, tag and
byline, so a surface that forgot ``published()`` shows the wrong headline.
"""

from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from articles import fastpath
from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio():
    section = make_section(name="Kurdistan", slug="kurdistan")
    tag = make_tag(name="Erbil", slug="erbil")
    author = make_author(name="Avin Hasan", slug="avin-hasan")
    common = {"section": section, "tags": [tag], "authors": [author]}
    live = make_article(headline="Live zebra story", slug="live-zebra", **common)
    draft = make_article(
        headline="Draft zebra story", slug="draft-zebra", status=Article.Status.DRAFT, **common
    )
    scheduled = make_article(
        headline="Scheduled zebra story",
        slug="scheduled-zebra",
        published_at=timezone.now() + timedelta(hours=1),
        **common,
    )
    return live, draft, scheduled


READER_SURFACES = [
    "/",
    "/latest/",
    "/sections/kurdistan/",
    "/tags/erbil/",
    "/authors/avin-hasan/",
    "/search/?q=zebra",
    "/feeds/latest/rss/",
    "/feeds/latest/atom/",
    "/sections/kurdistan/rss/",
    "/sections/kurdistan/atom/",
    "/sitemap.xml",
    "/news-sitemap.xml",
]


@pytest.mark.parametrize("url", READER_SURFACES)
def test_only_the_live_article_appears_on_each_reader_surface(client, trio, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert ("live-zebra" in content) or ("Live zebra story" in content)
    for hidden in ("draft-zebra", "Draft zebra story", "scheduled-zebra", "Scheduled zebra story"):
        assert hidden not in content, f"{hidden} leaked on {url}"


def test_related_articles_never_list_drafts_or_scheduled(client, trio):
    live, draft, scheduled = trio
    other = make_article(section=live.section, headline="Another live story")
    html = client.get(other.get_absolute_url()).content.decode()
    assert "Live zebra story" in html
    assert "Draft zebra story" not in html
    assert "Scheduled zebra story" not in html


@pytest.mark.parametrize("slug", ["draft-zebra", "scheduled-zebra", "no-such-story"])
def test_draft_scheduled_and_unknown_articles_answer_the_friendly_404(client, trio, slug):
    response = client.get(f"/articles/{slug}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert "zebra story" not in html


def test_scheduled_article_appears_by_itself_when_its_time_comes(client):
    soon = timezone.now() + timedelta(minutes=30)
    article = make_article(headline="Embargoed budget story", published_at=soon)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # No job runs: the same row simply matches once the clock passes published_at.
    later = soon + timedelta(seconds=1)
    assert Article.objects.published(at=later).filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Embargoed budget story" in response.content.decode()


def test_article_with_publication_time_in_the_past_is_live_at_once(client):
    article = make_article(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.is_published() and not article.is_scheduled()


def test_section_of_only_drafts_shows_an_empty_list_not_an_error(client):
    section = make_section(slug="quiet")
    make_article(section=section, status=Article.Status.DRAFT, headline="Hidden")
    response = client.get("/sections/quiet/")
    assert response.status_code == 200
    assert "Hidden" not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/sections/nope/", "/tags/nope/", "/authors/nope/", "/sections/nope/rss/"]
)
def test_unknown_section_tag_author_or_feed_is_404(client, url):
    assert client.get(url).status_code == 404


def test_related_articles_rank_shared_tags_first_then_the_newest_of_the_section(client):
    now = timezone.now()
    water, farming, rain = make_tag(name="Water"), make_tag(name="Farming"), make_tag(name="Rain")
    home, away = make_section(name="Economy"), make_section(name="Culture")
    article = make_article(section=home, tags=[water, farming, rain], headline="Dams fill up")
    two_tags = make_article(
        section=away,
        tags=[water, farming],
        headline="Two tags",
        published_at=now - timedelta(days=9),
    )
    one_tag = make_article(
        section=away, tags=[rain], headline="One tag", published_at=now - timedelta(days=1)
    )
    newer = make_article(
        section=home, headline="Newer in section", published_at=now - timedelta(hours=1)
    )
    older = make_article(
        section=home, headline="Older in section", published_at=now - timedelta(days=2)
    )
    make_article(section=away, headline="Unrelated elsewhere")

    related = fastpath.related_articles(article, limit=4)

    assert [a.headline for a in related] == [
        two_tags.headline,
        one_tag.headline,
        newer.headline,
        older.headline,
    ]
    assert related[0].section.name == "Culture"  # the section comes with each, no query
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Unrelated elsewhere" not in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL keeps the statement prepared"
)
@pytest.mark.django_db(transaction=True)
def test_the_article_query_survives_a_migration_that_adds_a_column():
    article = make_article()
    # Past psycopg's prepare threshold: the statement is now prepared on this connection.
    for _ in range(10):
        assert fastpath.published_article(article.slug) == article
    # `migrate`, run from another process while the workers serve pages.
    migrate = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with migrate.cursor() as cursor:
            cursor.execute("ALTER TABLE articles_article ADD COLUMN added_by_a_migration integer")
        assert fastpath.published_article(article.slug) == article
    finally:
        with migrate.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE articles_article DROP COLUMN IF EXISTS added_by_a_migration"
            )
        migrate.close()
