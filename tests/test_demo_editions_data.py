"""The Sorani and Arabic demo data holds together before anything seeds it.

Read straight from the data modules, without the database: every reference
resolves within its edition, slugs are unique across the project, each edition
is written in its own script with its own digits, and every body is one the
article model keeps as it is.
"""

import re

import pytest

from articles.demo_content import ARTICLES, AUTHORS, SECTIONS, TAGS
from articles.demo_editions import EDITIONS
from articles.models import clean_article_html
from comments.demo_editions import DISCUSSIONS
from comments.models import GuidelineCategory

EDITION_CODES = sorted(EDITIONS)
EASTERN_DIGITS = set("٠١٢٣٤٥٦٧٨٩")
WESTERN_DIGITS = set("0123456789")
# Letters one orthography has and the other does not.
ARABIC_ONLY_LETTERS = set("يكىة")
SORANI_ONLY_LETTERS = set("کیەێۆڕڵپچژگڤ")


def _visible_text(html: str) -> str:
    return re.sub(r"https://\S+", " ", re.sub(r"<[^>]+>", " ", html))


def _edition_texts(code):
    data = EDITIONS[code]
    for name, slug, description in data["sections"]:
        yield slug, f"{name} {description}"
    for name, slug, bio in data["authors"]:
        yield slug, f"{name} {bio}"
    for name, slug in data["tags"]:
        yield slug, name
    for article in data["articles"]:
        for field in ("headline", "standfirst", "dateline", "body"):
            yield f"{article['slug']}.{field}", article[field]
    for slug, lines in DISCUSSIONS[code].items():
        for key, name, text, *_ in lines:
            yield f"{slug}#{key}", f"{name} {text}"


def _edition_slugs(code):
    data = EDITIONS[code]
    return [
        *(slug for _, slug, _ in data["sections"]),
        *(slug for _, slug, _ in data["authors"]),
        *(slug for _, slug in data["tags"]),
        *(article["slug"] for article in data["articles"]),
    ]


def test_edition_slugs_are_ascii_prefixed_and_unique_across_the_project():
    english = [
        *(slug for _, slug, _ in SECTIONS),
        *(slug for _, slug, _ in AUTHORS),
        *(slug for _, slug in TAGS),
        *(article["slug"] for article in ARTICLES),
    ]
    every = list(english)
    for code in EDITION_CODES:
        for slug in _edition_slugs(code):
            assert re.fullmatch(rf"{code}-[a-z0-9-]+", slug), slug
            every.append(slug)
    assert len(every) == len(set(every))


@pytest.mark.parametrize("code", EDITION_CODES)
def test_articles_name_sections_authors_and_tags_of_their_own_edition(code):
    data = EDITIONS[code]
    sections = {slug for _, slug, _ in data["sections"]}
    authors = {slug for _, slug, _ in data["authors"]}
    tags = {slug for _, slug in data["tags"]}
    for article in data["articles"]:
        assert article["section"] in sections, article["slug"]
        assert article["authors"] and set(article["authors"]) <= authors, article["slug"]
        assert set(article["tags"]) <= tags, article["slug"]
        assert article["dateline"], article["slug"]
        assert 1 <= article["hours_ago"] <= 120, article["slug"]


@pytest.mark.parametrize("code", EDITION_CODES)
def test_each_edition_has_originals_and_translations_of_english_demo_articles(code):
    english = {article["slug"] for article in ARTICLES}
    articles = EDITIONS[code]["articles"]
    translations = [article for article in articles if "translation_of" in article]
    assert len(articles) - len(translations) >= 8
    assert len(translations) >= 2
    assert {article["translation_of"] for article in translations} <= english


@pytest.mark.parametrize("code", EDITION_CODES)
def test_article_bodies_are_kept_as_written_by_the_sanitiser(code):
    for article in EDITIONS[code]["articles"]:
        assert clean_article_html(article["body"]) == article["body"], article["slug"]


@pytest.mark.parametrize(
    ("code", "own_digits", "foreign_letters"),
    [
        ("ckb", EASTERN_DIGITS, ARABIC_ONLY_LETTERS | WESTERN_DIGITS),
        ("ar", WESTERN_DIGITS, SORANI_ONLY_LETTERS | EASTERN_DIGITS),
    ],
)
def test_edition_text_keeps_to_its_own_script_and_digits(code, own_digits, foreign_letters):
    used_digits = set()
    for where, text in _edition_texts(code):
        visible = set(_visible_text(text))
        assert not re.search(r"[A-Za-z]", _visible_text(text)), where
        assert not visible & foreign_letters, (where, visible & foreign_letters)
        used_digits |= visible & own_digits
    assert used_digits


@pytest.mark.parametrize("code", EDITION_CODES)
def test_discussions_reply_to_earlier_comments_under_their_own_edition(code):
    articles = {article["slug"] for article in EDITIONS[code]["articles"]}
    assert len(DISCUSSIONS[code]) >= 5
    for slug, lines in DISCUSSIONS[code].items():
        assert slug in articles
        assert 3 <= len(lines) <= 8, slug
        seen = set()
        for key, _name, text, state, reply_to, reason in lines:
            assert text.strip()
            assert reply_to is None or reply_to in seen, (slug, key)
            assert state in {"approved", "pick", "pending", "rejected"}, (slug, key)
            if state == "rejected":
                assert reason in GuidelineCategory.values, (slug, key)
            else:
                assert reason == "", (slug, key)
            seen.add(key)


@pytest.mark.parametrize("code", EDITION_CODES)
def test_each_edition_gives_moderators_a_queue_and_a_published_thread(code):
    states = [line[3] for lines in DISCUSSIONS[code].values() for line in lines]
    assert states.count("pending") >= 3
    assert "rejected" in states
    assert "pick" in states
    assert any(line[4] for lines in DISCUSSIONS[code].values() for line in lines)
