"""Readers post comments: held as pending, shown only to their own browser, refused when invalid."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.views import PENDING_COOKIE
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def valid(**overrides):
    data = {
        "author_name": "Hana Rashid",
        "author_email": "hana@example.org",
        "body": "A thoughtful comment about the story.",
        "accept_guidelines": "on",
    }
    data.update(overrides)
    return data


def test_article_page_shows_heading_policy_and_crispy_form_with_labelled_fields(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Post a comment" in html
    assert 'id="comment-form"' in html
    assert 'href="/community-guidelines/"' in html
    assert "moderates all comments" in html
    for name in ("author_name", "author_email", "body", "accept_guidelines"):
        assert f'for="id_{name}"' in html
        assert f'name="{name}"' in html
    assert 'type="hidden" name="csrfmiddlewaretoken"' in html
    assert 'class="form-label' in html  # crispy's bootstrap5 pack rendered the fields


def test_posted_comment_is_stored_pending_and_reader_is_told_it_awaits_moderation(client):
    article = make_article()
    response = client.post(post_url(article), valid(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.article == article
    assert comment.ip_address == "203.0.113.7"
    assert comment.author_email == "hana@example.org"

    page = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in page
    assert "A thoughtful comment about the story." in page
    assert "Awaiting moderation" in page


def test_pending_comment_is_invisible_to_other_readers(client):
    article = make_article()
    client.post(post_url(article), valid(body="Only my browser sees this yet."))
    assert (
        "Only my browser sees this yet." in client.get(article.get_absolute_url()).content.decode()
    )
    other_reader = Client()
    html = other_reader.get(article.get_absolute_url()).content.decode()
    assert "Only my browser sees this yet." not in html
    assert "0 comments" in html


def test_pending_cookie_is_signed_httponly_and_lax_and_no_session_is_created(client):
    article = make_article()
    response = client.post(post_url(article), valid())
    cookie = response.cookies[PENDING_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 7 * 24 * 3600
    assert "sessionid" not in response.cookies


def test_forged_pending_cookie_shows_nothing(client):
    article = make_article()
    secret = make_comment(article, body="Someone else's pending words.")
    client.cookies[PENDING_COOKIE] = f"{secret.pk}"  # unsigned: forged
    assert (
        "Someone else's pending words."
        not in client.get(article.get_absolute_url()).content.decode()
    )


def test_own_comment_disappears_from_own_view_once_rejected(client):
    from comments import moderation

    article = make_article()
    client.post(post_url(article), valid(body="Soon to be rejected."))
    comment = Comment.objects.get()
    moderation.decide(comment, decision="reject", reason="off_topic", moderator=None)
    assert "Soon to be rejected." not in client.get(article.get_absolute_url()).content.decode()


def test_form_errors_rerender_the_article_with_400_and_keep_what_was_typed(client):
    article = make_article()
    response = client.post(
        post_url(article),
        valid(author_email="not-an-address", accept_guidelines="", body="Keep my words"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert article.headline in html
    assert "Enter a valid email address." in html
    assert "Please confirm that your comment follows the guidelines." in html
    assert "Keep my words" in html
    assert 'value="not-an-address"' in html
    assert "private" in response["Cache-Control"]
    assert Comment.objects.count() == 0


def test_error_is_shown_next_to_its_field(client):
    article = make_article()
    html = client.post(post_url(article), valid(accept_guidelines="")).content.decode()
    field = html.index('id="div_id_accept_guidelines"')
    # Also listed in the summary above the form; here, the one beside its field.
    error = html.index("Please confirm that your comment follows the guidelines.", field)
    assert 0 < error - field < 1500


def test_oversize_text_and_name_are_refused_with_form_errors(client, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    article = make_article()
    response = client.post(post_url(article), valid(body="x" * 51, author_name="n" * 81))
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 50 characters" in html
    assert "at most 80 characters" in html
    assert Comment.objects.count() == 0


def test_nul_byte_is_refused(client):
    article = make_article()
    response = client.post(post_url(article), valid(body="hello\x00world"))
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert Comment.objects.count() == 0


def test_control_and_bidi_override_characters_are_stripped(client):
    article = make_article()
    body = "Price \u202etxt.exe\u202c and a bell\x07 and\x1b escape\r\nnew line"
    client.post(post_url(article), valid(body=body, author_name="Evil\u202eName\x08"))
    comment = Comment.objects.get()
    assert comment.body == "Price txt.exe and a bell and escape\nnew line"
    assert comment.author_name == "EvilName"


def test_whitespace_only_comment_is_refused(client):
    article = make_article()
    response = client.post(post_url(article), valid(body=" \n\t \u202e "))
    assert response.status_code == 400
    assert "Please write your comment." in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "scheduled"],
)
def test_posting_to_an_unpublished_article_is_not_found(client, state):
    article = make_article(**state)
    response = client.post(post_url(article), valid())
    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_posting_to_an_unknown_article_is_not_found(client):
    assert client.post("/articles/no-such-story/comments/", valid()).status_code == 404


def test_posting_to_a_closed_article_is_forbidden_with_a_message(client):
    article = make_article(comments_open=False)
    response = client.post(post_url(article), valid())
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert Comment.objects.count() == 0


def test_comments_close_by_themselves_at_the_closing_time(client):
    article = make_article(
        published_at=timezone.now() - timedelta(days=3),
        comments_close_at=timezone.now() - timedelta(minutes=1),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments on this article are closed." in html
    assert 'id="comment-form"' not in html
    assert client.post(post_url(article), valid()).status_code == 403
    assert Comment.objects.count() == 0


def test_closed_article_page_says_so_and_shows_no_form(client):
    article = make_article(comments_open=False)
    make_comment(article, status=Comment.Status.APPROVED, body="Posted before closing.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments on this article are closed." in html
    assert "Posted before closing." in html
    assert 'id="comment-form"' not in html
    assert "Post a comment" not in html


def test_get_on_the_post_address_is_not_allowed(client):
    article = make_article()
    assert client.get(post_url(article)).status_code == 405


def test_tampered_status_and_article_fields_are_ignored(client):
    article = make_article()
    other = make_article()
    client.post(post_url(article), valid(status="approved", article=other.pk, is_editors_pick="on"))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.article == article
    assert not comment.is_editors_pick


def test_reply_to_an_approved_comment_is_stored_under_it(client):
    article = make_article()
    parent = make_comment(article, status=Comment.Status.APPROVED)
    response = client.post(post_url(article), valid(parent=parent.pk))
    assert response.status_code == 303
    assert Comment.objects.get(parent=parent).status == Comment.Status.PENDING


def test_reply_link_prefills_the_parent(client):
    article = make_article()
    parent = make_comment(article, status=Comment.Status.APPROVED, author_name="Karwan")
    html = client.get(f"{article.get_absolute_url()}?reply={parent.pk}").content.decode()
    assert f'name="parent" value="{parent.pk}"' in html
    assert "Replying to <bdi>Karwan</bdi>" in html


@pytest.mark.parametrize("parent_state", ["pending", "rejected", "other_article", "reply", "junk"])
def test_tampered_parent_is_refused_and_nothing_is_stored(client, parent_state):
    article = make_article()
    if parent_state == "junk":
        parent_id = "abc"
    elif parent_state == "other_article":
        parent_id = make_comment(make_article(), status=Comment.Status.APPROVED).pk
    elif parent_state == "reply":
        top = make_comment(article, status=Comment.Status.APPROVED)
        parent_id = make_comment(article, parent=top, status=Comment.Status.APPROVED).pk
    else:
        parent_id = make_comment(article, status=parent_state).pk
    before = Comment.objects.count()
    response = client.post(post_url(article), valid(parent=parent_id))
    assert response.status_code == 400
    assert "You can only reply to a published comment on this article." in (
        response.content.decode()
    )
    assert Comment.objects.count() == before


def test_pre_screen_flags_are_stored_but_never_change_or_decide_the_comment(client):
    article = make_article()
    body = "Follow me and subscribe to my channel for cheap followers!!! http://spam.example"
    client.post(post_url(article), valid(body=body))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == body
    categories = {flag["category"] for flag in comment.flags}
    assert "promotion" in categories
    assert comment.risk == max(flag["score"] for flag in comment.flags) > 0


def test_a_comment_that_fits_the_box_fits_the_limit(client, settings):
    # Browsers count a line break as one character against the textarea's
    # maxlength and send it as CR LF: 47 characters in the box, 51 sent.
    settings.COMMENTS_MAX_LENGTH = 47
    article = make_article()
    typed = "\n".join(["Line one.", "Line two.", "Line three.", "Line four.", "End."])
    assert len(typed) == 47
    response = client.post(post_url(article), valid(body=typed.replace("\n", "\r\n")))
    assert response.status_code == 303
    assert Comment.objects.get().body == typed
    # One character more than the box holds is still refused.
    response = client.post(post_url(article), valid(body=(typed + "!").replace("\n", "\r\n")))
    assert response.status_code == 400
    assert "at most 47 characters" in response.content.decode()
