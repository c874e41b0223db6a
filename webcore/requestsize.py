"""Posts larger than a view accepts are refused (413) before anything reads their body.

Django parses a form body whole (up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``, 2.5 MB)
the first time anything asks for ``request.POST`` (the CSRF check does, before
the view), and a page that shows the form again would echo it back. A view
marked with ``max_request_bytes`` is guarded by ``RequestSizeMiddleware``,
which sits before the CSRF middleware and looks only at ``Content-Length``.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control


def max_request_bytes(limit: int | str):
    """Mark a view: refuse requests larger than ``limit`` bytes (or the setting of that name)."""

    def mark(view):
        view.max_request_bytes = limit
        return view

    return mark


def _limit_of(view) -> int | None:
    limit = getattr(view, "max_request_bytes", None)
    if isinstance(limit, str):
        return getattr(settings, limit)
    return limit


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = _limit_of(view_func)
        if limit is None:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a usable length either
        if length <= limit:
            return None
        response = render(request, "413.html", {"limit_kb": max(1, limit // 1024)}, status=413)
        patch_cache_control(response, private=True, no_store=True)
        return response
