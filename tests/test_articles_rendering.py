"""The cheap paths of cold rendering give exactly what the general ones give.

Article URLs are built without reverse(), the article page reads its byline and
tags in one query, and story cards are written in Python: each must match the
slow, obvious way, escaping included.
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from articles import fastpath
from articles.models import Article, Byline, slug_url
from tests.factories import make_article, make_author, make_section, make_tag
from webcore.urlscope import URLScopeMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["articles:detail", "articles:section", "articles:tag"])
def test_slug_url_is_what_reverse_gives(name):
    for slug in ["the-story", "a_b-9", "x"]:
        assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix():
    set_script_prefix("/news/")
    try:
        assert slug_url("articles:detail", "the-story") == "/news/articles/the-story/"
    finally:
        set_script_prefix("/")
    assert slug_url("articles:detail", "the-story") == "/articles/the-story/"


def test_each_request_links_under_its_own_script_prefix():
    """The scope is read once per request, never carried over to the next one."""
    links = []

    def view(request):
        links.append(slug_url("articles:detail", "the-story"))
        links.append(slug_url("articles:section", "iraq"))
        return HttpResponse()

    through_middleware = URLScopeMiddleware(view)
    try:
        # The same site, mounted at /news/ by one proxy and at / by another.
        set_script_prefix("/news/")
        through_middleware(RequestFactory().get("/"))
    finally:
        set_script_prefix("/")
    through_middleware(RequestFactory().get("/"))
    assert links == [
        "/news/articles/the-story/",
        "/news/sections/iraq/",
        "/articles/the-story/",
        "/sections/iraq/",
    ]


def test_a_slug_reverse_refuses_is_still_refused():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", "no spaces/here")


def test_the_article_query_brings_byline_and_tags_as_the_prefetch_would(
    django_assert_num_queries,
):
    first, second = make_author(name="Zed Last"), make_author(name="Avin First")
    tags = [make_tag(name="Oil"), make_tag(name="Erbil"), make_tag(name="Budget")]
    article = make_article(tags=tags)
    Byline.objects.create(article=article, author=first, position=1)
    Byline.objects.create(article=article, author=second, position=2)
    expected = Article.objects.with_byline().get(pk=article.pk)

    with django_assert_num_queries(1):
        article = fastpath.published_article(article.slug)
    with django_assert_num_queries(0):
        assert article.section.name == expected.section.name
        assert [a.name for a in article.byline_authors] == ["Zed Last", "Avin First"]
        assert [a.get_absolute_url() for a in article.byline_authors] == [
            a.get_absolute_url() for a in expected.byline_authors
        ]
        assert [t.name for t in article.tag_list] == ["Budget", "Erbil", "Oil"]
        assert article.tag_list == list(expected.tags.all())


def test_story_cards_escape_what_editors_type(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    section = make_section(name="Politics & <Power>", slug="politics")
    author = make_author(name='Ana "Quote" <b>')
    make_article(
        headline="<script>alert(1)</script> & more",
        standfirst="Less < more",
        section=section,
        authors=[author],
    )
    for path in ["/", "/latest/"]:
        html = client.get(path).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
        assert "Ana &quot;Quote&quot; &lt;b&gt;" in html
    assert "Less &lt; more" in client.get("/latest/").content.decode()
    assert "Politics &amp; &lt;Power&gt;" in client.get("/").content.decode()
