"""Several editions in one deployment: prefixes, listings, translations, page cache, checks."""

import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.models import Article, Section
from comments import moderation, screening, tasks
from comments.models import Comment, ModeratorAssignment
from tests.conftest import several_editions
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def stories(editions):
    """An English original with Sorani and Arabic translations, and one story only in Sorani."""
    tag = make_tag(name="Erbil", slug="erbil")
    author = make_author(name="Avin Hasan", slug="avin-hasan")
    english = make_article(
        slug="citadel-gate",
        headline="Erbil citadel reopens its western gate",
        section=make_section(name="Kurdistan", slug="kurdistan"),
        authors=[author],
        tags=[tag],
    )
    sorani = make_article(
        slug="ckb-citadel-gate",
        headline="دەروازەی ڕۆژئاوای قەڵای هەولێر دەکرێتەوە",
        language="ckb",
        section=make_section(name="کوردستان", slug="ckb-kurdistan", language="ckb"),
        translation_of=english,
        authors=[author],
        tags=[tag],
    )
    arabic = make_article(
        slug="ar-citadel-gate",
        headline="قلعة أربيل تعيد فتح بوابتها الغربية",
        language="ar",
        section=make_section(name="كردستان", slug="ar-kurdistan", language="ar"),
        translation_of=english,
        authors=[author],
        tags=[tag],
    )
    only_sorani = make_article(
        slug="ckb-duhok-water",
        headline="ئاوی دهۆک",
        language="ckb",
        section=sorani.section,
        authors=[author],
        tags=[tag],
    )
    return {"en": english, "ckb": sorani, "ar": arabic, "ckb-only": only_sorani}


# --- The default: one edition, today's URLs ---------------------------------


def test_a_single_edition_keeps_unprefixed_urls(client):
    article = make_article(slug="plain")
    assert article.get_absolute_url() == "/articles/plain/"
    assert client.get("/").status_code == 200
    assert client.get("/articles/plain/").status_code == 200
    assert client.get("/en/articles/plain/").status_code == 404


# --- Prefixes and the root redirect --------------------------------------


def test_root_redirects_to_the_default_edition(client, editions):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_every_reader_url_carries_its_edition_prefix(client, stories):
    assert stories["ckb"].get_absolute_url() == "/ckb/articles/ckb-citadel-gate/"
    assert client.get("/ckb/articles/ckb-citadel-gate/").status_code == 200
    assert client.get("/articles/ckb-citadel-gate/").status_code == 301  # see below
    for home in ("/en/", "/ckb/", "/ar/"):
        assert client.get(home).status_code == 200
    assert client.get("/fr/").status_code == 404


def test_admin_health_and_static_stay_unprefixed(client, editions):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/admin/login/").status_code == 404
    assert client.get("/healthz").status_code == 200
    assert client.get("/ckb/healthz").status_code == 404


def test_an_article_is_served_only_under_its_own_edition(client, stories):
    response = client.get("/en/articles/ckb-citadel-gate/")
    assert response.status_code == 302
    assert response["Location"] == "/ckb/articles/ckb-citadel-gate/"


def test_an_article_under_another_prefix_keeps_its_query_in_the_redirect(client, stories):
    response = client.get("/ar/articles/ckb-citadel-gate/?reply=1")
    assert response["Location"] == "/ckb/articles/ckb-citadel-gate/?reply=1"


@pytest.mark.parametrize("page", ["/ar/", "/ar/no-such-page/", "/ar/articles/ar-citadel-gate/"])
def test_the_header_and_footer_keep_the_reader_in_the_edition(client, stories, page):
    html = client.get(page).content.decode()
    links = [href for href in re.findall(r'<a [^>]*href="(/[^"]*)"', html)]
    assert links
    # Other editions' pages are offered only as translations ("Also in").
    translations = set(re.findall(r'<a [^>]*hreflang="[^"]+"[^>]*href="(/[^"]*)"', html))
    translations |= set(re.findall(r'<a [^>]*href="(/[^"]*)"[^>]*hreflang=', html))
    strays = [href for href in links if not href.startswith("/ar/") and href not in translations]
    assert not strays
    # The header's search (and the 404 page's) searches this edition, not the default one.
    actions = re.findall(r'<form [^>]*action="([^"]*)"', html)
    assert "/ar/search/" in actions
    assert [action for action in actions if not action.startswith("/ar/")] == []


