"""The URLconf, script prefix and language that reverse() works under, looked up once per request.

Pages print dozens of links, and the memoised URL helpers (``slug_url`` in
articles.models, ``url`` in webcore.jinja2) keep what they build per
URLconf and script prefix. Django keeps both in asgiref locals, whose every
read costs about as much as the rest of such a helper; :class:`URLScopeMiddleware`
lets a request read them once, at its first link (by then any middleware
that picks a URLconf for the request has run). Outside a request (shell,
management commands, e-mails sent from a job) they are read each time.
"""

from contextvars import ContextVar

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

# Inside a request: a list holding the scope once it is known; outside: None.
_request_scope: ContextVar[list | None] = ContextVar("newsroom_url_scope", default=None)


def url_scope() -> tuple[str, str, str]:
    """``(URLconf, script prefix, language)`` of the current request, or of this moment outside one.

    The language is part of it because with several editions (webcore.editions)
    reverse() puts the active one's prefix in front of every reader URL.
    """
    held = _request_scope.get()
    if held is None:
        return _look_up()
    if not held:
        held.append(_look_up())
    return held[0]


def _look_up() -> tuple[str, str, str]:
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language() or ""


class URLScopeMiddleware:
    """Scope the memo of :func:`url_scope` to one request; last in MIDDLEWARE, around the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_scope.set([])
        try:
            return self.get_response(request)
        finally:
            _request_scope.reset(token)
