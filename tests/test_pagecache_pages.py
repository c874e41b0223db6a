"""The page cache on the real reader pages: shared, cheap, and never stale for long."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section
from webcore.pagecache import _expires_at

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cached_page_costs_no_query(client, django_assert_num_queries):
    make_article(headline="Cached story")
    assert client.get("/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Cached story" in response.content.decode()


def test_saving_an_article_refreshes_home_its_section_and_its_page(client):
    section = make_section(name="Iraq", slug="iraq")
    article = make_article(headline="Old headline", section=section)
    for url in ("/", "/sections/iraq/", article.get_absolute_url(), "/feeds/latest/rss/"):
        client.get(url)

    article.headline = "Corrected headline"
    article.save()

    for url in ("/", "/sections/iraq/", article.get_absolute_url(), "/feeds/latest/rss/"):
        body = client.get(url).content.decode()
        assert "Corrected headline" in body, url
        assert "Old headline" not in body, url


def test_publish_and_unpublish_actions_refresh_cached_pages(client):
    article = make_article(headline="Draft soon", status=Article.Status.DRAFT, published_at=None)
    assert "Draft soon" not in client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).publish_now()
    assert "Draft soon" in client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).unpublish()
    assert "Draft soon" not in client.get("/").content.decode()


def test_a_scheduled_article_appears_on_cached_pages_when_its_time_comes(client):
    make_article(headline="Already out")
    make_article(headline="Embargoed story", published_at=timezone.now() + timedelta(seconds=2))
    assert "Embargoed story" not in client.get("/").content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"
    time.sleep(2.2)
    assert "Embargoed story" in client.get("/").content.decode()


def test_a_page_whose_render_began_before_an_embargo_ended_expires_with_it():
    make_article(headline="Already out")
    render_began = time.time()
    embargo = timezone.now() + timedelta(seconds=0.5)
    make_article(headline="Embargoed story", published_at=embargo)
    # The render outlived the embargo: the page, built without the story, is stored after it.
    time.sleep(0.7)
    assert _expires_at(render_began) <= embargo.timestamp()


def test_reader_pages_may_be_kept_by_a_cdn_briefly_admin_pages_may_not(client, settings):
    make_article()
    reader = client.get("/")["Cache-Control"]
    assert "public" in reader and f"s-maxage={settings.NEWSROOM_PUBLIC_MAX_AGE}" in reader
    # Browsers revalidate (a cheap 304) so a reader who just posted sees their page.
    assert "max-age=0" in reader
    admin = client.get("/admin/login/")["Cache-Control"]
    assert "private" in admin and "no-store" in admin


def test_deciding_a_comment_shows_it_on_the_next_request(client, django_user_model):
    from comments import moderation
    from tests.factories import make_comment

    article = make_article()
    comment = make_comment(article, body="Approved just now, visible at once.")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    moderator = django_user_model.objects.create_user("mod")

    moderation.decide([comment], decision="approve", moderator=moderator)

    response = client.get(article.get_absolute_url())
    assert "Approved just now, visible at once." in response.content.decode()


def test_own_pending_comment_bypasses_the_shared_copy_and_stays_private(client):
    from django.test import Client

    article = make_article()
    url = article.get_absolute_url()
    client.get(url)  # the shared copy is now cached
    response = client.post(
        f"{url}comments/",
        {
            "author_name": "Rojin",
            "author_email": "rojin@example.org",
            "body": "My own words, awaiting a moderator.",
            "accept_guidelines": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "My own words, awaiting a moderator." in page
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    stranger = Client()
    for _ in range(2):
        other = stranger.get(url)
        assert "My own words" not in other.content.decode()
    assert other["X-Page-Cache"] == "hit"


def test_a_hit_carries_the_same_security_headers_as_a_render(client):
    article = make_article()
    miss = client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
    ):
        assert hit[header] == miss[header], header


def test_each_host_name_has_its_own_copy(client, settings):
    settings.ALLOWED_HOSTS = ["news.example", "www.news.example"]
    make_article()
    client.get("/", headers={"host": "news.example"})
    other = client.get("/", headers={"host": "www.news.example"})
    assert other["X-Page-Cache"] == "miss"
    assert client.get("/", headers={"host": "news.example"})["X-Page-Cache"] == "hit"


def test_an_unknown_host_is_refused_not_served_from_the_cache(client):
    make_article()
    client.get("/")
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_bulk_delete_in_the_admin_retires_cached_pages(client, django_user_model):
    from django.test import Client

    article = make_article(headline="Story to withdraw")
    assert "Story to withdraw" in client.get("/").content.decode()
    admin = django_user_model.objects.create_superuser("chief", password="pw-long-enough-1")
    staff = Client()
    staff.force_login(admin)
    response = staff.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert "Story to withdraw" not in client.get("/").content.decode()


def test_a_cached_page_stops_offering_the_form_when_comments_close(client):
    article = make_article(comments_close_at=timezone.now() + timedelta(seconds=2))
    url = article.get_absolute_url()
    assert 'id="comment-form"' in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    time.sleep(2.2)
    page = client.get(url).content.decode()
    assert 'id="comment-form"' not in page


def test_renaming_a_section_changes_every_cached_header(client):
    section = make_section(name="Kurdistan", slug="kurdistan")
    article = make_article(section=section)
    for url in ("/", article.get_absolute_url()):
        client.get(url)
    section.name = "Kurdistan Region"
    section.save()
    for url in ("/", article.get_absolute_url()):
        assert "Kurdistan Region</a>" in client.get(url).content.decode(), url