def test_a_link_from_before_the_editions_reaches_its_page(client, stories):
    """Bookmarks, feeds and e-mailed links of the one-edition site keep working."""
    response = client.get("/articles/ckb-citadel-gate/", {"page": "2"})
    assert response.status_code == 301
    assert response["Location"] == "/en/articles/ckb-citadel-gate/?page=2"
    followed = client.get("/articles/ckb-citadel-gate/", follow=True)
    assert followed.status_code == 200
    assert followed.redirect_chain[-1][0] == "/ckb/articles/ckb-citadel-gate/"
    assert client.get("/feeds/latest/rss/")["Location"] == "/en/feeds/latest/rss/"
    assert client.get("/search/", {"q": "gate"})["Location"] == "/en/search/?q=gate"
    assert client.get("/no-such-page/").status_code == 404


def test_a_comment_posted_to_an_address_from_before_the_editions_is_sent_on(client, stories):
    """A page opened before the switch posts its form to the old address: nothing is lost."""
    data = {
        "author_name": "Reader",
        "author_email": "old-tab@example.org",
        "body": "Posted from a tab opened before the editions.",
        "accept_guidelines": "on",
    }
    response = client.post("/articles/citadel-gate/comments/", data)
    assert response.status_code == 308  # the method and the body go on with it
    assert response["Location"] == "/en/articles/citadel-gate/comments/"
    assert not Comment.objects.exists()
    followed = client.post("/articles/citadel-gate/comments/", data, follow=True)
    assert followed.redirect_chain[0] == ("/en/articles/citadel-gate/comments/", 308)
    assert followed.status_code == 200
    assert Comment.objects.get().body == data["body"]
    # Other methods than reading and posting are still refused.
    assert client.put("/articles/citadel-gate/comments/").status_code == 405


def test_one_edition_reads_articles_saved_under_another_language(client):
    """A deployment that changes LANGUAGE_CODE keeps its archive: no redirect loop, no gaps."""
    article = make_article(slug="older", headline="Dam levels fall again", language="ar")
    assert article.get_absolute_url() == "/articles/older/"
    assert client.get("/articles/older/").status_code == 200
    assert "/articles/older/" in client.get("/").content.decode()
    assert "/articles/older/" in client.get("/search/", {"q": "dam"}).content.decode()
    assert client.get(f"/sections/{article.section.slug}/").status_code == 200
    # An editor can still file a new story under the old sections.
    newer = Article(
        slug="newer",
        headline="Reservoir refilled",
        standfirst="The dam is full again.",
        body="<p>Rain.</p>",
        section=article.section,
    )
    newer.full_clean()


def test_search_is_not_crowded_out_by_another_editions_matches(client, editions, monkeypatch):
    # Fewer results than matches in the other edition, which all rank higher.
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for n in range(8):
        make_article(slug=f"ar-water-{n}", headline="Water water water", language="ar")
    make_article(slug="en-water", headline="Water", body="<p>" + "Rain fell. " * 80 + "</p>")
    html = client.get("/en/search/", {"q": "water"}).content.decode()
    assert "/en/articles/en-water/" in html
    assert "ar-water" not in html


def test_each_edition_renders_in_its_own_language_and_direction(client, stories):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html


# --- Per-edition listings ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/latest/", "/tags/erbil/", "/authors/avin-hasan/", "/feeds/latest/rss/",
     "/feeds/latest/atom/", "/sitemap.xml", "/news-sitemap.xml"],
)  # fmt: skip
def test_listings_feeds_and_sitemaps_show_only_their_editions_articles(client, stories, path):
    pages = {code: client.get(f"/{code}{path}").content.decode() for code in ("en", "ckb", "ar")}
    for code, html in pages.items():
        for other in ("en", "ckb", "ar"):
            slug = stories[other].slug
            # Sitemap alternates name translations on purpose; everything else must not.
            if path == "/sitemap.xml" and other != code:
                assert f"<loc>http://testserver/{other}/articles/{slug}/</loc>" not in html
            else:
                assert (f"/articles/{slug}/" in html) == (other == code), (code, other)
    assert "ckb-duhok-water" in pages["ckb"]
    assert "ckb-duhok-water" not in pages["en"]


