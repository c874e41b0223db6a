"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Reader pages and navigation are cached; each test starts cold so one
    # test's pages never answer another's requests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return "correct horse battery staple"
