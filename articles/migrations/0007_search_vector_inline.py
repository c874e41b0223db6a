"""PostgreSQL keeps each article's search vector in the table row, not in TOAST.

A vector is about 3 KB, over the 2 KB past which PostgreSQL moves a value
out of line by default, so every match test and every ranking first fetched
the vector's chunks from the TOAST table through its index. Searching a word
found in a few per cent of 100,000 articles walks thousands of rows, and
fetching those chunks was most of the time (see the README's Performance
section for the figures). ``STORAGE MAIN`` keeps the vector in the row (the
body, the other large column, still moves out first); the UPDATE stores
every existing vector again under the new strategy, without re-parsing
the text (the search trigger fires only on the headline, standfirst or body).

Nothing changes on SQLite, whose FTS5 index is its own table.
"""

from django.db import migrations

POSTGRESQL = [
    "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN",
    # A new value (an empty vector appended), so the row is written anew with
    # the vector inline; the same value would keep its TOAST pointer.
    "UPDATE articles_article SET search_vector = search_vector || ''::tsvector",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_editions"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE), elidable=False),
    ]