def test_sections_belong_to_their_edition(client, stories):
    assert client.get("/ckb/sections/ckb-kurdistan/").status_code == 200
    assert client.get("/en/sections/ckb-kurdistan/").status_code == 404
    assert client.get("/ckb/sections/ckb-kurdistan/rss/").status_code == 200
    assert client.get("/en/sections/ckb-kurdistan/rss/").status_code == 404
    # The header lists the edition's own sections.
    header = client.get("/ckb/").content.decode()
    assert "/ckb/sections/ckb-kurdistan/" in header
    assert "/en/sections/kurdistan/" not in header


def test_news_sitemap_names_the_editions_language(client, stories):
    xml = client.get("/ar/news-sitemap.xml").content.decode()
    assert "<news:language>ar</news:language>" in xml
    assert "ar-citadel-gate" in xml


def test_robots_txt_lists_every_editions_sitemaps(client, editions):
    body = client.get("/robots.txt").content.decode()
    for code in ("en", "ckb", "ar"):
        assert f"Sitemap: http://testserver/{code}/sitemap.xml" in body
        assert f"Sitemap: http://testserver/{code}/news-sitemap.xml" in body


def test_search_finds_only_the_editions_articles(client, stories):
    sorani = client.get("/ckb/search/", {"q": "citadel gate Erbil هەولێر"}).content.decode()
    english = client.get("/en/search/", {"q": "citadel"}).content.decode()
    assert "/en/articles/citadel-gate/" in english
    assert "ckb-citadel-gate" not in english
    assert "/en/articles/citadel-gate/" not in sorani
    arabic = client.get("/ar/search/", {"q": "قلعة"}).content.decode()
    assert "/ar/articles/ar-citadel-gate/" in arabic


@pytest.mark.skipif(not POSTGRESQL, reason="text-search configurations are PostgreSQL's")
def test_postgresql_indexes_each_article_under_its_languages_configuration(stories):
    make_article(slug="en-books", headline="Libraries lend books")
    make_article(slug="ar-books", headline="المكتبات تعير الكتب", language="ar")
    make_article(slug="ckb-books", headline="کتێبخانەکان کتێب دەدەن", language="ckb")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug, search_vector::text FROM articles_article WHERE slug LIKE '%%-books'"
        )
        vectors = dict(cursor.fetchall())
    assert "'book'" in vectors["en-books"]  # english stems "books"
    assert "'كتب'" in vectors["ar-books"]  # arabic stems الكتب (the books)
    assert "'کتێبخانەکان'" in vectors["ckb-books"]  # simple: whole words, no stemming
    ids = search.search_articles("كتب", edition="ar")  # without the article "ال"
    assert [a.slug for a in ids[:5]] == ["ar-books"]


def test_the_staff_language_cookie_never_changes_a_reader_page(client, stories):
    client.cookies["django_language"] = "ar"
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert client.get("/en/articles/citadel-gate/").status_code == 200


def test_the_admin_follows_the_staff_language_picked(client, moderator, editions):
    html = client.get("/admin/").content.decode()
    assert 'id="staff-language"' in html
    assert '<html lang="en" dir="ltr">' in html
    response = client.post("/i18n/setlang/", {"language": "ckb", "next": "/admin/"})
    assert response.status_code == 302
    html = client.get("/admin/").content.decode()
    assert 'lang="ckb" dir="rtl"' in html
    # A language that is not an edition is ignored.
    client.cookies["django_language"] = "de"
    assert 'lang="en" dir="ltr"' in client.get("/admin/").content.decode()


def test_the_admin_has_no_language_picker_with_one_edition(client, moderator):
    assert 'id="staff-language"' not in client.get("/admin/").content.decode()


def test_editors_set_an_articles_edition_and_translation_in_the_admin(client, stories):
    editor = make_user("ed", is_staff=True, is_superuser=True)
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{stories['ckb'].pk}/change/").content.decode()
    assert 'name="language"' in html and 'name="translation_of"' in html
    html = client.get("/admin/articles/article/?language=ckb").content.decode()
    assert "ckb-citadel-gate" in html or stories["ckb"].headline in html
    assert stories["en"].headline not in html


