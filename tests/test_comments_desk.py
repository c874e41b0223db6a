"""The moderation desk: the queue's per-row buttons, the keyboard's JSON decisions, service
levels, moderators' sections and their alerts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import moderation, tasks
from comments.models import Comment, Decision, ModeratorAssignment
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def screened(article=None, **fields):
    """A comment with the pre-screen's flags stored, as submit() would store them."""
    comment = make_comment(article, **fields)
    moderation.screen_comment(comment)
    Comment.objects.filter(pk=comment.pk).update(flags=comment.flags, risk=comment.risk)
    return comment


def json_url(comment):
    return f"{QUEUE}{comment.pk}/decide.json"


def test_keyboard_approval_goes_through_decide_and_logs_one_row(client, moderator):
    comment = make_comment()
    response = client.post(json_url(comment), {"decision": "approve", "expected": "pending"})
    assert response.status_code == 200
    assert response.json()["ok"] is True
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert Decision.objects.filter(comment=comment, decision="approve").count() == 1


def test_keyboard_rejection_names_the_clause(client, moderator):
    comment = make_comment()
    response = client.post(json_url(comment), {"decision": "reject", "reason": "threat"})
    assert response.status_code == 200
    assert "Threat" in response.json()["message"]
    assert Decision.objects.get(comment=comment).reason == "threat"


def test_keyboard_decision_after_another_moderator_gets_the_conflict_message(client, moderator):
    comment = make_comment()
    other = make_user("other", first_name="Omar", groups=["Moderators"])
    moderation.decide(comment, decision="approve", moderator=other)
    response = client.post(json_url(comment), {"decision": "reject", "reason": "abuse"})
    assert response.status_code == 409
    assert "already approved by Omar (other)" in response.json()["message"]
    assert Decision.objects.filter(comment=comment).count() == 1


def test_keyboard_rejection_without_a_clause_is_refused_with_a_message(client, moderator):
    comment = make_comment()
    response = client.post(json_url(comment), {"decision": "reject", "reason": "nonsense"})
    assert response.status_code == 400
    assert "guideline" in response.json()["message"]
    assert not Decision.objects.exists()


def test_keyboard_endpoint_refuses_staff_without_moderation_rights(client):
    viewer = make_user("viewer", is_staff=True)
    client.force_login(viewer)
    comment = make_comment()
    response = client.post(json_url(comment), {"decision": "approve"})
    assert response.status_code in (302, 403)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_keyboard_endpoint_answers_get_with_405(client, moderator):
    assert client.get(json_url(make_comment())).status_code == 405


def test_queue_rows_carry_approve_and_suggested_reject_buttons_and_the_keyboard(client, moderator):
    flagged = screened(body="I will kill you, you idiot")
    make_comment()
    html = client.get(QUEUE).content.decode()
    assert html.count('class="button row-approve"') == 2
    assert f"{QUEUE}{flagged.pk}/reject/" in html
    assert "js/moderation-desk.js" in html
    assert 'id="desk-help"' in html
    assert "Approve all on this page that have no flags" in html


def test_the_queue_page_shows_the_article_standfirst_and_the_parent_of_a_reply(client, moderator):
    article = make_article(headline="Dam talks", standfirst="Water for the plains.")
    parent = make_comment(article, status="approved", body="The parent says hello.")
    make_comment(article, parent=parent, body="A reply")
    html = client.get(QUEUE).content.decode()
    assert "Water for the plains." in html
    assert "The parent says hello." in html
    assert f'data-article-url="{article.get_absolute_url()}"' in html


def test_row_approve_button_keeps_the_queue_filters(client, moderator):
    comment = make_comment()
    filters = "_changelist_filters=order%3Drisk"
    response = client.post(f"{QUEUE}{comment.pk}/approve/?{filters}")
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?order=risk"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED


def test_approve_all_unflagged_approves_only_comments_without_flags(client, moderator):
    clean = make_comment()
    flagged = screened(body="you idiot")
    assert flagged.flags
    response = client.post(
        f"{QUEUE}approve-unflagged/", {"unflagged": [clean.pk, flagged.pk]}, follow=True
    )
    assert "1 comment approved." in response.content.decode()
    assert Comment.objects.get(pk=clean.pk).status == Comment.Status.APPROVED
    assert Comment.objects.get(pk=flagged.pk).status == Comment.Status.PENDING


def test_queue_header_shows_pending_oldest_and_median_time_to_decision(client, moderator):
    section = make_section(name="Politics")
    article = make_article(section=section)
    make_comment(article, created_at=timezone.now() - timedelta(minutes=80))
    decided = make_comment(article, created_at=timezone.now() - timedelta(minutes=30))
    moderation.decide(decided, decision="approve", moderator=moderator)
    html = client.get(QUEUE).content.decode()
    assert 'class="service-levels"' in html
    assert "All sections" in html and "Politics" in html
    assert "80 minutes" in html  # the oldest pending comment's age
    assert "30 minutes" in html  # the median from posting to decision


def test_moderator_with_sections_opens_on_their_sections(client, moderator):
    mine, theirs = make_section(name="Mine"), make_section(name="Theirs")
    ModeratorAssignment.objects.create(moderator=moderator, section=mine)
    make_comment(make_article(section=mine), body="In my section")
    make_comment(make_article(section=theirs), body="In another section")
    html = client.get(QUEUE).content.decode()
    assert "In my section" in html
    assert "In another section" not in html
    html = client.get(f"{QUEUE}?section=all").content.decode()
    assert "In another section" in html


def test_alert_goes_to_the_moderators_of_the_section(mailoutbox):
    section = make_section()
    ours = make_user("ours", email="ours@example.org", groups=["Moderators"])
    make_user("others", email="others@example.org", groups=["Moderators"])
    ModeratorAssignment.objects.create(moderator=ours, section=section)
    tasks.alert_moderators.enqueue(section.pk)
    assert mailoutbox[0].bcc == ["ours@example.org"]


def test_alert_fires_when_the_oldest_pending_comment_is_older_than_the_setting(
    mailoutbox, settings
):
    settings.COMMENTS_OLDEST_PENDING_ALERT_MINUTES = 60
    make_user("mod1", email="mod1@example.org", groups=["Moderators"])
    make_comment(created_at=timezone.now() - timedelta(minutes=30))
    assert tasks.alert_overdue() == 0
    make_comment(created_at=timezone.now() - timedelta(minutes=61))
    assert tasks.alert_overdue() == 1
    assert tasks.alert_overdue() == 0  # throttled like the other alert
    assert len(mailoutbox) == 1
