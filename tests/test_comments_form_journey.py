"""A comment with a mistake comes back with its problems listed first and the text kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def post(client, article, **data):
    fields = {
        "author_name": "Reader",
        "author_email": "reader@example.org",
        "body": "My careful words.",
        "accept_guidelines": "on",
    }
    fields.update(data)
    return client.post(
        f"/articles/{article.slug}/comments/", {k: v for k, v in fields.items() if v is not None}
    )


def test_errors_come_back_as_a_summary_linking_each_field_with_the_text_kept(client):
    article = make_article()
    response = post(client, article, author_name="", accept_guidelines=None)
    html = response.content.decode()
    assert response.status_code == 400
    summary = html[html.index('id="comment-errors"') :]
    assert 'href="#id_author_name"' in summary and 'href="#id_accept_guidelines"' in summary
    assert "autofocus" in html[html.index('<div id="comment-errors"') :][:200]
    assert "<title>Error: " in html
    assert "My careful words." in html
    assert Comment.objects.count() == 0


def test_the_comments_heading_and_the_count_lead_to_the_form(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert html.count('href="#comment-form">Join the discussion</a>') == 2


def test_a_page_without_errors_has_no_summary_and_a_plain_title(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comment-errors"' not in html
    assert "<title>Error" not in html


def test_the_form_says_how_long_moderation_usually_takes(client):
    article = make_article()
    moderator = make_user("m")
    for minutes in (20, 40, 60):
        comment = make_comment(article, created_at=timezone.now() - timedelta(minutes=minutes))
        moderation.decide(comment, decision="approve", moderator=moderator)
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Comments are usually reviewed within about 40 minutes." in html


def test_without_decisions_the_form_promises_no_time(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "usually reviewed" not in html


def test_the_form_says_where_to_ask_for_a_review(client, settings):
    settings.COMMENTS_REVIEW_CONTACT = "readers@news.example"
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert '<a href="mailto:readers@news.example">readers@news.example</a>' in html
    assert "ask for it to be reviewed" in html
