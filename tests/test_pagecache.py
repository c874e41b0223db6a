"""The shared page cache, seen from a reader's side: hits, 304s, versions, privacy."""

import time

import pytest
from django.test import override_settings

from articles.models import article_scope
from tests import urls_pagecache
from webcore.pagecache import (
    LISTINGS,
    PageEntry,
    RecentPages,
    bump,
    recent_pages,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_pagecache")]


@pytest.fixture(autouse=True)
def _reset_renders():
    urls_pagecache.renders["count"] = 0


def test_second_request_is_served_from_the_cache_with_public_headers(client):
    first = client.get("/listing/")
    second = client.get("/listing/")
    assert first.content == second.content == b"render 1 of /listing/"
    assert urls_pagecache.renders["count"] == 1
    assert second["X-Page-Cache"] == "hit"
    assert "public" in second["Cache-Control"] and "s-maxage=" in second["Cache-Control"]
    assert second["Vary"] == "Cookie"
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]


def test_conditional_requests_answer_304_without_a_body(client):
    etag = client.get("/listing/")["ETag"]
    not_modified = client.get("/listing/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    changed = client.get("/listing/", headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200


def test_query_strings_are_separate_pages(client):
    client.get("/listing/")
    assert client.get("/listing/?page=2").content == b"render 2 of /listing/"


def test_bumping_an_article_retires_only_that_articles_pages(client):
    client.get("/articles/one/")
    client.get("/articles/two/")
    client.get("/listing/")
    bump(article_scope("one"))
    assert client.get("/articles/one/").content == b"render 4 of /articles/one/"
    assert client.get("/articles/two/")["X-Page-Cache"] == "hit"
    assert client.get("/listing/")["X-Page-Cache"] == "hit"


def test_a_worker_without_its_own_copy_is_served_the_shared_one_and_keeps_it(client):
    client.get("/articles/one/")
    # Another worker process: it holds nothing of its own yet.
    recent_pages.clear()
    second = client.get("/articles/one/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == b"render 1 of /articles/one/"
    assert len(recent_pages) == 1


def test_a_workers_own_copy_is_retired_by_a_bump_made_elsewhere(client):
    client.get("/articles/one/")
    assert len(recent_pages) == 1
    # A moderator's decision in another process: bump() touches the shared cache only.
    bump(article_scope("one"))
    assert client.get("/articles/one/").content == b"render 2 of /articles/one/"


def test_bumping_listings_retires_every_reader_page(client):
    client.get("/articles/one/")
    client.get("/listing/")
    bump(LISTINGS)
    assert client.get("/articles/one/").content == b"render 3 of /articles/one/"
    assert client.get("/listing/").content == b"render 4 of /listing/"


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "newsroom_pending"])
def test_a_browser_with_something_personal_is_never_served_the_shared_copy(client, cookie):
    client.get("/listing/")
    client.cookies[cookie] = "x"
    response = client.get("/listing/")
    assert response.content == b"render 2 of /listing/"
    assert "X-Page-Cache" not in response


def test_private_responses_are_neither_stored_nor_public(client):
    first = client.get("/personal/")
    second = client.get("/personal/")
    assert urls_pagecache.renders["count"] == 2
    for response in (first, second):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_pages_that_did_not_opt_in_are_private_no_store(client):
    response = client.get("/plain/")
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {
        "private",
        "no-store",
    }


def test_posts_are_never_answered_from_the_cache(client):
    client.get("/listing/")
    assert client.post("/listing/").content == b"render 2 of /listing/"


@override_settings(NEWSROOM_PAGE_CACHE=False)
def test_cache_off_renders_every_time_but_keeps_etags(client):
    first = client.get("/listing/")
    second = client.get("/listing/")
    assert urls_pagecache.renders["count"] == 2
    assert "X-Page-Cache" not in second
    assert first["ETag"].startswith('"') and first["ETag"] != second["ETag"]
    assert client.get("/listing/", headers={"if-none-match": "*"}).status_code == 304


def test_unknown_query_parameters_are_rendered_but_never_stored(client):
    client.get("/listing/?utm_source=x")
    response = client.get("/listing/?utm_source=x")
    assert response.content == b"render 2 of /listing/"
    assert client.get("/listing/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/listing/?page=2")["X-Page-Cache"] == "hit"


def _entry(stamp, body, *, expires_in=60):
    return PageEntry(stamp, body, (), '"etag"', time.time(), time.time() + expires_in)


def test_recent_pages_keep_the_last_used_within_their_size():
    pages = RecentPages(max_bytes=10)
    pages.put("a", _entry("v1", b"aaaa"))
    pages.put("b", _entry("v1", b"bbbb"))
    assert pages.get("a", "v1")[1] == b"aaaa"  # now the last used
    pages.put("c", _entry("v1", b"cccc"))  # 12 bytes: the least recently used goes
    assert "b" not in pages
    assert "a" in pages and "c" in pages
    pages.put("huge", _entry("v1", b"x" * 11))  # bigger than the whole budget: not kept
    assert "huge" not in pages and len(pages) == 2


def test_recent_pages_never_answer_with_a_copy_built_under_other_versions_or_expired():
    pages = RecentPages(max_bytes=100)
    pages.put("a", _entry("v1", b"page"))
    assert pages.get("a", "v2") is None
    assert "a" not in pages
    pages.put("b", _entry("v1", b"page", expires_in=-1))
    assert pages.get("b", "v1") is None
    assert "b" not in pages
