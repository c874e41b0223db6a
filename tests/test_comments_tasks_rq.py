"""The multi-machine backend: the same tasks through RQ on Redis, run by an RQ worker.

With ``NEWSROOM_TASKS_BACKEND=rq`` the tasks go to Redis and any number of
``manage.py rqworker --with-scheduler`` processes, on any machine, run them.
Here RQ's worker runs in this process (``SimpleWorker``, which does not fork),
so it sees the test's database; Redis is the suite's (``REDIS_URL``). CI's
PostgreSQL pass has Redis and must not skip this (``cluster`` marker).
"""

import django_rq
import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from rq.worker import SimpleWorker

from comments import moderation
from comments.models import CommenterEmail, Notice
from tests.factories import make_comment, make_user

pytestmark = [pytest.mark.cluster, pytest.mark.django_db]


@pytest.fixture
def rq_queue(settings):
    location = django_settings.CACHES["default"].get("LOCATION", "")
    if "redis" not in django_settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("Needs Redis (REDIS_URL): RQ keeps its queue there.")
    settings.RQ_QUEUES = {"default": {"URL": location}}
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # as newsroom.settings sets it
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


def test_decision_notices_go_through_rq_and_are_sent_once(
    rq_queue, mailoutbox, django_capture_on_commit_callbacks
):
    emails = [f"rq{n}@example.org" for n in range(3)]
    CommenterEmail.objects.bulk_create(
        [CommenterEmail(email=email, confirmed_at=timezone.now()) for email in emails]
    )
    comments = [make_comment(author_email=email) for email in emails]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comments, decision="approve", moderator=make_user())
    assert mailoutbox == [] and rq_queue.count == 1  # queued in Redis, nothing sent yet

    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)

    assert sorted(mail.to[0] for mail in mailoutbox) == emails
    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.SENT}
