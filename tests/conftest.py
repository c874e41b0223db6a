"""Fixtures shared by the whole suite."""

import importlib
import os
import sys
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.urls import clear_url_caches

from tests.factories import make_user
from webcore.pagecache import recent_pages


@pytest.fixture(autouse=True)
def _clear_cache():
    # Reader pages and navigation are cached; each test starts cold so one
    # test's pages never answer another's requests.
    cache.clear()
    recent_pages.clear()
    yield
    cache.clear()
    recent_pages.clear()


EDITIONS = [("en", "English"), ("ckb", "Central Kurdish"), ("ar", "Arabic")]


def _rebuild_urls():
    """newsroom/urls.py decides at import whether reader URLs carry an edition prefix."""
    from articles.models import _around_slug
    from webcore.jinja2 import _reversed
    from webcore.pagecache import _page_of

    clear_url_caches()
    if "newsroom.urls" in sys.modules:
        importlib.reload(sys.modules["newsroom.urls"])
    # Memos keyed by the URLconf's name, which the reload keeps.
    for memo in (_page_of, _around_slug, _reversed):
        memo.cache_clear()


@contextmanager
def several_editions(editions=EDITIONS):
    """The site with several editions (en, ckb, ar by default), URLs and search index to match."""
    from articles.search import sync_search_index

    codes = [code for code, _name in editions]
    with override_settings(NEWSROOM_EDITIONS=codes, LANGUAGES=editions):
        _rebuild_urls()
        if connection.vendor == "postgresql":
            sync_search_index()
        try:
            yield
        finally:
            cache.clear()
            recent_pages.clear()
    _rebuild_urls()
    if connection.vendor == "postgresql":
        sync_search_index()


@pytest.fixture
def editions(db):
    """English, Sorani and Arabic editions, each under its prefix (/en/, /ckb/, /ar/)."""
    with several_editions():
        yield


@pytest.fixture
def password():
    return "correct horse battery staple"


@pytest.fixture
def moderator(client):
    """A staff member of the Moderators group, logged in on ``client``."""
    user = make_user(
        "mod", first_name="Mona", last_name="Karim", is_staff=True, groups=["Moderators"]
    )
    client.force_login(user)
    return user


def pytest_configure(config):
    # CI sets this for its PostgreSQL pass so that a mistyped DATABASE_URL
    # cannot quietly run the "PostgreSQL" suite on SQLite again.
    if os.environ.get("NEWSROOM_REQUIRE_POSTGRES") == "1":
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"NEWSROOM_REQUIRE_POSTGRES=1 but the database is {engine}")


# In CI these tests must run: a skip there is a failure (marker → environment variable).
REQUIRED_IN_CI = {"browser": "NEWSROOM_REQUIRE_BROWSER", "cluster": "NEWSROOM_REQUIRE_CLUSTER"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    for marker, variable in REQUIRED_IN_CI.items():
        if os.environ.get(variable) == "1" and item.get_closest_marker(marker) is not None:
            report.outcome = "failed"
            report.longrepr = f"{marker} test skipped in CI ({variable}=1): {report.longrepr}"
            return
