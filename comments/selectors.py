"""Reads for the comment section: what one reader sees under one article.

The article page calls :func:`comment_section` and includes
``comments/_count.html`` and ``comments/_section.html``. Whatever the number
of comments, the section costs at most four queries: the counts, one page of
top-level comments, the replies to exactly those comments (so a thread is
never split across pages), and — only for a browser holding the pending
cookie — that reader's own comments awaiting moderation.

Comments are read as plain dictionaries (``values()``) and their text was
turned into HTML when they were posted, so rendering one costs a few
microseconds: a hot article with hundreds of comments stays cheap.

A reader's own pending comments are found through a signed cookie listing
their ids (set by the post view), not a session: anonymous readers get no
session, and every page without that cookie can come from the shared page
cache (``newsroom.pagecache`` treats the cookie as personal).
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3

from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import thread_list
from newsroom.sanitize import BIDI_CONTROLS

PENDING_COOKIE = "newsroom_pending"
PENDING_SALT = "comments.pending"
PENDING_MAX_AGE = timedelta(days=7)
PENDING_KEEP = 20

# A name isolated in <bdi> cannot flip the page anyway; this also keeps it readable.
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
_FIELDS = ("pk", "parent_id", "author_name", "body_html", "created_at", "is_editors_pick")


def own_pending_ids(request) -> list[int]:
    """Ids of the comments this browser posted that may still await moderation."""
    value = request.get_signed_cookie(
        PENDING_COOKIE,
        default=None,
        salt=PENDING_SALT,
        max_age=PENDING_MAX_AGE.total_seconds(),
    )
    if not value:
        return []
    return [int(part) for part in value.split(".") if part.isdigit()][-PENDING_KEEP:]


def remember_pending(request, response, comment_id: int) -> None:
    """Add a just-posted comment to this browser's pending cookie."""
    ids = [*own_pending_ids(request), comment_id][-PENDING_KEEP:]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ".".join(str(pk) for pk in ids),
        salt=PENDING_SALT,
        max_age=int(PENDING_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def needs_private_page(request) -> bool:
    """True when this reader's article page shows them something of their own."""
    return PENDING_COOKIE in request.COOKIES or hasattr(request, "comment_form")


def _page_number(request, num_pages: int) -> int:
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise Http404("No such page of comments.") from None
    if not 1 <= number <= num_pages:
        raise Http404("No such page of comments.")
    return number


def _presenter():
    """Turn a comment row into what the list prints: local time, no per-row lookups."""
    months = [None, *(str(MONTHS_3[m]).title() for m in range(1, 13))]
    zone = timezone.get_current_timezone()

    def present(row) -> dict:
        pk, parent_id, author_name, body_html, moment, is_editors_pick = row[:6]
        if moment.tzinfo is None:  # SQLite's raw cursor: naive, stored in UTC
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(zone)
        return {
            "pk": pk,
            "parent_id": parent_id,
            "author_name": author_name.translate(_NO_BIDI),
            "body_html": body_html,
            "is_editors_pick": bool(is_editors_pick),
            "iso": moment.isoformat(timespec="seconds"),
            "when": f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}",
            "replies": [],
        }

    return present


# The two reads that grow with the number of comments, in plain SQL. Compiling
# the equivalent querysets cost more CPU than running them (about 0.4 ms each,
# a sixth of the budget for a page of 100 comments); the filters are the same
# as Comment.objects.approved().top_level().in_thread_order() and the
# replies of those threads. Both walk an index: comment_thread_order, and the
# parent_id index.
_THREADS_SQL = (
    "SELECT id, parent_id, author_name, body_html, created_at, is_editors_pick "
    "FROM comments_comment "
    "WHERE article_id = %s AND status = %s AND parent_id IS NULL "
    "ORDER BY is_editors_pick DESC, created_at ASC, id ASC LIMIT %s OFFSET %s"
)
# One %s per parent id is appended between the brackets; values go in as parameters.
_REPLIES_SQL = (
    "SELECT id, parent_id, author_name, body_html, created_at, is_editors_pick, status "
    "FROM comments_comment WHERE parent_id IN ({}) ORDER BY created_at ASC, id ASC"
)


