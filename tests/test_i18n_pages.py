"""A Sorani or Arabic edition shows no English interface word on any reader page or e-mail.

The words to look for are the English edition's own: every word of every
msgid in the catalog (the strings the project writes), so a string someone
forgets to mark, or a catalog entry nobody translated, shows up here as the
English word a reader would see. The content of the test (headlines, names,
comments) is written in the edition's language, so any English word on the
page came from the interface. What is not interface is left out: the site's
name, the names of formats (RSS, Atom), web addresses, and machine-readable
data (JSON-LD, the dates of a feed).
"""

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language_info

from articles.models import Correction
from articles.search import sync_search_index
from comments import moderation
from comments.models import Comment, CommenterEmail
from comments.notifications import confirmation_token
from tests.factories import make_article, make_author, make_section, make_tag, make_user

pytestmark = pytest.mark.django_db

LOCALE = Path(django_settings.BASE_DIR) / "locale"
LANGUAGES = ["ar", "ckb"]

# Not interface words, in any edition: format, protocol and key names the
# translations keep as they are, and the unit a size is given in. (Single
# letters are left out too: the keys of the moderators' keyboard help.)
KEPT_AS_THEY_ARE = {"rss", "atom", "kb", "ip", "csv", "esc", "html"}

# What the test writes, in each edition's language: the page's content.
CONTENT = {
    "ar": {
        "section": "سياسة",
        "tag": "الانتخابات",
        "author": "سارة محمود",
        "second_author": "أحمد كريم",
        "headline": "البرلمان يناقش قانون الموازنة الجديد",
        "standfirst": "ناقش النواب مشروع قانون الموازنة لعام ٢٠٢٦ في جلسة مطوّلة.",
        "dateline": "بغداد",
        "body": "<p>عقد مجلس النواب جلسة لمناقشة الموازنة.</p><p>وقال نواب إن النقاش سيستمر.</p>",
        "second_headline": "افتتاح جسر جديد على نهر دجلة",
        "comment": "أتمنى أن يُقرّ القانون سريعًا.",
        "reply": "أتفق معك تمامًا.",
        "names": ["أحمد", "ليلى", "كريم"],
        "correction": "ذكرت نسخة سابقة أن الجلسة عُقدت يوم الاثنين، والصحيح أنها عُقدت يوم الثلاثاء.",
        "search": "الموازنة",
    },
    "ckb": {
        "section": "سیاسەت",
        "tag": "هەڵبژاردن",
        "author": "ژیلا ئەحمەد",
        "second_author": "ئازاد عومەر",
        "headline": "پەرلەمان یاسای بودجەی نوێ تاوتوێ دەکات",
        "standfirst": "ئەندامانی پەرلەمان پڕۆژەی یاسای بودجەی ساڵی ٢٠٢٦یان "
        "لە دانیشتنێکی درێژدا تاوتوێ کرد.",
        "dateline": "هەولێر",
        "body": "<p>پەرلەمان دانیشتنێکی بۆ تاوتوێکردنی بودجە ئەنجام دا.</p>"
        "<p>ئەندامان گوتیان گفتوگۆکە بەردەوام دەبێت.</p>",
        "second_headline": "پردێکی نوێ لەسەر ڕووباری دیجلە کرایەوە",
        "comment": "هیوادارم یاساکە زوو پەسەند بکرێت.",
        "reply": "بە تەواوی لەگەڵتدام.",
        "names": ["کاروان", "شیلان", "هێمن"],
        "correction": "وەشانێکی پێشووی ئەم هەواڵە گوتبووی دانیشتنەکە ڕۆژی دووشەممە بووە، "
        "بەڵام ڕۆژی سێشەممە بوو.",
        "search": "بودجە",
    },
}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>")
_WORD = re.compile(r"[A-Za-z]+")
_ADDRESS = re.compile(r"(?:https?://|/)\S*|[\w.+-]+@[\w.-]+")


def interface_words(language: str) -> set[str]:
    """Every English word of the strings the project writes (the catalog's msgids)."""
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    words = set()
    for entry in catalog:
        for text in (entry.msgid, entry.msgid_plural):
            text = _PLACEHOLDER.sub(" ", text or "")
            words.update(w.lower() for w in _WORD.findall(text) if len(w) > 1)
    return words - KEPT_AS_THEY_ARE - {w.lower() for w in _WORD.findall(django_settings.SITE_NAME)}


