"""Database triggers: comments are never edited, the decision log is append-only.

Whatever sends the SQL (the ORM, a shell, psql or sqlite3), the database refuses:
- an UPDATE of comments_comment that changes what was written, by whom, on
  which article, in reply to what, or when (only the moderation columns may
  change; ip_address may only become NULL and user_agent only "");
- any UPDATE or DELETE of comments_decision, except setting moderator_id to
  NULL when that moderator's account is deleted (the row keeps the name).
Both raise an integrity error (SQLite RAISE(ABORT), PostgreSQL SQLSTATE 23001).

The SQL is written out here, as it was installed: a migration is history and
never runs today's code. The DELETE guard on SQLite asks
comments_log_maintenance(), a function Django's connections define
(comments.triggers), so that ``flush`` may empty the log.
"""

from django.db import migrations

SQL = {
    "sqlite": [
        """
CREATE TRIGGER comments_comment_never_edited
BEFORE UPDATE ON comments_comment
FOR EACH ROW
WHEN NEW.id IS NOT OLD.id
    OR NEW.article_id IS NOT OLD.article_id
    OR NEW.parent_id IS NOT OLD.parent_id
    OR NEW.author_name IS NOT OLD.author_name
    OR NEW.author_email IS NOT OLD.author_email
    OR NEW.body IS NOT OLD.body
    OR NEW.body_html IS NOT OLD.body_html
    OR NEW.fingerprint IS NOT OLD.fingerprint
    OR NEW.created_at IS NOT OLD.created_at
    OR (NEW.ip_address IS NOT OLD.ip_address AND NEW.ip_address IS NOT NULL)
    OR (NEW.user_agent IS NOT OLD.user_agent AND NEW.user_agent <> '')
BEGIN
    SELECT RAISE(ABORT, 'comments are never edited: only their moderation state may change');
END;
""",
        """
CREATE TRIGGER comments_decision_no_update
BEFORE UPDATE ON comments_decision
FOR EACH ROW
WHEN NEW.id IS NOT OLD.id
    OR NEW.comment_id IS NOT OLD.comment_id
    OR NEW.decision IS NOT OLD.decision
    OR NEW.reason IS NOT OLD.reason
    OR NEW.note IS NOT OLD.note
    OR NEW.previous_status IS NOT OLD.previous_status
    OR NEW.moderator_name IS NOT OLD.moderator_name
    OR NEW.created_at IS NOT OLD.created_at
    OR (NEW.moderator_id IS NOT OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only: decisions are never changed or deleted');
END;
""",
        """
CREATE TRIGGER comments_decision_no_delete
BEFORE DELETE ON comments_decision
FOR EACH ROW
WHEN NOT comments_log_maintenance()
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only: decisions are never changed or deleted');
END;
""",
    ],
    "postgresql": [
        """
CREATE OR REPLACE FUNCTION comments_comment_never_edited() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id
    OR NEW.article_id IS DISTINCT FROM OLD.article_id
    OR NEW.parent_id IS DISTINCT FROM OLD.parent_id
    OR NEW.author_name IS DISTINCT FROM OLD.author_name
    OR NEW.author_email IS DISTINCT FROM OLD.author_email
    OR NEW.body IS DISTINCT FROM OLD.body
    OR NEW.body_html IS DISTINCT FROM OLD.body_html
    OR NEW.fingerprint IS DISTINCT FROM OLD.fingerprint
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
        OR (NEW.ip_address IS DISTINCT FROM OLD.ip_address AND NEW.ip_address IS NOT NULL)
        OR (NEW.user_agent IS DISTINCT FROM OLD.user_agent AND NEW.user_agent <> '')
    THEN
        RAISE EXCEPTION 'comments are never edited: only their moderation state may change (comment %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
        """
CREATE TRIGGER comments_comment_never_edited
BEFORE UPDATE ON comments_comment
FOR EACH ROW EXECUTE FUNCTION comments_comment_never_edited();
""",
        """
CREATE OR REPLACE FUNCTION comments_decision_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the decision log is append-only: decisions are never changed or deleted (decision %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id
    OR NEW.comment_id IS DISTINCT FROM OLD.comment_id
    OR NEW.decision IS DISTINCT FROM OLD.decision
    OR NEW.reason IS DISTINCT FROM OLD.reason
    OR NEW.note IS DISTINCT FROM OLD.note
    OR NEW.previous_status IS DISTINCT FROM OLD.previous_status
    OR NEW.moderator_name IS DISTINCT FROM OLD.moderator_name
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
        OR (NEW.moderator_id IS DISTINCT FROM OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'the decision log is append-only: decisions are never changed or deleted (decision %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
        """
CREATE TRIGGER comments_decision_append_only
BEFORE UPDATE OR DELETE ON comments_decision
FOR EACH ROW EXECUTE FUNCTION comments_decision_append_only();
""",
    ],
}
DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS comments_comment_never_edited;",
        "DROP TRIGGER IF EXISTS comments_decision_no_update;",
        "DROP TRIGGER IF EXISTS comments_decision_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS comments_comment_never_edited ON comments_comment;",
        "DROP FUNCTION IF EXISTS comments_comment_never_edited();",
        "DROP TRIGGER IF EXISTS comments_decision_append_only ON comments_decision;",
        "DROP FUNCTION IF EXISTS comments_decision_append_only();",
    ],
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in SQL:
        raise NotImplementedError(f"no never-edited triggers written for {vendor}")
    for statement in [*DROP[vendor], *SQL[vendor]]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
