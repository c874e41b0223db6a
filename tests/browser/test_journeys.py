"""The three journeys of the product, in a real browser against a live server."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.browser.conftest import login
from tests.factories import make_article, make_author, make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True)

REPEATED = (
    "<p>Officials in Erbil said the new water plant would serve two hundred thousand homes.</p>\n"
    "<p>Engineers began testing the pumps on Monday, a week ahead of schedule.</p>\n"
    "<p>Officials in Erbil said the new water plant would serve two hundred thousand homes.</p>"
)


def post_comment(page, *, name, email, body, accept=True):
    form = page.locator("#comment-form")
    form.locator("[name=author_name]").fill(name)
    form.locator("[name=author_email]").fill(email)
    form.locator("[name=body]").fill(body)
    if accept:
        form.locator("[name=accept_guidelines]").check()
    # The form script fetches a token first: wait for the real navigation.
    with page.expect_navigation():
        form.locator("[type=submit]").click()


def test_reader_browses_and_posts_a_comment_only_they_see_pending(new_page):
    section = make_section(name="Kurdistan", slug="kurdistan")
    article = make_article(headline="Erbil opens its new public library", section=section)

    reader = new_page()
    reader.goto("/")
    reader.get_by_role("navigation").get_by_role("link", name="Kurdistan").click()
    expect(reader).to_have_url(re.compile(r"/sections/kurdistan/$"))
    reader.get_by_role("link", name=article.headline).first.click()
    expect(reader).to_have_url(re.compile(rf"/articles/{article.slug}/$"))
    expect(reader.get_by_role("heading", name="Post a comment")).to_be_visible()

    # Guidelines box unticked: the error sits next to that field, nothing typed is lost.
    post_comment(
        reader, name="Shirin", email="shirin@example.org", body="A fine library.", accept=False
    )
    checkbox_block = reader.locator("#comment-form .form-check, #div_id_accept_guidelines").first
    expect(checkbox_block.locator(".invalid-feedback")).to_be_visible()
    expect(reader.locator("#comment-form [name=body]")).to_have_value("A fine library.")
    assert Comment.objects.count() == 0

    reader.locator("#comment-form [name=accept_guidelines]").check()
    with reader.expect_navigation():
        reader.locator("#comment-form [type=submit]").click()
    expect(reader.get_by_text("awaiting moderation").first).to_be_visible()
    expect(reader.get_by_text("A fine library.")).to_be_visible()
    assert Comment.objects.get().status == Comment.Status.PENDING

    other = new_page()
    other.goto(f"/articles/{article.slug}/")
    expect(other.get_by_role("heading", name="Post a comment")).to_be_visible()
    expect(other.get_by_text("A fine library.")).to_have_count(0)
    expect(other.get_by_text("awaiting moderation")).to_have_count(0)


def test_moderator_approves_one_comment_and_rejects_another(new_page, password):
    article = make_article(headline="Budget talks resume in Baghdad")
    make_user("mod", groups=["Moderators"], is_staff=True, first_name="Mina", last_name="Aziz")

    reader = new_page()
    reader.goto(f"/articles/{article.slug}/")
    post_comment(reader, name="Karwan", email="k@example.org", body="Good to see talks resume.")
    post_comment(reader, name="Troll", email="t@example.org", body="The author is a clown.")
    kept = Comment.objects.get(author_name="Karwan")
    dropped = Comment.objects.get(author_name="Troll")

    moderator = new_page()
    login(moderator, "mod", password)
    moderator.goto("/admin/comments/comment/")
    expect(moderator.get_by_text("Good to see talks resume.")).to_be_visible()
    moderator.check(f"input[name=_selected_action][value='{kept.pk}']")
    moderator.select_option("select[name=action]", label="Approve")
    moderator.click("button[name=index]")
    expect(moderator.locator(".messagelist")).to_contain_text("1")

    moderator.goto("/admin/comments/comment/")
    moderator.check(f"input[name=_selected_action][value='{dropped.pk}']")
    action = moderator.locator("select[name=action] option", has_text="Personal attack")
    moderator.select_option("select[name=action]", value=action.get_attribute("value"))
    moderator.click("button[name=index]")
    expect(moderator.locator(".messagelist")).to_contain_text("1")

    reader.reload()
    published = reader.locator(f"#comment-{kept.pk}")
    expect(published).to_contain_text("Good to see talks resume.")
    expect(published).not_to_contain_text("awaiting moderation")
    expect(reader.get_by_text("The author is a clown.")).to_have_count(0)

    moderator.goto("/admin/comments/decision/")
    rows = moderator.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(moderator.locator("#result_list")).to_contain_text("mod")
    expect(moderator.locator("#result_list")).to_contain_text("Personal attack")


def fill_article(page, *, headline, section, body, when):
    page.fill("#id_headline", headline)
    page.fill("#id_standfirst", "What the story is about, in one sentence.")
    page.fill("#id_dateline", "ERBIL, Kurdistan Region")
    page.fill("#id_body", body)
    # The section is an autocomplete box: open it, type, pick, as an editor does.
    page.click("#id_section + .select2 .select2-selection")
    page.fill(".select2-dropdown .select2-search__field", section.name[:4])
    page.wait_for_selector(f".select2-results__option--highlighted:has-text('{section.name}')")
    page.keyboard.press("Enter")
    page.select_option("#id_status", value=Article.Status.PUBLISHED)
    local = timezone.localtime(when)
    page.fill("#id_published_at_0", local.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", local.strftime("%H:%M:%S"))


def test_editor_is_refused_a_repeated_paragraph_then_publishes(new_page, password):
    section = make_section(name="Kurdistan", slug="kurdistan")
    make_author(name="Rudaw Reporter", slug="rudaw-reporter")
    make_user("ed", groups=["Editors"], is_staff=True)

    editor = new_page()
    login(editor, "ed", password)
    editor.goto("/admin/articles/article/add/")
    headline = "Erbil water plant opens early"
    fill_article(editor, headline=headline, section=section, body=REPEATED, when=timezone.now())
    editor.click("input[name=_save]")
    errors = editor.locator(".errorlist")
    expect(errors.first).to_contain_text("Paragraph 3")
    expect(errors.first).to_contain_text("paragraph 1")
    expect(errors.first).to_contain_text("Officials in Erbil")
    assert not Article.objects.exists()

    editor.fill("#id_body", REPEATED.rsplit("\n", 1)[0])
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    assert Article.objects.get().is_published

    editor.goto("/admin/articles/article/add/")
    later = "Dam inspection planned for next week"
    fill_article(
        editor,
        headline=later,
        section=section,
        body="<p>Inspectors will visit the dam.</p>",
        when=timezone.now() + timedelta(hours=1),
    )
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()

    reader = new_page()
    for url in ("/", "/sections/kurdistan/"):
        reader.goto(url)
        expect(reader.get_by_role("link", name=headline).first).to_be_visible()
        expect(reader.get_by_text(later)).to_have_count(0)
    feed = reader.request.get("/feeds/latest/rss/").text()
    assert headline in feed
    assert later not in feed
