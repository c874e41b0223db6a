"""Health check, error pages, security headers and the base template's landmarks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import make_comment

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down():
    # A real unreachable database: nothing listens on port 1.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing",
    )
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client(HTTP_HOST='localhost').get('/healthz')\n"
        "print(r.status_code, r.json()['database'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    # The JSON log lines come first on stdout; the answer is the last line.
    assert result.stdout.strip().splitlines()[-1].split() == ["503", "down"], result.stderr


@pytest.mark.django_db
def test_unknown_page_shows_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert 'role="search"' in html
    assert "Traceback" not in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_error", DEBUG=False)
def test_server_error_shows_the_500_page_without_a_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "RuntimeError" not in html
    assert "Traceback" not in html
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_error", DEBUG=False, LANGUAGE_CODE="ar")
def test_the_500_page_of_a_right_to_left_edition_is_right_to_left(client):
    client.raise_request_exception = False
    html = client.get("/boom/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.django_db
def test_base_template_has_landmarks_skip_link_and_language(client):
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert 'class="skip-link" href="#main"' in html
    for landmark in ['role="banner"', '<main id="main"', 'role="contentinfo"', 'role="search"']:
        assert landmark in html
    assert 'href="/community-guidelines/"' in html


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="ar")
def test_right_to_left_edition_sets_dir_rtl(client):
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.django_db
def test_pages_carry_security_headers_and_no_inline_script_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_load_no_asset_from_another_origin(client):
    html = client.get("/").content.decode()
    for attribute in ['src="http', "src='http", 'href="http', 'src="//', 'href="//']:
        assert attribute not in html


def test_stylesheet_is_served_by_the_app(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"--accent" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_pages_that_answer_get_answer_head_too(client):
    # Load balancers and link checkers probe with HEAD; 405 read as "down".
    comment = make_comment(status="approved")
    for path in (
        "/healthz",
        "/robots.txt",
        "/favicon.ico",
        "/community-guidelines/",
        "/transparency/",
        f"/comments/{comment.pk}/",
        "/comments/csrf/",
    ):
        response = client.head(path)
        assert response.status_code in (200, 301, 302), (path, response.status_code)
        assert response.content == b"", path
    assert client.put("/healthz").status_code == 405
