"""What readers see: approved comments only, oldest first, threads, picks, safe text, RTL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import moderation
from comments.models import GuidelineCategory
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def page(client, article, query=""):
    return client.get(article.get_absolute_url() + query).content.decode()


def test_only_approved_comments_appear_oldest_first_with_the_count(client):
    article = make_article()
    now = timezone.now()
    make_comment(article, status="approved", body="Second said", created_at=now)
    make_comment(article, status="approved", body="First said", created_at=now - timedelta(1))
    make_comment(article, status="rejected", body="Rejected words")
    make_comment(article, status="pending", body="Pending words")
    html = page(client, article)
    assert html.index("First said") < html.index("Second said")
    assert "Rejected words" not in html and "Pending words" not in html
    headline = html.index('id="article-headline"')
    count = html.index("2 comments")
    assert headline < count < html.index('id="comments"')


def test_replies_appear_under_their_parent(client):
    article = make_article()
    now = timezone.now()
    first = make_comment(article, status="approved", body="Parent one", created_at=now)
    make_comment(
        article, status="approved", body="Later top", created_at=now + timedelta(minutes=5)
    )
    make_comment(
        article,
        parent=first,
        status="approved",
        body="Reply to one",
        created_at=now + timedelta(minutes=9),
    )
    html = page(client, article)
    assert html.index("Parent one") < html.index("Reply to one") < html.index("Later top")
    assert "3 comments" in html


def test_editors_picks_show_first_and_marked(client):
    article = make_article()
    now = timezone.now()
    make_comment(article, status="approved", body="Ordinary early", created_at=now)
    pick = make_comment(
        article, status="approved", body="Chosen later", created_at=now + timedelta(hours=1)
    )
    moderation.set_editors_pick(pick, value=True)
    html = page(client, article)
    assert html.index("Chosen later") < html.index("Ordinary early")
    assert "comment--pick" in html
    assert "Editors’ pick" in html


def test_comment_text_is_escaped_with_line_breaks_and_safe_links(client):
    article = make_article()
    make_comment(
        article,
        status="approved",
        author_name="<script>alert(1)</script>",
        body="<img src=x onerror=alert(1)>\nSee https://example.org/report?a=1&b=2 now",
    )
    html = page(client, article)
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;<br>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        '<a href="https://example.org/report?a=1&amp;b=2" rel="nofollow ugc noopener">'
        "https://example.org/report?a=1&amp;b=2</a>"
    ) in html


def test_javascript_urls_are_never_made_links(client):
    article = make_article()
    make_comment(article, status="approved", body="click javascript:alert(1) please")
    assert 'href="javascript' not in page(client, article)


def test_right_to_left_names_and_text_are_isolated(client):
    article = make_article()
    make_comment(
        article, status="approved", author_name="سارا محمد", body="هیوادارم ئەم هەماهەنگییە"
    )
    html = page(client, article)
    assert '<bdi class="comment__author">سارا محمد</bdi>' in html
    assert '<div class="comment__body" dir="auto">هیوادارم ئەم هەماهەنگییە</div>' in html


def test_a_bidi_override_in_stored_text_cannot_flip_the_page(client):
    article = make_article()
    # Even a row that bypassed the form is rendered without the override.
    make_comment(article, status="approved", author_name="x\u202ey", body="evil \u202eflip")
    html = page(client, article)
    assert "\u202e" not in html


def test_the_article_page_with_comments_marks_the_reply_links(client):
    article = make_article()
    comment = make_comment(article, status="approved")
    assert f'href="?reply={comment.pk}#comment-form"' in page(client, article)


def test_guidelines_page_publishes_the_policy_with_the_site_name_and_categories(client, settings):
    settings.SITE_NAME = "Kurdistan Daily"
    html = client.get("/community-guidelines/").content.decode()
    assert "Kurdistan Daily moderates all comments submitted on our website." in html
    assert "constructive criticism about Kurdistan Daily." in html
    assert "Rudaw" not in html
    assert "Comments are not edited – they are either approved or rejected." in html
    for category in GuidelineCategory:
        assert f"<dt>{category.label}</dt>" in html
    assert "such as sexism, racism, homophobia or xenophobia" in html


def test_guideline_categories_are_the_seven_of_the_policy():
    assert GuidelineCategory.values == [
        "off_topic",
        "profanity",
        "threat",
        "personal_attack",
        "vulgarity",
        "abuse",
        "promotion",
    ]


def test_deciding_a_comment_shows_it_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    comment = make_comment(article, body="Freshly approved")
    assert "Freshly approved" not in page(client, article)  # and now cached
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=None)
    assert "Freshly approved" in page(client, article)


def test_comment_time_is_shown_in_the_site_time_zone_with_a_machine_readable_utc_time(
    client, settings
):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Asia/Baghdad"  # UTC+3
    article = make_article(published_at=datetime(2025, 3, 1, 8, 0, tzinfo=UTC))
    make_comment(article, status="approved", created_at=datetime(2025, 3, 1, 10, 5, tzinfo=UTC))
    html = page(client, article)
    assert '<time datetime="2025-03-01T10:05:00+00:00">1 Mar 2025, 13:05</time>' in html


@pytest.mark.parametrize("reply", ["²", "9" * 5000, "-1", "abc"])
def test_a_strange_reply_parameter_is_ignored_not_a_500(client, reply):
    article = make_article()
    response = client.get(article.get_absolute_url(), {"reply": reply})
    assert response.status_code == 200
