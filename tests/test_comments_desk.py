"""The moderation desk: the queue's per-row buttons, the keyboard's JSON decisions, service
levels, moderators' sections and their alerts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import moderation, stats, tasks
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


def full_queue_page(moderator):
    """A full queue page (50 rows) as a shift finds it: sections, replies, flags, histories."""
    sections = [make_section(name=f"Section {n}") for n in range(3)]
    articles = [make_article(section=sections[n % 3]) for n in range(6)]
    parents = [make_comment(articles[n], status="approved") for n in range(6)]
    for n in range(55):
        # A handful of regulars: every row has a history by e-mail and by address.
        fields = {
            "author_email": f"regular{n % 7}@example.org",
            "ip_address": f"192.0.2.{n % 5 + 1}",
            "created_at": timezone.now() - timedelta(minutes=200 - n),
        }
        if n % 4 == 0:
            fields["parent"] = parents[n % 6]
        body = "You idiot, read it again." if n % 9 == 0 else f"Comment {n} on the story."
        comment = screened(articles[n % 6], body=body, **fields)
        if n >= 50:
            moderation.decide(
                comment,
                decision="approve" if n % 2 else "reject",
                reason="" if n % 2 else "abuse",
                moderator=moderator,
            )


# The user, their two permission reads, the service levels' pending counts and
# week of decisions, the section filter's assignments and sections, the page's
# count and its rows (with the commenter's history and the parent in the same
# query), and the changelist's savepoint pair. Nothing per row.
QUEUE_PAGE_QUERIES = 11


def test_a_full_queue_page_costs_a_fixed_number_of_queries(
    client, moderator, django_assert_num_queries
):
    full_queue_page(moderator)
    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        html = client.get(QUEUE).content.decode()
    assert html.count('class="button row-approve"') == 50
    assert "In reply to" in html
    # Later pages within the minute read the medians from the cache.
    with django_assert_num_queries(QUEUE_PAGE_QUERIES - 1):
        assert client.get(f"{QUEUE}?p=2").status_code == 200


def test_queue_page_reads_no_distinct_articles_of_the_whole_table(client, moderator):
    full_queue_page(moderator)
    with CaptureQueriesContext(connection) as queries:
        client.get(QUEUE)
    assert not [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]


def test_the_queue_still_filters_by_one_article_from_its_headline(client, moderator):
    article = make_article(headline="Dam talks")
    make_comment(article, body="About the dam")
    make_comment(body="About something else")
    html = client.get(f"{QUEUE}?article__id__exact={article.pk}").content.decode()
    assert "About the dam" in html and "About something else" not in html
    assert "Dam talks" in html
    assert client.get(f"{QUEUE}?article__id__exact=nonsense").status_code in (200, 302)


def test_service_level_medians_are_the_logs_and_held_for_a_minute(moderator):
    politics, sport = make_section(name="Politics"), make_section(name="Sport")
    now = timezone.now()

    def decided_after(section, minutes):
        comment = make_comment(
            make_article(section=section), created_at=now - timedelta(minutes=minutes)
        )
        moderation.decide(comment, decision="approve", moderator=moderator)

    decided_after(politics, 10)
    decided_after(politics, 30)
    decided_after(sport, 50)
    decided_after(sport, 90)

    def medians(at):
        cache.delete(stats.SERVICE_LEVELS_KEY)
        return {key: (day, week) for key, _name, day, week in stats.decision_medians(at)}

    today = medians(now)
    assert today[None] == (40.0, 40.0)  # all sections: the median of 10, 30, 50 and 90
    assert today[politics.pk] == (20.0, 20.0)
    assert today[sport.pk] == (70.0, 70.0)
    # Two days on the decisions are the week's, no longer the day's; after eight, nobody's.
    assert medians(now + timedelta(days=2))[sport.pk] == (None, 70.0)
    assert medians(now + timedelta(days=8)) == {None: (None, None)}

    medians(now)
    decided_after(politics, 500)
    assert stats.decision_medians(now)[0][2:] == (40.0, 40.0)  # held for the minute
    cache.delete(stats.SERVICE_LEVELS_KEY)  # the minute is over
    assert stats.decision_medians(now)[0][2:] == (50.0, 50.0)


def test_decision_log_filters_by_moderator_without_reading_the_whole_log(client, moderator):
    other = make_user("other", first_name="Omar", groups=["Moderators"])
    moderation.decide(make_comment(body="Mona's call"), decision="approve", moderator=moderator)
    moderation.decide(make_comment(body="Omar's call"), decision="approve", moderator=other)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/admin/comments/decision/?moderator__id__exact={other.pk}")
    html = html.content.decode()
    assert "Omar&#x27;s call" in html and "Mona&#x27;s call" not in html
    assert "Mona Karim" in html  # offered as a choice
    scans = [
        q["sql"]
        for q in queries.captured_queries
        if "DISTINCT" in q["sql"].upper() and "comments_decision" in q["sql"]
    ]
    assert not scans


def test_deciding_from_a_comments_own_page_returns_to_the_queue_as_it_was(client, moderator):
    section = make_section(name="Politics")
    comment = screened(make_article(section=section), body="You idiot")
    make_comment(make_article(section=section), body="Another one")
    queue = f"{QUEUE}?order=risk&section={section.pk}"
    html = client.get(queue).content.decode()
    filters = f"_changelist_filters=order%3Drisk%26section%3D{section.pk}"
    change = f"{QUEUE}{comment.pk}/change/?{filters}"
    assert change.replace("&", "&amp;") in html  # the row links to its page with the filters
    page = client.get(change).content.decode()
    decide = f"{QUEUE}{comment.pk}/decide/?{filters}"
    assert f'action="{decide.replace("&", "&amp;")}"' in page
    response = client.post(decide, {"decision": "reject", "reason": "personal_attack"})
    assert response.status_code == 302
    assert response["Location"] == queue
    assert Decision.objects.get(comment=comment).reason == "personal_attack"


def test_approve_unflagged_reads_only_ids(client, moderator):
    clean = make_comment()
    response = client.post(
        f"{QUEUE}approve-unflagged/",
        {"unflagged": ["²", "9" * 30, str(2**63), "-1", str(clean.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 comment approved." in response.content.decode()
    assert Comment.objects.get(pk=clean.pk).status == Comment.Status.APPROVED
