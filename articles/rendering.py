"""The markup of article pages that is written in Python: metadata, story cards, bylines.

The reader templates call these (``webcore/jinja2.py`` makes them template
globals). Story cards and bylines are written in Python, like
``comments/rendering.py``, because a front page prints thirty of them; the
article page's thirty-odd meta tags likewise. The markup below is the
template; change it here.
"""

import json
from functools import lru_cache
from html import escape
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

from articles import images

# Inside <script> only these can end the element or start markup; escaped as
# JSON unicode escapes, the data still parses to the very same strings.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def build_absolute_url(request, path: str) -> str:
    """``path`` on this site as a full URL: SITE_URL when configured, else the request's host."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is None:
        return path
    return request.build_absolute_uri(path)


def _origin(request) -> str:
    """What a path on this site is prefixed with to make it absolute (scheme and host)."""
    if settings.SITE_URL:
        return settings.SITE_URL
    return request.build_absolute_uri("/")[:-1] if request is not None else ""


def _absolute(origin: str, path: str) -> str:
    # Paths from reverse() and file storages are already quoted for a URL.
    return path if path.startswith(("http://", "https://")) else origin + path


@lru_cache(maxsize=1)
def _logo_path() -> str:
    # The hashed name from collectstatic's manifest, which a running process never sees change.
    return static("favicon.svg")


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def news_article_data(request, article) -> dict:
    """schema.org NewsArticle for an article page, as search engines read it."""
    origin = _origin(request)
    url = _absolute(origin, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(date_modified(article) or article.published_at),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": _absolute(origin, author.get_absolute_url()),
            }
            for author in article.byline_authors
        ],
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tag_list],
        "isAccessibleForFree": True,
        "inLanguage": article.language or settings.LANGUAGE_CODE,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": _absolute(origin, "/"),
            "logo": {
                "@type": "ImageObject",
                "url": _absolute(origin, _logo_path()),
            },
        },
    }
    if article.dateline:
        data["dateline"] = article.dateline
    if article.hero_image:
        data["image"] = [_absolute(origin, article.hero_image.url)]
    return data


def article_jsonld(request, article) -> SafeString:
    """A ``<script type="application/ld+json">`` data block no headline can break out of."""
    data = news_article_data(request, article)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = payload.translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def _attr(value) -> str:
    return escape(str(value)) if value is not None else ""


def hreflang_links(request, article) -> SafeString:
    """``<link rel="alternate" hreflang>`` of an article with translations: each, itself, x-default.

    x-default is the default edition's version when there is one, else the original.
    """
    translations = article.translation_links()
    if not translations:
        return mark_safe("")  # noqa: S308 - empty
    origin = _origin(request)
    versions = [(article.language, article.get_absolute_url())]
    versions += [(link.language, link.url) for link in translations]
    urls = dict(versions)
    default = urls.get(settings.LANGUAGE_CODE)
    if default is None:
        original = article if article.translation_of_id is None else None
        default = original.get_absolute_url() if original else None
    if default:
        versions.append(("x-default", default))
    lines = [
        f'<link rel="alternate" hreflang="{_attr(code)}" href="{_attr(_absolute(origin, url))}">'
        for code, url in versions
    ]
    return mark_safe("\n  " + "\n  ".join(lines) + "\n")  # noqa: S308 - escaped above


def article_meta(request, article) -> SafeString:
    """The article page's canonical link, Open Graph and Twitter cards, and JSON-LD.

    Written in Python for the same reason as the story cards: as template
    markup these thirty-odd lookups, date filters and URL builds were a good
    part of every cold render of the article page.
    """
    origin = _origin(request)
    canonical = _attr(_absolute(origin, article.get_absolute_url()))
    headline = _attr(article.headline)
    standfirst = _attr(article.standfirst)
    section = _attr(article.section.name)
    hero = article.hero_image
    image = _attr(_absolute(origin, hero.url)) if hero else ""
    modified = max(filter(None, (article.updated_at, date_modified(article))), default=None)
    lines = [
        f'<link rel="canonical" href="{canonical}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{_attr(settings.SITE_NAME)}">',
        f'<meta property="og:title" content="{headline}">',
        f'<meta property="og:description" content="{standfirst}">',
        f'<meta property="og:url" content="{canonical}">',
    ]
    if hero:
        lines.append(f'<meta property="og:image" content="{image}">')
        if article.hero_alt:
            lines.append(f'<meta property="og:image:alt" content="{_attr(article.hero_alt)}">')
    lines += [
        f'<meta property="article:published_time" content="{_iso(article.published_at) or ""}">',
        f'<meta property="article:modified_time" content="{_iso(modified) or ""}">',
        f'<meta property="article:section" content="{section}">',
        *(f'<meta property="article:tag" content="{_attr(t.name)}">' for t in article.tag_list),
        f'<meta name="twitter:card" content="{"summary_large_image" if hero else "summary"}">',
        f'<meta name="twitter:title" content="{headline}">',
        f'<meta name="twitter:description" content="{standfirst}">',
    ]
    if hero:
        lines.append(f'<meta name="twitter:image" content="{image}">')
    lines.append(article_jsonld(request, article))
    return mark_safe("\n  " + "\n  ".join(lines) + "\n")  # noqa: S308 - escaped above


def article_body(article):
    """The stored (sanitised) body with the dateline opening its first paragraph, news style."""
    # The body was sanitised against webcore/sanitize.py's allow-list when it was saved
    # (which keeps no loading attribute: pictures in the body load when scrolled to).
    body = mark_safe(article.body.replace("<img ", '<img loading="lazy" decoding="async" '))  # noqa: S308
    if not article.dateline:
        return body
    dateline = format_html('<span class="dateline">{}</span> ', article.dateline)
    if body.startswith("<p>"):
        return mark_safe("<p>" + dateline + body[3:])  # noqa: S308
    return mark_safe(format_html("<p>{}</p>", dateline) + body)  # noqa: S308


_CARD = (
    '<article class="story-card{image_class}">\n'
    "  {image}\n"
    "  {kicker}\n"
    '  <{h}><a href="{url}">{headline}</a></{h}>\n'
    "  {standfirst}\n"
    '  <p class="meta">{byline}<time datetime="{iso}">{when}</time></p>\n'
    "</article>\n"
)
_CARD_IMAGE = '<a href="{url}" tabindex="-1" aria-hidden="true">{picture}</a>'
# How wide a card's picture is shown (static/css/site.css): the home page's
# grid of three, two or one columns; a list's 15rem column, or the full width.
_CARD_IMAGE_SIZES = {
    "grid": "(min-width: 64rem) 23rem, (min-width: 48rem) 50vw, calc(100vw - 1.5rem)",
    "stream": "(min-width: 48rem) 15rem, calc(100vw - 1.5rem)",
}
_KICKER = '<a class="kicker" href="{url}">{name}</a>'
_HEADING_TAGS = frozenset({"h2", "h3", "h4"})


@lru_cache(maxsize=16)
def _month_names(language: str | None) -> tuple:
    """Abbreviated month names in the active language, translated once per process."""
    return (None, *(str(MONTHS_3[m]).title() for m in range(1, 13)))


@lru_cache(maxsize=16)
def _long_month_names(language: str | None) -> tuple:
    """Full month names in the active language, translated once per process."""
    return (None, *(str(MONTHS[m]) for m in range(1, 13)))


@lru_cache(maxsize=16)
def _comma(language: str | None) -> str:
    # Arabic script writes its own comma (،); a date's format string cannot
    # say so, because its comma is not translated with the page.
    return pgettext("a comma in running text, as between a date and its time", ", ")


def comma() -> str:
    """The comma of the active language, with its space: ", " or "، "."""
    return _comma(get_language())


def long_when(value) -> str:
    """``value|date:"j F Y, H:i T"`` in the current time zone: the article page's dates."""
    local = timezone.localtime(value)
    language = get_language()
    month = _long_month_names(language)[local.month]
    return f"{local.day} {month} {local.year:04d}{_comma(language)}{local:%H:%M} {local.tzname()}"


