"""Screenshots of the pages people look at, for review and for the README.

`make screenshots` runs only these; they also run with the rest of the suite,
so a page that stops rendering fails CI rather than going unnoticed.
"""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import SCREENSHOTS, login

pytestmark = pytest.mark.django_db(transaction=True)

PDFTOPPM = shutil.which("pdftoppm")


def print_preview(page, name):
    """The page as it prints (A4 PDF), its pages side by side in one PNG (poppler-utils)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4")
    stem = SCREENSHOTS / f"{name}-page"
    subprocess.run([PDFTOPPM, "-png", "-r", "60", str(pdf), str(stem)], check=True)
    pages = sorted(SCREENSHOTS.glob(f"{name}-page*.png"))
    assert 1 <= len(pages) <= 2, f"the article prints on {len(pages)} pages"
    pictures = [Image.open(path) for path in pages]
    sheet = Image.new(
        "RGB",
        (sum(p.width for p in pictures) + 20 * len(pictures), pictures[0].height + 20),
        (200, 200, 200),
    )
    x = 10
    for picture in pictures:
        sheet.paste(picture, (x, 10))
        x += picture.width + 20
    sheet.save(SCREENSHOTS / f"{name}.png")
    for path in [pdf, *pages]:
        path.unlink()


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
    wide.locator("#comment-form [name=body]").fill("The figures in the third paragraph")
    with wide.expect_navigation():
        wide.locator("#comment-form [type=submit]").click()
    expect(wide.locator("#comment-errors")).to_be_focused()
    # What the reader sees on coming back: the page itself brings the summary into view.
    wide.screenshot(path=str(_path("comment-form-error")), full_page=False)

    corrected = new_page(1280, 900)
    corrected.goto(demo.get_absolute_url() + "#corrections")
    expect(corrected.locator("#corrections")).to_contain_text("Correction,")
    corrected.locator("#corrections").scroll_into_view_if_needed()
    corrected.screenshot(path=str(SCREENSHOTS / "article-corrections.png"))

    dark = new_page(375, 812)
    dark.emulate_media(color_scheme="dark")
    dark.goto(demo.get_absolute_url())
    screenshot(dark, "article-dark-375")

    moderator = new_page(1280, 900)
    login(moderator, "moderator", password)
    moderator.goto("/admin/comments/comment/?order=risk")
    expect(moderator.locator("mark").first).to_be_visible()  # evidence highlighted
    # The first screen: the demo's queue is a shift long, too tall for one picture.
    moderator.screenshot(path=str(_path("moderation-queue")), full_page=False)

    # Last, so that a machine without poppler-utils still has the rest; CI
    # (NEWSROOM_REQUIRE_BROWSER=1) counts this skip as a failure.
    if PDFTOPPM is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils (.ci/run installs it)")
    printed = new_page(1280, 900)
    printed.goto(demo.get_absolute_url())
    print_preview(printed, "article-print")


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


def test_screenshots_of_the_sorani_and_arabic_editions(new_page, screenshot, editions, password):
    call_command("seed_demo", allow_production=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for code in ("ckb", "ar"):
        article = (
            Article.objects.published()
            .in_edition(code)
            .exclude(translation_of=None)
            .annotate(approved=Count("comments", filter=Q(comments__status="approved")))
            .order_by("-approved")
            .first()
        )
        for width in (1280, 375):
            page = new_page(width, 900 if width > 400 else 812)
            page.goto(f"/{code}/")
            expect(page.locator("html")).to_have_attribute("lang", code)
            screenshot(page, f"{code}-home-{width}")
            page.goto(article.get_absolute_url())
            expect(page.locator(".article__editions")).to_be_visible()
            screenshot(page, f"{code}-article-{width}")
