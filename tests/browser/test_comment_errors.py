"""A reader who makes a mistake lands on the list of problems, at the form, with their text."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_comment_with_mistakes_comes_back_focused_on_the_summary(new_page, width):
    article = make_article(body="<p>" + "A long story paragraph. " * 400 + "</p>")
    page = new_page(width, 900 if width > 400 else 812)
    page.goto(article.get_absolute_url())
    form = page.locator("#comment-form")
    # By keyboard: the name left empty, the guidelines box not ticked.
    form.locator("[name=author_email]").fill("reader@example.org")
    form.locator("[name=body]").fill("Words I would hate to type twice.")
    with page.expect_navigation():
        form.locator("[type=submit]").press("Enter")

    summary = page.locator("#comment-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert page.title().startswith("Error: ")
    expect(page.locator("#comment-form [name=body]")).to_have_value(
        "Words I would hate to type twice."
    )
    # The first link of the summary takes the reader to the field to mend.
    summary.get_by_role("link").first.press("Enter")
    expect(page.locator("#id_author_name")).to_be_in_viewport()

    page.locator("#id_author_name").fill("Reader")
    page.locator("#id_accept_guidelines").check()
    with page.expect_navigation():
        page.locator("#comment-form [type=submit]").press("Enter")
    expect(page.locator(".messages[role=status]")).to_contain_text("awaiting moderation")
    assert Comment.objects.filter(body="Words I would hate to type twice.").count() == 1
