"""The article page's comment list written as one plain SQL statement: the comments fast path.

Why it exists: a busy article is rendered with hundreds of comments, and the
list costs one statement whatever their number — the counts, one page of
top-level comments and the replies to exactly those comments (so a thread is
never split across pages). Compiling the equivalent querysets cost more CPU
than running them (see the README's Performance section).

It holds no rule of its own: every read of the table embeds the WHERE clause
``Comment.objects.approved()`` compiles to (:func:`webcore.sql.where_clause`),
and ``tests/test_comments_fastpath.py`` checks the result against
``Comment.objects.visible()`` over every state a comment can be in.
"""

from functools import lru_cache

from django.db import connections

from comments.models import Comment
from webcore.sql import where_clause

# Three parts, in this order:
#   0. the counts: approved threads, and approved comments whose thread is
#      approved (a reply under a rejected comment is neither shown nor counted);
#   1. one page of approved top-level comments in the reader's order, as
#      approved().top_level().in_thread_order(): a range scan of the
#      comment_thread_order index;
#   2. the approved replies to exactly those comments, oldest first.
# The table is read unaliased in each scope, where the approved() clause
# (which names it) goes. ORDER BY on a UNION may only name output columns,
# hence the ``pick`` column.
_THREADS_SQL = """
WITH page AS (
    SELECT id, parent_id, author_name, body_html, created_at, is_editors_pick
    FROM comments_comment
    WHERE article_id = %(article)s AND {approved} AND parent_id IS NULL
    ORDER BY is_editors_pick DESC, created_at ASC, id ASC
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT 1 AS part, CASE WHEN is_editors_pick THEN 1 ELSE 0 END AS pick,
       id, parent_id, author_name, body_html, created_at, is_editors_pick
FROM page
UNION ALL
SELECT 2, 0, id, parent_id, author_name, body_html, created_at, is_editors_pick
FROM comments_comment
WHERE parent_id IN (SELECT id FROM page) AND article_id = %(article)s AND {approved}
UNION ALL
SELECT 0, 0, COUNT(*), SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END),
       NULL, NULL, NULL, NULL
FROM comments_comment
WHERE article_id = %(article)s AND {approved}
  AND (parent_id IS NULL OR parent_id IN (
      SELECT id FROM comments_comment
      WHERE article_id = %(article)s AND {approved} AND parent_id IS NULL
  ))
ORDER BY 1, 2 DESC, 7, 3
"""


@lru_cache(maxsize=8)
def _statement(using: str) -> tuple[str, dict]:
    approved, constants = where_clause(Comment.objects.approved(), using=using, samples={})
    return _THREADS_SQL.format(approved=approved), constants


def thread_rows(article_id: int, *, offset: int, limit: int, using: str = "default"):
    """``(total, threads, thread_rows, reply_rows)`` for one page of an article's comments.

    ``total`` counts the comments shown over all pages, ``threads`` the
    top-level ones; each row is ``(id, parent_id, author_name, body_html,
    created_at, is_editors_pick)``, threads in the reader's order and replies
    oldest first.
    """
    sql, constants = _statement(using)
    params = {**constants, "article": article_id, "limit": limit, "offset": offset}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total, threads = rows[0][2], rows[0][3] or 0
    threads_on_page = [row[2:] for row in rows if row[0] == 1]
    replies = [row[2:] for row in rows if row[0] == 2]
    return total, threads, threads_on_page, replies
