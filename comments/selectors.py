"""Reads for the comment section: what one reader sees under one article.

The article page calls :func:`comment_section` and includes
``comments/_count.html`` and ``comments/_section.html``. Whatever the number
of comments, the section costs one query — the counts, one page of top-level
comments and the replies to exactly those comments (so a thread is never split
across pages) — and, only for a browser holding the pending cookie, a second
one for that reader's own comments awaiting moderation.

Comments are read as plain rows and their text was
turned into HTML when they were posted, so rendering one costs a few
microseconds: a hot article with hundreds of comments stays cheap.

A reader's own pending comments are found through a signed cookie listing
their ids (set by the post view), not a session: anonymous readers get no
session, and every page without that cookie can come from the shared page
cache (``webcore.pagecache`` treats the cookie as personal).
"""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from articles.rendering import short_when_formatter
from comments.models import Comment
from comments.rendering import thread_list
from webcore.sanitize import BIDI_CONTROLS

PENDING_COOKIE = "newsroom_pending"
PENDING_SALT = "comments.pending"
PENDING_MAX_AGE = timedelta(days=7)
PENDING_KEEP = 20

# A name isolated in <bdi> cannot flip the page anyway; this also keeps it readable.
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
_FIELDS = ("pk", "parent_id", "author_name", "body_html", "created_at", "is_editors_pick")


def own_pending_ids(request) -> list[int]:
    """Ids of the comments this browser posted that may still await moderation."""
    if PENDING_COOKIE not in request.COOKIES:  # most readers: skip the signature work
        return []
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


# Past this page a number is nonsense (and would overflow the SQL OFFSET).
_MAX_PAGE = 1_000_000


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise Http404("No such page of comments.") from None
    if not 1 <= number <= _MAX_PAGE:
        raise Http404("No such page of comments.")
    return number


def _present(row, when) -> dict:
    """A comment row as the list prints it, its time in the reader's zone (``when``)."""
    pk, parent_id, author_name, body_html, moment, is_editors_pick = row[:6]
    if isinstance(moment, str):  # SQLite through a compound SELECT: no declared type
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:  # SQLite's raw cursor: naive, stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return {
        "pk": pk,
        "parent_id": parent_id,
        "author_name": author_name.translate(_NO_BIDI),
        "body_html": body_html,
        "is_editors_pick": bool(is_editors_pick),
        "iso": moment.isoformat(timespec="seconds"),
        "when": when(moment),
        "replies": [],
    }


# Everything the list shows, whatever the number of comments, in one plain SQL
# statement: the page always costs the same queries, and compiling equivalent
# querysets cost more CPU than running them. Three parts, in this order:
#   0. the counts: approved threads, and approved comments whose thread is
#      approved (a reply under a rejected comment is neither shown nor counted;
#      replies answer a top-level comment of the same article, see
#      Comment.accepts_replies and CommentForm.clean);
#   1. one page of approved top-level comments in the reader's order, as
#      Comment.objects.approved().top_level().in_thread_order() does: a range
#      scan of the comment_thread_order index;
#   2. the approved replies to exactly those comments, oldest first (the
#      parent_id index: a thread's few replies), so a thread is never split.
# ORDER BY on a UNION may only name output columns, hence the ``pick`` column.
_SECTION_SQL = """
WITH page AS (
    SELECT id, parent_id, author_name, body_html, created_at, is_editors_pick
    FROM comments_comment
    WHERE article_id = %(article)s AND status = %(approved)s AND parent_id IS NULL
    ORDER BY is_editors_pick DESC, created_at ASC, id ASC
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT 1 AS part, CASE WHEN is_editors_pick THEN 1 ELSE 0 END AS pick,
       id, parent_id, author_name, body_html, created_at, is_editors_pick
FROM page
UNION ALL
SELECT 2, 0, r.id, r.parent_id, r.author_name, r.body_html, r.created_at, r.is_editors_pick
FROM comments_comment r
WHERE r.parent_id IN (SELECT id FROM page)
  AND r.article_id = %(article)s AND r.status = %(approved)s
UNION ALL
SELECT 0, 0, COUNT(*), SUM(CASE WHEN c.parent_id IS NULL THEN 1 ELSE 0 END),
       NULL, NULL, NULL, NULL
FROM comments_comment c
WHERE c.article_id = %(article)s AND c.status = %(approved)s
  AND (c.parent_id IS NULL OR c.parent_id IN (
      SELECT t.id FROM comments_comment t
      WHERE t.article_id = %(article)s AND t.status = %(approved)s AND t.parent_id IS NULL
  ))
ORDER BY 1, 2 DESC, 7, 3
"""


def _section_rows(article_id: int, *, offset: int, limit: int) -> tuple[int, int, list, list]:
    """``(total, threads, thread_rows, reply_rows)`` for one page, in one query."""
    params = {
        "article": article_id,
        "approved": Comment.Status.APPROVED,
        "limit": limit,
        "offset": offset,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SECTION_SQL, params)
        rows = cursor.fetchall()
    total, threads = rows[0][2], rows[0][3] or 0
    thread_rows = [row[2:] for row in rows if row[0] == 1]
    reply_rows = [row[2:] for row in rows if row[0] == 2]
    return total, threads, thread_rows, reply_rows


def comment_section(request, article) -> dict:
    """Everything the article page's comment section shows, planned in a fixed number of queries."""
    per_page = settings.COMMENTS_PER_PAGE
    page = _page_number(request)
    total, thread_count, thread_rows, reply_rows = _section_rows(
        article.pk, offset=(page - 1) * per_page, limit=per_page
    )
    num_pages = max(1, -(-thread_count // per_page))
    if page > num_pages:
        raise Http404("No such page of comments.")

    when = short_when_formatter()
    threads = [_present(row, when) for row in thread_rows]
    by_id = {row["pk"]: row for row in threads}
    for row in reply_rows:
        by_id[row[1]]["replies"].append(_present(row, when))

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
            row = _present(row, when)
            row["is_pending"] = True
            parent = by_id.get(row["parent_id"])
            (parent["replies"] if parent else own_pending).append(row)
    has_own_pending = bool(own_pending) or any(
        reply.get("is_pending") for row in threads for reply in row["replies"]
    )

    comments_open = article.accepts_comments()
    # A bound form (errors to show) comes from the post view. Otherwise the
    # fields are an empty form, the same on every article: comment_form_fields
    # prints its memoised HTML, so none is built here (None means "empty form");
    # the reply target is written by the template, outside the fields.
    form = getattr(request, "comment_form", None)
    reply_to = None
    if comments_open and form is None:
        reply = request.GET.get("reply", "")
        # fullmatch, not isdigit(): "²" is a digit to isdigit() but not to int().
        reply_to = by_id.get(int(reply)) if re.fullmatch(r"[0-9]{1,18}", reply) else None
    elif form is not None:
        reply_to = form.parent_comment

    reply_query = f"?page={page}&reply=" if page > 1 else "?reply="
    return {
        "comment_count": total,
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
