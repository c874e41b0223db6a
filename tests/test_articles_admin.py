"""The back office through its URLs: the article form, actions, preview and the Editors group."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag, make_user
from tests.test_articles_sanitize import SEED_BODY

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"


@pytest.fixture
def editor(client, password):
    user = make_user("editor", groups=["Editors"], is_staff=True, password=password)
    client.force_login(user)
    return user


def article_form(section, author=None, **overrides):
    data = {
        "headline": "Erbil opens a new library",
        "slug": "erbil-opens-a-new-library",
        "standfirst": "The city's biggest library opens its doors.",
        "dateline": "ERBIL, Kurdistan Region",
        "body": "<p>The library opened on Monday.</p><p>It holds forty thousand books.</p>",
        "section": str(section.pk),
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        "comments_close_at_0": "",
        "comments_close_at_1": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": str(author.pk) if author else "",
        "bylines-0-position": "0",
    }
    data.update(overrides)
    return data


def test_editors_group_has_exactly_the_article_permissions_and_no_comment_ones():
    permissions = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="Editors").permissions.select_related("content_type")
    }
    assert "articles.change_article" in permissions
    assert "articles.preview_article" in permissions
    assert "articles.delete_section" in permissions
    assert "articles.add_byline" in permissions
    assert not [p for p in permissions if not p.startswith("articles.")]


def test_editor_cannot_reach_the_comments_admin(client, editor):
    assert not [p for p in editor.get_all_permissions() if p.startswith("comments.")]
    index = client.get("/admin/").content.decode()
    assert "/admin/articles/article/" in index
    assert "/admin/comments/" not in index
    assert client.get("/admin/comments/").status_code == 404
    assert client.get("/admin/comments/comment/").status_code in (403, 404)


def test_reader_without_staff_cannot_reach_the_article_admin(client):
    client.force_login(make_user())
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_adds_an_article_with_a_byline(client, editor):
    section, author = make_section(), make_author()
    response = client.post(ADD_URL, article_form(section, author))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="erbil-opens-a-new-library")
    assert article.byline_authors == [author]
    assert article.status == Article.Status.DRAFT


def test_admin_form_refuses_the_seed_body_naming_both_paragraphs(client, editor):
    section = make_section()
    response = client.post(ADD_URL, article_form(section, body=SEED_BODY))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paragraph 6 repeats paragraph 2 (“&quot;We are ready to coordinate our…”)." in html
    assert "Paragraph 9 repeats paragraph 5 (“Russia stepped up its bombings of…”)." in html
    assert not Article.objects.exists()


def test_admin_form_refuses_a_body_with_nothing_left_after_sanitising(client, editor):
    response = client.post(
        ADD_URL, article_form(make_section(), body="<script>alert(1)</script><style>p{}</style>")
    )
    assert response.status_code == 200
    assert "The body is empty once the HTML that is not allowed is removed." in (
        response.content.decode()
    )
    assert not Article.objects.exists()


def test_admin_stores_the_sanitised_body_and_tells_the_editor_what_was_removed(client, editor):
    body = '<p onclick="steal()">Kept text.<script>alert(1)</script></p>'
    response = client.post(ADD_URL, article_form(make_section(), body=body), follow=True)
    assert response.status_code == 200
    assert Article.objects.get().body == "<p>Kept text.</p>"
    html = response.content.decode()
    assert "HTML that articles may not contain was removed from the body" in html
    assert "&lt;script&gt;" in html


def test_publish_now_action_makes_drafts_and_scheduled_articles_live(client, editor):
    section = make_section()
    draft = make_article(section=section, status=Article.Status.DRAFT)
    scheduled = make_article(section=section, published_at=timezone.now() + timedelta(days=1))
    live = make_article(section=section, published_at=timezone.now() - timedelta(days=3))
    live_time = Article.objects.get(pk=live.pk).published_at
    response = client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, live.pk]},
        follow=True,
    )
    assert "2 articles are now live." in response.content.decode()
    assert set(Article.objects.published().values_list("pk", flat=True)) == {
        draft.pk,
        scheduled.pk,
        live.pk,
    }
    assert Article.objects.get(pk=live.pk).published_at == live_time
    assert Article.objects.get(pk=draft.pk).comments_close_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublish_action_takes_articles_off_the_site(client, editor):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    response = client.post(
        CHANGELIST_URL, {"action": "unpublish", "_selected_action": [article.pk]}, follow=True
    )
    assert "1 article was taken back to draft." in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_moderators_cannot_publish_or_change_articles(client):
    moderator = make_user("mod", groups=["Moderators"], is_staff=True)
    client.force_login(moderator)
    draft = make_article(status=Article.Status.DRAFT)
    response = client.post(
        CHANGELIST_URL, {"action": "publish_now", "_selected_action": [draft.pk]}
    )
    assert response.status_code in (200, 302, 403)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    change = client.post(f"/admin/articles/article/{draft.pk}/change/", {"headline": "Changed"})
    assert change.status_code == 403
    assert client.get(ADD_URL).status_code == 403


def test_changelist_filters_by_visibility(client, editor):
    make_article(headline="Live story")
    make_article(headline="Future story", published_at=timezone.now() + timedelta(hours=2))
    make_article(headline="Draft story", status=Article.Status.DRAFT)
    html = client.get(CHANGELIST_URL + "?visibility=scheduled").content.decode()
    assert "Future story" in html
    assert "Live story" not in html and "Draft story" not in html
    html = client.get(CHANGELIST_URL + "?visibility=live").content.decode()
    assert "Live story" in html and "Future story" not in html


def test_changelist_shows_byline_and_visibility_and_has_view_on_site(client, editor):
    author = make_author(name="Avin Hasan")
    article = make_article(authors=[author], headline="A live story")
    html = client.get(CHANGELIST_URL).content.decode()
    assert "Avin Hasan" in html and "Live" in html
    change = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "View on site" in change


def test_changelist_runs_in_constant_queries(client, editor, django_assert_max_num_queries):
    section, author, tag = make_section(), make_author(), make_tag()
    make_article(section=section, authors=[author], tags=[tag])
    with CaptureQueriesContext(connection) as one:
        assert client.get(CHANGELIST_URL).status_code == 200
    for _ in range(29):
        make_article(section=section, authors=[author, make_author()], tags=[tag])
    with django_assert_max_num_queries(len(one)):
        assert client.get(CHANGELIST_URL).status_code == 200


def test_preview_shows_a_draft_to_an_editor(client, editor):
    draft = make_article(status=Article.Status.DRAFT, headline="Unreleased scoop")
    response = client.get(reverse("articles:preview", kwargs={"slug": draft.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unreleased scoop" in html
    assert "Preview of a draft" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_preview_is_404_for_logged_in_readers_and_staff_without_permission(client):
    draft = make_article(status=Article.Status.DRAFT)
    url = reverse("articles:preview", kwargs={"slug": draft.slug})
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(make_user(is_staff=True))
    assert client.get(url).status_code == 404


def test_preview_sends_anonymous_visitors_to_log_in(client):
    draft = make_article(status=Article.Status.DRAFT, headline="Unreleased scoop")
    response = client.get(reverse("articles:preview", kwargs={"slug": draft.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "Unreleased scoop" not in response.content.decode()


def header_of(html):
    return html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_section_admin_change_updates_the_header_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    section = make_section(name="Iraq", slug="iraq")
    assert ">Iraq<" in header_of(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/articles/section/{section.pk}/change/",
            {"name": "Iraq and Syria", "slug": "iraq", "description": "", "order": "0"},
        )
    assert response.status_code == 302
    assert ">Iraq and Syria<" in header_of(client.get("/").content.decode())
