"""The database's half of "comments are never edited" and "the decision log is append-only".

Whatever sends the SQL — the ORM, a management shell, a raw ``UPDATE`` in
psql or sqlite3 — the database itself refuses:

* an UPDATE of ``comments_comment`` that changes what was written, by whom,
  on which article, in reply to what, or when (only the moderation columns may
  change; ``ip_address`` may only become NULL and ``user_agent`` only "");
* any UPDATE or DELETE of ``comments_decision``, except setting ``moderator_id``
  to NULL when that moderator's account is deleted (the row keeps the name).

* any UPDATE or DELETE of ``comments_blocklog`` (the block list's log), with
  the same exception for a deleted moderator account.

All raise an integrity error (SQLite ``RAISE(ABORT)``, PostgreSQL SQLSTATE
23001), which Django reports as ``django.db.IntegrityError``.

Migration ``0002_never_edited_triggers`` installs the comment and decision
SQL; ``0004_unified_fingerprint_and_block_log_triggers`` the block log's
(:func:`install_block_log`). Changing it means a
new migration that calls :func:`install` again. On SQLite, a migration that
rebuilds one of these tables (many ``AlterField`` operations do) drops its
triggers: such a migration must call :func:`install` after it; the
immutability tests fail loudly if it does not.

Emptying the whole database (``manage.py flush``, which tests use between
transactional tests) is not deleting a decision: PostgreSQL's TRUNCATE fires
no row triggers, and on SQLite our ``flush`` command lifts the DELETE guard
for the duration of that one command (see :func:`log_maintenance`).
"""

from contextlib import contextmanager
from contextvars import ContextVar

_maintenance = ContextVar("comments_log_maintenance", default=False)

# One message per rule, so whoever hits it knows which promise they ran into.
COMMENT_MESSAGE = "comments are never edited: only their moderation state may change"
DECISION_MESSAGE = "the decision log is append-only: decisions are never changed or deleted"
BLOCK_LOG_MESSAGE = "the block log is append-only: its rows are never changed or deleted"

_COMMENT_FIXED = (
    "id",
    "article_id",
    "parent_id",
    "author_name",
    "author_email",
    "body",
    "body_html",
    "fingerprint",
    "created_at",
)
_DECISION_FIXED = (
    "id",
    "comment_id",
    "decision",
    "reason",
    "note",
    "previous_status",
    "moderator_name",
    "created_at",
)

_BLOCK_LOG_FIXED = (
    "id",
    "block_id",
    "kind",
    "email",
    "network",
    "reason",
    "expires_at",
    "note",
    "moderator_name",
    "created_at",
)


def _changed(columns, *, distinct: str) -> str:
    return "\n    OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in columns)


