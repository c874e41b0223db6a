"""E-mail about comments: what each message says, to whom, and sending it exactly once.

Three messages: the moderators' alert when comments wait, the commenter's
notice when their comment is decided, and the one-time request to confirm an
e-mail address. None of them is sent inside a request: ``comments.tasks``
runs these functions in the background (see the README, "Background work").

Commenter mail goes through the outbox, the ``Notice`` table: one row per
message, unique by what it is about, claimed before sending and marked sent
after, so a task that is retried, or two workers, never send it twice. A
temporary refusal from the mail server (a 4xx reply, a refused or dropped
connection) puts the notice back with a later time; a permanent one (5xx)
marks it failed, where staff see it in the admin.

Anyone can type anyone's address into the comment form. So the first comment
from an address sends one short mail asking its owner to confirm it — with no
text a reader wrote — and decision notices go only to confirmed addresses
(held until then). Reader-supplied names never open a mail.

Links in mail use ``SITE_URL``, the public address: mail has no request to ask.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Section
from comments.apps import MODERATORS
from comments.models import (
    Comment,
    CommenterEmail,
    Decision,
    GuidelineCategory,
    Notice,
)
from webcore.editions import edition_or_default

logger = logging.getLogger(__name__)

ALERT_KEY = "comments:moderator-alert"
CONFIRM_SALT = "comments.confirm-email"
# The longest wait between two attempts at one message.
MAX_RETRY_DELAY = timedelta(hours=1)


def site_url(path: str) -> str:
    """An absolute link for mail: ``SITE_URL`` (the public address) and the path."""
    return settings.SITE_URL + path


# --- The moderators' alert ---------------------------------------------------


def waiting_sentence(pending: int) -> str:
    """The alert's first sentence: the plural lives here, where makemessages finds it."""
    return ngettext(
        "One comment is waiting for moderation on %(site)s.",
        "%(count)s comments are waiting for moderation on %(site)s.",
        pending,
    ) % {"count": pending, "site": settings.SITE_NAME}


def _alerted(section_id: int | None):
    """Who the alert goes to, and its throttle key: the moderators of the section or of its
    edition if it has any, else all of them."""
    moderators = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True)
    if section_id is not None:
        edition = Section.objects.filter(pk=section_id).values("language")
        assigned = moderators.filter(
            Q(moderated_sections__section_id=section_id)
            | Q(moderated_sections__language__in=edition)
        )
        if assigned.exists():
            return assigned, f"{ALERT_KEY}:{section_id}"
    return moderators, ALERT_KEY


def claim_alert_slot(section_id: int | None = None) -> bool:
    """True for one caller per alert interval (per section with moderators of its own),
    in every worker and on every server."""
    interval = int(settings.COMMENTS_MODERATOR_ALERT_INTERVAL.total_seconds())
    return interval <= 0 or cache.add(_alerted(section_id)[1], True, interval)


def release_alert_slot(section_id: int | None = None) -> None:
    """Give the slot back (the alert could not be sent), so the next comment tries again."""
    cache.delete(_alerted(section_id)[1])


