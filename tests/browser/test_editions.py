"""Sorani and Arabic editions in a browser: the comment journey, axe, the RTL queue."""

import re

import pytest
from playwright.sync_api import expect

from comments import moderation
from comments.models import Comment
from tests.browser.conftest import login
from tests.browser.test_accessibility import blocking_violations
from tests.browser.test_journeys import post_comment
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True)

STORIES = {
    "ckb": ("ckb-kurdistan", "کوردستان", "کتێبخانەی نوێی هەولێر دەکرێتەوە", "کتێبخانەیەکی باشە."),
    "ar": ("ar-kurdistan", "كردستان", "أربيل تفتتح مكتبتها العامة الجديدة", "مكتبة رائعة حقاً."),
}


@pytest.mark.parametrize("code", ["ckb", "ar"])
def test_reader_posts_a_comment_in_the_edition_and_pages_stay_axe_clean(new_page, editions, code):
    slug, section_name, headline, body = STORIES[code]
    section = make_section(name=section_name, slug=slug, language=code)
    article = make_article(headline=headline, section=section, language=code)

    reader = new_page()
    reader.goto(f"/{code}/")
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    failures = {"home": blocking_violations(reader)}
    reader.get_by_role("navigation").get_by_role("link", name=section_name).click()
    expect(reader).to_have_url(re.compile(rf"/{code}/sections/{slug}/$"))
    reader.get_by_role("link", name=headline).first.click()
    expect(reader).to_have_url(re.compile(rf"/{code}/articles/{article.slug}/$"))
    failures["article"] = blocking_violations(reader)

    # Guidelines unticked: errors, then the comment goes in.
    post_comment(reader, name="شیرین", email="shirin@example.org", body=body, accept=False)
    expect(reader.locator("#comment-form .invalid-feedback").first).to_be_visible()
    failures["form with errors"] = blocking_violations(reader)
    reader.locator("#comment-form [name=accept_guidelines]").check()
    with reader.expect_navigation():
        reader.locator("#comment-form [type=submit]").click()
    expect(reader).to_have_url(re.compile(rf"/{code}/articles/{article.slug}/"))
    expect(reader.get_by_text(body)).to_be_visible()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert Comment.objects.in_edition(code).get() == comment
    assert failures == {key: [] for key in failures}


def _fits(page, width):
    """Every cell of the queue lies within the screen: nothing clipped or off to one side."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.eval_on_selector_all(
        "#result_list tbody td, #result_list tbody th",
        "cells => cells.map(c => { const r = c.getBoundingClientRect(); "
        "return [c.className, r.left, r.right]; })",
    )
    assert boxes
    for name, left, right in boxes:
        assert left >= -1 and right <= width + 1, (name, left, right)


@pytest.mark.parametrize("code", ["ckb", "ar"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_queue_in_rtl_keeps_every_column_on_screen(new_page, editions, password, code, width):
    slug, section_name, headline, body = STORIES[code]
    article = make_article(
        headline=headline,
        language=code,
        section=make_section(name=section_name, slug=slug, language=code),
    )
    for text in (body, "تۆ گەمژەیت " * 3 + body * 6):
        comment = make_comment(article, body=text)
        moderation.screen_comment(comment)
        Comment.objects.filter(pk=comment.pk).update(flags=comment.flags, risk=comment.risk)
    make_user("mod", password=password, is_staff=True, groups=["Moderators"])
    page = new_page(width, 900 if width > 400 else 812)
    login(page, "mod", password)
    # The staff language picker: the admin follows it, right to left.
    page.select_option("#staff-language", code)
    with page.expect_navigation():
        page.locator(".staff-language button").click()
    page.goto("/admin/comments/comment/?status=pending")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".flag-coverage").first).to_be_visible()
    _fits(page, width)
