"""Abuse: CSRF, the honeypot, rate limits by address and e-mail, duplicates. Nothing is stored."""

import asyncio
import io
import re
from wsgiref.util import setup_testing_defaults

import pytest
from django.test import Client

from comments.models import Comment
from newsroom import asgi, wsgi
from tests.factories import make_article
from webcore import charsets

pytestmark = pytest.mark.django_db


def post(client, article, n=0, **overrides):
    data = {
        "author_name": "Reader",
        "author_email": f"reader{n}@example.org",
        "body": f"Comment number {n} about this story.",
        "accept_guidelines": "on",
    }
    extra = {key: overrides.pop(key) for key in list(overrides) if key.isupper()}
    data.update(overrides)
    return client.post(f"/articles/{article.slug}/comments/", data, **extra)


def test_post_without_csrf_token_is_refused_and_the_text_comes_back():
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    response = post(browser, article)
    assert response.status_code == 403
    page = response.content.decode()
    assert "has not been sent yet" in page
    assert "Comment number 0 about this story." in page
    assert "no-store" in response["Cache-Control"]
    assert Comment.objects.count() == 0


def test_without_javascript_the_second_send_goes_through():
    # Cached pages carry no token; the refusal page carries one for this reader.
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    refused = post(browser, article)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', refused.content.decode())
    assert token, "the page that asks to send again must carry a token"
    response = post(browser, article, csrfmiddlewaretoken=token.group(1))
    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_post_with_the_token_the_form_script_fetches_is_accepted():
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    token = browser.get("/comments/csrf/").json()["token"]
    response = post(browser, article, csrfmiddlewaretoken=token)
    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_shared_article_page_carries_no_token_and_is_cached():
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    first = browser.get(article.get_absolute_url())
    assert "csrftoken" not in first.cookies
    assert 'name="csrfmiddlewaretoken" value=""' in first.content.decode()
    assert browser.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_other_csrf_failures_get_djangos_page():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


def test_filled_honeypot_is_refused_and_nothing_is_stored(client):
    article = make_article()
    response = post(client, article, website="http://spam.example")
    assert response.status_code == 400
    assert "This field must be left empty." in response.content.decode()
    assert Comment.objects.count() == 0


