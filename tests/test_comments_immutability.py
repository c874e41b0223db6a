"""Comments are never edited and the decision log is append-only: model, queryset and database.

(The admin's half of the rule is in test_comments_admin.py.)
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from comments import moderation
from comments.models import Comment, CommentNeverEdited, Decision
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- 2. The model ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "Edited words"),
        ("author_name", "Someone else"),
        ("author_email", "other@example.org"),
        ("created_at", timezone.now() - timedelta(days=1)),
        ("ip_address", "192.0.2.99"),
    ],
)
def test_model_refuses_to_save_a_change_to_what_was_written(field, value):
    comment = make_comment()
    comment = Comment.objects.get(pk=comment.pk)
    setattr(comment, field, value)
    with pytest.raises(CommentNeverEdited):
        comment.save()
    assert getattr(Comment.objects.get(pk=comment.pk), field) != value


def test_model_refuses_to_move_a_comment_to_another_article_or_parent():
    comment = make_comment()
    comment.article = make_article()
    with pytest.raises(CommentNeverEdited):
        comment.save()
    comment = Comment.objects.get(pk=comment.pk)
    comment.parent = make_comment(comment.article, status=Comment.Status.APPROVED)
    with pytest.raises(CommentNeverEdited):
        comment.save()


def test_model_refuses_edits_even_on_an_instance_not_loaded_from_the_database():
    comment = make_comment(body="Original")
    impostor = Comment(pk=comment.pk, article=comment.article, body="Rewritten")
    with pytest.raises(CommentNeverEdited):
        impostor.save()
    assert Comment.objects.get(pk=comment.pk).body == "Original"


def test_model_saves_a_change_of_moderation_state():
    comment = Comment.objects.get(pk=make_comment().pk)
    comment.status = Comment.Status.APPROVED
    comment.is_editors_pick = True
    comment.save()
    assert Comment.objects.get(pk=comment.pk).is_editors_pick


def test_model_allows_erasing_the_address_and_browser_only():
    comment = Comment.objects.get(pk=make_comment().pk)
    comment.ip_address = None
    comment.user_agent = ""
    comment.save()
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.ip_address is None and stored.user_agent == ""


def test_queryset_update_refuses_to_change_the_text():
    comment = make_comment(body="Original")
    with pytest.raises(CommentNeverEdited):
        Comment.objects.filter(pk=comment.pk).update(body="Rewritten")
    with pytest.raises(CommentNeverEdited):
        Comment.objects.filter(pk=comment.pk).update(ip_address="192.0.2.1")
    assert Comment.objects.get(pk=comment.pk).body == "Original"


# --- 3. The database ------------------------------------------------------


def test_database_refuses_update_of_comment_body():
    comment = make_comment(body="Original")
    with pytest.raises(IntegrityError, match="never edited"):
        raw("UPDATE comments_comment SET body = %s WHERE id = %s", ["Rewritten", comment.pk])
    assert Comment.objects.get(pk=comment.pk).body == "Original"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("body_html", "<b>rewritten</b>"),
        ("author_name", "Someone else"),
        ("author_email", "x@example.org"),
        ("created_at", "2001-01-01 00:00:00"),
        ("ip_address", "192.0.2.200"),
        ("user_agent", "curl"),
    ],
)
def test_database_refuses_update_of_fixed_columns(column, value):
    comment = make_comment()
    with pytest.raises(IntegrityError, match="never edited"):
        raw(f"UPDATE comments_comment SET {column} = %s WHERE id = %s", [value, comment.pk])


def test_database_refuses_moving_a_comment():
    comment = make_comment()
    other = make_article()
    with pytest.raises(IntegrityError):
        raw("UPDATE comments_comment SET article_id = %s WHERE id = %s", [other.pk, comment.pk])


def test_database_allows_moderation_state_and_erasing_the_origin():
    comment = make_comment()
    raw(
        "UPDATE comments_comment SET status = 'approved', ip_address = NULL, user_agent = '' "
        "WHERE id = %s",
        [comment.pk],
    )
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.status == Comment.Status.APPROVED
    assert stored.ip_address is None and stored.user_agent == ""


def test_database_refuses_update_and_delete_of_a_decision():
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=make_user())
    decision = Decision.objects.get()
    with pytest.raises(IntegrityError, match="append-only"):
        raw("UPDATE comments_decision SET decision = 'reject' WHERE id = %s", [decision.pk])
    with pytest.raises(IntegrityError, match="append-only"):
        raw("UPDATE comments_decision SET note = 'changed' WHERE id = %s", [decision.pk])
    with pytest.raises(IntegrityError, match="append-only"):
        raw("DELETE FROM comments_decision WHERE id = %s", [decision.pk])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).delete()
    assert Decision.objects.get().decision == Decision.Kind.APPROVE


def test_deleting_a_moderator_account_keeps_their_decisions_and_name():
    moderator = make_user("ana", first_name="Ana", last_name="Aziz")
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=moderator)
    moderator.delete()
    decision = Decision.objects.get()
    assert decision.moderator is None
    assert decision.moderator_name == "Ana Aziz (ana)"


def test_removing_a_comment_keeps_its_decisions_in_the_log():
    admin = make_user(is_superuser=True, is_staff=True)
    comment = make_comment()
    moderation.decide(comment, decision="approve", moderator=admin)
    moderation.remove(comment, moderator=admin, note="Court order 12/2025")
    assert not Comment.objects.filter(pk=comment.pk).exists()
    log = list(Decision.objects.filter(comment_id=comment.pk).order_by("created_at", "pk"))
    assert [d.decision for d in log] == ["approve", "remove"]
    assert log[1].note == "Court order 12/2025"


@pytest.mark.django_db(transaction=True)
def test_flush_between_transactional_tests_may_empty_the_log():
    # The teardown of this very test flushes the database: on SQLite that is a
    # DELETE the append-only trigger lets through only for flush.
    moderation.decide(make_comment(), decision="approve", moderator=None)
    assert Decision.objects.count() == 1


def test_triggers_exist_after_all_migrations():
    # A later migration that rebuilds the table on SQLite would drop them silently.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert "comments_comment_never_edited" in names
    assert names & {"comments_decision_append_only", "comments_decision_no_update"}


# --- Anonymising ------------------------------------------------------------


def test_anonymise_command_erases_old_addresses_and_browsers_only(settings):
    settings.COMMENTS_ANONYMISE_AFTER_DAYS = 30
    old = make_comment(created_at=timezone.now() - timedelta(days=31), body="Old words")
    recent = make_comment(created_at=timezone.now() - timedelta(days=29))
    call_command("anonymise_comments", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old = Comment.objects.get(pk=old.pk)
    recent = Comment.objects.get(pk=recent.pk)
    assert old.ip_address is None and old.user_agent == ""
    assert old.body == "Old words"
    assert recent.ip_address == "192.0.2.10" and recent.user_agent


def test_a_new_comment_with_a_chosen_primary_key_gets_its_derived_fields():
    from comments.models import Comment
    from tests.factories import make_article

    comment = Comment(
        pk=987654,
        article=make_article(),
        author_name="Reader",
        author_email="r@example.org",
        body="Hello https://example.org",
    )
    comment.save()
    comment.refresh_from_db()
    assert 'href="https://example.org"' in comment.body_html
    assert comment.fingerprint


# --- One list of never-edited columns ---------------------------------------


def _changed_value(field, comment, other_article):
    """A new value for ``field`` of ``comment`` that its column accepts."""
    if field.attname == "article_id":
        return other_article.pk
    if field.attname == "parent_id":
        return make_comment(comment.article, status="approved").pk
    if field.get_internal_type() == "DateTimeField":
        return "2001-02-03 04:05:06"
    if field.get_internal_type() == "GenericIPAddressField":
        return "192.0.2.123"
    if field.get_internal_type() in ("BooleanField",):
        return True
    if field.get_internal_type() in ("FloatField", "BigAutoField"):
        return 123456
    if field.get_internal_type() == "JSONField":
        return "[]"
    if field.choices:
        return field.choices[-1][0]
    return "changed"


def test_the_database_holds_fixed_exactly_the_models_never_edited_columns():
    # The model's IMMUTABLE_FIELDS is the one list; the triggers' SQL lives in
    # the migrations. Column by column, the database must refuse a change of
    # exactly those (and the id), allow every moderation column, and allow
    # the origin only to be erased.
    from comments.models import ERASABLE_FIELDS, IMMUTABLE_FIELDS

    other_article = make_article()
    refused, allowed = set(), set()
    for field in Comment._meta.concrete_fields:
        comment = make_comment(ip_address="192.0.2.7", user_agent="Firefox")
        value = _changed_value(field, comment, other_article)
        if field.attname == "is_editors_pick":
            raw("UPDATE comments_comment SET status = 'approved' WHERE id = %s", [comment.pk])
        try:
            raw(
                f"UPDATE comments_comment SET {field.column} = %s WHERE id = %s",
                [value, comment.pk],
            )
        except IntegrityError:
            refused.add(field.attname)
        else:
            allowed.add(field.attname)
    assert refused == {"id", *IMMUTABLE_FIELDS, *ERASABLE_FIELDS}
    assert allowed == {f.attname for f in Comment._meta.concrete_fields} - refused


# --- Gaps closed: REPLACE on SQLite, TRUNCATE on PostgreSQL -------------------


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="REPLACE is SQLite's")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE guard is PostgreSQL's"
)


@sqlite_only
@pytest.mark.parametrize("verb", ["REPLACE INTO", "INSERT OR REPLACE INTO"])
def test_sqlite_refuses_to_rewrite_a_comment_with_replace(verb):
    comment = make_comment(body="Original words")
    columns = [f.column for f in Comment._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM comments_comment WHERE id = %s", [comment.pk]
        )
        row = list(cursor.fetchone())
    row[columns.index("body")] = "Rewritten words"
    placeholders = ", ".join(["%s"] * len(columns))
    with pytest.raises(IntegrityError, match="never edited"):
        raw(f"{verb} comments_comment ({', '.join(columns)}) VALUES ({placeholders})", row)
    assert Comment.objects.get(pk=comment.pk).body == "Original words"


@sqlite_only
@pytest.mark.parametrize("table", ["comments_decision", "comments_blocklog"])
def test_sqlite_refuses_to_rewrite_a_log_row_with_replace(table):
    moderator = make_user()
    moderation.decide(make_comment(), decision="approve", moderator=moderator)
    moderation.block(reason="Spam", moderator=moderator, emails=["spam@example.org"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id LIMIT 1")
        names = [column[0] for column in cursor.description]
        row = list(cursor.fetchone())
    row[names.index("moderator_name")] = "Someone else"
    placeholders = ", ".join(["%s"] * len(names))
    with pytest.raises(IntegrityError, match="append-only"):
        raw(f"REPLACE INTO {table} ({', '.join(names)}) VALUES ({placeholders})", row)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT moderator_name FROM {table} WHERE id = %s", [row[0]])
        assert cursor.fetchone()[0] != "Someone else"


@sqlite_only
def test_sqlite_connections_fire_delete_guards_for_replace():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone()[0] == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)  # committed rows; the teardown's flush may empty them
@pytest.mark.parametrize("table", ["comments_decision", "comments_blocklog"])
def test_postgresql_refuses_to_truncate_a_log(table):
    moderator = make_user()
    moderation.decide(make_comment(), decision="approve", moderator=moderator)
    moderation.block(reason="Spam", moderator=moderator, emails=["spam@example.org"])
    with pytest.raises(IntegrityError, match="append-only"):
        raw(f"TRUNCATE {table}")
    assert Decision.objects.count() == 1
