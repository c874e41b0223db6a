"""What the moderation queue shows beside each comment, as HTML built from escaped pieces.

* ``pending_comment_count``: the admin index's line "N comments awaiting
  moderation" (one indexed COUNT).
* ``highlight_evidence``: the comment's text with the pre-screen's evidence in
  ``<mark>``. The text is the reader's, so every piece of it is escaped before
  it is wrapped; only our own tags are trusted.
* ``flag_summary`` and ``suggested_rejection``: the flags as a list, and the
  rejection the strongest guideline flag suggests.

The admin (``comments/admin.py``) calls these functions for its columns; the
change page's template loads them as tags and filters.
"""

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, GuidelineCategory
from comments.screening import GUIDELINE_CATEGORIES, INFORMATIONAL_CATEGORIES

register = template.Library()

INFORMATIONAL_LABELS = {"shouting": _("Shouting"), "duplicate": _("Duplicate")}


@register.simple_tag
def pending_comment_count() -> int:
    return Comment.objects.pending().count()


def category_label(category: str) -> str:
    if category in GuidelineCategory.values:
        return str(GuidelineCategory(category).label)
    return str(INFORMATIONAL_LABELS.get(category, category))


def _valid_flags(flags) -> list[dict]:
    """The stored flags that have the shape the pre-screen writes (older rows may not)."""
    return [
        flag
        for flag in flags or ()
        if isinstance(flag, dict) and isinstance(flag.get("category"), str)
    ]


def _evidence_spans(body: str, flags) -> list[tuple[int, int, set[str]]]:
    """Non-overlapping ``(start, end, categories)`` to highlight, in text order.

    Informational flags are not highlighted: "duplicate" covers the whole text
    and "shouting" every capitalised word, which would hide the evidence that matters.
    """
    spans = []
    for flag in _valid_flags(flags):
        if flag["category"] in INFORMATIONAL_CATEGORIES:
            continue
        for span in flag.get("spans") or ():
            try:
                start, end = int(span[0]), int(span[1])
            except (TypeError, ValueError, IndexError):
                continue
            if 0 <= start < end <= len(body):
                spans.append((start, end, flag["category"]))
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, category in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, categories = merged[-1]
            merged[-1] = (last_start, max(last_end, end), categories | {category})
        else:
            merged.append((start, end, {category}))
    return merged


@register.filter
def highlight_evidence(body: str, flags) -> SafeString:
    """The text, escaped, line breaks as ``<br>``, each piece of evidence in ``<mark>``."""
    body = body or ""
    parts, position = [], 0
    for start, end, categories in _evidence_spans(body, flags):
        labels = ", ".join(sorted(category_label(category) for category in categories))
        parts.append(escape(body[position:start]))
        parts.append(
            format_html('<mark class="flag-evidence" title="{}">{}</mark>', labels, body[start:end])
        )
        position = end
    parts.append(escape(body[position:]))
    # Every piece of the reader's text above went through escape() or format_html().
    return mark_safe(normalize_newlines("".join(parts)).replace("\n", "<br>"))  # noqa: S308


def _score(flag: dict) -> float:
    try:
        return float(flag.get("score") or 0)
    except (TypeError, ValueError):
        return 0.0


def _evidence(flag: dict) -> list[str]:
    evidence = flag.get("evidence") or ()
    if isinstance(evidence, str):  # rows screened before evidence became a list
        evidence = [evidence]
    return [str(item) for item in evidence if str(item).strip()]


def strongest_guideline_flag(flags) -> dict | None:
    """The guideline flag with the highest score, or None (informational flags suggest nothing)."""
    candidates = [
        flag
        for flag in _valid_flags(flags)
        if flag["category"] in GUIDELINE_CATEGORIES and flag["category"] in GuidelineCategory.values
    ]
    return max(candidates, key=_score, default=None)


@register.simple_tag
def suggested_rejection(flags) -> GuidelineCategory | None:
    """The guideline the strongest flag suggests rejecting under."""
    flag = strongest_guideline_flag(flags)
    return GuidelineCategory(flag["category"]) if flag else None


@register.filter
def flag_summary(flags) -> SafeString:
    """One line per flag: category, score and the evidence quoted, strongest first."""
    flags = sorted(_valid_flags(flags), key=lambda flag: -_score(flag))
    if not flags:
        return format_html('<span class="flag-none">{}</span>', "–")
    rows = []
    for flag in flags:
        evidence = _evidence(flag)
        informational = flag["category"] in INFORMATIONAL_CATEGORIES
        rows.append(
            (
                "flag-info" if informational else "flag-guideline",
                category_label(flag["category"]),
                f"{_score(flag):.2f}",
                format_html_join(", ", "“{}”", ((item[:80],) for item in evidence[:3]))
                if evidence and flag["category"] != "duplicate"
                else "",
            )
        )
    return format_html(
        '<ul class="flag-list">{}</ul>',
        format_html_join(
            "",
            '<li class="{}"><strong>{}</strong> {} <span class="flag-evidence-list">{}</span></li>',
            rows,
        ),
    )
