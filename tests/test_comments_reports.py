"""Readers report a published comment; moderators keep it or remove it under a clause, logged."""

import pytest

from comments.models import Comment, Decision, Report
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

REPORTED = "/admin/comments/reportedcomment/"


def report_url(comment):
    return f"/comments/{comment.pk}/report/"


def report(client, comment, reason="abuse", ip="198.51.100.7"):
    return client.post(report_url(comment), {"reason": reason}, REMOTE_ADDR=ip)


def test_each_published_comment_has_a_report_link_that_works_without_javascript(client):
    article = make_article()
    comment = make_comment(article, status="approved")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{report_url(comment)}"' in html
    form = client.get(report_url(comment)).content.decode()
    assert 'name="reason"' in form and "csrfmiddlewaretoken" in form
    assert report(client, comment).status_code == 200
    assert Report.objects.get().reason == "abuse"


def test_pending_or_rejected_comments_cannot_be_reported(client):
    assert client.get(report_url(make_comment())).status_code == 404
    assert report(client, make_comment(status="rejected", reason="abuse")).status_code == 404


def test_a_reader_reports_a_comment_once(client):
    comment = make_comment(status="approved")
    assert report(client, comment).status_code == 200
    again = report(client, comment, reason="threat")
    assert again.status_code == 409
    assert "already reported" in again.content.decode()
    assert Report.objects.count() == 1
    assert report(client, comment, ip="198.51.100.8").status_code == 200


def test_report_without_a_clause_is_a_form_error(client):
    response = report(client, make_comment(status="approved"), reason="nonsense")
    assert response.status_code == 400
    assert "Choose the guideline" in response.content.decode()
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_address(client, settings):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    comments = [make_comment(status="approved") for _ in range(3)]
    assert report(client, comments[0]).status_code == 200
    assert report(client, comments[1]).status_code == 200
    assert report(client, comments[2]).status_code == 429
    assert Report.objects.count() == 2


def test_reporting_never_stores_or_reveals_who_reported(client, moderator):
    comment = make_comment(status="approved")
    report(client, comment, ip="203.0.113.99")
    stored = Report.objects.get()
    assert "203.0.113.99" not in stored.reporter
    html = client.get(REPORTED).content.decode()
    assert "203.0.113.99" not in html and stored.reporter not in html


def test_reported_queue_groups_reports_per_comment_with_count_and_clauses(client, moderator):
    comment = make_comment(status="approved", body="Reported words")
    for n, reason in enumerate(["abuse", "abuse", "threat"]):
        report(client, comment, reason=reason, ip=f"198.51.100.{n + 1}")
    html = client.get(REPORTED).content.decode()
    assert html.count("Reported words") == 1
    assert "Abuse ×2" in html and "Threat ×1" in html


def test_keeping_a_reported_comment_is_logged_with_a_note(client, moderator):
    comment = make_comment(status="approved")
    report(client, comment)
    response = client.post(f"{REPORTED}{comment.pk}/keep/", {f"note-{comment.pk}": "Fair point."})
    assert response.status_code == 302
    decision = Decision.objects.get(comment=comment)
    assert (decision.decision, decision.note) == ("keep", "Fair point.")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert Report.objects.get().outcome == "kept"
    assert comment.body not in client.get(REPORTED).content.decode()


def test_removing_a_reported_comment_logs_the_clause_and_never_edits_its_text(client, moderator):
    article = make_article()
    comment = make_comment(article, status="approved", body="Words as written")
    report(client, comment)
    client.post(
        f"{REPORTED}{comment.pk}/remove/",
        {f"note-{comment.pk}": "Readers were right.", f"reason-{comment.pk}": "abuse"},
    )
    decision = Decision.objects.get(comment=comment)
    assert (decision.decision, decision.reason, decision.previous_status) == (
        "reject",
        "abuse",
        "approved",
    )
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.body == "Words as written" and stored.status == Comment.Status.REJECTED
    assert "Words as written" not in client.get(article.get_absolute_url()).content.decode()
    assert Report.objects.get().outcome == "removed"


def test_second_moderator_settling_the_same_reports_is_told_who_was_first(client, moderator):
    comment = make_comment(status="approved")
    report(client, comment)
    client.post(f"{REPORTED}{comment.pk}/keep/", {f"note-{comment.pk}": "ok"})
    response = client.post(
        f"{REPORTED}{comment.pk}/keep/", {f"note-{comment.pk}": "ok"}, follow=True
    )
    assert "was already approved by" in response.content.decode()
    assert Decision.objects.filter(comment=comment).count() == 1


def test_staff_without_moderation_rights_cannot_settle_reports(client):
    client.force_login(make_user("viewer", is_staff=True))
    comment = make_comment(status="approved")
    Report.objects.create(comment=comment, reason="abuse", reporter="x")
    response = client.post(f"{REPORTED}{comment.pk}/keep/", {f"note-{comment.pk}": "ok"})
    assert response.status_code in (302, 403)
    assert not Decision.objects.exists()


def test_a_report_opens_in_the_admin(client, moderator):
    comment = make_comment(status="approved")
    report(client, comment)
    client.force_login(moderator)
    filed = Report.objects.get()
    assert str(filed) == f"Report of comment {comment.pk}"
    for page in ("change", "history"):
        response = client.get(f"/admin/comments/report/{filed.pk}/{page}/")
        assert response.status_code == 200, page
        assert f"Report of comment {comment.pk}" in response.content.decode()
