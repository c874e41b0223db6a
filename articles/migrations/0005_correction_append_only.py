"""Database triggers: the corrections record is append-only.

Whatever sends the SQL — the ORM, a management shell, psql or sqlite3 — the
database refuses any UPDATE or DELETE of ``articles_correction``, except
setting ``editor_id`` to NULL when that editor's account is deleted (the row
keeps the name). Both raise an integrity error (SQLite ``RAISE(ABORT)``,
PostgreSQL SQLSTATE 23001, ``restrict_violation``), which Django reports as
``django.db.IntegrityError``.

The SQL is written here, not imported: a migration is frozen history. On
SQLite the DELETE guard lets ``manage.py flush`` empty the table (it asks
``webcore_maintenance()``, see webcore/appendonly.py); PostgreSQL's TRUNCATE
fires no row triggers. A later migration that rebuilds this table on SQLite
(many AlterField operations do) drops these triggers and must create them
again; tests/test_articles_corrections.py fails loudly if it does not.
"""

from django.db import migrations

MESSAGE = "corrections are append-only: a published correction is never changed or deleted"

FIXED = ("id", "article_id", "kind", "text", "created_at", "editor_name")

SQLITE_CHANGED = "\n    OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in FIXED)
POSTGRESQL_CHANGED = "\n        OR ".join(
    f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in FIXED
)

CREATE = {
    "sqlite": [
        f"""
CREATE TRIGGER articles_correction_no_update
BEFORE UPDATE ON articles_correction
FOR EACH ROW
WHEN {SQLITE_CHANGED}
    OR (NEW.editor_id IS NOT OLD.editor_id AND NEW.editor_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
""",
        f"""
CREATE TRIGGER articles_correction_no_delete
BEFORE DELETE ON articles_correction
FOR EACH ROW
WHEN NOT webcore_maintenance()
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
""",
    ],
    "postgresql": [
        f"""
CREATE OR REPLACE FUNCTION articles_correction_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{MESSAGE} (correction %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF {POSTGRESQL_CHANGED}
        OR (NEW.editor_id IS DISTINCT FROM OLD.editor_id AND NEW.editor_id IS NOT NULL)
    THEN
        RAISE EXCEPTION '{MESSAGE} (correction %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
        """
CREATE TRIGGER articles_correction_append_only
BEFORE UPDATE OR DELETE ON articles_correction
FOR EACH ROW EXECUTE FUNCTION articles_correction_append_only();
""",
    ],
}

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS articles_correction_no_update;",
        "DROP TRIGGER IF EXISTS articles_correction_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS articles_correction_append_only ON articles_correction;",
        "DROP FUNCTION IF EXISTS articles_correction_append_only();",
    ],
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in CREATE:
        raise NotImplementedError(f"no append-only triggers written for {vendor}")
    for statement in [*DROP[vendor], *CREATE[vendor]]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_correction_errorreport_hero_size"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
