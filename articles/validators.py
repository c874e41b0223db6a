"""Checks on article copy that catch publishing defects before readers do.

The seed article of this project went out with four paragraphs printed
twice: a paste gone wrong that nobody saw. A body in which a paragraph
repeats an earlier one is refused, naming both paragraphs, so the editor can
find and fix it.
"""

import unicodedata
from html.parser import HTMLParser
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Short lines ("Read more:", "* * *") may legitimately repeat; real paragraphs may not.
MIN_REPEATED_CHARACTERS = 20
OPENING_WORDS = 6


class RepeatedParagraph(NamedTuple):
    earlier: int  # 1-based, counted as the reader counts paragraphs
    later: int
    opening_words: str


class _Paragraphs(HTMLParser):
    """The text of each ``<p>`` in order; the body is already sanitised, so no surprises."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            if self._depth == 0:
                self.paragraphs.append("")
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.paragraphs[-1] += data


def paragraphs_of(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    return [" ".join(p.split()) for p in parser.paragraphs]


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _opening(text: str) -> str:
    words = text.split()
    opening = " ".join(words[:OPENING_WORDS])
    return opening + "…" if len(words) > OPENING_WORDS else opening


def find_repeated_paragraphs(html: str) -> list[RepeatedParagraph]:
    """Each paragraph that repeats an earlier one (whitespace and case ignored), in order."""
    first_seen: dict[str, int] = {}
    repeats = []
    for number, text in enumerate(paragraphs_of(html), start=1):
        key = _normalise(text)
        if len(key) < MIN_REPEATED_CHARACTERS:
            continue
        if key in first_seen:
            repeats.append(RepeatedParagraph(first_seen[key], number, _opening(text)))
        else:
            first_seen[key] = number
    return repeats


def validate_no_repeated_paragraphs(html: str) -> None:
    """Raise a ValidationError naming every repeated paragraph and the one it repeats."""
    repeats = find_repeated_paragraphs(html)
    if repeats:
        raise ValidationError(
            [
                ValidationError(
                    _("Paragraph %(later)d repeats paragraph %(earlier)d (“%(opening)s”)."),
                    code="repeated_paragraph",
                    params={
                        "later": repeat.later,
                        "earlier": repeat.earlier,
                        "opening": repeat.opening_words,
                    },
                )
                for repeat in repeats
            ]
        )
