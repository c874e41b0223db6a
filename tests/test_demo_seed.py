"""seed_demo: idempotent demo content, logins that work, and no demo logins in production."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Author, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_settings(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    # Hashing speed is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return settings


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output):
    match = re.search(r"Demo logins: editor / (\S+) · moderator / (\S+) · admin / (\S+)", output)
    assert match, output
    assert len(set(match.groups())) == 1
    return match.group(1)


def test_seed_demo_builds_a_newsroom_once_however_often_it_runs(demo_settings):
    seed()
    counts = (Section.objects.count(), Author.objects.count(), Article.objects.count())
    seed()
    assert (Section.objects.count(), Author.objects.count(), Article.objects.count()) == counts
    assert counts[0] == 6
    assert Article.objects.published().count() >= 12
    assert Article.objects.drafts().count() == 2
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.filter(comments_open=False).count() == 1


def test_seed_article_is_published_without_its_repeated_paragraphs(demo_settings, client):
    seed()
    article = Article.objects.get(dateline="ERBIL, Kurdistan Region", headline__contains="Raqqa")
    assert article.is_published()
    assert article.body.count("We are ready to coordinate our actions") == 1
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "ERBIL, Kurdistan Region" in response.content.decode()


def signs_in(client, username, password) -> bool:
    """Sign in through the admin's login form, as a person does (django-axes watches it)."""
    client.logout()
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return response.status_code == 302


def test_printed_logins_work_and_a_rerun_prints_new_working_ones(demo_settings, client):
    first = printed_password(seed())
    assert signs_in(client, "editor", first)
    assert client.get("/admin/articles/article/").status_code == 200
    second = printed_password(seed())
    assert second != first
    assert not signs_in(client, "admin", first)
    for username in ("editor", "moderator", "admin"):
        assert signs_in(client, username, second), username
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    editor = User.objects.get(username="editor")
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    moderator = User.objects.get(username="moderator")
    assert moderator.is_staff and not moderator.has_perm("articles.change_article")


def test_demo_password_from_the_environment_is_used(demo_settings, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "long-demo-password-42")
    output = seed()
    assert printed_password(output) == "long-demo-password-42"
    assert signs_in(client, "moderator", "long-demo-password-42")


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        seed()
    assert not Article.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_runs_in_production_only_when_asked(settings, tmp_path, monkeypatch):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "long-demo-password-42")
    seed("--allow-production")
    assert Article.objects.published().exists()


def test_benchmark_articles_are_bulk_made_and_idempotent(demo_settings, client):
    seed("--articles", "25")
    assert Article.objects.filter(slug__startswith="bench-").count() == 25
    output = seed("--articles", "30")
    assert "5 created, 25 already there" in output
    bench = Article.objects.filter(slug__startswith="bench-")
    assert bench.count() == 30
    assert all(article.is_published() for article in bench)
    assert client.get(bench.first().get_absolute_url()).status_code == 200
    assert all(len(a.byline_authors) == 1 for a in bench.with_byline())


def test_negative_sizes_are_refused(demo_settings):
    with pytest.raises(CommandError):
        seed("--articles", "-1")
