"""Screenshots of the pages people look at, for review and for the README.

`make screenshots` runs only these; they also run with the rest of the suite,
so a page that stops rendering fails CI rather than going unnoticed.
"""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import SCREENSHOTS, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(monkeypatch, password):
    monkeypatch.setenv("DEMO_PASSWORD", password)
    call_command("seed_demo", allow_production=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return (
        Article.objects.published()
        .annotate(approved=Count("comments", filter=Q(comments__status="approved")))
        .order_by("-approved")
        .first()
    )


def test_screenshots(new_page, screenshot, demo, password):
    assert demo.approved > 0, "the demo content should have an article with comments"
    wide = new_page(1280, 900)
    wide.goto("/")
    screenshot(wide, "home")

    wide.goto(demo.get_absolute_url())
    expect(wide.locator("#comment-form")).to_be_visible()
    screenshot(wide, "article-1280")

    narrow = new_page(375, 812)
    narrow.goto(demo.get_absolute_url())
    screenshot(narrow, "article-375")

    wide.locator("#comment-form [name=author_name]").fill("Reader")
    with wide.expect_navigation():
        wide.locator("#comment-form [type=submit]").click()
    expect(wide.locator("#comment-form .invalid-feedback").first).to_be_visible()
    wide.locator("#comment-form").scroll_into_view_if_needed()
    screenshot(wide, "comment-form-error")

    moderator = new_page(1280, 900)
    login(moderator, "moderator", password)
    moderator.goto("/admin/comments/comment/?order=risk")
    expect(moderator.locator("mark").first).to_be_visible()  # evidence highlighted
    screenshot(moderator, "moderation-queue")


def test_screenshots_of_the_moderation_desk(new_page, screenshot, demo, password):
    for width, name in ((1280, "focus-mode-1280"), (375, "focus-mode-375")):
        page = new_page(width, 900 if width > 400 else 812)
        login(page, "moderator", password)
        page.goto("/admin/comments/comment/?status=pending&section=all")
        expect(page.locator("#result_list tbody tr.is-current")).to_have_count(1)
        # The first screen, as the moderator sees it on opening the queue.
        page.screenshot(path=str(_path(name)), full_page=False)
    reader = new_page(1280, 900)
    reader.goto("/transparency/")
    expect(reader.locator("h1")).to_be_visible()
    screenshot(reader, "transparency")


def _path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
