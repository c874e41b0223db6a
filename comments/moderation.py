"""The moderation policy: the one place comments are accepted, decided, picked or removed.

Readers post through :func:`submit`; every comment is held as pending (the
guidelines promise that all comments are moderated). Moderators decide through
:func:`decide`, which records one ``Decision`` row per comment and moves the
comment's status in the same transaction, so the status always follows the
latest decision. Admin actions, the admin's decision buttons, the demo seed
and the benchmark all call these functions; none re-implements them.

Concurrency: two moderators deciding the same pending comment at once must
not both win. :func:`decide` locks the rows it reads (``SELECT ... FOR UPDATE``
on PostgreSQL; SQLite runs each transaction under ``BEGIN IMMEDIATE``, which
serialises writers) and only changes comments still in the status the
moderator saw; the other moderator is told who decided first, and when.

Side effects run after the transaction commits: refreshing the cached article
page at once, e-mail to the commenter and the moderators' alert as background
tasks (``comments.tasks``), so a decision on a thousand comments does not wait
for a thousand conversations with the mail server.

Moderator assist: :func:`submit` refuses commenters on the block list and runs
the pre-screen (``comments.screening``), whose flags are stored with the
comment for the queue to show; flags never decide anything. :func:`block`,
:func:`save_block` and :func:`unblock` keep the block list and its log.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import article_scope
from comments import screening, tasks
from comments.models import (
    BlockedCommenter,
    BlockLog,
    Comment,
    Decision,
    GuidelineCategory,
    Report,
    fingerprint,
    normalise_network,
)
from webcore import pagecache
from webcore.sanitize import html_to_text

logger = logging.getLogger(__name__)

# Ids per statement: far below SQLite's variable limit, large enough to be fast.
_CHUNK = 2000


class DecisionRefused(ValueError):
    """The decision asked for breaks a rule (no reason, a reversal without a note...)."""


class DuplicateComment(ValueError):
    """The same words from the same e-mail are already on this article."""


class AlreadyReported(ValueError):
    """This reader has already reported this comment."""


class CommenterBlocked(PermissionDenied):
    """The commenter's e-mail or address is on the block list: refuse, store nothing.

    A ``PermissionDenied``, so a view that does not catch it still answers 403.
    The message is deliberately neutral: it does not say that, or why, the
    commenter is blocked.
    """

    def __init__(self, message: str = ""):
        super().__init__(message or _("Your comment could not be accepted."))


@dataclass(frozen=True)
class Conflict:
    """A comment someone else decided before this moderator could."""

    comment_id: int
    status: str
    decided_by: str
    decided_at: datetime | None

    def message(self) -> str:
        when = (
            date_format(timezone.localtime(self.decided_at), "DATETIME_FORMAT")
            if self.decided_at
            else "?"
        )
        if self.status == Comment.Status.PENDING:
            return _("Comment %(id)s is pending again; nothing was changed.") % {
                "id": self.comment_id
            }
        return _("Comment %(id)s was already %(status)s by %(name)s at %(time)s.") % {
            "id": self.comment_id,
            "status": Comment.Status(self.status).label.lower(),
            "name": self.decided_by or _("someone"),
            "time": when,
        }


@dataclass
class Outcome:
    """What :func:`decide` did: the comments it decided and the ones it found already decided."""

    decided: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def moderator_name(user) -> str:
    """How the log names a moderator: full name and account, e.g. "Mina Aziz (mina)"."""
    if user is None:
        return _("Newsroom")
    full_name, username = user.get_full_name(), user.get_username()
    return (f"{full_name} ({username})" if full_name else username)[:150]


# --- Readers ---------------------------------------------------------------


def may_post(article) -> bool:
    """Readers may comment on a visible article whose comments are open."""
    return article.accepts_comments()


def submit(
    *,
    article,
    parent: Comment | None = None,
    author_name: str,
    author_email: str,
    body: str,
    ip_address: str | None,
    user_agent: str = "",
    created_at: datetime | None = None,
) -> Comment:
    """Store a reader's comment as pending, screened, and alert the moderators.

    The values are already cleaned (``CommentForm`` does it for the site).
    Raises :class:`CommenterBlocked` (nothing stored) when the block list
    covers the e-mail or address, and :class:`DuplicateComment` when the same
    words from the same e-mail are already on the article. ``created_at`` is
    for imports and the demo; readers' comments are posted now.
    """
    if BlockedCommenter.objects.matching(email=author_email, ip_address=ip_address):
        raise CommenterBlocked()
    comment = Comment(
        article=article,
        parent=parent,
        author_name=author_name,
        author_email=author_email,
        body=body,
        ip_address=ip_address,
        user_agent=user_agent,
        created_at=created_at or timezone.now(),
    )
    screen_comment(comment)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # Two identical posts racing past the form's check: the constraint keeps one.
        if Comment.objects.filter(
            article=article,
            author_email=comment.author_email,
            fingerprint=comment.fingerprint,
        ).exists():
            raise DuplicateComment(comment.body) from None
        raise
    transaction.on_commit(
        partial(
            tasks.after_comment_posted,
            comment.author_email,
            article.section_id,
            article.language,
        ),
        robust=True,
    )
    return comment


def article_text(article) -> str:
    """The article's words as the off-topic check compares them: headline, standfirst, body."""
    return " ".join([article.headline, article.standfirst, html_to_text(article.body)])