def test_honeypot_is_hidden_from_people(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    trap = html.index('name="website"')
    wrapper = html.rfind('class="visually-hidden"', 0, trap)
    assert wrapper != -1 and 'aria-hidden="true"' in html[wrapper : trap + 100]
    assert 'tabindex="-1"' in html[trap : trap + 200]


def test_sixth_post_from_one_address_in_ten_minutes_is_refused_with_429(client, settings):
    settings.COMMENTS_RATE_LIMIT = "5/10m"
    article = make_article()
    for n in range(5):
        assert post(client, article, n, REMOTE_ADDR="198.51.100.1").status_code == 303
    response = post(client, article, 99, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "Please wait before commenting again" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Comment.objects.count() == 5
    # Another address is not affected.
    assert post(client, article, 100, REMOTE_ADDR="198.51.100.2").status_code == 303


def test_sixth_post_from_one_email_is_refused_whatever_the_address(client, settings):
    settings.COMMENTS_RATE_LIMIT = "5/10m"
    article = make_article()
    for n in range(5):
        response = post(
            client, article, n, author_email="same@example.org", REMOTE_ADDR=f"198.51.100.{n + 10}"
        )
        assert response.status_code == 303
    response = post(
        client, article, 99, author_email="SAME@example.org", REMOTE_ADDR="198.51.100.99"
    )
    assert response.status_code == 429
    assert Comment.objects.count() == 5


def test_spoofed_forwarded_for_header_does_not_reset_the_limit(client, settings):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    article = make_article()
    for n in range(2):
        post(client, article, n, REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = post(client, article, 9, REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_behind_a_trusted_proxy_the_client_is_the_last_forwarded_address(client, settings):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    article = make_article()
    proxy = "10.0.0.1"
    for n in range(2):
        # A client prepending a fake address cannot change what our proxy appended.
        response = post(
            client,
            article,
            n,
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.5",
        )
        assert response.status_code == 303
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    response = post(
        client, article, 7, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5"
    )
    assert response.status_code == 429
    # A different real client behind the same proxy still may post.
    response = post(client, article, 8, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 303


def test_rate_limit_off_lets_every_post_through(client, settings):
    settings.COMMENTS_RATE_LIMIT = "off"
    article = make_article()
    for n in range(8):
        assert post(client, article, n, author_email="a@example.org").status_code == 303
    assert Comment.objects.count() == 8


def test_identical_comment_from_the_same_email_on_the_same_article_is_refused(client):
    article = make_article()
    assert post(client, article, 1).status_code == 303
    response = post(client, article, 1, body="  Comment   number 1 about THIS story. ")
    assert response.status_code == 400
    assert "You have already posted this comment on this article." in response.content.decode()
    assert Comment.objects.count() == 1
    # The same words on another article are a new comment.
    assert post(client, make_article(), 1).status_code == 303


def test_two_different_emoji_only_comments_are_not_duplicates(client):
    article = make_article()
    assert post(client, article, 1, body="👍👍").status_code == 303
    assert post(client, article, 1, body="🎉").status_code == 303
    assert post(client, article, 1, body="🎉").status_code == 400
    assert Comment.objects.count() == 2


def wsgi_status(application, method="GET", path="/", body=b"", content_type=""):
    """Call the WSGI application as gunicorn does; its status line and body."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(body),
    }
    setup_testing_defaults(environ)  # the rest of a WSGI environ, as the standard library fills it
    started = []
    answer = b"".join(application(environ, lambda status, headers: started.append(status)))
    return started[0], answer


@pytest.mark.parametrize("charset", ["unicode_escape", "raw_unicode_escape", "utf-7", "rot13"])
def test_a_request_in_a_character_set_no_browser_sends_is_refused_before_django_reads_it(charset):
    # unicode_escape reads "\ud800" in a form as a lone surrogate, which no
    # column can store; rot13 is no text encoding at all, and Django fails on it
    # while building the request, before any middleware. Both were a 500.
    article = make_article()
    form = (
        '--BOUND\r\nContent-Disposition: form-data; name="body"\r\n\r\n'
        "words \\ud800 words\r\n--BOUND--\r\n"
    ).encode("ascii")
    for method, path, data, content_type in (
        (
            "POST",
            f"/articles/{article.slug}/comments/",
            form,
            "multipart/form-data; boundary=BOUND",
        ),
        ("GET", "/healthz?x=1", b"", "text/plain"),
    ):
        status, body = wsgi_status(
            wsgi.application, method, path, data, f"{content_type}; charset={charset}"
        )
        assert status.startswith("400"), (method, status)
        assert b"send UTF-8" in body
    assert Comment.objects.count() == 0


def test_the_character_sets_browsers_send_reach_django():
    reached = []

    def app(environ, start_response):
        reached.append(environ.get("CONTENT_TYPE"))
        start_response("200 OK", [])
        return [b"ok"]

    guarded = charsets.guard_wsgi(app)
    for content_type in (
        "",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=B",
        "multipart/form-data; boundary=B; charset=UTF-8",
        "application/x-www-form-urlencoded; charset=iso-8859-1",
        "text/plain; charset=windows-1252",
        "text/plain; charset=no-such-charset",  # Django ignores it and reads UTF-8
    ):
        assert wsgi_status(guarded, content_type=content_type)[0] == "200 OK", content_type
    assert len(reached) == 7


def test_the_asgi_application_refuses_them_too():
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/healthz",
        "query_string": b"x=1",
        "headers": [(b"content-type", b"text/plain; charset=rot13")],
    }
    asyncio.run(asgi.application(scope, receive, send))
    assert sent[0]["status"] == 400
    assert b"send UTF-8" in sent[1]["body"]
