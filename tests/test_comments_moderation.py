"""Decisions: each logged, status follows the latest, reversals need a reason, no double win."""

import math
import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.demo import bulk_comments
from comments.models import Comment, Decision
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_user("ana", first_name="Ana", last_name="Aziz", groups=["Moderators"])


def test_approving_logs_a_decision_and_publishes_the_comment(ana):
    comment = make_comment()
    outcome = moderation.decide(comment, decision="approve", moderator=ana)
    assert outcome.decided == [comment.pk] and outcome.conflicts == []
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by_name == "Ana Aziz (ana)"
    decision = Decision.objects.get()
    assert (decision.comment_id, decision.decision, decision.moderator) == (
        comment.pk,
        "approve",
        ana,
    )
    assert decision.previous_status == "pending"


def test_rejecting_records_the_guideline_category(ana):
    comment = make_comment()
    moderation.decide(comment, decision="reject", reason="personal_attack", moderator=ana)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert comment.reason == "personal_attack"
    assert Decision.objects.get().reason == "personal_attack"


@pytest.mark.parametrize("reason", ["", "rude", "shouting"])
def test_rejecting_without_a_guideline_category_is_refused(ana, reason):
    comment = make_comment()
    with pytest.raises(moderation.DecisionRefused):
        moderation.decide(comment, decision="reject", reason=reason, moderator=ana)
    assert Decision.objects.count() == 0
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_reversing_a_decision_needs_a_note_and_adds_a_row(ana):
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=ana)
    with pytest.raises(moderation.DecisionRefused, match="note"):
        moderation.decide(
            comment, decision="reject", reason="threat", moderator=ana, expected_status="approved"
        )
    moderation.decide(
        comment,
        decision="reject",
        reason="threat",
        note="Read again: it names a person and a place.",
        moderator=ana,
        expected_status="approved",
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    log = list(Decision.objects.order_by("created_at", "pk").values_list("decision", "note"))
    assert log == [("approve", ""), ("reject", "Read again: it names a person and a place.")]


def test_deciding_an_already_decided_comment_reports_who_and_adds_nothing(ana):
    ben = make_user("ben", groups=["Moderators"])
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=ana)
    outcome = moderation.decide(comment, decision="reject", reason="threat", moderator=ben)
    assert outcome.decided == []
    assert "already approved by Ana Aziz (ana) at" in outcome.conflicts[0].message()
    assert Decision.objects.count() == 1
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_bulk_decision_decides_the_pending_and_reports_the_rest(ana):
    article = make_article()
    pending = [make_comment(article) for _ in range(3)]
    done = make_comment(article)
    moderation.decide(done, decision="reject", reason="promotion", moderator=ana)
    outcome = moderation.decide([*pending, done], decision="approve", moderator=make_user("ben"))
    assert sorted(outcome.decided) == sorted(c.pk for c in pending)
    assert [c.comment_id for c in outcome.conflicts] == [done.pk]
    assert Decision.objects.count() == 4


def test_editors_pick_only_for_approved_and_cleared_when_rejected(ana):
    comment = make_comment()
    assert moderation.set_editors_pick(comment, value=True) == 0
    moderation.decide(comment, decision="approve", moderator=ana)
    assert moderation.set_editors_pick(comment, value=True) == 1
    moderation.decide(
        comment,
        decision="reject",
        reason="off_topic",
        note="Off topic after all.",
        moderator=ana,
        expected_status="approved",
    )
    assert not Comment.objects.get().is_editors_pick


def test_removal_takes_replies_with_it_and_logs_each(ana):
    admin = make_user(is_superuser=True, is_staff=True)
    parent = make_comment()
    moderation.decide(parent, decision="approve", moderator=ana)
    reply = make_comment(parent.article, parent=parent)
    assert moderation.remove(parent, moderator=admin, note="Legal request") == 2
    assert Comment.objects.count() == 0
    removed = set(Decision.objects.filter(decision="remove").values_list("comment_id", flat=True))
    assert removed == {parent.pk, reply.pk}


def test_moderators_group_can_view_and_decide_but_not_change_articles_or_delete_comments():
    permissions = set(
        Group.objects.get(name="Moderators").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert ("comments", "moderate_comment") in permissions
    assert ("comments", "view_comment") in permissions
    assert ("comments", "add_decision") in permissions
    assert ("articles", "view_article") in permissions
    for forbidden in [
        ("comments", "delete_comment"),
        ("comments", "change_comment"),
        ("articles", "change_article"),
        ("comments", "delete_decision"),
    ]:
        assert forbidden not in permissions


def test_approving_a_thousand_comments_runs_the_queries_of_ten(ana):
    # Speed is `make bench`'s to measure; this holds the shape: one read, one
    # UPDATE, the log rows in bulk (batches of hundreds).
    def approve_all(count):
        bulk_comments([make_article()], per_article=0, pending=count)
        with CaptureQueriesContext(connection) as queries:
            outcome = moderation.decide(
                Comment.objects.pending(), decision="approve", moderator=ana
            )
        assert len(outcome.decided) == count
        sql = [q["sql"] for q in queries.captured_queries]
        inserts = [q for q in sql if q.startswith("INSERT INTO")]
        return len(sql) - len(inserts), len(inserts)

    ten, ten_inserts = approve_all(10)
    thousand, thousand_inserts = approve_all(1000)
    assert thousand == ten
    assert ten_inserts == 1
    assert thousand_inserts <= math.ceil(1000 / 100)  # in batches of hundreds, never a row each
    assert Decision.objects.count() == 1010
    assert Comment.objects.approved().count() == 1010


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_record_exactly_one_decision():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: two real connections and row locks. SQLite serialises "
            "writers with BEGIN IMMEDIATE, so the race cannot happen there."
        )
    ana = make_user("ana", first_name="Ana", last_name="Aziz", groups=["Moderators"])
    ben = make_user("ben", first_name="Ben", last_name="Bakr", groups=["Moderators"])
    comment = make_comment()
    ana_decided = threading.Event()
    ana_may_commit = threading.Event()
    outcomes = {}
    errors = []

    def as_ana():
        try:
            with transaction.atomic():
                outcomes["ana"] = moderation.decide(comment.pk, decision="approve", moderator=ana)
                ana_decided.set()
                ana_may_commit.wait(10)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    def as_ben():
        try:
            ana_decided.wait(10)
            # Blocks on Ana's row lock until she commits, then sees her decision.
            outcomes["ben"] = moderation.decide(
                comment.pk, decision="reject", reason="off_topic", moderator=ben
            )
        except Exception as error:  # pragma: no cover
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=as_ana), threading.Thread(target=as_ben)]
    for thread in threads:
        thread.start()
    ana_decided.wait(10)
    time.sleep(0.5)  # Ben is now waiting on the lock
    assert "ben" not in outcomes
    ana_may_commit.set()
    for thread in threads:
        thread.join(20)
    assert not errors
    assert Decision.objects.filter(comment_id=comment.pk).count() == 1
    assert outcomes["ana"].decided == [comment.pk]
    assert outcomes["ben"].decided == []
    assert "already approved by Ana Aziz (ana)" in outcomes["ben"].conflicts[0].message()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
