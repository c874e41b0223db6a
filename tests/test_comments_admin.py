"""The moderation queue in the admin: what moderators see and may do, and what nobody may do."""

import math

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import moderation, stats
from comments.demo import bulk_comments
from comments.models import Comment, Decision, GuidelineCategory
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def change_url(comment):
    return f"{QUEUE}{comment.pk}/change/"


def decide_url(comment):
    return f"{QUEUE}{comment.pk}/decide/"


def test_queue_shows_pending_comments_oldest_first_with_everything_needed(client, moderator):
    article = make_article(headline="Lavrov on Raqqa")
    newer = make_comment(article, body="Second <b>bold</b>\nline two", author_name="Zed")
    older = make_comment(
        article, created_at=newer.created_at.replace(year=newer.created_at.year - 1)
    )
    approved = make_comment(article, status="approved", body="Already published")
    html = client.get(QUEUE).content.decode()
    assert html.index(f'"{change_url(older)}"') < html.index(f'"{change_url(newer)}"')
    assert "Already published" not in html
    assert "Lavrov on Raqqa" in html
    assert newer.author_email in html
    assert "Second &lt;b&gt;bold&lt;/b&gt;<br>line two" in html
    assert f'"{change_url(approved)}"' not in html


def test_queue_filters_by_status_reason_and_article(client, moderator):
    article, other = make_article(), make_article()
    rejected = make_comment(article, body="A rude one")
    moderation.decide(rejected, decision="reject", reason="personal_attack", moderator=moderator)
    make_comment(other, body="Elsewhere")
    assert "A rude one" in client.get(f"{QUEUE}?status=rejected").content.decode()
    assert "A rude one" in client.get(f"{QUEUE}?reason__exact=personal_attack").content.decode()
    assert "A rude one" not in client.get(f"{QUEUE}?reason__exact=threat").content.decode()
    by_article = client.get(f"{QUEUE}?status=all&article__id__exact={other.pk}").content.decode()
    assert "Elsewhere" in by_article and "A rude one" not in by_article


def test_admin_index_shows_the_number_of_pending_comments(client, moderator):
    article = make_article()
    for _ in range(3):
        make_comment(article)
    make_comment(article, status="approved")
    html = client.get("/admin/").content.decode()
    assert "3 comments awaiting moderation" in html


def test_bulk_actions_are_approve_and_one_reject_per_guideline(client, moderator):
    make_comment()
    html = client.get(QUEUE).content.decode()
    assert '<option value="approve">Approve</option>' in html
    for category in GuidelineCategory:
        assert f'<option value="reject_{category.value}">Reject — {category.label}</option>' in html
    assert "delete_selected" not in html


def test_bulk_approve_publishes_and_logs_each(client, moderator):
    article = make_article()
    comments = [make_comment(article) for _ in range(3)]
    response = client.post(
        QUEUE, {"action": "approve", "_selected_action": [c.pk for c in comments]}, follow=True
    )
    assert "3 comments approved." in response.content.decode()
    assert Comment.objects.approved().count() == 3
    assert set(Decision.objects.values_list("moderator_name", flat=True)) == {"Mona Karim (mod)"}


