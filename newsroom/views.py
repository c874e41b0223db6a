"""Project-wide views: health check, robots.txt, error pages, benchmark floor."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.context_processors import i18n
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_safe

from webcore.editions import edition_codes, has_several_editions

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 otherwise: for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database did not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def robots_txt(request):
    preview = "/*/articles/*/preview/" if has_several_editions() else "/articles/*/preview/"
    lines = ["User-agent: *", "Disallow: /admin/", f"Disallow: {preview}"]
    # One sitemap and one News sitemap per edition (each under its prefix, if any).
    for language in edition_codes():
        with translation.override(language):
            for name in ("sitemap", "articles:news_sitemap"):
                lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def default_edition(request):
    """``/`` with several editions: the default edition's home (302, so it may change)."""
    with translation.override(settings.LANGUAGE_CODE):
        return redirect("articles:home")


@require_http_methods(["GET", "HEAD", "POST"])
def unprefixed(request, path):
    """A reader URL from before the site had editions: 301 to the default edition's.

    Links, bookmarks, feed subscriptions and e-mailed links made while the site
    published one edition keep working; an article in another edition then
    redirects once more, to its own. A form posted from a page opened before
    the switch (a comment, a report) gets 308, which sends it on with its
    method and body, so what the reader wrote reaches the form's new address.
    """
    target = f"/{settings.LANGUAGE_CODE}/{path}"
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(target)
        except Resolver404:
            match = None
    if match is None or match.func is unprefixed:  # only this catch-all would answer
        raise Http404("No page here.")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(
        f"{target}?{query}" if query else target, preserve_request=request.method == "POST"
    )


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: point them at the icon.

    Resolved per request, not at import: the hashed static name only exists
    once collectstatic has run.
    """
    return redirect(static("favicon.svg"))


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: the error may have come from the
    # database or a context processor, so this page must need neither. The
    # language (lang and dir) is the one thing it takes: the i18n context
    # processor's values, which need no request.
    return render(None, "500.html", i18n(None), status=500)


def bench_floor(request):
    """The floor of this stack: a fixed short response, no template, no query."""
    return HttpResponse(b"ok", content_type="text/plain")