def _thread_rows(article_id: int, *, offset: int, limit: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_THREADS_SQL, [article_id, Comment.Status.APPROVED, limit, offset])
        return cursor.fetchall()


def _reply_rows(parent_ids: list[int]) -> list[tuple]:
    """Approved replies to these comments, oldest first."""
    sql = _REPLIES_SQL.format(", ".join(["%s"] * len(parent_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, parent_ids)
        # Status is checked here rather than in SQL so that the database walks
        # the parent index (a thread's few replies), not every approved comment.
        return [row for row in cursor.fetchall() if row[6] == Comment.Status.APPROVED]


def comment_section(request, article) -> dict:
    """Everything the article page's comment section shows, planned in a fixed number of queries."""
    per_page = settings.COMMENTS_PER_PAGE
    counts = (
        Comment.objects.approved()
        .filter(article=article)
        .aggregate(
            total=Count("pk", filter=Q(parent__isnull=True) | Q(parent__status="approved")),
            threads=Count("pk", filter=Q(parent__isnull=True)),
        )
    )
    num_pages = max(1, -(-counts["threads"] // per_page))
    page = _page_number(request, num_pages)
    present = _presenter()

    threads = []
    if counts["threads"]:
        rows = _thread_rows(article.pk, offset=(page - 1) * per_page, limit=per_page)
        threads = [present(row) for row in rows]
    by_id = {row["pk"]: row for row in threads}
    if counts["total"] > counts["threads"] and by_id:
        for row in _reply_rows(list(by_id)):
            by_id[row[1]]["replies"].append(present(row))

    own_pending = []
    pending_ids = own_pending_ids(request)
    if pending_ids:
        rows = (
            Comment.objects.pending()
            .filter(article=article, pk__in=pending_ids)
            .order_by("created_at", "pk")
            .values_list(*_FIELDS)
        )
        for row in rows:
            row = present(row)
            row["is_pending"] = True
            parent = by_id.get(row["parent_id"])
            (parent["replies"] if parent else own_pending).append(row)
    has_own_pending = bool(own_pending) or any(
        reply.get("is_pending") for row in threads for reply in row["replies"]
    )

    comments_open = article.accepts_comments()
    form = getattr(request, "comment_form", None)
    reply_to = None
    if comments_open and form is None:
        reply = request.GET.get("reply", "")
        reply_to = by_id.get(int(reply)) if reply.isdigit() else None
        form = CommentForm(article=article, initial={"parent": reply_to and reply_to["pk"]})
    elif form is not None:
        reply_to = form.parent_comment

    reply_query = f"?page={page}&reply=" if page > 1 else "?reply="
    return {
        "comment_count": counts["total"],
        "comment_list_html": thread_list(
            threads, reply_query=reply_query if comments_open else None
        ),
        "own_pending_html": thread_list(own_pending, reply_query=None),
        "comment_post_url": reverse("comments:post", kwargs={"slug": article.slug}),
        "comment_threads": threads,
        "comment_page": {
            "number": page,
            "num_pages": num_pages,
            "previous": page - 1 if page > 1 else None,
            "next": page + 1 if page < num_pages else None,
        },
        "own_pending_comments": own_pending,
        "has_own_pending": has_own_pending,
        "comments_open": comments_open,
        "comment_form": form if comments_open else None,
        "comment_page_is_private": needs_private_page(request),
        "reply_to": reply_to,
    }


def permalink_target(comment: Comment) -> str:
    """The article page address that shows this approved comment, with its anchor."""
    thread = comment.parent or comment
    earlier = (
        Comment.objects.approved()
        .filter(article_id=thread.article_id, parent__isnull=True)
        .filter(
            Q(is_editors_pick__gt=thread.is_editors_pick)
            | Q(is_editors_pick=thread.is_editors_pick, created_at__lt=thread.created_at)
            | Q(
                is_editors_pick=thread.is_editors_pick,
                created_at=thread.created_at,
                pk__lt=thread.pk,
            )
        )
        .count()
    )
    page = earlier // settings.COMMENTS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return f"{thread.article.get_absolute_url()}{query}#comment-{comment.pk}"
