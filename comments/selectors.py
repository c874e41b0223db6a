"""Reads for the comment section: what readers see under one article, as plain data.

Whatever the number of comments, one page of the list costs one query
(``comments.fastpath``); a reader's own comments awaiting moderation cost a
second one, only for a browser that has posted. Comments are read as plain
rows, their text already turned into HTML when they were posted, so a hot
article with hundreds of comments stays cheap to render.

The request (page number, reply target, the reader's cookie) is read by
``comments.views.article_comments``; these functions take plain values.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Q

from articles.rendering import short_when_formatter
from comments import fastpath
from comments.models import Comment
from webcore.sanitize import BIDI_CONTROLS

# A name isolated in <bdi> cannot flip the page anyway; this also keeps it readable.
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
_FIELDS = ("pk", "parent_id", "author_name", "body_html", "created_at", "is_editors_pick")


@dataclass
class CommentPage:
    """One page of an article's comment threads, ready to print."""

    number: int
    num_pages: int
    total: int  # comments shown on all pages, replies included
    threads: list[dict] = field(default_factory=list)  # each with its "replies"
    own_pending: list[dict] = field(default_factory=list)  # the reader's, outside threads

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.num_pages else None

    def thread(self, pk: int) -> dict | None:
        """The thread on this page whose top-level comment is ``pk``."""
        return next((row for row in self.threads if row["pk"] == pk), None)


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


def comment_page(article, *, number: int, own_pending_ids=()) -> CommentPage | None:
    """Page ``number`` of the article's comment threads, or None past the last page.

    ``own_pending_ids``: comments this reader posted that may still await
    moderation; those still pending are shown to them, under their thread or apart.
    """
    per_page = settings.COMMENTS_PER_PAGE
    total, thread_count, thread_rows, reply_rows = fastpath.thread_rows(
        article.pk, offset=(number - 1) * per_page, limit=per_page
    )
    num_pages = max(1, -(-thread_count // per_page))
    if number > num_pages:
        return None
    when = short_when_formatter()
    page = CommentPage(number=number, num_pages=num_pages, total=total)
    page.threads = [_present(row, when) for row in thread_rows]
    by_id = {row["pk"]: row for row in page.threads}
    for row in reply_rows:
        by_id[row[1]]["replies"].append(_present(row, when))
    if own_pending_ids:
        rows = (
            Comment.objects.pending()
            .filter(article=article, pk__in=own_pending_ids)
            .order_by("created_at", "pk")
            .values_list(*_FIELDS)
        )
        for row in rows:
            row = _present(row, when)
            row["is_pending"] = True
            parent = by_id.get(row["parent_id"])
            (parent["replies"] if parent else page.own_pending).append(row)
    return page


def permalink_target(comment: Comment) -> str:
    """The article page address that shows this visible comment, with its anchor."""
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
