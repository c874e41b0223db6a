"""axe-core on the pages readers use most, and the comment form by keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import login
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def article_with_comments():
    article = make_article(headline="Markets steady as talks continue")
    first = make_comment(
        article, author_name="Dilan", body="Useful summary, thank you.", status="approved"
    )
    make_comment(
        article, parent=first, author_name="هێمن", body="سوپاس بۆ ئەم ڕاپۆرتە", status="approved"
    )
    return article


def test_home_article_form_errors_and_guidelines_have_no_serious_violations(
    new_page, article_with_comments
):
    page = new_page()
    failures = {}
    for url in ("/", f"/articles/{article_with_comments.slug}/", "/community-guidelines/"):
        page.goto(url)
        failures[url] = blocking_violations(page)

    page.goto(f"/articles/{article_with_comments.slug}/")
    with page.expect_navigation():
        page.locator("#comment-form [type=submit]").click()
    expect(page.locator("#comment-form .invalid-feedback").first).to_be_visible()
    failures["comment form with errors"] = blocking_violations(page)

    assert failures == {key: [] for key in failures}


def tab_until(page, selector, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_comment_form_works_with_the_keyboard_alone(new_page, article_with_comments):
    page = new_page()
    page.goto(f"/articles/{article_with_comments.slug}/")

    tab_until(page, "#comment-form [name=author_name]")
    page.keyboard.type("Keyboard Reader")
    tab_until(page, "#comment-form [name=author_email]", limit=3)
    page.keyboard.type("keys@example.org")
    tab_until(page, "#comment-form [name=body]", limit=3)
    page.keyboard.type("Sent without touching the mouse.")
    tab_until(page, "#comment-form [name=accept_guidelines]", limit=3)
    page.keyboard.press("Space")
    tab_until(page, "#comment-form [type=submit]", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_text("awaiting moderation").first).to_be_visible()
    assert Comment.objects.filter(author_name="Keyboard Reader").exists()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_and_desk_pages_are_axe_clean_in_both_colour_schemes(
    new_page, article_with_comments, password, scheme, width
):
    make_user("mod", password=password, is_staff=True, groups=["Moderators"])
    make_comment(article_with_comments, body="Waiting for a moderator, you idiot.")
    make_comment(article_with_comments, body="A calm one, also waiting.")
    page = new_page(width, 900 if width > 400 else 812)
    page.emulate_media(color_scheme=scheme)
    failures = {}

    page.goto(f"/articles/{article_with_comments.slug}/")
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    failures["article"] = blocking_violations(page)
    with page.expect_navigation():
        page.locator("#comment-form [type=submit]").click()
    expect(page.locator("#comment-form .invalid-feedback").first).to_be_visible()
    failures["comment form with errors"] = blocking_violations(page)

    login(page, "mod", password)
    page.goto("/admin/comments/comment/?status=pending")
    expect(page.locator("#result_list tbody tr.is-current")).to_have_count(1)
    failures["focus mode"] = blocking_violations(page)
    page.keyboard.press("?")
    expect(page.locator("#desk-help")).to_be_visible()
    failures["help overlay"] = blocking_violations(page)

    assert failures == {key: [] for key in failures}
