"""Corrections and updates: the editors' public record under each article and on /corrections/.

Append-only like the decision log: the model refuses, and the database's
triggers (migration articles/0005_correction_append_only) refuse an UPDATE or
DELETE whatever sends it. The suite runs on SQLite and, in CI, on PostgreSQL.
"""

import json
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree  # noqa: S405 -- parses our own responses only

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction, CorrectionNeverEdited
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # Retiring cached pages runs on commit, which a test's transaction never
    # does; test_adding_a_correction_retires_cached_pages runs those hooks.
    settings.NEWSROOM_PAGE_CACHE = False


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def text_of(html):
    """The page's words as a reader reads them: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":")


def jsonld_of(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


@pytest.fixture
def editor(client):
    user = make_user("ed", groups=["Editors"], is_staff=True)
    client.force_login(user)
    return user


def correction_form(article, **notes):
    """The article's change form as the admin posts it, with ``notes`` as new corrections."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "body": article.body,
        "section": str(article.section_id),
        "status": article.status,
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "comments_open": "on",
        "comments_close_at_0": "",
        "comments_close_at_1": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": str(len(notes.get("new", []))),
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, text) in enumerate(notes.get("new", [])):
        data[f"corrections-{index}-kind"] = kind
        data[f"corrections-{index}-text"] = text
    return data


# --- The editor's side -------------------------------------------------------


def test_editor_publishes_a_correction_that_readers_see_under_the_article(client, editor):
    article = make_article(headline="Erbil water plant opens")
    reader_url = article.get_absolute_url()
    assert "Corrections and updates" not in client.get(reader_url).content.decode()

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        correction_form(
            article, new=[("correction", "An earlier version said the plant opened in May.")]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = Correction.objects.get()
    assert note.editor == editor and note.editor_name == "ed"

    client.logout()
    html = client.get(reader_url).content.decode()
    when = timezone.localtime(note.created_at)
    assert f"Correction, {when.day} {when:%b %Y}: An earlier version said" in text_of(html)
    assert f'id="correction-{note.pk}"' in html
    assert '<a href="#corrections">What changed</a>' in html


def test_correction_is_refused_on_an_article_readers_cannot_see(client, editor):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=2))
    for article in (draft, scheduled):
        response = client.post(
            "/admin/articles/correction/add/",
            {"article": str(article.pk), "kind": "correction", "text": "Not yet, surely."},
        )
        assert response.status_code == 200
        assert "only be added to a published article" in response.content.decode()
    assert not Correction.objects.exists()


def test_editor_adds_a_note_from_the_corrections_list_too(client, editor):
    article = make_article()
    response = client.post(
        "/admin/articles/correction/add/",
        {"article": str(article.pk), "kind": "update", "text": "The minister has since replied."},
    )
    assert response.status_code == 302
    assert Correction.objects.get().kind == Correction.Kind.UPDATE


