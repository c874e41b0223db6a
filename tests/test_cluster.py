"""Scale-out on this machine: two app servers, nginx, a task worker, one PostgreSQL, one Redis.

``bench/cluster.py`` starts two gunicorn masters (production settings, their
own ports) behind nginx, and ``manage.py db_worker``, all on the test
database and the suite's Redis. The tests talk to each server directly, or
through nginx, with plain HTTP from distinct source addresses on 127.0.0.0/8
(the rate limit counts per address). They need PostgreSQL and Redis: SQLite's
test database lives in memory, where no other process can reach it. CI's
PostgreSQL pass sets ``NEWSROOM_REQUIRE_CLUSTER=1``, which turns a skip into a
failure.
"""

import http.client
import os
import shutil
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from bench.cluster import Cluster
from bench.web import parse_forms
from comments.models import Comment
from tests.factories import make_article, make_user
from tests.test_comments_mail_delivery import MailServer, free_port

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
RATE_LIMIT = 4


class Browser:
    """Cookies and a source address: one reader or moderator, on any server."""

    def __init__(self, source: str = "127.0.0.1"):
        self.source, self.cookies = source, {}

    def request(self, port, method, path, fields=None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=(self.source, 0)
        )
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            # Production cookies are Secure; this test speaks plain HTTP on purpose.
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for raw in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(raw)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})
            return response.status, text, response
        finally:
            conn.close()

    def token(self, port) -> str:
        status, text, _ = self.request(port, "GET", "/comments/csrf/")
        assert status == 200, text
        return text.split('"token": "')[1].split('"')[0]

    def post_comment(self, port, article, *, email, body):
        fields = {
            "author_name": "Reader",
            "author_email": email,
            "body": body,
            "accept_guidelines": "on",
            "csrfmiddlewaretoken": self.token(port),
        }
        return self.request(port, "POST", f"/articles/{article.slug}/comments/", fields)

    def login(self, port, username):
        self.request(port, "GET", "/admin/login/")
        status, _, response = self.request(
            port,
            "POST",
            "/admin/login/?next=/admin/",
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert status == 302, "login failed"


@pytest.fixture(scope="module")
def mail():
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield server, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, mail):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: the app servers are other processes, and SQLite's test "
            "database lives in this one's memory (CI runs it in its PostgreSQL pass)."
        )
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("Needs Redis (REDIS_URL): the servers share their cache through it.")
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        pytest.skip("Needs nginx (apt-get install nginx; .ci/run installs it).")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    _server, smtp_port = mail
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "newsroom")
    with Cluster(
        database_url=url,
        redis_url=settings.CACHES["default"]["LOCATION"],
        cache_prefix=f"{prefix}-cluster",
        prepare=False,  # pytest-django has migrated the test database
        env={
            "COMMENTS_RATE_LIMIT": f"{RATE_LIMIT}/10m",
            "COMMENTS_MODERATOR_ALERT_MINUTES": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
        },
    ) as running:
        yield running


