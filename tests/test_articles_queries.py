"""Reader pages cost the same few queries with 1 article or 30: no N+1 anywhere.

Each page is measured cold (empty cache, so the header's section list is
queried too): within its budget with one article, and with exactly as many
queries for 30 articles (bylines of two authors, two tags each) as for 10.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

# The article page's budget includes the comment section (comments.selectors).
# Article with byline, tags and its corrections and updates (one statement,
# articles.fastpath), comments, related; the header and the typical wait for
# a decision the comment form states (both cold: cached afterwards).
ARTICLE_PAGE_BUDGET = 5
LIST_PAGE_BUDGET = 6
# Search: the ranked ids, the visible articles with bylines, their snippets, the header;
# on PostgreSQL the ids are read in a transaction that plans them for the words (3 more
# statements: BEGIN or SAVEPOINT, SET LOCAL, COMMIT or RELEASE).
SEARCH_PAGE_BUDGET = 6 if connection.vendor != "postgresql" else 8

PAGES = {
    "/": LIST_PAGE_BUDGET,
    "/latest/": LIST_PAGE_BUDGET,
    "/sections/kurdistan/": LIST_PAGE_BUDGET,
    "/tags/erbil/": LIST_PAGE_BUDGET,
    "/authors/avin-hasan/": LIST_PAGE_BUDGET,
    "/search/?q=story": SEARCH_PAGE_BUDGET,
    "/feeds/latest/rss/": 4,
    "/feeds/latest/atom/": 4,
    "/sections/kurdistan/rss/": 4,
    "/sitemap.xml": 4,
    "/news-sitemap.xml": 2,
    "/articles/the-story/": ARTICLE_PAGE_BUDGET,
}


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # These budgets are for rendering a page; a page-cache hit costs no query
    # at all (tests/test_pagecache_pages.py).
    settings.NEWSROOM_PAGE_CACHE = False


@pytest.fixture
def newsroom():
    """One article; calling the result adds ``count`` more in two sections."""
    section = make_section(name="Kurdistan", slug="kurdistan")
    other_section = make_section(name="Iraq", slug="iraq")
    tag = make_tag(name="Erbil", slug="erbil")
    author = make_author(name="Avin Hasan", slug="avin-hasan")
    make_article(
        slug="the-story", headline="The story", section=section, authors=[author], tags=[tag]
    )

    def grow(count):
        for n in range(count):
            make_article(
                headline=f"Another story {n}",
                section=section if n % 2 else other_section,
                authors=[author, make_author()],
                tags=[tag, make_tag()],
            )

    return grow


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("url", "budget"), PAGES.items())
def test_reader_page_runs_in_constant_queries(
    client, newsroom, url, budget, django_assert_max_num_queries
):
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    # From 10 articles on, every list on every page has rows (and so runs its
    # prefetches); 30 must then cost exactly what 10 do.
    newsroom(9)
    with_ten = count_queries(client, url)
    newsroom(20)
    with_thirty = count_queries(client, url)
    assert with_thirty == with_ten, (
        f"{url}: {with_ten} queries with 10 articles, {with_thirty} with 30"
    )
    cache.clear()
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
