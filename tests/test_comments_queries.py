"""Comments at volume: constant queries whatever the count, pages of threads, bad page numbers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.demo import bulk_comments
from comments.models import Comment
from comments.views import PENDING_COOKIE, article_comments
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def comment_queries(rf, article, **cookies):
    request = rf.get(article.get_absolute_url())
    request.COOKIES.update(cookies)
    with CaptureQueriesContext(connection) as queries:
        section = article_comments(request, article)
    return len(queries), section


@pytest.mark.parametrize("count", [0, 50, 500])
def test_comment_section_is_one_query_whatever_the_count(rf, count):
    article = make_article()
    if count:
        bulk_comments([article], per_article=count)
    queries, section = comment_queries(rf, article)
    assert queries == 1
    assert section["comment_count"] == count


@pytest.mark.parametrize("count", [0, 50, 500])
def test_article_page_issues_the_same_queries_with_0_50_and_500_comments(
    client, count, django_assert_num_queries, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    reference = make_article()
    article = make_article()
    client.get(reference.get_absolute_url())  # the header's section list is cached now
    with CaptureQueriesContext(connection) as baseline:
        client.get(reference.get_absolute_url())
    if count:
        bulk_comments([article], per_article=count)
    # Exactly the queries of an article without comments, at any volume.
    with django_assert_num_queries(len(baseline)):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f"{count} comment" in response.content.decode()


def test_own_pending_comments_cost_one_more_query(client, rf):
    article = make_article()
    bulk_comments([article], per_article=50)
    client.post(
        f"/articles/{article.slug}/comments/",
        {
            "author_name": "Me",
            "author_email": "me@example.org",
            "body": "Mine, pending.",
            "accept_guidelines": "on",
        },
    )
    request_cookie = client.cookies[PENDING_COOKIE].value
    queries, section = comment_queries(rf, article, **{PENDING_COOKIE: request_cookie})
    assert queries == 2
    assert section["page_is_private"]
    assert section["comment_page"].own_pending[0]["body_html"] == "Mine, pending."


def test_comments_are_paginated_and_threads_stay_whole(client, settings):
    settings.COMMENTS_PER_PAGE = 3
    article = make_article()
    start = timezone.now() - timedelta(hours=1)
    tops = [
        make_comment(
            article, status="approved", body=f"Top {n}", created_at=start + timedelta(minutes=n)
        )
        for n in range(5)
    ]
    make_comment(
        article,
        parent=tops[2],
        status="approved",
        body="Late reply to top 2",
        created_at=start + timedelta(minutes=50),
    )
    first = client.get(article.get_absolute_url()).content.decode()
    assert all(f"Top {n}<" in first for n in range(3))
    assert "Top 3<" not in first
    assert "Late reply to top 2" in first  # with its parent, though newer than Top 4
    assert "Comments page 1 of 2" in first
    assert 'href="?page=2#comments"' in first
    assert "6 comments" in first
    second = client.get(article.get_absolute_url() + "?page=2").content.decode()
    assert "Top 3<" in second and "Top 4<" in second and "Top 0<" not in second
    assert 'href="?page=1#comments"' in second
    assert 'href="?page=2&reply=' in second


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "99", "1.5", "2"])
def test_bad_page_numbers_are_not_found_never_a_server_error(client, bad):
    article = make_article()
    make_comment(article, status="approved")
    response = client.get(f"{article.get_absolute_url()}?page={bad}")
    assert response.status_code == 404


def test_reply_to_a_rejected_parent_is_not_counted_or_shown(client):
    article = make_article()
    parent = make_comment(article, status="rejected")
    make_comment(article, parent=parent, status="approved", body="Orphan")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Orphan" not in html
    assert "0 comments" in html


def test_comment_indexes_cover_the_hot_filters():
    indexes = {tuple(index.fields) for index in Comment._meta.indexes}
    assert ("article", "status", "created_at") in indexes
    assert ("status", "created_at") in indexes
    assert ("author_email",) in indexes
    assert ("ip_address",) in indexes
    assert ("article", "status", "-is_editors_pick", "created_at", "id") in indexes