def test_editors_may_add_and_read_corrections_but_never_change_or_delete_them(client, editor):
    note = Correction.objects.create(article=make_article(), text="Right the first time.")
    change_url = f"/admin/articles/correction/{note.pk}/change/"
    assert client.get(change_url).status_code == 200  # shown read-only
    client.post(change_url, {"article": note.article_id, "kind": "update", "text": "Rewritten"})
    assert (
        client.post(f"/admin/articles/correction/{note.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    note.refresh_from_db()
    assert note.text == "Right the first time." and note.kind == "correction"
    html = client.get(f"/admin/articles/article/{note.article_id}/change/").content.decode()
    assert "Right the first time." in html
    assert 'name="corrections-0-text"' not in html  # the stored note is not a form field


def test_moderators_cannot_add_corrections(client, moderator):
    assert client.get("/admin/articles/correction/add/").status_code == 403


def test_an_article_with_corrections_cannot_be_deleted(editor, client):
    note = Correction.objects.create(article=make_article(), text="A note.")
    response = client.post(f"/admin/articles/article/{note.article_id}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the admin says what protects it
    assert Article.objects.filter(pk=note.article_id).exists()


# --- The record is append-only: the model and the database ------------------------


def test_model_refuses_to_change_or_delete_a_correction():
    note = Correction.objects.create(article=make_article(), text="First words.")
    note.text = "Other words."
    with pytest.raises(CorrectionNeverEdited):
        note.save()
    with pytest.raises(CorrectionNeverEdited):
        note.delete()
    assert Correction.objects.get().text == "First words."


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("text", "Rewritten after the fact"),
        ("kind", "update"),
        ("created_at", "2020-01-01 00:00:00"),
        ("editor_name", "someone else"),
    ],
)
def test_database_refuses_update_of_a_correction(column, value):
    note = Correction.objects.create(article=make_article(), text="As published.")
    with pytest.raises(IntegrityError):
        raw(f"UPDATE articles_correction SET {column} = %s WHERE id = %s", [value, note.pk])  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.filter(pk=note.pk).update(text="Through the queryset")
    assert Correction.objects.get().text == "As published."


def test_database_refuses_moving_a_correction_to_another_article():
    note = Correction.objects.create(article=make_article(), text="As published.")
    other = make_article()
    with pytest.raises(IntegrityError):
        raw("UPDATE articles_correction SET article_id = %s WHERE id = %s", [other.pk, note.pk])


def test_database_refuses_delete_of_a_correction():
    note = Correction.objects.create(article=make_article(), text="As published.")
    with pytest.raises(IntegrityError):
        raw("DELETE FROM articles_correction WHERE id = %s", [note.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.filter(pk=note.pk).delete()
    assert Correction.objects.filter(pk=note.pk).exists()


def test_deleting_an_editors_account_keeps_their_corrections_and_name():
    user = make_user("leaving", is_staff=True)
    note = Correction.objects.create(article=make_article(), text="A note.", editor=user)
    get_user_model().objects.filter(pk=user.pk).delete()
    note = Correction.objects.get(pk=note.pk)
    assert note.editor is None and note.editor_name == "leaving"
    with pytest.raises(IntegrityError):
        raw(
            "UPDATE articles_correction SET editor_id = %s WHERE id = %s", [make_user().pk, note.pk]
        )


@pytest.mark.django_db(transaction=True)
def test_flush_between_transactional_tests_may_empty_the_record():
    # This test's teardown flushes the database: on SQLite a DELETE that the
    # trigger lets through only for flush. A refusal would error the teardown.
    Correction.objects.create(article=make_article(), text="Flushed with the rest.")


# --- What readers see ----------------------------------------------------------


def test_notes_are_shown_oldest_first_and_dated(client):
    article = make_article()
    first = Correction.objects.create(
        article=article,
        text="An earlier version misspelt the minister's name.",
        created_at=datetime(2026, 12, 4, 9, 0, tzinfo=timezone.get_current_timezone()),
    )
    Correction.objects.create(
        article=article,
        kind=Correction.Kind.UPDATE,
        text="Adds the reply.",
        created_at=first.created_at + timedelta(hours=5),
    )
    text = text_of(client.get(article.get_absolute_url()).content.decode())
    correction = text.index("Correction, 4 Dec 2026: An earlier version misspelt")
    update = text.index("Update, 4 Dec 2026: Adds the reply.")
    assert correction < update


def test_date_modified_and_jsonld_follow_the_latest_note(client):
    article = make_article(published_at=timezone.now() - timedelta(days=2))
    Article.objects.filter(pk=article.pk).update(
        created_at=article.published_at, updated_at=article.published_at
    )
    before = jsonld_of(client.get(article.get_absolute_url()).content.decode())
    assert before["dateModified"] == before["datePublished"]

    note = Correction.objects.create(article=article, text="Fixes a date.")
    html = client.get(article.get_absolute_url()).content.decode()
    data = jsonld_of(html)
    assert data["dateModified"] == timezone.localtime(note.created_at).isoformat()
    assert f'content="{timezone.localtime(note.created_at).isoformat()}"' in html  # og modified
    assert "Updated" in html


def test_adding_a_correction_retires_cached_pages(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE = True
    article = make_article()
    for url in (article.get_absolute_url(), "/corrections/", "/corrections/rss/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        Correction.objects.create(article=article, text="A correction readers must see.")
    for url in (article.get_absolute_url(), "/corrections/", "/corrections/rss/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "A correction readers must see." in response.content.decode(), url


def test_corrections_page_lists_published_articles_notes_newest_first(client):
    live = make_article(headline="Live story")
    draft = make_article(headline="Withdrawn story")
    older = Correction.objects.create(
        article=live, text="Older note.", created_at=timezone.now() - timedelta(days=1)
    )
    newer = Correction.objects.create(article=live, kind="update", text="Newer note.")
    Correction.objects.create(article=draft, text="Note on a withdrawn story.")
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)

    html = client.get("/corrections/").content.decode()
    assert html.index("Newer note.") < html.index("Older note.")
    assert "Withdrawn story" not in html and "withdrawn story" not in html
    assert newer.get_absolute_url() in html and older.get_absolute_url() in html
    assert 'href="/corrections/rss/"' in html


def test_corrections_feed_lists_the_notes_newest_first(client):
    article = make_article(headline="Dam levels fall")
    Correction.objects.create(
        article=article, text="Older.", created_at=timezone.now() - timedelta(hours=3)
    )
    Correction.objects.create(article=article, kind="update", text="Newer.")
    response = client.get("/corrections/rss/")
    assert response.status_code == 200
    items = ElementTree.fromstring(response.content).findall("./channel/item")  # noqa: S314
    assert [item.findtext("description") for item in items] == ["Newer.", "Older."]
    assert items[0].findtext("title") == "Update: Dam levels fall"
    assert items[0].findtext("link").startswith("http://testserver/articles/")


@override_settings(ARTICLES_PER_PAGE=2)
def test_corrections_page_is_paginated_and_a_bad_page_is_404(client):
    article = make_article()
    for n in range(3):
        Correction.objects.create(article=article, text=f"Note {n}.")
    assert client.get("/corrections/?page=2").status_code == 200
    assert client.get("/corrections/?page=9").status_code == 404
    assert client.get("/corrections/?page=x").status_code == 404


def test_article_page_queries_do_not_grow_with_its_notes(client, django_assert_num_queries):
    article = make_article()
    Correction.objects.create(article=article, text="One.")
    client.get(article.get_absolute_url())  # the header's section list is cached now
    with CaptureQueriesContext(connection) as one:
        client.get(article.get_absolute_url())
    for n in range(5):
        Correction.objects.create(article=article, text=f"More {n}.")
    with django_assert_num_queries(len(one)):
        client.get(article.get_absolute_url())
