"""Mail through a real SMTP server and the durable task queue: each notice arrives exactly once.

The mail server is aiosmtpd on 127.0.0.1 (a free port), which can be told to
refuse mail for a while; tasks go through the database backend and are run by
django-tasks-db's own worker, in this process, as ``manage.py db_worker`` runs
them.
"""

import logging
import os
import socket
import threading
import time
from collections import Counter
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from comments import moderation, tasks
from comments.demo import bulk_comments
from comments.models import Comment, CommenterEmail, Notice
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Accepts mail, or answers a temporary or permanent refusal, as the test says."""

    def __init__(self):
        self.received = []
        self.refusals = 0
        self.answer = None  # None accepts; "451 ..." or "550 ..." refuses
        self.refuse_for = 0.0
        self.first_refusal = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            now = time.monotonic()
            self.first_refusal = self.first_refusal or now
            if self.answer and now < self.first_refusal + self.refuse_for:
                self.refusals += 1
                return self.answer
            message = message_from_bytes(envelope.content)
            self.received.append((tuple(envelope.rcpt_tos), message["Subject"]))
        return "250 Message accepted for delivery"

    def refuse(self, answer: str, seconds: float) -> None:
        """Answer ``answer`` for ``seconds`` from the first message that arrives."""
        self.answer, self.refuse_for, self.first_refusal = answer, seconds, None


# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture
def smtp(settings):
    server = MailServer()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    controller.stop()


@pytest.fixture
def queue(settings, monkeypatch):
    """The durable backend, and a way to run its worker until the queue is drained."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops stale connections between tasks, as Django does between
    # requests; inside the test's transaction that would close it (Django's
    # test client turns the same hook off for requests).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.COMMENTS_MAIL_RETRY_SECONDS = 0.2

    def work(until, timeout=60.0):
        deadline = time.monotonic() + timeout
        while not until():
            assert time.monotonic() < deadline, "the queue did not drain in time"
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="test-worker",
                excluded_queue_names=[],
            ).run()
            time.sleep(0.05)

    return work


def recipients(server) -> Counter:
    return Counter(to for tos, _subject in server.received for to in tos)


def all_sent(count=1):
    return lambda: Notice.objects.filter(status=Notice.Status.SENT).count() == count


def test_every_notice_arrives_exactly_once_after_the_mail_server_refused_for_a_while(
    smtp, queue, django_capture_on_commit_callbacks
):
    article = make_article()
    emails = [f"reader{n}@example.org" for n in range(30)]
    CommenterEmail.objects.bulk_create(
        [CommenterEmail(email=email, confirmed_at=timezone.now()) for email in emails]
    )
    comments = [make_comment(article, author_email=email) for email in emails]
    smtp.refuse("451 4.3.0 Mail server busy, try again later", seconds=2.0)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comments, decision="approve", moderator=make_user())
    assert smtp.received == []  # nothing was sent inside the decision

    queue(until=all_sent(30))

    assert smtp.refusals >= 3
    assert recipients(smtp) == Counter({email: 1 for email in emails})
    assert Notice.objects.filter(attempts__gt=1).exists()  # really retried
    # Running everything again (a retried task, cron's sweep) sends nothing twice.
    tasks.notify_commenters.enqueue([comment.pk for comment in comments])
    tasks.send_due_notices.enqueue()
    queue(until=lambda: not DBTaskResult.objects.ready().exists())
    assert recipients(smtp) == Counter({email: 1 for email in emails})