def iso_when(value) -> str:
    """``value|date:"c"``: the machine-readable time of a ``<time datetime>``."""
    return _iso(value) or ""


def short_when_formatter():
    """``short_when`` with the time zone and month names looked up once, for a list of times.

    A page of comments formats a hundred times; the lookups (the active
    language and time zone are thread-locals) cost more than the formatting.
    """
    zone = timezone.get_current_timezone()
    language = get_language()
    months = _month_names(language)
    separator = _comma(language)

    def when(value) -> str:
        local = value.astimezone(zone)
        return (
            f"{local.day} {months[local.month]} {local.year:04d}{separator}"
            f"{local.hour:02d}:{local.minute:02d}"
        )

    return when


def short_when(value) -> str:
    """``value|date:"j M Y, H:i"`` in the current time zone, without the template filter."""
    return short_when_formatter()(value)


def byline_html(authors, *, link: bool = False) -> str:
    """ "By A, B and C", each name linked to the author's page when ``link`` is set."""
    if not authors:
        return ""
    last = len(authors) - 1
    # The spaces are the translator's: Arabic joins "و" to the name after it.
    # "and" is looked up outside an f-string, where makemessages can find it.
    conjunction = escape(pgettext("between the last two names of a byline", " and "))
    separator = escape(pgettext("between names of a byline", ", "))
    parts = [escape(gettext("By")), " "]
    for position, author in enumerate(authors):
        if position:
            parts.append(conjunction if position == last else separator)
        name = escape(author.name)
        if link:
            parts.append(f'<a href="{author.get_absolute_url()}" rel="author">{name}</a>')
        else:
            parts.append(name)
    return "".join(parts)


