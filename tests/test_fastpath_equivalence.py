"""The fast paths' hand-written SQL answers exactly what the querysets answer, in every state.

``articles.fastpath`` and ``comments.fastpath`` embed the querysets' WHERE
clauses; these tests hold them to the querysets over every state an article
(draft, scheduled, published, comments closed) and a comment (pending,
approved, rejected, removed, a reply under a rejected thread) can be in.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import fastpath as article_fastpath
from articles.models import Article, Correction
from comments import fastpath as comment_fastpath
from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_comment, make_section, make_tag, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_article_state():
    now = timezone.now()
    section, tag = make_section(), make_tag()
    return {
        "published": make_article(section=section, tags=[tag]),
        "draft": make_article(section=section, tags=[tag], status=Article.Status.DRAFT),
        "scheduled": make_article(
            section=section, tags=[tag], published_at=now + timedelta(hours=2)
        ),
        "comments closed": make_article(
            section=section, tags=[tag], comments_open=False, published_at=now - timedelta(days=3)
        ),
        "closed by time": make_article(
            section=section,
            tags=[tag],
            published_at=now - timedelta(days=30),
            comments_close_at=now - timedelta(days=16),
        ),
        "just published": make_article(section=section, tags=[tag], published_at=now),
    }


def test_article_page_read_matches_published_in_every_state(every_article_state):
    visible = set(Article.objects.published().values_list("pk", flat=True))
    for state, article in every_article_state.items():
        found = article_fastpath.published_article(article.slug)
        assert (found is not None) == (article.pk in visible), state
        assert (found is not None) == article.is_published(), state
        if found is not None:
            assert found == article


def test_article_page_read_carries_the_notes_the_queryset_holds(django_assert_num_queries):
    article = make_article()
    make_article()  # another article's note must not come along
    now = timezone.now().replace(microsecond=0)
    written = [
        # Same moment twice (ordered by id then), a whole second (no fraction
        # in PostgreSQL's JSON), and text that JSON must escape.
        (Correction.Kind.UPDATE, now, 'Added the minister\'s reply: "no comment" \\ ok'),
        (Correction.Kind.CORRECTION, now, "هەڵەیەک: ئاو لە مانگی حوزەیران کرایەوە."),
        (Correction.Kind.CORRECTION, now - timedelta(days=2, microseconds=7), "Older <b>note</b>"),
    ]
    for kind, when, text in written:
        Correction.objects.create(article=article, kind=kind, text=text, created_at=when)
    Correction.objects.create(
        article=Article.objects.exclude(pk=article.pk).get(), text="Elsewhere"
    )

    found = article_fastpath.published_article(article.slug)
    with django_assert_num_queries(0):
        notes = [(n.pk, n.article_id, n.kind, n.text, n.created_at) for n in found.correction_list]
    expected = list(
        Correction.objects.filter(article=article).values_list(
            "pk", "article_id", "kind", "text", "created_at"
        )
    )
    assert notes == expected and len(notes) == 3
    assert article_fastpath.published_article(make_article().slug).correction_list == []


def test_related_articles_are_exactly_the_published_neighbours(every_article_state):
    article = every_article_state["published"]
    related = article_fastpath.related_articles(article, limit=10)
    expected = set(
        Article.objects.published()
        .filter(section=article.section)
        .exclude(pk=article.pk)
        .values_list("pk", flat=True)
    )
    assert {a.pk for a in related} == expected


@pytest.fixture
def every_comment_state():
    moderator = make_user("mod", is_superuser=True, is_staff=True)
    article = make_article()
    states = {
        "pending": make_comment(article),
        "approved": make_comment(article),
        "rejected": make_comment(article),
        "removed": make_comment(article),
        "approved thread": make_comment(article),
        "rejected thread": make_comment(article),
    }
    moderation.decide(
        [
            states["approved"],
            states["removed"],
            states["approved thread"],
            states["rejected thread"],
        ],
        decision="approve",
        moderator=moderator,
    )
    states["reply, approved"] = make_comment(article, parent=states["approved thread"])
    states["reply, pending"] = make_comment(article, parent=states["approved thread"])
    states["reply under a rejected thread"] = make_comment(
        article, parent=states["rejected thread"]
    )
    moderation.decide(
        [states["reply, approved"], states["reply under a rejected thread"]],
        decision="approve",
        moderator=moderator,
    )
    moderation.decide(states["rejected"], decision="reject", reason="abuse", moderator=moderator)
    moderation.decide(
        states["rejected thread"],
        decision="reject",
        reason="abuse",
        note="Reversed after a complaint.",
        expected_status=Comment.Status.APPROVED,
        moderator=moderator,
    )
    moderation.remove(states["removed"], moderator=moderator, note="Court order")
    return article, states


def test_comment_list_shows_exactly_the_visible_comments(every_comment_state):
    article, states = every_comment_state
    total, threads, thread_rows, reply_rows = comment_fastpath.thread_rows(
        article.pk, offset=0, limit=100
    )
    shown = {row[0] for row in thread_rows} | {row[0] for row in reply_rows}
    visible = set(Comment.objects.visible().filter(article=article).values_list("pk", flat=True))
    assert shown == visible
    assert total == len(visible)
    assert threads == len(thread_rows)
    assert shown == {
        states["approved"].pk,
        states["approved thread"].pk,
        states["reply, approved"].pk,
    }


def test_no_comment_shows_on_an_article_readers_cannot_see(every_comment_state):
    article, _states = every_comment_state
    Article.objects.filter(pk=article.pk).unpublish()
    assert not Comment.objects.visible().filter(article=article).exists()
    assert article_fastpath.published_article(article.slug) is None
