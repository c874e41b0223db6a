"""Readers report errors in an article; the editors, not the moderators, answer in the admin."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from articles.models import Article, ErrorReport
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(headline="Dam levels fall to a record low")


def report_url(article):
    return f"/articles/{article.slug}/report-error/"


def test_every_article_links_to_its_report_form(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{report_url(article)}"' in html
    assert "Report an error in this article" in html


def test_reader_reports_an_error_and_is_thanked_on_the_article(client, article):
    form = client.get(report_url(article))
    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    assert "private" in form["Cache-Control"] and "no-store" in form["Cache-Control"]

    response = client.post(
        report_url(article),
        {"description": "The dam is in Duhok, not Dukan.", "email": " Reader@Example.org "},
        follow=True,
    )
    assert response.redirect_chain == [(article.get_absolute_url(), 303)]
    assert "Your report has reached the editors" in response.content.decode()
    report = ErrorReport.objects.get()
    assert report.article == article
    assert report.description == "The dam is in Duhok, not Dukan."
    assert report.reporter_email == "reader@example.org"
    assert report.status == ErrorReport.Status.NEW


def test_the_e_mail_is_optional(client, article):
    client.post(report_url(article), {"description": "A typo in the second paragraph."})
    assert ErrorReport.objects.get().reporter_email == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": ""}, "Please say what is wrong in the article."),
        ({"description": "   \u202e  "}, "Please say what is wrong in the article."),
        ({"description": "x" * 2001}, "at most 2000 characters"),
        ({"description": "Wrong date.", "email": "not an address"}, "valid email address"),
        ({"description": "Null \x00 byte"}, "Null characters are not allowed."),
        ({"description": "Wrong date.", "website": "http://spam.example"}, "must be left empty"),
    ],
)
def test_bad_input_is_a_form_error_with_a_summary_never_a_500(client, article, data, message):
    response = client.post(report_url(article), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html and 'role="alert"' in html
    assert "<title>Error: Report an error" in html
    assert 'aria-invalid="true"' in html
    assert not ErrorReport.objects.exists()


def test_what_the_reader_typed_is_kept_when_the_form_comes_back(client, article):
    response = client.post(
        report_url(article), {"description": "Kept words.", "email": "not an address"}
    )
    assert "Kept words.</textarea>" in response.content.decode()


def test_report_without_a_csrf_token_is_refused():
    article = make_article()
    response = Client(enforce_csrf_checks=True).post(
        report_url(article), {"description": "No token."}
    )
    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


def test_report_with_the_token_from_the_form_is_accepted():
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    browser.get(report_url(article))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        report_url(article), {"description": "With a token.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 303


def test_articles_readers_cannot_see_cannot_be_reported(client):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(report_url(draft)).status_code == 404
    assert client.post(report_url(draft), {"description": "Hm."}).status_code == 404
    assert client.get("/articles/no-such-story/report-error/").status_code == 404


def test_reports_are_rate_limited_per_address(client, article, settings):
    settings.ARTICLES_REPORT_RATE_LIMIT = "2/1h"
    for n in range(2):
        assert client.post(report_url(article), {"description": f"Error {n}."}).status_code == 303
    refused = client.post(report_url(article), {"description": "One too many."})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Please try again in 60 minutes." in refused.content.decode()
    assert ErrorReport.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(report_url(article), {"description": "Elsewhere."}).status_code == 303


def test_rate_limit_off_lets_every_report_through(client, article, settings):
    settings.ARTICLES_REPORT_RATE_LIMIT = "off"
    for n in range(5):
        assert client.post(report_url(article), {"description": f"Error {n}."}).status_code == 303


# --- The editors' side -----------------------------------------------------------


def test_editors_read_reports_and_record_their_answer(client, article):
    editor = make_user("ed", groups=["Editors"], is_staff=True)
    client.force_login(editor)
    report = ErrorReport.objects.create(article=article, description="Wrong river named.")
    listing = client.get("/admin/articles/errorreport/")
    assert listing.status_code == 200
    assert "Wrong river named." in listing.content.decode()

    url = f"/admin/articles/errorreport/{report.pk}/change/"
    response = client.post(url, {"status": "corrected", "answer": ""})
    assert response.status_code == 200
    assert "Write the answer before closing the report." in response.content.decode()

    response = client.post(
        url, {"status": "corrected", "answer": "Checked with the ministry; correction added."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.CORRECTED
    assert report.answer == "Checked with the ministry; correction added."
    assert report.answered_by == editor and report.answered_at is not None
    # What the reader wrote is on record as they wrote it.
    client.post(url, {"status": "corrected", "answer": "Again.", "description": "Rewritten"})
    report.refresh_from_db()
    assert report.description == "Wrong river named."


def test_editors_cannot_delete_reports_nor_invent_them(client, article):
    client.force_login(make_user("ed", groups=["Editors"], is_staff=True))
    report = ErrorReport.objects.create(article=article, description="Typo.")
    assert client.get("/admin/articles/errorreport/add/").status_code == 403
    assert (
        client.post(f"/admin/articles/errorreport/{report.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_moderators_never_see_error_reports(client, moderator, article):
    ErrorReport.objects.create(article=article, description="Typo.")
    assert client.get("/admin/articles/errorreport/").status_code == 403
    assert "errorreport" not in client.get("/admin/").content.decode()


def test_database_refuses_a_closed_report_without_an_answer(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        ErrorReport.objects.create(article=article, description="Typo.", status="no_change")


def test_a_report_that_fits_the_box_fits_the_limit(client, article):
    limit = ErrorReport._meta.get_field("description").max_length
    typed = ("x" * 98 + "\n") * (limit // 99) + "y" * (limit % 99)
    assert len(typed) == limit
    response = client.post(report_url(article), {"description": typed.replace("\n", "\r\n")})
    assert response.status_code == 303
    assert ErrorReport.objects.get().description == typed.strip()