def moderator_alert(section_id: int | None = None) -> EmailMessage | None:
    """The "comments are waiting" message to the moderators with an address, or None.

    With ``section_id``, the moderators of that section and of its edition; a
    section with neither alerts them all.
    """
    moderators, _key = _alerted(section_id)
    recipients = list(moderators.exclude(email="").values_list("email", flat=True).distinct())
    if not recipients:
        return None
    pending = Comment.objects.pending().count()
    context = {
        "pending": pending,
        "waiting": waiting_sentence(pending),
        "queue_url": site_url(reverse("admin:comments_comment_changelist")),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = _("%(site)s: comments are waiting for moderation") % {"site": settings.SITE_NAME}
    body = render_to_string("comments/email/moderator_alert.txt", context)
    return EmailMessage(subject, body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients)


# --- Confirming a commenter's address -----------------------------------------


def confirmation_token(address: CommenterEmail) -> str:
    """A signed, expiring token naming the address by its row, not by the address itself."""
    return signing.dumps(address.pk, salt=CONFIRM_SALT, compress=False)


def address_for_token(token: str) -> CommenterEmail | None:
    """The address a confirmation link names, or None if the link is forged or expired."""
    try:
        pk = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.COMMENTS_CONFIRM_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return CommenterEmail.objects.filter(pk=pk).first()


def register_commenter(email: str, language: str = "") -> Notice | None:
    """Remember an address a comment was posted with; the first time, queue its confirmation,
    written in ``language``, the edition the comment was posted in.

    Returns the confirmation notice when one was made (once per address, ever).
    """
    if not settings.COMMENTS_NOTIFY_COMMENTERS:
        return None
    email = email.strip().lower()
    with transaction.atomic():
        address, created = CommenterEmail.objects.get_or_create(email=email)
        if not created:
            return None
        notice, _made = Notice.objects.get_or_create(
            key=f"confirm:{address.pk}",
            defaults={"kind": Notice.Kind.CONFIRM, "email": email, "language": language},
        )
    return notice


def confirm(address: CommenterEmail) -> list[int]:
    """Mark the address confirmed; release the notices held for it. Returns their ids."""
    now = timezone.now()
    with transaction.atomic():
        CommenterEmail.objects.filter(pk=address.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        held = Notice.objects.filter(email=address.email, status=Notice.Status.HELD)
        ids = list(held.values_list("pk", flat=True))
        held.update(status=Notice.Status.PENDING, next_attempt_at=now)
    address.refresh_from_db(fields=["confirmed_at"])
    return ids


# --- Decision notices ----------------------------------------------------------


def queue_decision_notices(comment_ids) -> list[int]:
    """Make one notice per decided comment (once per decision); return those ready to send.

    A notice to an address not yet confirmed is held, not sent.
    """
    if not settings.COMMENTS_NOTIFY_COMMENTERS:
        return []
    comments = {
        row.pk: row
        for row in Comment.objects.filter(pk__in=comment_ids)
        .exclude(status=Comment.Status.PENDING)
        .values_list("pk", "author_email", "article__language", named=True)
    }
    if not comments:
        return []
    latest = {}
    for decision_id, comment_id, kind in (
        Decision.objects.filter(
            comment_id__in=comments,
            decision__in=[Decision.Kind.APPROVE, Decision.Kind.REJECT],
        )
        .order_by("comment_id", "-created_at", "-pk")
        .values_list("pk", "comment_id", "decision")
    ):
        latest.setdefault(comment_id, (decision_id, kind))
    confirmed = set(
        CommenterEmail.objects.filter(
            email__in={row.author_email for row in comments.values()},
            confirmed_at__isnull=False,
        ).values_list("email", flat=True)
    )
    notices = [
        Notice(
            key=f"decision:{decision_id}",
            kind=Notice.Kind.APPROVED if kind == Decision.Kind.APPROVE else Notice.Kind.REJECTED,
            email=comments[comment_id].author_email,
            language=comments[comment_id].article__language,
            comment_id=comment_id,
            decision_id=decision_id,
            status=Notice.Status.PENDING
            if comments[comment_id].author_email in confirmed
            else Notice.Status.HELD,
        )
        for comment_id, (decision_id, kind) in latest.items()
    ]
    # The unique key makes this idempotent: a retried task adds nothing.
    Notice.objects.bulk_create(notices, ignore_conflicts=True, batch_size=500)
    return list(
        Notice.objects.filter(
            key__in=[notice.key for notice in notices], status=Notice.Status.PENDING
        ).values_list("pk", flat=True)
    )


def notice_message(notice: Notice) -> EmailMessage:
    """The mail a notice stands for, built when it is sent, in the comment's edition."""
    with translation.override(edition_or_default(notice.language)):
        return _notice_message(notice)


def _notice_message(notice: Notice) -> EmailMessage:
    if notice.kind == Notice.Kind.CONFIRM:
        address = CommenterEmail.objects.get(email=notice.email)
        context = {
            "SITE_NAME": settings.SITE_NAME,
            "confirm_url": site_url(
                reverse("comments:confirm_email", args=[confirmation_token(address)])
            ),
            "days": settings.COMMENTS_CONFIRM_DAYS,
        }
        subject = _("Confirm your e-mail address")
        template = "comments/email/confirm.txt"
    else:
        comment = notice.comment
        context = {
            "article": comment.article,
            "SITE_NAME": settings.SITE_NAME,
            "comment_url": site_url(comment.get_absolute_url()),
            "guidelines_url": site_url(reverse("comments:guidelines")),
        }
        if notice.kind == Notice.Kind.APPROVED:
            subject = _("Your comment was published")
            template = "comments/email/approved.txt"
        else:
            subject = _("Your comment was not published")
            template = "comments/email/rejected.txt"
            reason = notice.decision.reason
            context["category"] = GuidelineCategory(reason).label
            context["description"] = str(GuidelineCategory(reason).description)
    return EmailMessage(
        f"{settings.SITE_NAME}: {subject}",
        render_to_string(template, context),
        to=[notice.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


# --- Sending, exactly once ----------------------------------------------------


def is_temporary(error: Exception) -> bool:
    """Is this a failure worth trying again later (4xx, no connection), or final (5xx)?"""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    code = getattr(error, "smtp_code", None)
    if isinstance(code, int) and code >= 500:
        return False
    return isinstance(error, smtplib.SMTPException | OSError)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: doubling, at most an hour."""
    seconds = settings.COMMENTS_MAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return min(timedelta(seconds=seconds), MAX_RETRY_DELAY)


@dataclass
class Delivery:
    """What one pass of :func:`deliver` did."""

    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry_at: datetime | None = None


def _claim(ids, token: str) -> list[Notice]:
    now = timezone.now()
    Notice.objects.filter(pk__in=ids).due(now).update(
        status=Notice.Status.SENDING,
        claimed_at=now,
        claimed_by=token,
        attempts=F("attempts") + 1,
    )
    return list(
        Notice.objects.filter(pk__in=ids, status=Notice.Status.SENDING, claimed_by=token)
        .select_related("comment__article", "decision")
        .order_by("pk")
    )


def _give_back(notice: Notice, error: Exception, delivery: Delivery) -> None:
    message = f"{type(error).__name__}: {error}"[:1000]
    if is_temporary(error) and notice.attempts < settings.COMMENTS_MAIL_ATTEMPTS:
        retry_at = timezone.now() + retry_delay(notice.attempts)
        Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENDING).update(
            status=Notice.Status.PENDING, next_attempt_at=retry_at, last_error=message
        )
        delivery.retry_at = min(filter(None, [delivery.retry_at, retry_at]))
    else:
        Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENDING).update(
            status=Notice.Status.FAILED, last_error=message
        )
        delivery.failed.append(notice.pk)
        logger.error("notice %s to %s failed for good: %s", notice.pk, notice.email, message)


def _put_back_untried(notices, delivery: Delivery) -> None:
    """The server is refusing everyone: the rest wait for the retry, their attempt not counted."""
    Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(
        status=Notice.Status.PENDING,
        attempts=F("attempts") - 1,
        next_attempt_at=delivery.retry_at or timezone.now(),
    )


def _still_waiting(ids, delivery: Delivery) -> Delivery:
    """Every notice among ``ids`` still to send, whenever it is due, and the earliest time."""
    waiting = Notice.objects.filter(pk__in=ids, status=Notice.Status.PENDING)
    delivery.retry = list(waiting.values_list("pk", flat=True))
    delivery.retry_at = waiting.aggregate(at=Min("next_attempt_at"))["at"]
    return delivery


# Temporary refusals in a row after which a pass stops: the server is down or
# busy, not refusing one recipient (greylisting), so the rest wait with them.
GIVE_UP_AFTER = 3


def deliver(ids, *, batch: int = 100) -> Delivery:
    """Send the due notices among ``ids`` over one connection; each at most once.

    Each notice is claimed (pending → sending) in the database before the mail
    server hears of it and marked sent right after, so a retry of this call,
    or another worker running it at the same time, skips it. A process that
    dies between the two leaves the claim to go stale (``Notice.STALE_CLAIM``),
    and only then is that one message tried again.
    """
    delivery = Delivery()
    ids = list(ids)
    token = get_random_string(16)
    connection = get_connection()
    refusals_in_a_row = 0
    try:
        for start in range(0, len(ids), batch):
            claimed = _claim(ids[start : start + batch], token)
            for position, notice in enumerate(claimed):
                try:
                    message = notice_message(notice)
                    connection.open()  # no-op while the connection is up
                    connection.send_messages([message])
                except Exception as error:
                    _close_quietly(connection)
                    _give_back(notice, error, delivery)
                    refusals_in_a_row = refusals_in_a_row + 1 if is_temporary(error) else 0
                    if refusals_in_a_row >= GIVE_UP_AFTER:
                        _put_back_untried(claimed[position + 1 :], delivery)
                        return _still_waiting(ids, delivery)
                    continue
                refusals_in_a_row = 0
                Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENDING).update(
                    status=Notice.Status.SENT, sent_at=timezone.now(), last_error=""
                )
                delivery.sent.append(notice.pk)
    finally:
        _close_quietly(connection)
    return _still_waiting(ids, delivery)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # closing a broken connection must not hide what happened
        logger.warning("closing the mail connection failed", exc_info=True)


def send_again(notices) -> list[int]:
    """Staff: put failed (or stuck) notices back in the queue. Returns their ids."""
    ids = list(
        notices.filter(status__in=[Notice.Status.FAILED, Notice.Status.SENDING]).values_list(
            "pk", flat=True
        )
    )
    Notice.objects.filter(pk__in=ids).update(
        status=Notice.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
    )
    return ids


def overdue_sections() -> list[int]:
    """Sections whose oldest pending comment has waited past
    ``COMMENTS_OLDEST_PENDING_ALERT_MINUTES`` (none when it is 0)."""
    limit = settings.COMMENTS_OLDEST_PENDING_ALERT_MINUTES
    if limit <= 0:
        return []
    return list(
        Comment.objects.pending()
        .filter(created_at__lt=timezone.now() - timedelta(minutes=limit))
        .order_by()
        .values_list("article__section_id", flat=True)
        .distinct()
    )
