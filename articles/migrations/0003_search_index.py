"""The search index: a stored tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite.

Neither is a model field: the database keeps each in step with the article
through triggers, whatever writes the row (the ORM, a bulk UPDATE, psql).

PostgreSQL: ``articles_article.search_vector``, the headline (weight A),
standfirst (B) and body (C) under one text-search configuration, written by
a BEFORE INSERT/UPDATE trigger whose one argument names the configuration.
This migration installs it with ``simple``; after every ``migrate``,
``articles.search.sync_search_index`` sets the edition's configuration and
rebuilds the vectors if it changed.

SQLite: ``articles_article_fts``, an external-content FTS5 table over the same
three columns, kept in sync by AFTER INSERT/UPDATE/DELETE triggers. A later
migration that rebuilds ``articles_article`` on SQLite (many AlterField
operations do) drops these triggers and must install them again; the search
tests fail if it does not.
"""

from django.db import migrations

POSTGRESQL = [
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector(TG_ARGV[0]::regconfig, coalesce(NEW.headline, '')), 'A')
            || setweight(to_tsvector(TG_ARGV[0]::regconfig, coalesce(NEW.standfirst, '')), 'B')
            || setweight(to_tsvector(TG_ARGV[0]::regconfig, coalesce(NEW.body, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector('simple')
    """,
    "UPDATE articles_article SET headline = headline",
    "CREATE INDEX articles_article_search ON articles_article USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

_FTS_NEW = (
    "INSERT INTO articles_article_fts(rowid, headline, standfirst, body) "
    "VALUES (new.id, new.headline, new.standfirst, new.body);"
)
_FTS_OLD = (
    "INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, standfirst, body) "
    "VALUES ('delete', old.id, old.headline, old.standfirst, old.body);"
)
SQLITE = [
    # unicode61 folds case and, with remove_diacritics 2, accents: "Kurdistan"
    # finds "kurdistan", "Erbil" finds "Erbîl".
    """
    CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        headline, standfirst, body,
        content='articles_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    f"CREATE TRIGGER articles_article_fts_insert AFTER INSERT ON articles_article BEGIN {_FTS_NEW} END",
    f"CREATE TRIGGER articles_article_fts_delete AFTER DELETE ON articles_article BEGIN {_FTS_OLD} END",
    f"""CREATE TRIGGER articles_article_fts_update
    AFTER UPDATE OF headline, standfirst, body ON articles_article
    BEGIN {_FTS_OLD} {_FTS_NEW} END""",
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    "DROP TABLE IF EXISTS articles_article_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_article_slug_help_text"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
            elidable=False,
        ),
    ]