def test_bulk_reject_records_the_category(client, moderator):
    comment = make_comment()
    client.post(QUEUE, {"action": "reject_promotion", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert (comment.status, comment.reason) == ("rejected", "promotion")
    assert Decision.objects.get().reason == "promotion"


def test_second_moderator_is_told_who_decided_first(client, moderator):
    comment = make_comment()
    other = make_user("ben", first_name="Ben", last_name="Bakr")
    moderation.decide(comment, decision="approve", moderator=other)
    response = client.post(
        QUEUE, {"action": "reject_threat", "_selected_action": [comment.pk]}, follow=True
    )
    assert f"Comment {comment.pk} was already approved by Ben Bakr (ben) at" in (
        response.content.decode()
    )
    assert Decision.objects.count() == 1


def test_comment_page_is_read_only_with_decision_buttons_and_history(client, moderator):
    comment = make_comment(body="Exactly as written")
    moderation.decide(comment, decision="approve", moderator=moderator)
    html = client.get(change_url(comment)).content.decode()
    assert "Exactly as written" in html
    assert 'name="body"' not in html and 'name="author_name"' not in html
    assert f'action="{decide_url(comment)}"' in html
    assert 'value="reject"' in html
    assert "decision history" in html.lower()
    assert "Mona Karim (mod)" in html


def test_the_change_form_post_cannot_edit_a_comment(client, moderator):
    comment = make_comment(body="Original")
    response = client.post(
        change_url(comment), {"body": "Edited", "author_name": "X", "status": "approved"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Original", "pending")


def test_even_a_superuser_cannot_edit_through_the_change_form(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    comment = make_comment(body="Original")
    assert 'name="body"' not in client.get(change_url(comment)).content.decode()
    assert client.post(change_url(comment), {"body": "Edited"}).status_code == 403
    assert Comment.objects.get().body == "Original"


def test_decision_button_approves_from_the_comment_page(client, moderator):
    comment = make_comment()
    response = client.post(decide_url(comment), {"decision": "approve", "expected": "pending"})
    assert response.status_code == 302
    assert Comment.objects.get().status == "approved"


def test_reversal_from_the_comment_page_needs_a_note(client, moderator):
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=moderator)
    response = client.post(
        decide_url(comment),
        {"decision": "reject", "reason": "threat", "expected": "approved"},
        follow=True,
    )
    assert "Reversing a decision needs a note saying why." in response.content.decode()
    assert Comment.objects.get().status == "approved"
    client.post(
        decide_url(comment),
        {"decision": "reject", "reason": "threat", "expected": "approved", "note": "Reread."},
    )
    assert Comment.objects.get().status == "rejected"
    assert Decision.objects.count() == 2


def test_editors_pick_button_marks_an_approved_comment(client, moderator):
    comment = make_comment()
    client.post(decide_url(comment), {"decision": "pick"})
    assert not Comment.objects.get().is_editors_pick
    moderation.decide(comment, decision="approve", moderator=moderator)
    client.post(decide_url(comment), {"decision": "pick"})
    assert Comment.objects.get().is_editors_pick


def test_moderators_cannot_delete_comments(client, moderator):
    comment = make_comment()
    assert client.get(f"{QUEUE}{comment.pk}/delete/").status_code == 403
    assert client.post(f"{QUEUE}{comment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_superuser_deletion_is_recorded_as_a_removal(client):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=admin)
    response = client.post(f"{QUEUE}{comment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    log = list(Decision.objects.filter(comment_id=comment.pk).order_by("created_at", "pk"))
    assert [d.decision for d in log] == ["approve", "remove"]
    assert log[1].moderator == admin


def test_staff_without_moderation_rights_cannot_see_or_decide(client):
    client.force_login(make_user("editor", is_staff=True))
    comment = make_comment()
    assert client.get(QUEUE).status_code == 403
    assert client.post(decide_url(comment), {"decision": "approve"}).status_code == 403
    assert Comment.objects.get().status == "pending"


def test_viewer_without_moderate_permission_gets_no_actions_or_buttons(client):
    from django.contrib.auth.models import Permission

    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    comment = make_comment()
    html = client.get(QUEUE).content.decode()
    assert 'value="approve"' not in html
    assert f'action="{decide_url(comment)}"' not in client.get(change_url(comment)).content.decode()
    assert client.post(decide_url(comment), {"decision": "approve"}).status_code == 403


def test_decision_log_is_read_only_in_the_admin(client, moderator):
    moderation.decide(make_comment(), decision="approve", moderator=moderator)
    decision = Decision.objects.get()
    assert client.get("/admin/comments/decision/").status_code == 200
    assert client.get("/admin/comments/decision/add/").status_code == 403
    response = client.post(f"/admin/comments/decision/{decision.pk}/change/", {"note": "x"})
    assert response.status_code == 403
    assert client.post(f"/admin/comments/decision/{decision.pk}/delete/").status_code == 403


def test_queue_costs_the_same_queries_for_few_and_many_comments(client, moderator):
    article = make_article()
    make_comment(article)
    client.get(QUEUE)  # the service levels' medians are then held for a minute
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    for _ in range(60):
        make_comment(make_article())
    with CaptureQueriesContext(connection) as many:
        assert client.get(QUEUE).status_code == 200
    assert len(many) == len(few)


def approve_all_pending(client, count):
    """Queue up ``count`` pending comments and "Select all" + Approve them; the queries run."""
    article = make_article()
    bulk_comments([article], per_article=0, pending=count)
    make_comment(article, status="approved")  # not in the pending list: not touched
    ticked = Comment.objects.pending().first()
    cache.delete(stats.SERVICE_LEVELS_KEY)  # both runs read the week's medians afresh
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            QUEUE, {"action": "approve", "select_across": "1", "_selected_action": [ticked.pk]}
        )
    # Read before the next request, which empties the connection's query log.
    log_inserts = [q["sql"] for q in queries.captured_queries if "INSERT INTO" in q["sql"]]
    others = [q["sql"] for q in queries.captured_queries if "INSERT INTO" not in q["sql"]]
    assert response.status_code == 302
    assert f"{count} comments approved." in client.get(QUEUE).content.decode()
    assert Comment.objects.pending().count() == 0
    return others, len(log_inserts)


def test_approving_a_thousand_selected_in_the_admin_runs_the_queries_of_ten(client, moderator):
    # Speed is measured by `make bench` (the queue's "approve" row); this holds
    # the shape that keeps it fast: one UPDATE, the log rows in bulk, nothing
    # per comment. The log rows go in batches of hundreds.
    ten, ten_inserts = approve_all_pending(client, 10)
    thousand, thousand_inserts = approve_all_pending(client, 1000)
    assert len(thousand) == len(ten)
    assert ten_inserts == 1
    assert thousand_inserts <= math.ceil(1000 / 100)  # in batches of hundreds, never a row each
    assert Decision.objects.count() == 1010