class _ReaderText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read aloud or shown."""

    SHOWN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "data-copied"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.parts.append(attributes.get("content") or "")
        for name, value in attrs:
            if value and (name in self.SHOWN_ATTRIBUTES or name.startswith("data-msg")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def reader_text(html: str) -> str:
    parser = _ReaderText()
    parser.feed(html)
    return " ".join(parser.parts)


_FEED_TEXT = re.compile(
    r"<(title|description|subtitle|summary|news:name|news:title)>(.*?)</\1>", re.DOTALL
)


def feed_text(xml: str) -> str:
    """The human-readable elements of a feed or sitemap (not its dates, links or codes)."""
    return " ".join(text for _tag, text in _FEED_TEXT.findall(xml))


def english_words(text: str, forbidden: set[str]) -> set[str]:
    return {w for w in _WORD.findall(_ADDRESS.sub(" ", text)) if w.lower() in forbidden}


@pytest.fixture(params=LANGUAGES)
def edition(request, settings, db):
    """The one-edition setup of a deployment in ``language``, as LANGUAGE_CODE gives it."""
    language = request.param
    settings.LANGUAGE_CODE = language
    settings.NEWSROOM_EDITIONS = [language]
    settings.LANGUAGES = [(language, get_language_info(language)["name_local"])]
    # As `migrate` does for a deployment that changes its language (PostgreSQL's
    # search index follows the edition's text-search configuration).
    sync_search_index()
    with translation.override(language):
        yield language


@pytest.fixture
def story(edition):
    """An article in the edition's language with a discussion, a correction and a related story."""
    words = CONTENT[edition]
    section = make_section(name=words["section"], slug="section")
    tag = make_tag(name=words["tag"], slug="tag")
    author = make_author(name=words["author"], slug="author")
    second_author = make_author(name=words["second_author"], slug="second-author")
    earlier = timezone.now() - timedelta(days=1)
    article = make_article(
        headline=words["headline"],
        slug="story",
        standfirst=words["standfirst"],
        dateline=words["dateline"],
        body=words["body"],
        section=section,
        authors=[author, second_author],
        tags=[tag],
        published_at=earlier,
    )
    make_article(
        headline=words["second_headline"],
        slug="second-story",
        standfirst=words["standfirst"],
        dateline=words["dateline"],
        body=words["body"],
        section=section,
        authors=[author],
        tags=[tag],
        published_at=earlier - timedelta(hours=2),
    )
    Correction.objects.create(article=article, text=words["correction"])
    moderator = make_user("karim", first_name=words["names"][2])
    first, second, third = words["names"]
    picked = Comment.objects.create(
        article=article,
        author_name=first,
        author_email="first@example.org",
        body=words["comment"],
        ip_address="192.0.2.10",
    )
    moderation.decide(picked, decision="approve", moderator=moderator)
    moderation.set_editors_pick(Comment.objects.filter(pk=picked.pk), value=True)
    reply = Comment.objects.create(
        article=article,
        parent=picked,
        author_name=second,
        author_email="second@example.org",
        body=words["reply"],
        ip_address="192.0.2.11",
    )
    moderation.decide(reply, decision="approve", moderator=moderator)
    rejected = Comment.objects.create(
        article=article,
        author_name=third,
        author_email="third@example.org",
        body=words["reply"],
        ip_address="192.0.2.12",
    )
    moderation.decide(rejected, decision="reject", reason="off_topic", moderator=moderator)
    return article


def comment_post(words, **fields):
    data = {
        "author_name": words["names"][0],
        "author_email": "reader@example.org",
        "body": words["comment"],
        "accept_guidelines": "on",
    }
    data.update(fields)
    return data


def assert_no_english(text: str, language: str, where: str) -> None:
    found = english_words(text, interface_words(language))
    assert not found, f"{where} in {language} shows English interface words: {sorted(found)}"


