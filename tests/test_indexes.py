"""Every hot filter and ordering has an index, as the migrations declare them.

Read from the migration state (what `migrate` builds on every database), not
from the models, so an index declared in Meta but never migrated fails here.
"""

import pytest
from django.db.migrations.loader import MigrationLoader

# (app, model, the leading fields of an index that serves the query)
HOT_PATHS = [
    # Every reader surface: published articles, newest first.
    ("articles", "article", ["status", "-published_at"]),
    # Section pages.
    ("articles", "article", ["section", "status", "-published_at"]),
    # The article page's comments and their count.
    ("comments", "comment", ["article", "status"]),
    # The moderation queue: pending, oldest first.
    ("comments", "comment", ["status", "created_at"]),
    # Commenter history and rate of duplicates.
    ("comments", "comment", ["author_email"]),
    # A comment's decision history.
    ("comments", "decision", ["comment", "created_at"]),
]

UNIQUE_SLUGS = [
    ("articles", "article", "slug"),
    ("articles", "section", "slug"),
    ("articles", "tag", "slug"),
    ("articles", "author", "slug"),
]


@pytest.fixture(scope="module")
def state():
    # No connection: the state the migration files on disk build, on any database.
    return MigrationLoader(None, ignore_no_migrations=True).project_state()


@pytest.mark.parametrize(("app", "model", "leading"), HOT_PATHS)
def test_hot_query_has_an_index(state, app, model, leading):
    indexes = state.models[app, model].options.get("indexes", [])
    assert any(index.fields[: len(leading)] == leading for index in indexes), (
        f"{app}.{model} has no index starting with {leading}; it has "
        f"{[index.fields for index in indexes]}"
    )


@pytest.mark.parametrize(("app", "model", "field"), UNIQUE_SLUGS)
def test_slugs_are_unique_and_so_indexed(state, app, model, field):
    assert state.models[app, model].fields[field].unique