def byline(article, link=False) -> SafeString:
    return mark_safe(byline_html(article.byline_authors, link=link))  # noqa: S308 - escaped above


def story_card_html(
    article,
    *,
    compact=False,
    hide_section=False,
    hide_byline=False,
    with_image=False,
    heading_tag="h3",
    layout="grid",
) -> str:
    """One story card: kicker, headline, standfirst unless compact, byline and time."""
    url = article.get_absolute_url()
    image = ""
    if with_image and article.hero_image:
        picture = picture_html(
            article,
            alt="",
            sizes=_CARD_IMAGE_SIZES.get(layout, _CARD_IMAGE_SIZES["grid"]),
            css_class="story-card__image",
        )
        image = _CARD_IMAGE.format(url=url, picture=picture)
    kicker = ""
    if not hide_section:
        section = article.section
        kicker = _KICKER.format(url=section.get_absolute_url(), name=escape(section.name))
    byline = ""
    if not hide_byline:
        byline = byline_html(article.byline_authors)
        if byline:
            byline += " · "
    published_at = article.published_at
    return _CARD.format(
        image_class=" story-card--image" if image else "",
        image=image,
        kicker=kicker,
        h=heading_tag if heading_tag in _HEADING_TAGS else "h3",
        url=url,
        headline=escape(article.headline),
        standfirst="" if compact else f"<p>{escape(article.standfirst)}</p>",
        byline=byline,
        iso=_iso(published_at) or "",
        when=short_when(published_at) if published_at else "",
    )


def story_cards(articles, **options) -> SafeString:
    """A ``<li>`` with a story card for each article; ``options`` as for story_card_html."""
    cards = (f"<li>{story_card_html(article, **options)}</li>" for article in articles)
    return mark_safe("".join(cards))  # noqa: S308 - escaped in story_card_html


def search_cards(articles) -> SafeString:
    """Story cards for search results, each followed by its snippet (``articles.search``)."""
    cards = (
        f"<li>{story_card_html(article, heading_tag='h2')}"
        + (f'<p class="search-snippet">{article.snippet}</p>' if article.snippet else "")
        + "</li>"
        for article in articles
    )
    # story_card_html escapes; a snippet is escaped text with <mark> added (_snippet_html).
    return mark_safe("".join(cards))  # noqa: S308


def search_result_label(count: int, query: str, capped: bool = False) -> str:
    """ "3 articles match “flood”.": the plural lives here, where makemessages finds it."""
    if capped:
        return gettext(
            "The %(count)s best of the articles matching “%(query)s”. Add a word to narrow "
            "the search."
        ) % {"count": count, "query": query}
    return ngettext(
        "%(count)s article matches “%(query)s”.",
        "%(count)s articles match “%(query)s”.",
        count,
    ) % {"count": count, "query": query}


def date_modified(article):
    """When readers last saw the article change: a noticeable edit or its latest note.

    None when neither happened.
    """
    moments = [note.created_at for note in article.correction_list]
    if article.was_updated():
        moments.append(article.updated_at)
    return max(moments, default=None)


