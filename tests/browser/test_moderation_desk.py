"""The moderation desk by keyboard, in a real browser: the figures the desk promises."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from comments import moderation
from comments.models import Comment, Decision, GuidelineCategory
from tests.browser.conftest import login
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "/admin/comments/comment/?status=pending"


@pytest.fixture
def desk(new_page, password):
    make_user("mod", password=password, is_staff=True, groups=["Moderators"])
    page = new_page(1280, 900)
    login(page, "mod", password)
    return page


def wait_for_decisions(page, count):
    # Up to 30 s: on a busy 2-core machine ten approvals sent one after another
    # have taken longer than 10 s; the assertions after the wait say what is missing.
    for _ in range(600):
        if Decision.objects.count() >= count:
            return
        page.wait_for_timeout(50)


def test_ten_approvals_take_ten_key_presses_and_no_reload(desk):
    article = make_article()
    comments = [make_comment(article, body=f"Calm comment number {n}") for n in range(12)]
    desk.goto(QUEUE)
    expect(desk.locator("#result_list tbody tr.is-current")).to_have_count(1)
    desk.evaluate("window.__sameDocument = true")
    presses = 0
    for _ in range(10):
        desk.keyboard.press("a")
        presses += 1
    wait_for_decisions(desk, 10)
    assert presses <= 12
    assert Comment.objects.approved().count() == 10
    assert Decision.objects.filter(decision="approve").count() == 10
    assert desk.evaluate("window.__sameDocument") is True  # no page load happened
    expect(desk.locator("#result_list tbody tr")).to_have_count(2)
    assert set(Comment.objects.pending().values_list("pk", flat=True)) == {
        comments[10].pk,
        comments[11].pk,
    }


def test_rejecting_under_a_named_clause_takes_two_key_presses(desk):
    comment = make_comment(body="A comment to reject")
    make_comment(body="The next one")
    desk.goto(QUEUE)
    desk.keyboard.press("r")
    desk.keyboard.press("3")  # the third guideline category: threat
    wait_for_decisions(desk, 1)
    decision = Decision.objects.get()
    assert (decision.comment_id, decision.decision, decision.reason) == (
        comment.pk,
        "reject",
        "threat",
    )
    expect(desk.locator("#desk-status")).to_contain_text("Threat")
    expect(desk.locator("tr.is-current")).to_contain_text("The next one")


def test_enter_accepts_the_suggested_rejection_and_j_k_move(desk):
    first = make_comment(body="Nice story")
    flagged = make_comment(body="I will kill you")
    moderation.screen_comment(flagged)
    Comment.objects.filter(pk=flagged.pk).update(flags=flagged.flags, risk=flagged.risk)
    desk.goto(QUEUE)
    expect(desk.locator("tr.is-current")).to_contain_text("Nice story")
    desk.keyboard.press("j")
    expect(desk.locator("tr.is-current")).to_contain_text("I will kill you")
    desk.keyboard.press("Enter")
    wait_for_decisions(desk, 1)
    assert Decision.objects.get().reason == "threat"
    desk.keyboard.press("k")
    expect(desk.locator("tr.is-current")).to_contain_text("Nice story")
    desk.keyboard.press("?")
    expect(desk.locator("#desk-help")).to_be_visible()
    desk.keyboard.press("Escape")
    expect(desk.locator("#desk-help")).to_be_hidden()
    assert Comment.objects.get(pk=first.pk).status == "pending"


def test_the_filter_and_order_stay_after_keyboard_decisions(desk):
    for n in range(3):
        make_comment(body=f"Comment {n}")
    desk.goto(f"{QUEUE}&order=risk")
    desk.keyboard.press("a")
    wait_for_decisions(desk, 1)
    assert desk.url.endswith("?status=pending&order=risk")


def test_at_phone_width_text_and_both_buttons_fit_without_sideways_scrolling(new_page, password):
    make_user("mod", password=password, is_staff=True, groups=["Moderators"])
    flagged = make_comment(body="You idiot, " + "this is a long comment. " * 12)
    moderation.screen_comment(flagged)
    Comment.objects.filter(pk=flagged.pk).update(flags=flagged.flags, risk=flagged.risk)
    page = new_page(375, 812)
    login(page, "mod", password)
    page.goto(QUEUE)
    row = page.locator("#result_list tbody tr").first
    for part in (".comment-text", ".row-approve", ".suggested-reject"):
        box = row.locator(part).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, part


def current_row(page):
    """The current row's comment id and suggested clause, or None when nothing is current."""
    return page.evaluate(
        """() => {
            const text = document.querySelector('#result_list tr.is-current .comment-text');
            return text ? [Number(text.dataset.comment), text.dataset.suggested] : null;
        }"""
    )


def work_the_page_by_keyboard(page, clause_keys):
    """Decide every comment on the queue page by keys alone, pressed back to back.

    Keys are never held back for the previous decision's answer: the desk must
    queue them. Returns {comment id: (decision, clause)} as the keys meant them.
    """
    meant = {}
    page.keyboard.press("j")  # j/k move the current row and back again
    page.keyboard.press("k")
    while (row := current_row(page)) is not None:
        comment_id, suggested = row
        assert comment_id not in meant, "a decided comment became current again"
        if suggested:
            page.keyboard.press("r")
            page.keyboard.press(clause_keys[suggested])
            meant[comment_id] = ("reject", suggested)
        else:
            page.keyboard.press("a")
            meant[comment_id] = ("approve", "")
    return meant


def test_the_demo_moderator_works_the_whole_seeded_queue_to_empty_by_keyboard(
    new_page, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv("DEMO_PASSWORD", "demo-desk-password")
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
    mine = Comment.objects.pending().filter(
        article__section__moderator_assignments__moderator__username="moderator"
    )
    assert mine.count() >= 30, "the demo leaves a shift's queue in the moderator's sections"
    waiting = set(Comment.objects.pending().values_list("pk", flat=True))
    clause_keys = {
        category.value: str(number) for number, category in enumerate(GuidelineCategory, start=1)
    }

    page = new_page(1280, 900)
    login(page, "moderator", "demo-desk-password")
    meant = {}
    # The queue opens on the moderator's sections; then the rest of the newsroom's.
    for url in ("/admin/comments/comment/", "/admin/comments/comment/?section=all"):
        page.goto(url)
        expect(page.locator("#result_list tbody tr.is-current")).to_have_count(1)
        meant |= work_the_page_by_keyboard(page, clause_keys)
        # The page reloads by itself once every answer is back (the database is
        # not read meanwhile: SQLite's shared test database would lock the writer).
        expect(page.locator("#result_list")).to_have_count(0, timeout=20_000)
    assert set(meant) == waiting
    assert not Comment.objects.pending().exists()
    logged = list(
        Decision.objects.filter(comment_id__in=waiting).values_list(
            "comment_id", "decision", "reason", "moderator__username"
        )
    )
    assert len(logged) == len(waiting), "each decision landed in the log once"
    assert {pk: (decision, reason) for pk, decision, reason, _who in logged} == meant
    assert {who for *_rest, who in logged} == {"moderator"}
    assert any(decision == "reject" for decision, _clause in meant.values())
