"""Work that leaves the request: mail, and the nightly erasure of commenters' addresses.

Written against Django's Tasks API (``django.tasks`` from Django 6; the
``django_tasks`` backport here — moving is this import and the backend paths
in settings). Which backend runs them is configuration (``TASKS``, chosen by
``NEWSROOM_TASKS_BACKEND``): immediately after the commit for ``make run``
and the tests, a database queue with ``manage.py db_worker`` on one machine,
RQ on Redis for many.

Services call the ``after_*`` functions from ``transaction.on_commit``; they
enqueue, they never talk to a mail server. Tasks take plain ids, so a retried
or duplicated task finds the database as it is: the ``Notice`` outbox
(``comments.notifications``) makes each commenter's mail go out once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from comments import notifications
from comments.models import Comment, CommenterEmail, Notice

logger = logging.getLogger(__name__)


# --- What the services call, after their transaction commits ---------------


def after_comment_posted(email: str, section_id: int | None = None, language: str = "") -> None:
    """A comment was stored: alert the (section's) moderators, throttled; a new address
    gets confirmed, in the edition (``language``) the comment was posted in."""
    if notifications.claim_alert_slot(section_id):
        alert_moderators.enqueue(section_id)
    if (
        settings.COMMENTS_NOTIFY_COMMENTERS
        and not CommenterEmail.objects.filter(email=email.strip().lower()).exists()
    ):
        register_commenter.enqueue(email, language)


def after_decisions(comment_ids: list[int]) -> None:
    """Comments were decided: their commenters are told, in the background."""
    if settings.COMMENTS_NOTIFY_COMMENTERS:
        notify_commenters.enqueue(list(comment_ids))


def confirm_address(address: CommenterEmail) -> int:
    """The owner confirmed the address: remember it and send what was held. Returns how many."""
    with transaction.atomic():
        released = notifications.confirm(address)
        if released:
            transaction.on_commit(lambda: deliver_notices.enqueue(released))
    return len(released)


# --- The tasks ---------------------------------------------------------------


def _schedule_retry(delivery: notifications.Delivery) -> None:
    if not delivery.retry:
        return
    if deliver_notices.get_backend().supports_defer:
        deliver_notices.using(run_after=delivery.retry_at).enqueue(delivery.retry)
    else:
        # The immediate backend cannot wait: `manage.py send_notices` (cron) picks them up.
        logger.warning(
            "%s notices wait for the mail server; run `manage.py send_notices` to retry",
            len(delivery.retry),
        )


@task()
def deliver_notices(notice_ids: list[int]) -> dict:
    """Send these notices (those still due); schedule a retry for the ones refused for now."""
    delivery = notifications.deliver(notice_ids)
    _schedule_retry(delivery)
    return {
        "sent": len(delivery.sent),
        "retry": len(delivery.retry),
        "failed": len(delivery.failed),
    }


# Notices per delivery task: several workers share a large decision's mail.
DELIVERY_CHUNK = 100


@task()
def notify_commenters(comment_ids: list[int]) -> int:
    """One notice per decided comment; those to confirmed addresses go out. Returns how many."""
    ready = notifications.queue_decision_notices(comment_ids)
    for start in range(0, len(ready), DELIVERY_CHUNK):
        deliver_notices.enqueue(ready[start : start + DELIVERY_CHUNK])
    return len(ready)


@task()
def register_commenter(email: str, language: str = "") -> dict:
    """The first comment from an address: one confirmation mail, never a second."""
    notice = notifications.register_commenter(email, language)
    return deliver_notices.call([notice.pk]) if notice else {"sent": 0, "retry": 0, "failed": 0}


def alert_overdue() -> int:
    """Alert the moderators of each section whose oldest pending comment waited too long.

    ``COMMENTS_OLDEST_PENDING_ALERT_MINUTES``, throttled like the other alert;
    run every few minutes by ``manage.py alert_overdue_comments``. Returns how
    many sections were alerted.
    """
    alerted = 0
    for section_id in notifications.overdue_sections():
        if notifications.claim_alert_slot(section_id):
            alert_moderators.enqueue(section_id)
            alerted += 1
    return alerted


@task()
def alert_moderators(section_id: int | None = None, attempt: int = 1) -> bool:
    """Tell the moderators comments are waiting; try again later if the mail server refuses."""
    message = notifications.moderator_alert(section_id)
    if message is None:
        return False
    try:
        message.send()
    except Exception as error:
        can_wait = alert_moderators.get_backend().supports_defer
        if (
            not can_wait
            or not notifications.is_temporary(error)
            or attempt >= settings.COMMENTS_MAIL_ATTEMPTS
        ):
            notifications.release_alert_slot(section_id)  # the next comment tries again
            raise
        alert_moderators.using(
            run_after=timezone.now() + notifications.retry_delay(attempt)
        ).enqueue(section_id, attempt + 1)
        return False
    return True


@task()
def send_due_notices() -> dict:
    """Every notice that is due (a missed retry, a stale claim): what cron or a schedule runs."""
    return deliver_notices.call(list(Notice.objects.due().values_list("pk", flat=True)))


def anonymise(days: int | None = None) -> int:
    """Erase the IP address and browser of comments older than ``days``; returns how many."""
    days = settings.COMMENTS_ANONYMISE_AFTER_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    # The only UPDATE of a comment's origin the database trigger allows.
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )


@task()
def anonymise_comments(days: int | None = None) -> int:
    """The nightly erasure, for a scheduler that enqueues tasks (cron runs the command)."""
    return anonymise(days)
