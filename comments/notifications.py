"""E-mail about comments: moderators when comments wait, commenters when theirs is decided.

Both are called after the transaction that caused them has committed (see
``comments.moderation``). The moderators' alert is throttled through the
cache — ``cache.add`` succeeds for one caller per interval, in every worker —
so a rush of comments sends one message, not hundreds.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.apps import MODERATORS
from comments.models import Comment, GuidelineCategory

ALERT_KEY = "comments:moderator-alert"


def site_url(path: str) -> str:
    # SITE_URL is the public address (set it in production); mail has no request to ask.
    return (settings.SITE_URL or "http://localhost:8000") + path


def waiting_sentence(pending: int) -> str:
    """The alert's first sentence: the plural lives here, where makemessages finds it."""
    return ngettext(
        "One comment is waiting for moderation on %(site)s.",
        "%(count)s comments are waiting for moderation on %(site)s.",
        pending,
    ) % {"count": pending, "site": settings.SITE_NAME}


def alert_moderators(section_id: int | None = None) -> bool:
    """Tell the moderators comments are waiting, at most once per alert interval.

    With ``section_id``, the section's own moderators, throttled per section;
    a section without moderators of its own alerts them all, as before.
    """
    moderators = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True)
    key = ALERT_KEY
    if section_id is not None:
        assigned = moderators.filter(moderated_sections__section_id=section_id)
        if assigned.exists():
            moderators, key = assigned, f"{ALERT_KEY}:{section_id}"
    interval = int(settings.COMMENTS_MODERATOR_ALERT_INTERVAL.total_seconds())
    if interval > 0 and not cache.add(key, True, interval):
        return False
    recipients = list(moderators.exclude(email="").values_list("email", flat=True).distinct())
    if not recipients:
        return False
    pending = Comment.objects.pending().count()
    context = {
        "pending": pending,
        "waiting": waiting_sentence(pending),
        "queue_url": site_url(reverse("admin:comments_comment_changelist")),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = _("%(site)s: comments are waiting for moderation") % {"site": settings.SITE_NAME}
    body = render_to_string("comments/email/moderator_alert.txt", context)
    EmailMessage(subject, body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients).send()
    return True


def tell_commenters(comment_ids) -> int:
    """Write to each commenter whose comment was just approved or rejected."""
    if not settings.COMMENTS_NOTIFY_COMMENTERS:
        return 0
    comments = Comment.objects.filter(pk__in=comment_ids).select_related("article")
    guidelines_url = site_url(reverse("comments:guidelines"))
    messages = []
    for comment in comments.exclude(status=Comment.Status.PENDING):
        context = {
            "comment": comment,
            "article": comment.article,
            "SITE_NAME": settings.SITE_NAME,
            "comment_url": site_url(comment.get_absolute_url()),
            "guidelines_url": guidelines_url,
        }
        if comment.status == Comment.Status.APPROVED:
            subject = _("Your comment was published")
            template = "comments/email/approved.txt"
        else:
            subject = _("Your comment was not published")
            template = "comments/email/rejected.txt"
            context["category"] = comment.get_reason_display()
            context["description"] = comment.reason and str(
                GuidelineCategory(comment.reason).description
            )
        messages.append(
            EmailMessage(
                f"{settings.SITE_NAME}: {subject}",
                render_to_string(template, context),
                to=[comment.author_email],
            )
        )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def alert_overdue() -> int:
    """Alert each section whose oldest pending comment waited past the setting; how many sections.

    ``COMMENTS_OLDEST_PENDING_ALERT_MINUTES`` (throttled like the other alert);
    run every few minutes by ``manage.py alert_overdue_comments``.
    """
    limit = settings.COMMENTS_OLDEST_PENDING_ALERT_MINUTES
    if limit <= 0:
        return 0
    overdue = (
        Comment.objects.pending()
        .filter(created_at__lt=timezone.now() - timedelta(minutes=limit))
        .order_by()
        .values_list("article__section_id", flat=True)
        .distinct()
    )
    return sum(alert_moderators(section_id) for section_id in overdue)
