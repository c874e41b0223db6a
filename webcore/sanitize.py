"""The one module that imports bleach: what HTML the site will store and show.

Article bodies are written by staff but pasted from everywhere (wire copy,
word processors, other sites), so they are cleaned against an allow-list
when they are saved, and only the cleaned HTML is ever marked safe in a
template. bleach is deprecated upstream; keeping every call here makes a
later switch (to nh3, say) a one-file change.

The allow-list for news copy:

* text blocks: ``p``, ``h2``–``h4`` (``h1`` belongs to the headline), ``blockquote``,
  ``ul``/``ol``/``li``, ``br``, ``hr``;
* inline: ``strong``, ``em``, ``b``, ``i``, ``u``, ``s``, ``sub``, ``sup``, ``small``,
  ``abbr[title]``, ``cite``, ``q``, ``code``;
* links: ``a[href, title]`` with http, https or mailto, or a path on this site;
* pictures: ``figure``, ``figcaption``, ``img[src, alt, width, height]`` whose source is
  http(s) or this site's media folder (``MEDIA_URL``).

Nothing executable survives: ``script``, ``style``, ``iframe``, ``object`` and
friends are removed *with their content*, every ``on…`` handler and ``style``
attribute is dropped, and ``javascript:``/``data:`` URLs are removed. Other
unknown tags (``div``, ``span``, ``font`` from word processors) are unwrapped,
keeping their text. Links get ``rel="noopener noreferrer"`` when they leave the
site, so an opened page cannot reach back into ours.
"""

import html
import re
from html.parser import HTMLParser

import bleach
from bleach.html5lib_shim import Filter
from django.conf import settings

ARTICLE_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "ul",
        "ol",
        "li",
        "br",
        "hr",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "abbr",
        "cite",
        "q",
        "code",
        "a",
        "figure",
        "figcaption",
        "img",
    }
)

ARTICLE_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements whose *content* is code or chrome, never copy: dropped whole, not unwrapped.
_DROPPED_WITH_CONTENT = (
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "select",
    "title",
    "svg",
    "math",
    "head",
)
_DROPPED_NAMES = "|".join(_DROPPED_WITH_CONTENT)
_DROPPED_RE = re.compile(r"<(" + _DROPPED_NAMES + r")\b[^>]*>.*?</\1\s*>", re.I | re.S)
# Never closed: a browser would treat the rest of the document as code too.
_UNCLOSED_RE = re.compile(r"<(" + _DROPPED_NAMES + r")\b.*\Z", re.I | re.S)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_TAG_RE = re.compile(r"<(p|h[2-4]|blockquote|ul|ol|figure)\b", re.IGNORECASE)


def _media_prefix() -> str:
    return settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/" + settings.MEDIA_URL


def _is_allowed_image_source(value: str) -> bool:
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):
        return True
    # A path in our own media folder; "//host" is another site, ".." climbs out.
    return value.startswith(_media_prefix()) and not value.startswith("//") and ".." not in value


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name in {"href", "title"}
    if tag == "abbr":
        return name == "title"
    if tag == "img":
        if name == "src":
            return _is_allowed_image_source(value)
        if name in {"width", "height"}:
            return value.isdigit()
        return name == "alt"
    return False


def _is_external(href: str) -> bool:
    return href.lower().startswith(("http://", "https://", "//"))


class _LinkHygiene(Filter):
    """External links may not reach back into the page that opened them; no empty images."""

    def __iter__(self):
        for token in super().__iter__():
            if token.get("name") == "img" and (None, "src") not in token.get("data", {}):
                continue  # its source was refused: nothing left to show
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = dict(token["data"])
                href = attrs.get((None, "href"), "")
                if href and _is_external(href):
                    attrs[(None, "rel")] = "noopener noreferrer"
                token["data"] = attrs
            yield token


_cleaner = bleach.Cleaner(
    tags=ARTICLE_TAGS,
    attributes=_allow_attribute,
    protocols=ARTICLE_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkHygiene],
)


def _plain_text_to_paragraphs(text: str) -> str:
    # Wire copy is often pasted as plain text, one paragraph per line.
    lines = [line.strip() for line in text.splitlines()]
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines if line)


def clean_article_html(value: str) -> str:
    """Article HTML reduced to the news-copy allow-list above; safe to mark safe."""
    value = (value or "").replace("\x00", "")
    if "<" not in value:
        value = _plain_text_to_paragraphs(value)
    elif not _BLOCK_TAG_RE.search(value):
        # Inline-only markup ("A <em>big</em> day\nSecond line"): keep the lines as paragraphs.
        value = "".join(f"<p>{line.strip()}</p>" for line in value.splitlines() if line.strip())
    value = _COMMENT_RE.sub("", value)
    # Repeat until stable so nested or overlapping tricks cannot leave a fragment behind.
    previous = None
    while previous != value:
        previous, value = value, _DROPPED_RE.sub("", value)
    value = _UNCLOSED_RE.sub("", value)
    return _cleaner.clean(value).strip()


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(value: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed (for search, feeds, meta)."""
    collector = _TextCollector()
    collector.feed(value or "")
    collector.close()
    return " ".join("".join(collector.parts).split())


class _Removed(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag not in ARTICLE_TAGS:
            self.found.add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.add(name)
            elif name in {"href", "src"} and value:
                scheme = value.strip().split(":", 1)[0].lower()
                if ":" in value and scheme in {"javascript", "data", "vbscript"}:
                    self.found.add(f"{scheme}: URL")


def describe_removed_markup(value: str) -> list[str]:
    """Names of the executable or unknown markup ``clean_article_html`` takes out, for editors."""
    parser = _Removed()
    parser.feed(value or "")
    parser.close()
    return sorted(parser.found)


# --- Comment text ----------------------------------------------------------
#
# Readers write plain text. It is cleaned once on the way in (the comment
# form), stored exactly as cleaned, and turned into HTML once when the comment
# is saved (``Comment.body_html``): escaped, line breaks kept, web addresses
# made into links that pass no ranking and cannot reach back into our page.

# Embeddings, overrides and isolates: one stray U+202E would flip the rest of
# the page for every reader. Direction marks (U+200E/U+200F) are harmless and stay.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 control characters except tab and newline, the bidi controls, and
# lone surrogates (no UTF-8 text can hold one; webcore.charsets keeps them out
# of requests, this keeps them out of whatever else hands text in).
_COMMENT_JUNK_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\ud800-\udfff]")
_MANY_BLANK_LINES_RE = re.compile(r"\n{3,}")
COMMENT_LINK_REL = "nofollow ugc noopener"


def clean_comment_text(value: str, *, multiline: bool = True) -> str:
    """Reader text without control or bidi-override characters; newlines kept if ``multiline``."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = " ".join(value.split("\n"))
    value = _COMMENT_JUNK_RE.sub("", value)
    return _MANY_BLANK_LINES_RE.sub("\n\n", value).strip()


def _comment_link(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None  # only web addresses become links
    attrs[(None, "rel")] = COMMENT_LINK_REL
    return attrs


_comment_linker = bleach.linkifier.Linker(callbacks=[_comment_link], parse_email=False)


def comment_text_to_html(text: str) -> str:
    """A plain-text comment as HTML: escaped, <br> for line breaks, web addresses linked."""
    escaped = html.escape(clean_comment_text(text), quote=True)
    linked = _comment_linker.linkify(escaped)
    return linked.replace("\n", "<br>\n")