def site_hosts() -> list[str]:
    """This site's own host names: a reader's link to another page of it is not promotion."""
    hosts = [urlsplit(settings.SITE_URL).hostname or ""] if settings.SITE_URL else []
    hosts += [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    return [h for h in hosts if h]


def flags_as_stored(flags) -> list[dict]:
    """Flags as ``Comment.flags`` stores them: category, score, evidence, spans."""
    return [
        {
            "category": str(flag.category),
            "score": round(float(flag.score), 3),
            "evidence": [str(item) for item in flag.evidence],
            "spans": [[int(start), int(end)] for start, end in flag.spans],
        }
        for flag in flags
    ]


def risk_of(stored_flags: list[dict]) -> float:
    """The strongest guideline flag's score: what "highest risk first" sorts on.

    Informational flags (shouting, duplicate) do not count: they suggest no rejection.
    """
    return max(
        (
            flag["score"]
            for flag in stored_flags
            if flag["category"] in screening.GUIDELINE_CATEGORIES
        ),
        default=0.0,
    )


def screen_comment(comment: Comment) -> None:
    """Store the pre-screen's flags with the comment; they inform moderators, never decide.

    One query: has the same text (by fingerprint) been posted before, on any article?
    """
    comment.fingerprint = fingerprint(comment.body)
    seen = set(
        Comment.objects.filter(fingerprint=comment.fingerprint).values_list(
            "fingerprint", flat=True
        )[:1]
    )
    try:
        flags = screening.screen(
            comment.body,
            article_text=article_text(comment.article),
            seen_fingerprints=seen,
            site_hosts=site_hosts(),
            parent_text=comment.parent.body if comment.parent_id else None,
        )
    except Exception:  # a broken pre-screen must never cost a reader their comment
        logger.exception("comment pre-screen failed")
        return
    comment.flags = flags_as_stored(flags)
    comment.risk = risk_of(comment.flags)


# --- The block list --------------------------------------------------------


def _log_blocks(entries, *, kind: str, moderator, note: str = "") -> None:
    name = moderator_name(moderator)
    now = timezone.now()
    BlockLog.objects.bulk_create(
        [
            BlockLog(
                block_id=entry.pk,
                kind=kind,
                email=entry.email,
                network=entry.network,
                reason=entry.reason,
                expires_at=entry.expires_at,
                note=note,
                moderator=moderator,
                moderator_name=name,
                created_at=now,
            )
            for entry in entries
        ]
    )


def block(
    *,
    reason: str,
    moderator,
    emails=(),
    networks=(),
    expires_at: datetime | None = None,
) -> list[BlockedCommenter]:
    """Block these e-mails and addresses/ranges for ``reason``; log each new entry.

    One entry per e-mail and per network. Those already blocked by an entry in
    force are skipped (and not logged again). Returns the new entries.
    """
    reason = reason.strip()
    if not reason:
        raise DecisionRefused(_("Say why this commenter is blocked."))
    emails = sorted({email.strip().lower() for email in emails if email and email.strip()})
    networks = sorted({normalise_network(str(network)) for network in networks if network})
    name = moderator_name(moderator)
    with transaction.atomic():
        active = BlockedCommenter.objects.active()
        already = set(active.filter(email__in=emails).values_list("email", flat=True)) | set(
            active.filter(network__in=networks).values_list("network", flat=True)
        )
        entries = [
            BlockedCommenter(
                email=email,
                reason=reason,
                expires_at=expires_at,
                created_by=moderator,
                created_by_name=name,
            )
            for email in emails
            if email not in already
        ] + [
            BlockedCommenter(
                network=network,
                reason=reason,
                expires_at=expires_at,
                created_by=moderator,
                created_by_name=name,
            )
            for network in networks
            if network not in already
        ]
        for entry in entries:
            entry.save()
        _log_blocks(entries, kind=BlockLog.Kind.BLOCK, moderator=moderator)
    return entries


def save_block(entry: BlockedCommenter, *, moderator) -> BlockedCommenter:
    """Save a block list entry added or changed in the admin, and log it."""
    adding = entry._state.adding
    with transaction.atomic():
        if adding:
            entry.created_by = moderator
            entry.created_by_name = moderator_name(moderator)
        entry.save()
        _log_blocks(
            [entry],
            kind=BlockLog.Kind.BLOCK if adding else BlockLog.Kind.CHANGE,
            moderator=moderator,
        )
    return entry


def unblock(entries, *, moderator, note: str = "") -> int:
    """Lift blocks (delete the entries); the log keeps what each one was. Returns how many."""
    if isinstance(entries, BlockedCommenter):
        entries = [entries]
    with transaction.atomic():
        entries = list(
            BlockedCommenter.objects.select_for_update().filter(
                pk__in=[entry.pk for entry in entries]
            )
        )
        _log_blocks(entries, kind=BlockLog.Kind.UNBLOCK, moderator=moderator, note=note.strip())
        BlockedCommenter.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
    return len(entries)


# --- Moderators ------------------------------------------------------------


def _ids(comments) -> list[int]:
    if isinstance(comments, Comment | int):
        comments = [comments]
    elif hasattr(comments, "values_list"):
        return list(comments.values_list("pk", flat=True))
    return [item.pk if isinstance(item, Comment) else int(item) for item in comments]


def decide(
    comments,
    *,
    decision: str,
    moderator,
    reason: str = "",
    note: str = "",
    expected_status: str = Comment.Status.PENDING,
    notify: bool = True,
) -> Outcome:
    """Approve or reject comments that are still ``expected_status``; log one decision each.

    ``comments`` is a comment, an id, or an iterable/queryset of either.
    Rejecting needs a guideline category as ``reason``; reversing an earlier
    decision (``expected_status`` approved or rejected) needs a ``note``.
    ``keep`` logs that an approved comment stays published (after reports).
    """
    if decision == Decision.Kind.APPROVE:
        new_status, reason = Comment.Status.APPROVED, ""
    elif decision == Decision.Kind.REJECT:
        new_status = Comment.Status.REJECTED
        if reason not in GuidelineCategory.values:
            raise DecisionRefused(_("A rejection must name the guideline the comment broke."))
    elif decision == Decision.Kind.KEEP:
        # Reported, looked at again, left published: logged, status unchanged, no e-mail.
        new_status, reason, notify = Comment.Status.APPROVED, "", False
        if expected_status != Comment.Status.APPROVED:
            raise DecisionRefused(_("Only a published comment can be kept."))
    else:
        raise DecisionRefused(_("Comments are approved or rejected; removal is separate."))
    if expected_status == new_status and decision != Decision.Kind.KEEP:
        # The label, not the stored value: the message is read in the moderator's language.
        label = str(Comment.Status(new_status).label).lower()
        raise DecisionRefused(_("The comment is already %(status)s.") % {"status": label})
    note = note.strip()
    if expected_status != Comment.Status.PENDING and not note:
        raise DecisionRefused(_("Reversing a decision needs a note saying why."))

    name = moderator_name(moderator)
    now = timezone.now()
    ids = _ids(comments)
    outcome = Outcome()
    with transaction.atomic():
        for chunk in _chunks(ids):
            rows = list(
                Comment.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "status", "decided_by_name", "decided_at")
            )
            due = [pk for pk, status, _by, _at in rows if status == expected_status]
            outcome.conflicts += [
                Conflict(pk, status, by, at)
                for pk, status, by, at in rows
                if status != expected_status
            ]
            if not due:
                continue
            changes = {
                "status": new_status,
                "reason": reason,
                "decided_at": now,
                "decided_by_name": name,
            }
            if new_status != Comment.Status.APPROVED:
                changes["is_editors_pick"] = False
            updated = Comment.objects.filter(pk__in=due, status=expected_status).update(**changes)
            if updated != len(due):  # the lock above makes this impossible; never log a guess
                raise RuntimeError("comments changed under a row lock")
            Decision.objects.bulk_create(
                [
                    Decision(
                        comment_id=pk,
                        decision=decision,
                        reason=reason,
                        note=note,
                        previous_status=expected_status,
                        moderator=moderator,
                        moderator_name=name,
                        created_at=now,
                    )
                    for pk in due
                ],
                batch_size=500,
            )
            outcome.decided += due
        if outcome.decided:
            transaction.on_commit(
                partial(_after_decisions, outcome.decided, notify=notify), robust=True
            )
    return outcome