# The article column (40rem) or the screen less the page's side padding.
ARTICLE_IMAGE_SIZES = "(min-width: 43rem) 40rem, calc(100vw - 1.5rem)"
# The home page's lead story: two thirds of the page on a wide screen.
LEAD_IMAGE_SIZES = "(min-width: 64rem) 45rem, calc(100vw - 1.5rem)"


def picture_html(article, *, alt="", sizes=ARTICLE_IMAGE_SIZES, css_class="", lead=False) -> str:
    """The hero image as a ``<picture>``: WebP and JPEG renditions by width, original as ``src``.

    ``lead``: the picture is the page's largest element, in view on arrival:
    fetched first, never lazily. Other pictures load when scrolled to. Without
    recorded renditions (``images.make_hero_renditions`` never ran for it, or
    the size was not read: listings of related stories), only the original.
    """
    hero = article.hero_image
    attributes = [f'src="{escape(hero.url)}"', f'alt="{escape(alt)}"']
    if css_class:
        attributes.insert(0, f'class="{css_class}"')
    has_size = "hero_width" not in article.get_deferred_fields() and article.hero_width
    sources = ""
    if has_size:
        attributes.append(f'srcset="{escape(images.srcset(article, "jpg"))}"')
        attributes.append(f'sizes="{sizes}"')
        attributes.append(f'width="{article.hero_width}" height="{article.hero_height}"')
        if images.webp_supported():
            sources = (
                f'<source type="image/webp" srcset="{escape(images.srcset(article, "webp"))}" '
                f'sizes="{sizes}">'
            )
    if lead:
        attributes.append('fetchpriority="high"')
    else:
        attributes.append('loading="lazy" decoding="async"')
    return f"<picture>{sources}<img {' '.join(attributes)}></picture>"


def hero_picture(article, *, alt="", sizes="article", lead=False) -> SafeString:
    """``picture_html`` for templates; ``sizes``: "article" or "lead" (the home page's)."""
    sizes = LEAD_IMAGE_SIZES if sizes == "lead" else ARTICLE_IMAGE_SIZES
    return mark_safe(picture_html(article, alt=alt, sizes=sizes, lead=lead))  # noqa: S308


def _query(params: dict) -> str:
    # %20 for a space, not "+": mail programs take a mailto body's "+" literally.
    return urlencode(params, quote_via=quote)


def share_links(request, article) -> SafeString:
    """Links that share the article by e-mail and on messaging and social sites.

    Plain addresses: nothing of those sites is loaded on our page, and
    nothing is sent to them unless the reader follows a link. "Copy link" is a
    link to the article itself (copy it as any link); with JavaScript it puts
    the address on the clipboard (static/js/share.js).
    """
    url = _absolute(_origin(request), article.get_absolute_url())
    title = article.headline
    both = f"{title} {url}"
    targets = [
        ("email", gettext("E-mail"), "mailto:?" + _query({"subject": title, "body": url})),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + _query({"text": both})),
        (
            "telegram",
            "Telegram",
            "https://t.me/share/url?" + _query({"url": url, "text": title}),
        ),
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + _query({"u": url}),
        ),
        ("x", "X", "https://x.com/intent/post?" + _query({"url": url, "text": title})),
    ]
    items = [
        f'<li><a class="share__link share__link--{key}" href="{escape(href)}" '
        f'rel="noopener noreferrer nofollow">{escape(label)}</a></li>'
        for key, label, href in targets
    ]
    # Looked up outside the f-string: makemessages does not look inside one.
    copied, copy = escape(gettext("Link copied")), escape(gettext("Copy link"))
    items.append(
        f'<li><a class="share__link share__copy" href="{escape(url)}" data-copy-link '
        f'data-copied="{copied}">{copy}</a></li>'
    )
    heading = escape(gettext("Share this article"))
    return mark_safe(  # noqa: S308 - escaped above
        '<nav class="share" aria-labelledby="share-heading">'
        f'<h2 id="share-heading" class="share__heading">{heading}</h2>'
        f'<ul class="share__list">{"".join(items)}</ul>'
        '<p class="share__status visually-hidden" role="status" aria-live="polite"></p>'
        "</nav>"
    )
