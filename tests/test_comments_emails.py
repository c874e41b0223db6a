"""E-mail: moderators when comments wait (throttled), commenters when theirs is decided."""

import pytest

from comments import moderation
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def post(client, article, n):
    return client.post(
        f"/articles/{article.slug}/comments/",
        {
            "author_name": "Reader",
            "author_email": f"reader{n}@example.org",
            "body": f"Comment number {n}.",
            "accept_guidelines": "on",
        },
        REMOTE_ADDR=f"198.51.100.{n}",
    )


@pytest.fixture
def moderators():
    return [
        make_user("mod1", email="mod1@example.org", groups=["Moderators"]),
        make_user("mod2", email="mod2@example.org", groups=["Moderators"]),
        make_user("nomail", email="", groups=["Moderators"]),
        make_user("editor", email="editor@example.org"),
    ]


def test_moderators_get_one_alert_per_interval_not_one_per_comment(
    client, mailoutbox, moderators, django_capture_on_commit_callbacks
):
    article = make_article()
    for n in range(1, 4):
        with django_capture_on_commit_callbacks(execute=True):
            assert post(client, article, n).status_code == 303
    assert len(mailoutbox) == 1
    alert = mailoutbox[0]
    assert "waiting for moderation" in alert.subject
    assert set(alert.bcc) == {"mod1@example.org", "mod2@example.org"}
    assert "One comment is waiting" in alert.body  # sent with the first, then quiet
    assert "/admin/comments/comment/" in alert.body


def test_a_new_alert_goes_out_once_the_interval_has_passed(
    client, mailoutbox, moderators, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from comments.notifications import ALERT_KEY

    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, 1)
    cache.delete(ALERT_KEY)  # what the interval's expiry does
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, 2)
    assert len(mailoutbox) == 2


def test_commenter_is_told_when_their_comment_is_approved_with_a_link(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://news.example"
    comment = make_comment(author_email="hana@example.org", author_name="Hana")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    [mail] = mailoutbox
    assert mail.to == ["hana@example.org"]
    assert "published" in mail.subject
    assert f"https://news.example/comments/{comment.pk}/" in mail.body
    assert comment.article.headline in mail.body


def test_mail_is_plain_text_names_and_headlines_arrive_as_written(
    mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(
        article=make_article(headline='Roads & bridges: "<b>" is not a tag here'),
        author_name="Ali & Sons <ali@example.org>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    [mail] = mailoutbox
    assert "Hello Ali & Sons <ali@example.org>," in mail.body
    assert 'Roads & bridges: "<b>" is not a tag here' in mail.body
    assert "&amp;" not in mail.body and "&lt;" not in mail.body


def test_rejection_mail_names_the_guideline_in_its_own_words_and_links_to_them(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://news.example"
    comment = make_comment(author_email="troll@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(
            comment, decision="reject", reason="personal_attack", moderator=make_user()
        )
    [mail] = mailoutbox
    assert mail.to == ["troll@example.org"]
    assert "Personal attack: Insults aimed at the writer" in mail.body
    assert "https://news.example/community-guidelines/" in mail.body
    assert "not published" in mail.subject


def test_setting_turns_commenter_mail_off(mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.COMMENTS_NOTIFY_COMMENTERS = False
    comment = make_comment()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    assert mailoutbox == []


def test_the_permalink_in_the_mail_leads_to_the_comment_on_its_page(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = make_article()
    comments = [make_comment(article, status="approved") for _ in range(5)]
    response = client.get(f"/comments/{comments[4].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?page=3#comment-{comments[4].pk}"
    pending = make_comment(article)
    assert client.get(f"/comments/{pending.pk}/").status_code == 404