def test_every_reader_page_reads_in_the_edition_language(client, story, edition):
    words = CONTENT[edition]
    comment = Comment.objects.filter(parent__isnull=True, status="approved").get()
    pages = {
        "home": "/",
        "latest": "/latest/",
        "section": "/sections/section/",
        "tag": "/tags/tag/",
        "author": "/authors/author/",
        "article with comments": "/articles/story/",
        "search with results": f"/search/?q={words['search']}",
        "search without results": "/search/?q=zzzzqqq",
        "search before typing": "/search/",
        "corrections": "/corrections/",
        "transparency": "/transparency/",
        "community guidelines": "/community-guidelines/",
        "report a comment": f"/comments/{comment.pk}/report/",
        "report an error": "/articles/story/report-error/",
        "invalid confirmation link": "/comments/confirm/not-a-token/",
        "404": "/no-such-page/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (where, response.status_code)
        assert f'lang="{edition}"' in response.content.decode(), where
        assert_no_english(reader_text(response.content.decode()), edition, where)


def test_search_with_results_finds_the_edition_article(client, story, edition):
    html = client.get(f"/search/?q={CONTENT[edition]['search']}").content.decode()
    assert CONTENT[edition]["headline"] in html


def test_forms_with_errors_and_their_answers_read_in_the_edition_language(client, story, edition):
    words = CONTENT[edition]
    comment = Comment.objects.filter(parent__isnull=True, status="approved").get()
    answers = {}
    answers["comment form with errors"] = client.post(
        "/articles/story/comments/",
        comment_post(words, author_name="", author_email="not-an-address", accept_guidelines=""),
    )
    assert answers["comment form with errors"].status_code == 400
    answers["comment awaiting moderation"] = client.post(
        "/articles/story/comments/", comment_post(words), follow=True
    )
    assert Comment.objects.filter(status="pending").count() == 1
    answers["report an error with errors"] = client.post(
        "/articles/story/report-error/", {"description": ""}
    )
    answers["report an error sent"] = client.post(
        "/articles/story/report-error/", {"description": words["correction"]}, follow=True
    )
    answers["report a comment sent"] = client.post(
        f"/comments/{comment.pk}/report/", {"reason": "abuse"}, REMOTE_ADDR="198.51.100.7"
    )
    answers["report a comment again"] = client.post(
        f"/comments/{comment.pk}/report/", {"reason": "abuse"}, REMOTE_ADDR="198.51.100.7"
    )
    answers["too large to accept"] = client.post(
        "/articles/story/comments/",
        comment_post(words, body="x" * (django_settings.COMMENTS_MAX_REQUEST_BYTES + 1)),
    )
    assert answers["too large to accept"].status_code == 413
    story.comments_open = False
    story.save()
    answers["comments closed"] = client.post("/articles/story/comments/", comment_post(words))
    for where, response in answers.items():
        assert response.status_code < 500, where
        assert_no_english(reader_text(response.content.decode()), edition, where)


def test_confirmation_page_reads_in_the_edition_language(client, edition):
    address = CommenterEmail.objects.create(email="reader@example.org")
    url = f"/comments/confirm/{confirmation_token(address)}/"
    for where, response in {
        "confirm your address": client.get(url),
        "address confirmed": client.post(url, follow=True),
    }.items():
        assert response.status_code == 200, where
        assert_no_english(reader_text(response.content.decode()), edition, where)


def test_feeds_and_sitemaps_read_in_the_edition_language(client, story, edition):
    for url in (
        "/feeds/latest/rss/",
        "/feeds/latest/atom/",
        "/sections/section/rss/",
        "/sections/section/atom/",
        "/corrections/rss/",
        "/news-sitemap.xml",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = feed_text(response.content.decode())
        assert text.strip(), url
        assert_no_english(text, edition, url)


@override_settings(ROOT_URLCONF="tests.urls_error", DEBUG=False)
def test_the_500_page_reads_in_the_edition_language(client, edition):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_no_english(reader_text(response.content.decode()), edition, "500")


def test_comment_emails_read_in_the_edition_language(
    client, edition, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://news.example"
    words = CONTENT[edition]
    make_user("mod1", email="mod1@example.org", groups=["Moderators"])
    article = make_article(headline=words["headline"], slug="story", body=words["body"])
    CommenterEmail.objects.create(email="known@example.org", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        # A first comment from a new address: a confirmation request, and the moderators' alert.
        client.post(f"/articles/{article.slug}/comments/", comment_post(words))
    approved = Comment.objects.create(
        article=article,
        author_name=words["names"][1],
        author_email="known@example.org",
        body=words["comment"],
        ip_address="192.0.2.20",
    )
    rejected = Comment.objects.create(
        article=article,
        author_name=words["names"][1],
        author_email="known@example.org",
        body=words["reply"],
        ip_address="192.0.2.20",
    )
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(approved, decision="approve", moderator=make_user())
        moderation.decide(
            rejected, decision="reject", reason="personal_attack", moderator=make_user()
        )
    # The moderators' alert goes out in Bcc.
    recipients = [address for mail in mailoutbox for address in mail.to + mail.bcc]
    assert {"reader@example.org", "mod1@example.org", "known@example.org"} <= set(recipients)
    assert recipients.count("known@example.org") == 2  # approved, rejected
    for mail in mailoutbox:
        assert_no_english(f"{mail.subject}\n{mail.body}", edition, f"mail to {mail.to[0]}")


def test_paginated_pages_read_in_the_edition_language(client, story, edition, settings):
    settings.ARTICLES_PER_PAGE = 1
    settings.COMMENTS_PER_PAGE = 1
    words = CONTENT[edition]
    another = Comment.objects.create(
        article=story,
        author_name=words["names"][1],
        author_email="another@example.org",
        body=words["comment"],
        ip_address="192.0.2.13",
    )
    moderation.decide(another, decision="approve", moderator=make_user())
    for where, url in {
        "latest, page 2": "/latest/?page=2",
        "section, page 1": "/sections/section/",
        "comments, page 1": "/articles/story/",
        "comments, page 2": "/articles/story/?page=2",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert 'class="pagination"' in html, where
        assert_no_english(reader_text(html), edition, where)


def test_refusals_for_too_many_requests_read_in_the_edition_language(
    client, story, edition, settings
):
    settings.ARTICLES_SEARCH_RATE_LIMIT = "1/1m"
    settings.ARTICLES_REPORT_RATE_LIMIT = "1/1h"
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    words = CONTENT[edition]
    client.get("/search/?q=a")
    client.post("/articles/story/report-error/", {"description": words["correction"]})
    client.post("/articles/story/comments/", comment_post(words))
    answers = {
        "too many searches": client.get("/search/?q=b"),
        "too many error reports": client.post(
            "/articles/story/report-error/", {"description": words["correction"]}
        ),
        "too many comments": client.post(
            "/articles/story/comments/", comment_post(words, body=words["reply"])
        ),
    }
    for where, response in answers.items():
        assert response.status_code == 429, where
        assert_no_english(reader_text(response.content.decode()), edition, where)


MONTHS_OF_THE_REGION = {
    # The Gregorian months by their Syriac names, as newspapers in Iraq write them.
    "ar": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران"],
    "ckb": ["کانوونی دووەم", "شوبات", "ئازار", "نیسان", "ئایار", "حوزەیران"],
}


def test_dates_name_the_months_as_newspapers_of_the_region_do(client, edition):
    for month, name in enumerate(MONTHS_OF_THE_REGION[edition], start=1):
        day = datetime(2026, month, 5, 9, 30, tzinfo=timezone.get_current_timezone())
        for fmt in ("j F Y", "j M Y", "j N Y", "j E Y"):
            assert date_format(day, fmt) == f"5 {name} 2026", (fmt, date_format(day, fmt))


def test_a_date_and_its_time_are_joined_by_the_arabic_comma(client, story, edition):
    html = client.get("/articles/story/").content.decode()
    article_time = re.search(r'<time datetime="[^"]+">([^<]+)</time>', html).group(1)
    assert re.fullmatch(r"\d+ \S.* \d{4}، \d\d:\d\d \S+", article_time), article_time
    assert ", " not in article_time


def test_sorani_dates_use_our_format_module_with_24_hour_times():
    assert get_format("TIME_FORMAT", lang="ckb") == "H:i"
    assert get_format("DATETIME_FORMAT", lang="ckb") == "j F Y، کاتژمێر H:i"
    assert get_format("FIRST_DAY_OF_WEEK", lang="ckb") == 6


def test_a_byline_of_two_joins_the_names_as_the_language_does(client, story, edition):
    words = CONTENT[edition]
    html = client.get("/articles/story/").content.decode()
    joined = {"ar": f"{words['author']}</a> و<a", "ckb": f"{words['author']}</a> و <a"}
    assert joined[edition] in html


def test_the_moderation_admin_reads_in_the_edition_language(client, story, edition):
    """The back office of an edition's moderators: the queue, a comment, the logs."""
    client.force_login(make_user("chief", is_staff=True, is_superuser=True))
    comment = Comment.objects.filter(parent__isnull=True, status="approved").get()
    # Not the admin index: it lists the task queue's models under their
    # library's English names, which are not ours to translate.
    pages = {
        "moderation queue": "/admin/comments/comment/",
        "all comments": "/admin/comments/comment/?status=all",
        "a comment": f"/admin/comments/comment/{comment.pk}/change/",
        "decision log": "/admin/comments/decision/",
        "reported comments": "/admin/comments/reportedcomment/",
        "block list": "/admin/comments/blockedcommenter/",
        "articles": "/admin/articles/article/",
        "an article": f"/admin/articles/article/{story.pk}/change/",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (where, response.status_code)
        # The keys of the queue's keyboard help are keys, in any language.
        text = re.sub(r"<kbd>.*?</kbd>", " ", response.content.decode())
        assert_no_english(reader_text(text), edition, where)
