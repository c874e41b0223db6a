"""Presentation helpers for article pages: absolute URLs and JSON-LD structured data."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

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


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return build_absolute_url(context.get("request"), path)


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def news_article_data(request, article) -> dict:
    """schema.org NewsArticle for an article page, as search engines read it."""
    url = build_absolute_url(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.updated_at if article.was_updated() else article.published_at),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": build_absolute_url(request, author.get_absolute_url()),
            }
            for author in article.byline_authors
        ],
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": build_absolute_url(request, "/"),
            "logo": {
                "@type": "ImageObject",
                "url": build_absolute_url(request, static("favicon.svg")),
            },
        },
    }
    if article.dateline:
        data["dateline"] = article.dateline
    if article.hero_image:
        data["image"] = [build_absolute_url(request, article.hero_image.url)]
    return data


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """A ``<script type="application/ld+json">`` data block no headline can break out of."""
    data = news_article_data(context.get("request"), article)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = payload.translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def article_body(article):
    """The stored (sanitised) body with the dateline opening its first paragraph, news style."""
    # The body was sanitised against newsroom/sanitize.py's allow-list when it was saved.
    body = mark_safe(article.body)  # noqa: S308
    if not article.dateline:
        return body
    dateline = format_html('<span class="dateline">{}</span> ', article.dateline)
    if body.startswith("<p>"):
        return mark_safe("<p>" + dateline + body[3:])  # noqa: S308
    return mark_safe(format_html("<p>{}</p>", dateline) + body)  # noqa: S308
