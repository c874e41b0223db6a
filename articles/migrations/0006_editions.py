"""Editions: each article and section in one language, and articles linked to their translations.

The search index follows each article's own language from here on.

PostgreSQL: the trigger function of 0003 took one text-search configuration
for every row; it now takes ``language=configuration`` pairs as arguments and
picks the row's, ``simple`` for a language with none. This migration
installs it with no pairs (``simple`` throughout); after every ``migrate``,
``articles.search.sync_search_index`` writes the pairs of the configured
editions and rebuilds the vectors if they changed. The trigger also fires
when an article's language changes.

SQLite: adding a NOT NULL column rebuilds ``articles_article``, which drops the
FTS5 triggers of 0003; they are installed again here, as they were. Removing
the columns (rolling this migration back) rebuilds it again, so the first
operation, which Django reverses last, installs them once more.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        config regconfig := 'simple';
    BEGIN
        FOR i IN 0 .. TG_NARGS - 1 LOOP
            IF split_part(TG_ARGV[i], '=', 1) = NEW.language THEN
                config := split_part(TG_ARGV[i], '=', 2)::regconfig;
            END IF;
        END LOOP;
        NEW.search_vector :=
            setweight(to_tsvector(config, coalesce(NEW.headline, '')), 'A')
            || setweight(to_tsvector(config, coalesce(NEW.standfirst, '')), 'B')
            || setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    """
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, standfirst, body, language ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    "UPDATE articles_article SET headline = headline",
]
POSTGRESQL_REVERSE = [
    """
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger
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
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    """
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector('simple')
    """,
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
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    f"CREATE TRIGGER articles_article_fts_insert AFTER INSERT ON articles_article BEGIN {_FTS_NEW} END",
    f"CREATE TRIGGER articles_article_fts_delete AFTER DELETE ON articles_article BEGIN {_FTS_OLD} END",
    f"""CREATE TRIGGER articles_article_fts_update
    AFTER UPDATE OF headline, standfirst, body ON articles_article
    BEGIN {_FTS_OLD} {_FTS_NEW} END""",
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _existing_rows_in_the_default_edition(apps, schema_editor):
    # What was published before editions existed was the deployment's one edition.
    for name in ("Article", "Section"):
        model = apps.get_model("articles", name)
        model.objects.filter(language="").update(language=settings.LANGUAGE_CODE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_correction_append_only"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _run({"sqlite": SQLITE}), elidable=False),
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The edition (language) this is published in.",
                max_length=12,
                verbose_name="edition",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The original article this one translates. Link every translation to the original (not to another translation): the page then offers all of them.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="articles.article",
                verbose_name="translation of",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The edition (language) this is published in.",
                max_length=12,
                verbose_name="edition",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["language", "status", "-published_at"], name="article_edition_published"
            ),
        ),
        migrations.RunPython(_existing_rows_in_the_default_edition, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE}),
            elidable=False,
        ),
    ]
