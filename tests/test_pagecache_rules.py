"""The page cache follows what each view declares, and HTTP's own rules for revalidation."""

import random

import pytest

from comments import moderation
from comments.models import Decision
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


def test_a_decision_retires_the_article_page_under_a_script_prefix(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    comment = make_comment(article, body="Worth waiting for.")
    path = article.get_absolute_url()
    assert "Worth waiting for." not in client.get(path, SCRIPT_NAME="/news").content.decode()
    assert client.get(path, SCRIPT_NAME="/news")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision=Decision.Kind.APPROVE, moderator=make_user("m"))

    response = client.get(path, SCRIPT_NAME="/news")
    assert response["X-Page-Cache"] == "miss"
    assert "Worth waiting for." in response.content.decode()


def test_a_weak_etag_from_a_compressing_proxy_gets_304(client):
    path = make_article().get_absolute_url()
    etag = client.get(path)["ETag"]
    response = client.get(path, headers={"if-none-match": f"W/{etag}"})
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_if_modified_since_gets_304_and_an_older_date_gets_the_page(client):
    path = make_article().get_absolute_url()
    last_modified = client.get(path)["Last-Modified"]
    assert client.get(path, headers={"if-modified-since": last_modified}).status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(path, headers={"if-modified-since": older}).status_code == 200


def test_random_reply_links_store_nothing_new(client):
    article = make_article()
    path = article.get_absolute_url()
    client.get(path)
    rng = random.Random(7)  # noqa: S311 - test data
    links = [f"{path}?reply={rng.randrange(1, 10**12)}" for _ in range(1000)]
    for link in links:
        response = client.get(link)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    # Asked again, none of them comes from the cache: none was stored.
    for link in links[:50]:
        assert client.get(link).get("X-Page-Cache") != "hit"
    assert client.get(path)["X-Page-Cache"] == "hit"


def test_a_reply_link_to_a_thread_on_the_page_is_shared(client):
    article = make_article()
    comment = make_comment(article, status="approved")
    path = f"{article.get_absolute_url()}?reply={comment.pk}"
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("written", ["01", "001", "+1", "%2B1", "%201"])
def test_a_non_canonical_page_number_redirects_to_the_canonical_one(client, written):
    response = client.get(f"/latest/?page={written}")
    assert response.status_code == 301
    assert response["Location"] == "/latest/?page=1"


@pytest.mark.parametrize("query", ["?page=abc", "?x=1", "?page=1&page=2", "?page=0"])
def test_unknown_or_unfixable_parameters_are_served_but_never_stored(client, query):
    make_article()
    assert client.get(f"/latest/{query}").status_code in (200, 404)
    assert client.get(f"/latest/{query}").get("X-Page-Cache") != "hit"
