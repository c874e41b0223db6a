"""Reader pages as a reader sees them: the article page, lists, search, pagination, SEO data."""

import json
import re
from datetime import datetime, timedelta
from io import BytesIO
from xml.etree import ElementTree  # noqa: S405 -- parses our own responses only

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_xml(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)  # noqa: S314


def jsonld_of(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.fixture
def hero_upload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (32, 18), (120, 40, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("market.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_article_page_shows_everything_a_reader_expects(client, hero_upload):
    section = make_section(name="Kurdistan", slug="kurdistan")
    first, second = make_author(name="Avin Hasan"), make_author(name="Rebwar Kareem")
    tag = make_tag(name="Water", slug="water")
    article = make_article(
        headline="Duhok farmers turn to drip irrigation",
        standfirst="Forty families share pipes and pumps.",
        dateline="DUHOK, Kurdistan Region",
        body="<p>For the third spring running, the rains came late.</p>"
        "<h2>Pipes</h2><p>Second.</p>",
        section=section,
        authors=[first, second],
        tags=[tag],
        hero_image=hero_upload,
        hero_alt="Pipes among the trees",
        hero_caption="An orchard in the Sapna valley.",
        hero_credit="Photo: Newsroom / Avin Hasan",
    )
    related = make_article(section=section, headline="Sulaimani book fair draws crowds")
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<h1 id="article-headline" class="article__headline">'
        "Duhok farmers turn to drip irrigation</h1>" in html
    )
    assert "Forty families share pipes and pumps." in html
    assert f'<a href="{first.get_absolute_url()}" rel="author">Avin Hasan</a> and' in html
    assert f'<a href="{second.get_absolute_url()}" rel="author">Rebwar Kareem</a>' in html
    assert '<p><span class="dateline">DUHOK, Kurdistan Region</span> For the third spring' in html
    assert f'<time datetime="{timezone.localtime(article.published_at).isoformat()[:19]}' in html
    assert 'alt="Pipes among the trees"' in html
    assert "An orchard in the Sapna valley." in html and "Photo: Newsroom / Avin Hasan" in html
    assert "<h2>Pipes</h2>" in html
    assert 'href="/tags/water/" rel="tag">Water</a>' in html
    assert "Sulaimani book fair draws crowds" in html and related.get_absolute_url() in html
    assert "Updated" not in html


@override_settings(TIME_ZONE="Asia/Baghdad")
def test_times_are_shown_in_the_site_time_zone_and_updates_are_marked(client):
    published = timezone.now() - timedelta(days=1)
    article = make_article(published_at=published)
    Article.objects.filter(pk=article.pk).update(
        created_at=published, updated_at=published + timedelta(hours=3)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "+03:00" in re.search(r'<time datetime="([^"]+)"', html).group(1)
    assert "AST" in html or "+03" in html
    assert "Updated" in html


def test_article_body_is_never_marked_safe_unsanitised(client):
    article = make_article()
    # Even a row written around the model (raw update) is shown as stored,
    # which is why save() is the one place bodies are sanitised; here we check
    # the template adds nothing executable of its own around the body.
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>" not in html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_jsonld_is_a_newsarticle_that_parses_and_cannot_be_broken_out_of(client, hero_upload):
    author = make_author(name="Daniel Fraser")
    hostile = 'Talks end </script><script>alert("x")</script> & resume'
    article = make_article(
        headline=hostile,
        authors=[author],
        section=make_section(name="World"),
        hero_image=hero_upload,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    data = jsonld_of(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == hostile
    assert data["datePublished"].startswith(
        timezone.localtime(article.published_at).isoformat()[:19]
    )
    assert data["dateModified"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Daniel Fraser",
            "url": f"http://testserver{author.get_absolute_url()}",
        }
    ]
    assert data["image"][0].startswith("http://testserver/media/")
    assert data["articleSection"] == "World"
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"


def test_canonical_opengraph_and_twitter_meta(client, settings):
    settings.SITE_URL = "https://news.example"
    article = make_article(headline="A headline & more", standfirst="The standfirst.")
    html = client.get(article.get_absolute_url()).content.decode()
    canonical = f"https://news.example{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="A headline &amp; more">' in html
    assert '<meta property="og:description" content="The standfirst.">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:title" content="A headline &amp; more">' in html


def test_pages_link_their_feeds(client):
    section = make_section(slug="iraq")
    make_article(section=section)
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in home
        and 'href="/feeds/latest/rss/"' in home
    )
    assert 'type="application/atom+xml"' in home and 'href="/feeds/latest/atom/"' in home
    section_page = client.get("/sections/iraq/").content.decode()
    assert (
        'href="/sections/iraq/rss/"' in section_page
        and 'href="/sections/iraq/atom/"' in section_page
    )


def test_home_shows_the_lead_story_then_sections(client):
    kurdistan = make_section(name="Kurdistan", slug="kurdistan", order=0)
    business = make_section(name="Business", slug="business", order=1)
    lead = make_article(section=kurdistan, headline="The lead story", published_at=timezone.now())
    older = [
        make_article(
            section=s,
            headline=f"{s.name} story {n}",
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(8)
        for s in (kurdistan, business)
    ]
    html = client.get("/").content.decode()
    lead_html = html.split('class="lead-story"', 1)[1].split("</article>", 1)[0]
    assert lead.headline in lead_html
    assert html.index('id="section-kurdistan"') < html.index('id="section-business"')
    for article in older:
        assert html.count(article.headline) <= 1  # never twice on one front page


def test_search_finds_words_in_headline_standfirst_and_body(client):
    make_article(headline="Citadel gate reopens", slug="citadel")
    make_article(headline="Other", standfirst="The citadel again", slug="standfirst-hit")
    make_article(headline="Third", body="<p>Inside the citadel walls.</p>", slug="body-hit")
    make_article(headline="Unrelated market story", slug="unrelated")
    response = client.get("/search/", {"q": "Citadel"})
    html = response.content.decode()
    for slug in ("citadel", "standfirst-hit", "body-hit"):
        assert f"/articles/{slug}/" in html
    assert "/articles/unrelated/" not in html
    assert "3 articles match “Citadel”." in html


def test_search_without_words_or_with_huge_input_is_calm(client):
    make_article()
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": "   "}).status_code == 200
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
    assert client.get("/search/", {"q": "' OR 1=1 --"}).status_code == 200
    assert (
        client.get("/search/", {"q": "<script>alert(1)</script>"})
        .content.decode()
        .count("<script>alert(1)</script>")
        == 0
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text ranking is PostgreSQL's")
def test_postgres_search_ranks_headline_matches_above_body_matches(client):
    make_article(
        headline="Market news", body="<p>Water shortages hit the market.</p>", slug="body-water"
    )
    make_article(headline="Water shortages worsen", body="<p>Dry.</p>", slug="headline-water")
    html = client.get("/search/", {"q": "water shortage"}).content.decode()
    # Stemming: "shortage" finds "shortages"; ranking: the headline match first.
    assert html.index("/articles/headline-water/") < html.index("/articles/body-water/")


@override_settings(ARTICLES_PER_PAGE=3)
def test_lists_paginate_and_bad_page_numbers_are_404(client):
    section = make_section(slug="world")
    for n in range(7):
        make_article(
            section=section,
            headline=f"World story {n}",
            published_at=timezone.now() - timedelta(hours=n),
        )
    first = client.get("/sections/world/").content.decode()
    assert "World story 0" in first and "World story 3" not in first
    assert "Page 1 of 3" in first and 'href="?page=2"' in first
    assert "World story 6" in client.get("/sections/world/?page=3").content.decode()
    for bad in ("4", "0", "-1", "abc", "99999999999999999999"):
        response = client.get(f"/sections/world/?page={bad}")
        assert response.status_code == 404, bad
        assert "We couldn’t find that page" in response.content.decode()


@override_settings(ARTICLES_PER_PAGE=2)
def test_search_pagination_keeps_the_query(client):
    for n in range(3):
        make_article(headline=f"Zebra crossing {n}")
    html = client.get("/search/", {"q": "zebra"}).content.decode()
    assert 'href="?q=zebra&amp;page=2"' in html


def test_rss_feed_is_valid_xml_with_the_latest_items(client):
    author = make_author(name="Sara Yousif")
    article = make_article(headline="Feed story", authors=[author], tags=[make_tag(name="Media")])
    root = parse_xml(client.get("/feeds/latest/rss/"))
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Feed story"]
    assert items[0].findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert {c.text for c in items[0].findall("category")} >= {"Media", article.section.name}
    assert root.find("./channel/title").text == "Newsroom"


def test_atom_feeds_are_valid_xml_site_wide_and_per_section(client):
    iraq, world = make_section(slug="iraq"), make_section(slug="world")
    make_article(section=iraq, headline="Iraq story")
    make_article(section=world, headline="World story")
    site = parse_xml(client.get("/feeds/latest/atom/"))
    assert {e.findtext(f"{ATOM}title") for e in site.findall(f"{ATOM}entry")} == {
        "Iraq story",
        "World story",
    }
    section = parse_xml(client.get("/sections/iraq/atom/"))
    assert [e.findtext(f"{ATOM}title") for e in section.findall(f"{ATOM}entry")] == ["Iraq story"]
    rss = parse_xml(client.get("/sections/iraq/rss/"))
    assert [i.findtext("title") for i in rss.findall("./channel/item")] == ["Iraq story"]


def test_sitemap_lists_published_articles_and_sections(client):
    article = make_article()
    root = parse_xml(client.get("/sitemap.xml"))
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    assert f"http://testserver{article.get_absolute_url()}" in locations
    assert f"http://testserver{article.section.get_absolute_url()}" in locations


def test_news_sitemap_lists_the_last_two_days_with_publication_name(client):
    recent = make_article(headline="Fresh & new", published_at=timezone.now() - timedelta(hours=5))
    make_article(headline="Old story", published_at=timezone.now() - timedelta(days=3))
    response = client.get("/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = parse_xml(response)
    urls = root.findall(f"{SITEMAP}url")
    assert [u.findtext(f"{SITEMAP}loc") for u in urls] == [
        f"http://testserver{recent.get_absolute_url()}"
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    # W3C date-time, as Google News reads it: the exact moment, with its offset.
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == recent.published_at and published.utcoffset() is not None


def test_robots_txt_lists_both_sitemaps(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/news-sitemap.xml" in body


@pytest.mark.parametrize("query", ["\x00", "water\x00plant", "\x07\x1b[31m"])
def test_control_characters_in_a_search_are_dropped_not_a_500(client, query):
    make_article(headline="Water plant opens")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
