"""The settings contract: production refuses unsafe configuration, the environment is honoured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(60)


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    """Run Python with the project's settings in a fresh process and the given environment."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    base.update({"DJANGO_SETTINGS_MODULE": "newsroom.settings", **env})
    prelude = "import django; django.setup(); from django.conf import settings\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("print('started')", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_a_weak_secret_key():
    result = run_django(
        "print('started')",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="django-insecure-short",
        DJANGO_ALLOWED_HOSTS="news.example",
    )
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django("print('started')", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is empty" in result.stderr


def test_check_deploy_prints_no_warnings_in_production_mode():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="news.example",
        SITE_URL="https://news.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_database_url_selects_postgresql():
    result = run_django(
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@db.internal:5433/newsroom_prod",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "newsroom_prod",
        "db.internal",
        "5433",
    ]


def test_prepared_statements_add_to_the_options_the_database_url_gives():
    result = run_django(
        "print(settings.DATABASES['default']['OPTIONS'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@db.internal/newsroom?options=-c%20search_path%3Dnews",
    )
    assert result.returncode == 0, result.stderr
    assert "'options': '-c search_path=news -c plan_cache_mode=force_generic_plan'" in result.stdout
    assert "'prepare_threshold': 5" in result.stdout
    without = run_django(
        "print(settings.DATABASES['default'].get('OPTIONS'))",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@db.internal/newsroom",
        DATABASE_PREPARED_STATEMENTS="0",
    )
    assert "prepare_threshold" not in without.stdout


def test_sqlite_default_uses_wal_and_a_busy_timeout():
    result = run_django(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "print(settings.DATABASES['default']['OPTIONS']['timeout'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="sqlite:////tmp/newsroom-settings-test.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20"]


def test_redis_url_selects_the_redis_cache():
    result = run_django(
        "from django.core.cache.backends.redis import RedisCache\n"
        "from django.utils.module_loading import import_string\n"
        "c = settings.CACHES['default']\n"
        "print(issubclass(import_string(c['BACKEND']), RedisCache), c['LOCATION'])",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://cache.internal:6380/2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "redis://cache.internal:6380/2"]


def test_the_redis_cache_works_and_reuses_its_client():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("NEWSROOM_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    result = run_django(
        "from django.core.cache import cache\n"
        "cache.set('newsroom-test', 41); cache.incr('newsroom-test')\n"
        "client = cache._cache.get_client\n"
        "print(cache.get('newsroom-test'), client() is client(), client(write=True) is client())\n"
        "cache.delete('newsroom-test')",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/13",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["42", "True", "True"]


def test_without_redis_url_the_cache_is_local_memory():
    result = run_django("print(settings.CACHES['default']['BACKEND'])", DJANGO_DEBUG="1")
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("value", ["maybe", "5 per minute"])
def test_malformed_settings_are_refused_with_a_message(value):
    result = run_django("print('started')", DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be" in result.stderr
    result = run_django("print('started')", DJANGO_DEBUG="1", COMMENTS_RATE_LIMIT=value)
    assert result.returncode != 0
    assert "COMMENTS_RATE_LIMIT must look like" in result.stderr


@pytest.mark.parametrize("value", ["5/0m", "0/10m"])
def test_a_rate_limit_of_zero_is_refused_at_start(value):
    result = run_django("print('started')", DJANGO_DEBUG="1", COMMENTS_RATE_LIMIT=value)
    assert result.returncode != 0
    assert "COMMENTS_RATE_LIMIT must look like" in result.stderr


def test_production_without_redis_shares_its_cache_between_workers():
    result = run_django(
        "print(settings.CACHES['default']['BACKEND'])",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="news.example",
    )
    assert result.returncode == 0, result.stderr
    # Not local memory: every gunicorn worker must see the same counters and pages.
    assert result.stdout.strip() == "django.core.cache.backends.filebased.FileBasedCache"


def test_production_cookies_are_secure_unless_a_local_trial_says_otherwise():
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": STRONG_KEY,
        "DJANGO_ALLOWED_HOSTS": "news.example",
        "SITE_URL": "https://news.example",
    }
    code = "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    assert run_django(code, **production).stdout.split() == ["True", "True"]
    trial = run_django(code, **production, DJANGO_SECURE_COOKIES="0")
    assert trial.stdout.split() == ["False", "False"]