# --- Translations and hreflang ---------------------------------------------


def test_article_page_offers_its_translations_in_their_own_names(client, stories):
    html = client.get("/en/articles/citadel-gate/").content.decode()
    also = re.search(r'<p class="article__editions">(.*?)</p>', html, re.S).group(1)
    assert (
        '<a href="/ckb/articles/ckb-citadel-gate/" hreflang="ckb" lang="ckb" dir="rtl">کوردی</a>'
        in also
    )
    assert (
        '<a href="/ar/articles/ar-citadel-gate/" hreflang="ar" lang="ar" dir="rtl">العربيّة</a>'
        in also
    )
    # A translation offers the original and its sibling, not itself.
    html = client.get("/ckb/articles/ckb-citadel-gate/").content.decode()
    also = re.search(r'<p class="article__editions">(.*?)</p>', html, re.S).group(1)
    assert ">English</a>" in also and ">العربيّة</a>" in also and "کوردی" not in also
    # No translations, no line.
    html = client.get("/ckb/articles/ckb-duhok-water/").content.decode()
    assert "article__editions" not in html and 'hreflang="x-default"' not in html


def test_head_carries_hreflang_alternates_and_x_default(client, stories):
    html = client.get("/ar/articles/ar-citadel-gate/").content.decode()
    for code, slug in (
        ("en", "citadel-gate"),
        ("ckb", "ckb-citadel-gate"),
        ("ar", "ar-citadel-gate"),
    ):
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/articles/{slug}/">'
            in html
        )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/en/articles/citadel-gate/">'
        in html
    )
    assert '"inLanguage": "ar"' in html  # JSON-LD names the article's own language


def test_unpublished_translations_are_not_offered(client, stories):
    stories["ar"].status = "draft"
    stories["ar"].save()
    html = client.get("/en/articles/citadel-gate/").content.decode()
    assert "ar-citadel-gate" not in html
    assert "/ckb/articles/ckb-citadel-gate/" in html


def test_sitemap_lists_translations_as_xhtml_alternates(client, stories):
    xml = client.get("/ckb/sitemap.xml").content
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in ET.fromstring(xml).findall("s:url", ns)  # noqa: S314 - our own sitemap
    }
    gate = urls["http://testserver/ckb/articles/ckb-citadel-gate/"]
    assert gate == {
        "en": "http://testserver/en/articles/citadel-gate/",
        "ckb": "http://testserver/ckb/articles/ckb-citadel-gate/",
        "ar": "http://testserver/ar/articles/ar-citadel-gate/",
    }
    assert urls["http://testserver/ckb/articles/ckb-duhok-water/"] == {}


def test_a_translation_links_to_an_original_in_another_edition(stories):
    sorani = stories["ckb"]
    sorani.translation_of = stories["ar"]  # itself a translation
    with pytest.raises(ValidationError, match="original article"):
        sorani.full_clean()
    sorani.translation_of = stories["ckb-only"]  # same language
    with pytest.raises(ValidationError, match="another edition"):
        sorani.full_clean()
    sorani.translation_of = stories["en"]
    sorani.section = stories["en"].section
    with pytest.raises(ValidationError, match="own edition"):
        sorani.full_clean()


def test_a_translation_group_stays_one_original_and_one_article_per_edition(stories):
    english = stories["en"]
    english.translation_of = stories["ckb-only"]  # it has translations itself
    with pytest.raises(ValidationError, match="translations of its own"):
        english.full_clean()
    english.translation_of = None
    second = make_article(slug="ckb-citadel-gate-2", language="ckb", section=stories["ckb"].section)
    second.translation_of = stories["en"]  # a Sorani translation exists already
    with pytest.raises(ValidationError, match="already has a translation"):
        second.full_clean()


# --- The page cache and query counts ----------------------------------------


