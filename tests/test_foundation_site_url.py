"""Production knows its public address: SITE_URL, or one derived from the hosts and reported."""

import os
import subprocess
import sys

from tests.test_foundation_settings import ROOT, STRONG_KEY, run_django

PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": STRONG_KEY}


def check_deploy(**env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL"))}
    base.update(PRODUCTION, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_site_url_derives_it_from_the_first_host():
    result = run_django(
        "print(settings.SITE_URL)",
        **PRODUCTION,
        DJANGO_ALLOWED_HOSTS=".example.org,news.example.org,www.news.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://news.example.org"


def test_check_deploy_says_site_url_was_derived():
    result = check_deploy(DJANGO_ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "webcore.W001" in output
    assert "e-mails link to https://news.example.org" in output


def test_check_deploy_is_quiet_when_site_url_is_set():
    result = check_deploy(
        DJANGO_ALLOWED_HOSTS="news.example.org", SITE_URL="https://news.example.org/"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "webcore.W001" not in result.stdout + result.stderr


def test_production_refuses_to_start_with_only_wildcard_hosts_and_no_site_url():
    result = run_django("print('started')", **PRODUCTION, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
    assert "started" not in result.stdout


def test_a_site_url_without_a_scheme_is_refused():
    result = run_django(
        "print('started')",
        **PRODUCTION,
        DJANGO_ALLOWED_HOSTS="news.example.org",
        SITE_URL="news.example.org",
    )
    assert result.returncode != 0
    assert "SITE_URL must start with https://" in result.stderr
