"""Close two gaps in "never edited" and "append-only".

SQLite: ``REPLACE INTO`` / ``INSERT OR REPLACE`` deletes the row it collides
with and inserts a new one, which fires no UPDATE trigger: a comment's text,
a decision or a block log row could be rewritten that way. A BEFORE INSERT
trigger on each table now refuses an insert that would collide with a row
already there (same id; for comments also the same article, e-mail and
fingerprint). Django's SQLite connections also set ``PRAGMA recursive_triggers``
(comments.triggers), so the deletion REPLACE does fires the logs' DELETE guards.

PostgreSQL: ``TRUNCATE`` fires no row trigger, so it emptied both logs. A
BEFORE TRUNCATE trigger now refuses it, except inside ``manage.py flush``
(which sets ``newsroom.log_maintenance`` for its own session: tests empty the
database between transactional tests).

The SQL is written out here, as it is installed: a migration never runs
today's code.
"""

from django.db import migrations

COMMENT_MESSAGE = "comments are never edited: only their moderation state may change"
DECISION_MESSAGE = "the decision log is append-only: decisions are never changed or deleted"
BLOCK_LOG_MESSAGE = "the block log is append-only: its rows are never changed or deleted"

SQL = {
    "sqlite": [
        f"""
CREATE TRIGGER comments_comment_no_replace
BEFORE INSERT ON comments_comment
FOR EACH ROW
WHEN EXISTS (SELECT 1 FROM comments_comment WHERE id = NEW.id)
    OR EXISTS (
        SELECT 1 FROM comments_comment
        WHERE article_id = NEW.article_id
          AND author_email = NEW.author_email
          AND fingerprint = NEW.fingerprint
    )
BEGIN
    SELECT RAISE(ABORT, '{COMMENT_MESSAGE}');
END;
""",
        f"""
CREATE TRIGGER comments_decision_no_replace
BEFORE INSERT ON comments_decision
FOR EACH ROW
WHEN EXISTS (SELECT 1 FROM comments_decision WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, '{DECISION_MESSAGE}');
END;
""",
        f"""
CREATE TRIGGER comments_blocklog_no_replace
BEFORE INSERT ON comments_blocklog
FOR EACH ROW
WHEN EXISTS (SELECT 1 FROM comments_blocklog WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, '{BLOCK_LOG_MESSAGE}');
END;
""",
    ],
    "postgresql": [
        """
CREATE OR REPLACE FUNCTION comments_log_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('newsroom.log_maintenance', true), '') <> 'on' THEN
        RAISE EXCEPTION '% is append-only: it is never truncated', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END;
$$;
""",
        """
CREATE TRIGGER comments_decision_no_truncate
BEFORE TRUNCATE ON comments_decision
FOR EACH STATEMENT EXECUTE FUNCTION comments_log_no_truncate();
""",
        """
CREATE TRIGGER comments_blocklog_no_truncate
BEFORE TRUNCATE ON comments_blocklog
FOR EACH STATEMENT EXECUTE FUNCTION comments_log_no_truncate();
""",
    ],
}
DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS comments_comment_no_replace;",
        "DROP TRIGGER IF EXISTS comments_decision_no_replace;",
        "DROP TRIGGER IF EXISTS comments_blocklog_no_replace;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS comments_decision_no_truncate ON comments_decision;",
        "DROP TRIGGER IF EXISTS comments_blocklog_no_truncate ON comments_blocklog;",
        "DROP FUNCTION IF EXISTS comments_log_no_truncate();",
    ],
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in SQL:
        raise NotImplementedError(f"no log guards written for {vendor}")
    for statement in [*DROP[vendor], *SQL[vendor]]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_unified_fingerprint_and_block_log_triggers"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