def test_page_cache_keeps_editions_apart(client, stories, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    first = {code: client.get(f"/{code}/") for code in ("en", "ckb", "ar")}
    assert all(response["X-Page-Cache"] == "miss" for response in first.values())
    again = {code: client.get(f"/{code}/") for code in ("en", "ckb", "ar")}
    for code in ("en", "ckb", "ar"):
        assert again[code]["X-Page-Cache"] == "hit"
        assert again[code].content == first[code].content
        assert f'<html lang="{code}"' in again[code].content.decode()
    article = client.get("/ckb/articles/ckb-citadel-gate/")
    assert client.get("/ckb/articles/ckb-citadel-gate/")["X-Page-Cache"] == "hit"
    assert "دەروازەی" in article.content.decode()


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_page_costs_the_same_queries_in_every_edition_as_with_one(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    tag = make_tag()
    english = make_article(slug="one", tags=[tag], authors=[make_author()])
    make_article(tags=[tag])
    single = _count(client, "/articles/one/")
    with several_editions():
        make_article(slug="two", language="ckb", translation_of=english, tags=[tag])
        make_article(slug="three", language="ar", translation_of=english, tags=[tag])
        counts = {
            code: _count(client, f"/{code}/articles/{slug}/")
            for code, slug in (("en", "one"), ("ckb", "two"), ("ar", "three"))
        }
    assert set(counts.values()) == {single}, (single, counts)


# --- System checks -----------------------------------------------------------


def _check_ids():
    return {message.id for message in run_checks() if message.id.startswith("webcore.E")}


def test_editions_checks_pass_for_valid_editions():
    with override_settings(NEWSROOM_EDITIONS=["en", "ckb", "ar"]):
        assert _check_ids() == set()


@pytest.mark.parametrize(
    ("editions", "language_code", "expected"),
    [
        (["en", "xx"], "en", {"webcore.E001"}),
        (["ckb", "ar"], "en", {"webcore.E002"}),
        (["en", "ar", "en"], "en", {"webcore.E003"}),
    ],
)
def test_editions_checks_refuse_bad_settings(editions, language_code, expected):
    with override_settings(NEWSROOM_EDITIONS=editions, LANGUAGE_CODE=language_code):
        assert _check_ids() == expected


# --- Moderation per edition --------------------------------------------------

QUEUE = "/admin/comments/comment/"


def _comment(article, body):

    comment = make_comment(article, body=body)
    moderation.screen_comment(comment)
    type(comment).objects.filter(pk=comment.pk).update(flags=comment.flags, risk=comment.risk)
    return comment


def test_a_moderator_of_an_edition_opens_the_queue_on_its_comments(client, moderator, stories):

    ModeratorAssignment.objects.create(moderator=moderator, language="ckb")
    _comment(stories["ckb"], "بۆچوونێکی کوردی")
    _comment(stories["ckb-only"], "هەواڵێکی باش")
    _comment(stories["en"], "An English comment")
    html = client.get(QUEUE).content.decode()
    assert "بۆچوونێکی کوردی" in html and "هەواڵێکی باش" in html
    assert "An English comment" not in html
    html = client.get(f"{QUEUE}?section=all").content.decode()
    assert "An English comment" in html


def test_the_queue_filters_by_edition(client, moderator, stories):
    _comment(stories["ar"], "تعليق عربي")
    _comment(stories["ckb"], "بۆچوونێکی کوردی")
    html = client.get(f"{QUEUE}?section=all&edition=ar").content.decode()
    assert "تعليق عربي" in html and "بۆچوونێکی کوردی" not in html
    assert 'href="?edition=ckb' in html or "edition=ckb" in html  # offered as a filter


def test_queue_states_the_screens_coverage_beside_the_flags(client, moderator, stories):
    _comment(stories["ckb"], "بۆچوونێکی کوردی")
    _comment(stories["en"], "An English comment")
    html = client.get(f"{QUEUE}?section=all").content.decode()
    assert html.count('class="flag-coverage"') == 1
    assert "Not screened by the classifier: no model for this language" in html


def test_screen_coverage_is_none_only_where_every_part_reads_the_language():

    assert screening.coverage("en") is None
    assert "Arabic word lists" in screening.coverage("ar")
    assert "no model for this language" in screening.coverage("ckb")
    assert "Not screened for this language" in screening.coverage("tr")


def test_alert_goes_to_the_moderators_of_the_edition(mailoutbox, stories):

    sorani = make_user("sorani", email="sorani@example.org", groups=["Moderators"])
    make_user("others", email="others@example.org", groups=["Moderators"])
    ModeratorAssignment.objects.create(moderator=sorani, language="ckb")
    tasks.alert_moderators.enqueue(stories["ckb"].section_id)
    assert mailoutbox[-1].bcc == ["sorani@example.org"]
    # An edition with no moderators of its own alerts them all.
    tasks.alert_moderators.enqueue(stories["ar"].section_id)
    assert sorted(mailoutbox[-1].bcc) == ["others@example.org", "sorani@example.org"]


def test_a_commenter_is_written_to_in_the_edition_they_commented_in(
    client, mailoutbox, stories, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://news.example"
    arabic = stories["ar"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ar/articles/{arabic.slug}/comments/",
            {
                "author_name": "سارة",
                "author_email": "sara@example.org",
                "body": "شكراً على التغطية.",
                "accept_guidelines": "on",
            },
        )
    assert response.status_code == 303
    [confirmation] = mailoutbox
    assert confirmation.subject.endswith("أكّد عنوان بريدك الإلكتروني")
    assert "Hello" not in confirmation.body
    link = re.search(r"https://news\.example(/\S+/comments/confirm/\S+/)", confirmation.body)
    assert link.group(1).startswith("/ar/comments/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link.group(1)).status_code == 200

    comment = Comment.objects.get(author_email="sara@example.org")
    english = make_comment(stories["en"], author_email="sara@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(comment, decision="approve", moderator=make_user())
        moderation.decide(english, decision="approve", moderator=make_user())
    by_subject = {mail.subject: mail.body for mail in mailoutbox[1:]}
    [in_arabic] = [body for subject, body in by_subject.items() if subject.endswith("نُشر تعليقك")]
    assert f"https://news.example/ar/comments/{comment.pk}/" in in_arabic
    [in_english] = [
        body for subject, body in by_subject.items() if "Your comment was published" in subject
    ]
    assert f"https://news.example/en/comments/{english.pk}/" in in_english


def test_an_assignment_is_a_section_or_an_edition_never_both(moderator, stories):

    for fields in ({"section": stories["ckb"].section, "language": "ckb"}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ModeratorAssignment.objects.create(moderator=moderator, **fields)


def test_admin_assigns_a_moderator_to_an_edition(client, moderator, stories):

    admin_user = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/comments/moderatorassignment/add/",
        {"moderator": moderator.pk, "section": "", "language": "ar"},
    )
    assert response.status_code == 302
    assert ModeratorAssignment.objects.get().language == "ar"
    response = client.post(
        "/admin/comments/moderatorassignment/add/",
        {"moderator": moderator.pk, "section": "", "language": "fr"},
    )
    assert response.status_code == 200  # a form error, not a 500


# --- The demo ----------------------------------------------------------------


def test_seed_demo_builds_the_sorani_and_arabic_editions(editions, settings, tmp_path, client):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for _run in range(2):  # idempotent
        call_command("seed_demo", stdout=StringIO())
    for language in ("ckb", "ar"):
        articles = Article.objects.published().in_edition(language)
        assert articles.count() >= 6
        assert articles.exclude(translation_of=None).count() >= 2
        assert not Section.objects.filter(articles__language=language).exclude(language=language)
        states = set(Comment.objects.in_edition(language).values_list("status", flat=True))
        assert states == {"pending", "approved", "rejected"}
        # Someone who reads the language has the edition's comments in their queue.
        assert ModeratorAssignment.objects.filter(
            language=language, moderator__username="moderator2"
        ).exists()
    html = client.get("/ckb/").content.decode()
    assert "دەروازەی ڕۆژئاوای قەڵای هەولێر" in html
    english = client.get("/en/articles/erbil-citadel-reopens-western-gate-after-restoration/")
    assert 'hreflang="ckb"' in english.content.decode()


def test_seed_demo_keeps_the_english_demo_english_when_another_edition_is_default(
    editions, settings, tmp_path
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "ckb"
    call_command("seed_demo", stdout=StringIO())
    english = Article.objects.get(slug="erbil-citadel-reopens-western-gate-after-restoration")
    assert english.language == "en"
    assert english.section.language == "en"
    assert Article.objects.published().in_edition("ckb").count() >= 6


def test_seed_demo_with_one_edition_makes_no_other(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    assert set(Article.objects.values_list("language", flat=True)) == {"en"}
