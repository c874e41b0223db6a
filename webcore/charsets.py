"""A request in a character set no browser sends is refused (400) before Django reads it.

Django decodes the query string and a form's fields with whatever charset the
request's Content-Type names. A name that is not a text encoding (``rot13``,
``base64``) makes the decoding raise while the request object is being built,
before any middleware runs; some that are (``unicode_escape``, ``utf-7``)
turn ``\\ud800`` typed by the client into a lone surrogate, which no database
column or UTF-8 page can hold. Either way a 500, whatever the URL. Browsers
send our forms in UTF-8, the pages' encoding; older clients may name Latin-1.

So the check wraps the application itself (``newsroom/wsgi.py`` and
``newsroom/asgi.py``), the one place that sees the request first.
"""

import codecs

from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

# Python's names for them (codecs.lookup(...).name): "UTF8", "latin1" and the
# like resolve to these.
READABLE = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252"})


def readable(content_type: str) -> bool:
    """False when the Content-Type names a charset Django would decode the request with
    that is not one browsers send."""
    charset = parse_header_parameters(content_type)[1].get("charset")
    if charset is None:
        return True
    try:
        return codecs.lookup(charset).name in READABLE
    except LookupError:
        return True  # Django ignores a name it does not know and reads UTF-8


def _refusal() -> tuple[bytes, list[tuple[str, str]]]:
    body = _("This request names a character set the site does not read: send UTF-8.").encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
    ]
    return body, headers


def guard_wsgi(application):
    """``application`` answering 400 to a request in an unreadable charset."""

    def guarded(environ, start_response):
        if readable(environ.get("CONTENT_TYPE", "")):
            return application(environ, start_response)
        body, headers = _refusal()
        start_response("400 Bad Request", headers)
        return [body]

    return guarded


def guard_asgi(application):
    """``application`` answering 400 to an HTTP request in an unreadable charset."""

    async def guarded(scope, receive, send):
        if scope["type"] == "http":
            content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
            if not readable(content_type.decode("latin-1")):
                body, headers = _refusal()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await application(scope, receive, send)

    return guarded