def _append_only_sql(vendor: str, *, table: str, columns, message: str, label: str) -> list[str]:
    """A log's triggers: no DELETE, and no UPDATE but forgetting a deleted moderator account."""
    if vendor == "sqlite":
        changed = _changed(columns, distinct="IS NOT")
        return [
            f"""
CREATE TRIGGER {table}_no_update
BEFORE UPDATE ON {table}
FOR EACH ROW
WHEN {changed}
    OR (NEW.moderator_id IS NOT OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, '{message}');
END;
""",
            # comments_log_maintenance() exists only on connections opened by
            # Django (see register_sqlite_functions); elsewhere the DELETE fails too.
            f"""
CREATE TRIGGER {table}_no_delete
BEFORE DELETE ON {table}
FOR EACH ROW
WHEN NOT comments_log_maintenance()
BEGIN
    SELECT RAISE(ABORT, '{message}');
END;
""",
        ]
    changed = _changed(columns, distinct="IS DISTINCT FROM")
    return [
        f"""
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{message} ({label} %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF {changed}
        OR (NEW.moderator_id IS DISTINCT FROM OLD.moderator_id AND NEW.moderator_id IS NOT NULL)
    THEN
        RAISE EXCEPTION '{message} ({label} %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
        f"""
CREATE TRIGGER {table}_append_only
BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
""",
    ]


def _drop_append_only(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update;",
            f"DROP TRIGGER IF EXISTS {table}_no_delete;",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_append_only();",
    ]


def _decision_sql(vendor: str) -> list[str]:
    return _append_only_sql(
        vendor,
        table="comments_decision",
        columns=_DECISION_FIXED,
        message=DECISION_MESSAGE,
        label="decision",
    )


def _sqlite_sql() -> list[str]:
    comment_changed = _changed(_COMMENT_FIXED, distinct="IS NOT")
    return [
        f"""
CREATE TRIGGER comments_comment_never_edited
BEFORE UPDATE ON comments_comment
FOR EACH ROW
WHEN {comment_changed}
    OR (NEW.ip_address IS NOT OLD.ip_address AND NEW.ip_address IS NOT NULL)
    OR (NEW.user_agent IS NOT OLD.user_agent AND NEW.user_agent <> '')
BEGIN
    SELECT RAISE(ABORT, '{COMMENT_MESSAGE}');
END;
""",
        *_decision_sql("sqlite"),
    ]


def _postgresql_sql() -> list[str]:
    comment_changed = _changed(_COMMENT_FIXED, distinct="IS DISTINCT FROM")
    return [
        f"""
CREATE OR REPLACE FUNCTION comments_comment_never_edited() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF {comment_changed}
        OR (NEW.ip_address IS DISTINCT FROM OLD.ip_address AND NEW.ip_address IS NOT NULL)
        OR (NEW.user_agent IS DISTINCT FROM OLD.user_agent AND NEW.user_agent <> '')
    THEN
        RAISE EXCEPTION '{COMMENT_MESSAGE} (comment %)', OLD.id
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
        *_decision_sql("postgresql"),
    ]


_DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS comments_comment_never_edited;",
        *_drop_append_only("sqlite", "comments_decision"),
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS comments_comment_never_edited ON comments_comment;",
        "DROP FUNCTION IF EXISTS comments_comment_never_edited();",
        *_drop_append_only("postgresql", "comments_decision"),
    ],
}
_CREATE = {"sqlite": _sqlite_sql, "postgresql": _postgresql_sql}


def install(apps, schema_editor) -> None:
    """(Re)create the triggers on this database (a RunPython migration step)."""
    vendor = schema_editor.connection.vendor
    if vendor not in _CREATE:
        raise NotImplementedError(f"no never-edited triggers written for {vendor}")
    for statement in [*_DROP[vendor], *_CREATE[vendor]()]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor) -> None:
    for statement in _DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


_DROP_BLOCK_LOG = {
    vendor: _drop_append_only(vendor, "comments_blocklog") for vendor in ("sqlite", "postgresql")
}


def install_block_log(apps, schema_editor) -> None:
    """(Re)create the block log's append-only triggers (a RunPython migration step)."""
    vendor = schema_editor.connection.vendor
    if vendor not in _DROP_BLOCK_LOG:
        raise NotImplementedError(f"no block log triggers written for {vendor}")
    statements = _append_only_sql(
        vendor,
        table="comments_blocklog",
        columns=_BLOCK_LOG_FIXED,
        message=BLOCK_LOG_MESSAGE,
        label="row",
    )
    for statement in [*_DROP_BLOCK_LOG[vendor], *statements]:
        schema_editor.execute(statement, params=None)


def uninstall_block_log(apps, schema_editor) -> None:
    for statement in _DROP_BLOCK_LOG.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


@contextmanager
def log_maintenance():
    """Let SQLite empty the append-only logs inside this block: only ``flush`` uses it."""
    token = _maintenance.set(True)
    try:
        yield
    finally:
        _maintenance.reset(token)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: the SQL function the SQLite DELETE guard asks."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "comments_log_maintenance", 0, lambda: int(_maintenance.get())
        )
