"""An oversized comment post is refused (413) before its body is read, and never echoed back."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db

MARKER = "ECHOED-TEXT-"


def big_post(client, article, size):
    return client.post(
        f"/articles/{article.slug}/comments/",
        {
            "author_name": "Hana Rashid",
            "author_email": "hana@example.org",
            "body": MARKER * (size // len(MARKER)),
            "accept_guidelines": "on",
        },
    )


@pytest.mark.parametrize("csrf_checks", [False, True])
def test_a_two_megabyte_comment_is_refused_with_a_short_413(csrf_checks):
    client = Client(enforce_csrf_checks=csrf_checks)
    article = make_article()
    response = big_post(client, article, 2 * 1024 * 1024)
    assert response.status_code == 413
    assert len(response.content) < 20_000
    html = response.content.decode()
    assert MARKER not in html
    assert "64 KB" in html
    assert "no-store" in response["Cache-Control"]
    assert not Comment.objects.exists()


def test_a_post_just_under_the_limit_reaches_the_form(client, settings):
    article = make_article()
    response = big_post(client, article, settings.COMMENTS_MAX_REQUEST_BYTES - 2048)
    # Too long for a comment, so the form says so (400); but it was read, not refused.
    assert response.status_code == 400
    assert "at most" in response.content.decode()


def test_the_limit_is_a_setting(client, settings):
    settings.COMMENTS_MAX_REQUEST_BYTES = 1024
    article = make_article()
    assert big_post(client, article, 4096).status_code == 413


def test_a_full_length_comment_in_four_byte_characters_fits_under_the_limit(client, settings):
    article = make_article()
    response = client.post(
        f"/articles/{article.slug}/comments/",
        {
            "author_name": "Hana Rashid",
            "author_email": "hana@example.org",
            "body": "😀" * settings.COMMENTS_MAX_LENGTH,
            "accept_guidelines": "on",
        },
    )
    assert response.status_code != 413