def test_notices_wait_while_the_mail_server_is_down_and_go_once_it_is_back(
    settings, queue, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens here yet: connection refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    comment = make_comment(author_email="patient@example.org")
    CommenterEmail.objects.create(email="patient@example.org", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="reject", reason="off_topic", moderator=make_user())
    queue(until=lambda: Notice.objects.filter(attempts__gte=2).exists())
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PENDING and "Connection refused" in notice.last_error

    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        queue(until=all_sent())
    finally:
        controller.stop()
    assert recipients(server) == Counter({"patient@example.org": 1})


def test_permanent_refusal_marks_the_notice_failed_where_moderators_see_why(
    smtp, queue, client, moderator, django_capture_on_commit_callbacks
):
    comment = make_comment(author_email="gone@example.org")
    CommenterEmail.objects.create(email="gone@example.org", confirmed_at=timezone.now())
    smtp.refuse("550 5.1.1 No such mailbox", seconds=60)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=moderator)
    queue(until=lambda: Notice.objects.filter(status=Notice.Status.FAILED).exists())
    assert Notice.objects.get().attempts == 1  # a 5xx is not retried

    page = client.get("/admin/comments/notice/?status__exact=failed")
    assert page.status_code == 200
    html = page.content.decode()
    assert "gone@example.org" in html
    detail = client.get(f"/admin/comments/notice/{Notice.objects.get().pk}/change/")
    assert "No such mailbox" in detail.content.decode()


def test_only_a_superuser_can_send_a_failed_notice_again(
    smtp, queue, client, moderator, django_capture_on_commit_callbacks
):
    comment = make_comment(author_email="again@example.org")
    CommenterEmail.objects.create(email="again@example.org", confirmed_at=timezone.now())
    smtp.refuse("550 5.7.1 Refused", seconds=60)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=moderator)
    queue(until=lambda: Notice.objects.filter(status=Notice.Status.FAILED).exists())
    notice = Notice.objects.get()
    action = {"action": "send_again", "_selected_action": [notice.pk]}

    client.post("/admin/comments/notice/", action)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED  # a moderator reads, does not resend

    smtp.answer = None
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/comments/notice/", action)
    queue(until=all_sent())
    assert recipients(smtp) == Counter({"again@example.org": 1})


def test_bulk_decision_on_1000_comments_returns_within_2_seconds_and_1000_notices_follow(
    smtp, queue, client, moderator, django_capture_on_commit_callbacks
):
    article = make_article()
    bulk_comments([article], per_article=0, pending=1000)
    emails = set(Comment.objects.pending().values_list("author_email", flat=True))
    assert len(emails) == 1000
    CommenterEmail.objects.bulk_create(
        [CommenterEmail(email=email, confirmed_at=timezone.now()) for email in emails]
    )
    ids = list(Comment.objects.pending().values_list("pk", flat=True))

    started, cpu_started = time.perf_counter(), time.thread_time()
    with django_capture_on_commit_callbacks(execute=True):
        # "Select all 1,000" in the queue: more ids than one form may post.
        response = client.post(
            QUEUE, {"action": "approve", "select_across": "1", "_selected_action": ids[:1]}
        )
    took, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
    assert response.status_code == 302
    assert Comment.objects.approved().count() == 1000
    # The request's own work (SQLite runs in this thread) must fit in 2 s; the
    # wall clock too, allowing for a machine that other processes keep busy.
    busy = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    assert cpu < 2.0, f"the bulk decision used {cpu:.2f} s of CPU"
    assert took < 2.0 * busy, f"the bulk decision took {took:.2f} s (load {busy:.1f}/core)"
    assert smtp.received == []

    queue(until=all_sent(1000), timeout=180)
    assert recipients(smtp) == Counter({email: 1 for email in emails})


def test_an_alert_the_mail_server_refused_is_tried_again_with_the_next_comment(
    client, settings, django_capture_on_commit_callbacks
):
    make_user("mod1", email="mod1@example.org", groups=["Moderators"])
    port = free_port()  # nothing listens yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    article = make_article()

    def post(n):
        fields = {
            "author_name": "Reader",
            "author_email": f"alert{n}@example.org",
            "body": f"Comment {n} while the mail server is away.",
            "accept_guidelines": "on",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/articles/{article.slug}/comments/", fields, REMOTE_ADDR=f"198.51.100.{n}"
            )
        assert response.status_code == 303  # the reader never sees the mail server's trouble

    post(1)
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        post(2)
    finally:
        controller.stop()
    alerts = [to for to, subject in server.received if "waiting for moderation" in subject]
    assert alerts == [(settings.DEFAULT_FROM_EMAIL, "mod1@example.org")]