def _chunks(ids: list[int]):
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _after_decisions(comment_ids: list[int], *, notify: bool) -> None:
    slugs = set()
    for chunk in _chunks(comment_ids):
        slugs.update(Comment.objects.filter(pk__in=chunk).values_list("article__slug", flat=True))
    refresh_article_pages(slugs)
    if notify:
        for chunk in _chunks(comment_ids):
            tasks.after_decisions(chunk)


def refresh_article_pages(slugs) -> None:
    """Retire the cached pages of these articles (their comments changed)."""
    if slugs:
        pagecache.bump(*(article_scope(slug) for slug in slugs))


def set_editors_pick(comments, *, value: bool) -> int:
    """Mark (or unmark) approved comments as editors' picks; returns how many changed."""
    ids = _ids(comments)
    with transaction.atomic():
        changed = (
            Comment.objects.approved()
            .filter(pk__in=ids)
            .exclude(is_editors_pick=value)
            .update(is_editors_pick=value)
        )
        if changed:
            slugs = set(Comment.objects.filter(pk__in=ids).values_list("article__slug", flat=True))
            transaction.on_commit(partial(refresh_article_pages, slugs), robust=True)
    return changed


def remove(comments, *, moderator, note: str = "") -> int:
    """Delete comments for legal reasons (superusers only); the log records each removal.

    Replies go with their parent, and are logged too. Earlier decisions stay in the log.
    """
    ids = _ids(comments)
    note = note.strip() or _("Removed by a superuser.")
    name = moderator_name(moderator)
    now = timezone.now()
    with transaction.atomic():
        doomed = Comment.objects.filter(pk__in=ids) | Comment.objects.filter(parent_id__in=ids)
        rows = list(doomed.values_list("pk", "status", "article__slug"))
        Decision.objects.bulk_create(
            [
                Decision(
                    comment_id=pk,
                    decision=Decision.Kind.REMOVE,
                    note=note,
                    previous_status=status,
                    moderator=moderator,
                    moderator_name=name,
                    created_at=now,
                )
                for pk, status, _slug in rows
            ],
            batch_size=500,
        )
        Comment.objects.filter(pk__in=[pk for pk, _status, _slug in rows]).delete()
        transaction.on_commit(
            partial(refresh_article_pages, {slug for *_, slug in rows}), robust=True
        )
    return len(rows)