def test_comment_posted_on_one_server_and_approved_on_the_other_shows_on_both_within_a_second(
    cluster, mail
):
    a, b = cluster.ports
    article = make_article()
    make_user("chief", is_staff=True, is_superuser=True, password=PASSWORD)
    for port in (a, b):  # both servers now hold the page, without the comment
        assert cluster_page(port, article)[0] == 200

    reader = Browser("127.0.0.11")
    status, _, _ = reader.post_comment(
        a, article, email="hana@example.org", body="Posted through server A."
    )
    assert status == 303
    comment = Comment.objects.get(article=article)

    moderator = Browser("127.0.0.12")
    moderator.login(b, "chief")
    status, queue, _ = moderator.request(b, "GET", "/admin/comments/comment/")
    [action_form] = [
        form for form in parse_forms(queue) if form.attrs.get("id") == "changelist-form"
    ]
    token = dict(action_form.fields)["csrfmiddlewaretoken"]
    status, _, _ = moderator.request(
        b,
        "POST",
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": comment.pk, "csrfmiddlewaretoken": token},
    )
    assert status == 302
    approved_at = time.monotonic()

    seen = set()
    while seen != {a, b} and time.monotonic() - approved_at < 1.0:
        for port in {a, b} - seen:
            if "Posted through server A." in cluster_page(port, article)[1]:
                seen.add(port)
    assert seen == {a, b}, f"after 1 s the comment shows on {sorted(seen)} of {[a, b]}"

    # The worker, not the request, sends mail: one confirmation for the new address.
    server, _port = mail
    deadline = time.monotonic() + 15
    while "hana@example.org" not in recipients(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert recipients(server)["hana@example.org"] == 1


def cluster_page(port, article):
    status, text, _ = Browser().request(port, "GET", article.get_absolute_url())
    return status, text


def recipients(server) -> Counter:
    return Counter(to for tos, _subject in server.received for to in tos)


def test_a_session_started_on_one_server_is_valid_on_the_other(cluster):
    a, b = cluster.ports
    make_user("desk", is_staff=True, is_superuser=True, password=PASSWORD)
    moderator = Browser("127.0.0.21")
    moderator.login(a, "desk")
    status, text, _ = moderator.request(b, "GET", "/admin/")
    assert status == 200
    assert "Log out" in text
    assert Browser("127.0.0.22").request(b, "GET", "/admin/")[0] == 302  # no session: login


def test_the_rate_limit_counts_across_servers(cluster):
    a, b = cluster.ports
    article = make_article()
    reader = Browser("127.0.0.31")
    answers = [
        reader.post_comment(
            (a, b)[n % 2], article, email=f"r{n}@example.org", body=f"Comment {n} of a rush."
        )[0]
        for n in range(RATE_LIMIT + 2)
    ]
    assert answers == [303] * RATE_LIMIT + [429, 429]
    assert Comment.objects.filter(article=article).count() == RATE_LIMIT


def test_stopping_one_server_mid_load_loses_no_accepted_comment(cluster):
    article = make_article()
    marker = f"load-{time.time_ns()}"
    accepted, answers, lock = [], Counter(), threading.Lock()
    stopped = threading.Event()
    after_stop = []

    def poster(thread: int):
        n = 0
        token_browser = Browser(f"127.0.{100 + thread}.1")
        token = token_browser.token(cluster.proxy_port)
        while not after_stop or time.monotonic() < after_stop[0]:
            n += 1
            # A new address per post: the rate limit is not what this test is about.
            browser = Browser(f"127.0.{100 + thread}.{n % 250 + 2}")
            browser.cookies = dict(token_browser.cookies)
            text = f"{marker} thread {thread} post {n}"
            fields = {
                "author_name": "Reader",
                "author_email": f"t{thread}-{n}@example.org",
                "body": text,
                "accept_guidelines": "on",
                "csrfmiddlewaretoken": token,
            }
            try:
                status, _, _ = browser.request(
                    cluster.proxy_port, "POST", f"/articles/{article.slug}/comments/", fields
                )
            except OSError as error:
                status = type(error).__name__
            with lock:
                answers[status] += 1
                if status == 303:
                    accepted.append((text, stopped.is_set()))

    threads = [threading.Thread(target=poster, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    cluster.stop_server(0)  # SIGTERM, as a deploy does; returns once it has exited
    stopped.set()
    after_stop.append(time.monotonic() + 2.0)
    for thread in threads:
        thread.join()

    stored = list(
        Comment.objects.filter(article=article, body__startswith=marker).values_list(
            "body", flat=True
        )
    )
    accepted_texts = [text for text, _after in accepted]
    assert any(after for _text, after in accepted), answers  # the other server carried on
    assert sorted(stored) == sorted(accepted_texts), answers  # none lost, none unanswered
    assert len(set(stored)) == len(stored)
    assert set(answers) == {303}, (answers, cluster.logs())
