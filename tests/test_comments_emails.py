"""E-mail: moderators when comments wait (throttled), commenters when theirs is decided.

Commenters are written to only at an address its owner confirmed; the first
comment from an address sends one confirmation request (see
``comments.notifications``). Tasks run immediately here (the test settings'
backend), after the commit.
"""

import re

import pytest
from django.utils import timezone

from comments import moderation, tasks
from comments.models import CommenterEmail, Notice
from comments.notifications import confirmation_token
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def confirmed(email):
    CommenterEmail.objects.create(email=email, confirmed_at=timezone.now())
    return email


def alerts(mailoutbox):
    return [mail for mail in mailoutbox if "waiting for moderation" in mail.subject]


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
    assert len(alerts(mailoutbox)) == 1
    alert = alerts(mailoutbox)[0]
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
    assert len(alerts(mailoutbox)) == 2


def test_commenter_is_told_when_their_comment_is_approved_with_a_link(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://news.example"
    comment = make_comment(author_email=confirmed("hana@example.org"), author_name="Hana")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    [mail] = mailoutbox
    assert mail.to == ["hana@example.org"]
    assert "published" in mail.subject
    assert f"https://news.example/comments/{comment.pk}/" in mail.body
    assert comment.article.headline in mail.body


def test_mail_is_plain_text_and_never_opens_with_the_name_a_reader_typed(
    mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(
        article=make_article(headline='Roads & bridges: "<b>" is not a tag here'),
        author_name="Visit cheap-pills.example now",
        author_email=confirmed("ali@example.org"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    [mail] = mailoutbox
    assert mail.body.startswith("Hello,\n")
    assert "cheap-pills" not in mail.body and "cheap-pills" not in mail.subject
    assert 'Roads & bridges: "<b>" is not a tag here' in mail.body
    assert "&amp;" not in mail.body and "&lt;" not in mail.body


def test_rejection_mail_names_the_guideline_in_its_own_words_and_links_to_them(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://news.example"
    comment = make_comment(author_email=confirmed("troll@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(
            comment, decision="reject", reason="personal_attack", moderator=make_user()
        )
    [mail] = mailoutbox
    assert mail.to == ["troll@example.org"]
    assert "Personal attack: Insults aimed at the writer" in mail.body
    assert "https://news.example/community-guidelines/" in mail.body
    assert "not published" in mail.subject


def test_setting_turns_commenter_mail_off(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_NOTIFY_COMMENTERS = False
    comment = make_comment(author_email=confirmed("quiet@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, make_article(), 7).status_code == 303
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


# --- Confirming the address ----------------------------------------------------


def confirmation_link(mail) -> str:
    return re.search(r"https?://\S+/comments/confirm/\S+/", mail.body).group(0)


def test_first_comment_from_an_address_sends_one_confirmation_with_no_reader_text(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://news.example"
    article = make_article()
    data = {
        "author_name": "Cheap pills at pills.example",
        "author_email": "victim@example.org",
        "body": "Click spam.example for prizes.",
        "accept_guidelines": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/articles/{article.slug}/comments/", data).status_code == 303
    with django_capture_on_commit_callbacks(execute=True):
        data["body"] = "A second comment from the same address."
        assert client.post(f"/articles/{article.slug}/comments/", data).status_code == 303
    [mail] = [mail for mail in mailoutbox if mail.to == ["victim@example.org"]]
    assert "Confirm your e-mail address" in mail.subject
    assert mail.body.startswith("Hello,\n")
    for reader_text in ("pills", "spam.example", "Cheap", "second comment", article.headline):
        assert reader_text not in mail.body and reader_text not in mail.subject
    assert confirmation_link(mail).startswith("https://news.example/comments/confirm/")


def test_decision_notice_is_held_until_the_address_is_confirmed_then_sent_once(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, 1)
    comment = article.comments.get()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
    [confirmation] = [mail for mail in mailoutbox if mail.to == [comment.author_email]]
    assert Notice.objects.get(kind="approved").status == "held"

    link = confirmation_link(confirmation).removeprefix("http://testserver")
    page = client.get(link)  # what a mail scanner does: it confirms nothing
    assert page.status_code == 200 and "Confirm my address" in page.content.decode()
    assert not CommenterEmail.objects.get(email=comment.author_email).is_confirmed()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert "your address is confirmed" in done.content.decode()
    published = [mail for mail in mailoutbox if "was published" in mail.subject]
    assert len(published) == 1 and published[0].to == [comment.author_email]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)  # confirming twice sends nothing again
    assert len([mail for mail in mailoutbox if "was published" in mail.subject]) == 1


def test_a_later_decision_goes_straight_to_a_confirmed_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    address = CommenterEmail.objects.create(email="known@example.org")
    moderation_user = make_user()
    first = make_comment(author_email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(first, decision="approve", moderator=moderation_user)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        tasks.confirm_address(address)
    assert len(mailoutbox) == 1
    second = make_comment(author_email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(second, decision="reject", reason="promotion", moderator=moderation_user)
    assert len(mailoutbox) == 2 and "not published" in mailoutbox[1].subject


def test_a_forged_or_tampered_confirmation_link_is_refused_with_404(client):
    address = CommenterEmail.objects.create(email="someone@example.org")
    token = confirmation_token(address)
    for bad in ("nonsense", token[:-2] + "xx", "MQ:1vAAAA:forged"):
        response = client.post(f"/comments/confirm/{bad}/")
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
    assert not CommenterEmail.objects.get().is_confirmed()


def test_an_expired_confirmation_link_confirms_nothing(client, settings):
    address = CommenterEmail.objects.create(email="late@example.org")
    token = confirmation_token(address)
    settings.COMMENTS_CONFIRM_DAYS = -1
    assert client.post(f"/comments/confirm/{token}/").status_code == 404
    assert not CommenterEmail.objects.get().is_confirmed()


def test_moderators_may_read_the_notices_and_editors_may_not(client):
    Notice.objects.create(key="confirm:1", kind="confirm", email="reader@example.org")
    client.force_login(make_user("mona", is_staff=True, groups=["Moderators"]))
    assert "reader@example.org" in client.get("/admin/comments/notice/").content.decode()
    client.force_login(make_user("eddie", is_staff=True, groups=["Editors"]))
    assert client.get("/admin/comments/notice/").status_code == 403
