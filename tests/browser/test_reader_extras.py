"""Corrections, error reports, print, dark mode, pictures and sharing, in a real browser."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from articles import images
from articles.models import Correction, ErrorReport
from tests.browser.test_accessibility import blocking_violations
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg(width=1200, height=675):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (90, 110, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile("river.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def corrected_article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(
        headline="Dam levels fall to a record low",
        hero_image=jpeg(),
        hero_alt="The dam from the north bank",
        hero_caption="The reservoir in November.",
        body="<p>The reservoir behind the dam holds less water than at any time since it was "
        "filled.</p>" * 6,
    )
    images.make_hero_renditions(article)
    Correction.objects.create(
        article=article, text="An earlier version said the dam was in Dukan. It is in Duhok."
    )
    return article


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_have_no_serious_axe_violations_in_either_scheme(
    new_page, corrected_article, scheme
):
    page = new_page()
    page.emulate_media(color_scheme=scheme)
    failures = {}
    for url in (
        "/",
        corrected_article.get_absolute_url(),
        "/corrections/",
        f"/articles/{corrected_article.slug}/report-error/",
    ):
        page.goto(url)
        failures[url] = blocking_violations(page)
    page.goto(f"/articles/{corrected_article.slug}/report-error/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the editors").click()
    failures["report form with errors"] = blocking_violations(page)
    assert failures == {key: [] for key in failures}


def test_dark_scheme_really_changes_the_page(new_page, corrected_article):
    page = new_page()
    page.goto(corrected_article.get_absolute_url())
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark
    assert dark == "rgb(21, 20, 18)"


def test_reader_reports_an_error_by_keyboard_and_fixes_a_mistake(new_page, corrected_article):
    page = new_page(375, 812)
    page.goto(corrected_article.get_absolute_url())
    page.get_by_role("link", name="Report an error in this article").click()
    expect(page).to_have_url(re.compile(r"/report-error/$"))
    page.get_by_label("Your e-mail (optional)").fill("not an address")
    with page.expect_navigation():
        page.get_by_label("Your e-mail (optional)").press("Enter")

    summary = page.locator("#report-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Your e-mail (optional)")).to_have_value("not an address")
    summary.get_by_role("link", name="Please say what is wrong in the article.").click()
    expect(page.get_by_label("What is wrong?")).to_be_focused()
    page.keyboard.type("The dam is in Duhok.")
    page.get_by_label("Your e-mail (optional)").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_text("Your report has reached the editors")).to_be_visible()
    assert ErrorReport.objects.get().description == "The dam is in Duhok."


def test_a_375px_article_downloads_no_picture_wider_than_twice_its_slot(
    new_page, corrected_article
):
    page = new_page(375, 812)
    page.goto(corrected_article.get_absolute_url())
    hero = page.locator(".article__hero img")
    expect(hero).to_be_visible()
    for _ in range(50):
        if page.evaluate("Array.from(document.images).every(i => i.complete)"):
            break
        page.wait_for_timeout(100)
    sizes = page.evaluate(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth)"
        ".map(i => [i.currentSrc, i.naturalWidth, i.clientWidth])"
    )
    assert sizes, "the hero picture should have loaded"
    for src, natural, shown in sizes:
        assert natural <= 2 * shown, (src, natural, shown)
    assert ".w480." in sizes[0][0]


def test_printing_keeps_the_story_and_its_corrections_and_drops_the_rest(
    new_page, corrected_article
):
    page = new_page()
    page.goto(corrected_article.get_absolute_url())
    page.emulate_media(media="print")
    for hidden in (".site-header", "#comments", ".share", ".article__report", ".site-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    for shown in (".article__headline", ".article__hero img", "#corrections", ".article__byline"):
        if page.locator(shown).count():
            expect(page.locator(shown).first).to_be_visible()
    expect(page.locator(".article__print-url")).to_have_text(
        re.compile(rf"/articles/{corrected_article.slug}/$")
    )
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, pages


def test_copy_link_puts_the_address_on_the_clipboard(browser, live_server, corrected_article):
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(corrected_article.get_absolute_url())
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".share__status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        corrected_article.get_absolute_url()
    )
    expect(page).to_have_url(re.compile(rf"/articles/{corrected_article.slug}/$"))
    context.close()
