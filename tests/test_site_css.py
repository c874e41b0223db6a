"""The stylesheets: WCAG AA contrast in both colour schemes, and what a printed article keeps.

Contrast is computed from ``static/css/site.css`` itself: its colour
variables (light in ``:root``, dark in the ``prefers-color-scheme: dark``
block) and the pairs it declares ("pair text --ink --paper"). Text needs
4.5:1 and non-text elements (field borders, the focus ring) 3:1 (WCAG 2.2,
1.4.3 and 1.4.11).
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "static" / "css"
SITE_CSS = (STATIC / "site.css").read_text()
PRINT_CSS = (STATIC / "print.css").read_text()
MINIMUM = {"text": 4.5, "non-text": 3.0}


def variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def schemes() -> dict[str, dict[str, str]]:
    light_block = re.search(r":root\s*{(.*?)}", SITE_CSS, re.S).group(1)
    dark_block = re.search(
        r"@media \(prefers-color-scheme: dark\)\s*{\s*:root\s*{(.*?)}", SITE_CSS, re.S
    ).group(1)
    return {"light": variables(light_block), "dark": variables(dark_block)}


def declared_pairs() -> list[tuple[str, str, str]]:
    return re.findall(r"^\s*pair (text|non-text) (--[\w-]+) (--[\w-]+)\s*$", SITE_CSS, re.M)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_both_schemes_define_the_same_colours():
    found = schemes()
    assert found["light"] and found["light"].keys() == found["dark"].keys()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_declared_pair_meets_wcag_aa(scheme):
    colours = schemes()[scheme]
    pairs = declared_pairs()
    assert len(pairs) > 20
    failures = [
        f"{kind} {fg} {colours[fg]} on {bg} {colours[bg]}: {contrast(colours[fg], colours[bg]):.2f}"
        for kind, fg, bg in pairs
        if contrast(colours[fg], colours[bg]) < MINIMUM[kind]
    ]
    assert failures == []


def test_every_colour_variable_is_in_a_checked_pair_or_declared_decorative():
    paired = {name for _, fg, bg in declared_pairs() for name in (fg, bg)}
    decorative = set(re.findall(r"^\s*decorative (--[\w-]+)\s*$", SITE_CSS, re.M))
    assert set(schemes()["light"]) - paired - decorative == set()


def test_no_colour_is_written_outside_the_variables():
    # A literal colour in a rule would escape both the dark scheme and the checks.
    rules = re.sub(r"/\*.*?\*/", "", SITE_CSS, flags=re.S)
    rules = re.sub(r"^\s*--[\w-]+:.*$", "", rules, flags=re.M)
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(", rules) == []
    assert re.findall(r":\s*(?:white|black)\b", rules) == []


def test_header_search_border_and_focus_ring_are_visible():
    for colours in schemes().values():
        assert contrast(colours["--field-border"], colours["--raised"]) >= 3.0
        assert contrast(colours["--focus"], colours["--paper"]) >= 3.0
        assert contrast(colours["--focus"], colours["--raised"]) >= 3.0
    assert re.search(
        r"\.site-search input\s*{[^}]*border: 1px solid var\(--field-border\)", SITE_CSS
    )
    assert re.search(r":focus-visible\s*{[^}]*outline: 3px solid var\(--focus\)", SITE_CSS)


def test_print_stylesheet_keeps_the_story_and_drops_the_rest():
    hidden = re.search(r"([^{}]*){\s*display:\s*none\s*!important;?\s*}", PRINT_CSS).group(1)
    for selector in (
        ".site-header",
        ".site-footer",
        ".site-nav",
        ".skip-link",
        ".comments",
        ".comment-count",
        ".related",
        ".share",
        ".article__report",
        "form",
        "script",
        ".messages",
    ):
        assert selector in hidden, selector
    for kept in (".corrections", ".article__hero", ".article__byline", ".article__print-url"):
        assert kept not in hidden, kept
    assert re.search(r"\.article__print-url\s*{[^}]*display:\s*block", PRINT_CSS)
