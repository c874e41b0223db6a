"""Fixtures shared by the whole suite."""

import os

import pytest
from django.core.cache import cache

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