# --- Readers' reports ------------------------------------------------------


def reporter_key(ip_address: str | None) -> str:
    """How a report remembers its reader: a keyed hash of the address, never the address."""
    return salted_hmac("comments.report", ip_address or "", algorithm="sha256").hexdigest()


def report(*, comment: Comment, reason: str, ip_address: str | None) -> Report:
    """Record a reader's report that a published comment breaks guideline ``reason``.

    Raises :class:`DecisionRefused` for an unknown guideline and
    :class:`AlreadyReported` when this reader has reported the comment before.
    """
    if reason not in GuidelineCategory.values:
        raise DecisionRefused(_("Choose the guideline the comment breaks."))
    try:
        with transaction.atomic():
            return Report.objects.create(
                comment=comment, reason=reason, reporter=reporter_key(ip_address)
            )
    except IntegrityError:
        raise AlreadyReported(comment.pk) from None


def settle_reports(comment, *, keep: bool, moderator, note: str, reason: str = "") -> Outcome:
    """Keep a reported comment published, or remove it under ``reason``; settle its reports.

    Either way one decision is logged through :func:`decide` (``keep``, or
    ``reject`` of the approved comment with the note), so the comment's text
    is never touched: a removed comment is rejected and no longer shown. A
    comment whose reports another moderator settled first is a conflict.
    """
    pk = comment.pk if isinstance(comment, Comment) else int(comment)
    with transaction.atomic():
        row = (
            Comment.objects.select_for_update()
            .filter(pk=pk)
            .values_list("pk", "status", "decided_by_name", "decided_at")
            .first()
        )
        if row is None or not Report.objects.open().filter(comment_id=pk).exists():
            return Outcome(conflicts=[Conflict(*row)] if row else [])
        outcome = decide(
            pk,
            decision=Decision.Kind.KEEP if keep else Decision.Kind.REJECT,
            reason="" if keep else reason,
            note=note,
            expected_status=Comment.Status.APPROVED,
            moderator=moderator,
        )
        if outcome.decided:
            Report.objects.open().filter(comment_id=pk).update(
                settled_at=timezone.now(),
                outcome=Report.Outcome.KEPT if keep else Report.Outcome.REMOVED,
            )
    return outcome
