"""The reader page cache: whole rendered pages, shared by every anonymous reader.

A reader page is the same for every reader who is not signed in and has no
comment of their own awaiting moderation, so it is rendered once and served
from the cache (Redis in production) until something on it changes. The
middleware answers a hit before sessions, CSRF and authentication run, which
is what makes a hot article cheap.

Invalidation is by version numbers rather than by deleting keys, so one
increment retires every variant of a page (``?page=2``, HEAD, ...). Each
reader view declares the scopes its page depends on where it is mounted
(``reader_page(view, scopes=...)``):

- every reader page depends on the ``listings`` scope, bumped when anything
  a listing shows is saved or deleted;
- a page may depend on scopes of its own, named from its URL's arguments
  (the article page: ``article:{slug}``, bumped when a comment on it is
  decided, so a moderator's decision refreshes that page only);
- no page outlives the next moment pages change by themselves (apps register
  those moments: a scheduled article going live, comments closing).

The middleware asks the URL resolver which view a path belongs to (once per
path and process), so it never guesses from the URL's text and works the
same under a script prefix. Only the query parameters a view declares, in
their canonical form, make separate copies: ``?page=01`` is redirected to
``?page=1``, anything else unknown is rendered but never stored.

Each worker process also keeps the pages it served last in its own memory
(:class:`RecentPages`), so a hit fetches only the few bytes of the version
numbers from the shared cache, never the page itself; a copy counts only if
it was built under the versions current now and has not reached its expiry,
the very checks the shared copy passes.

Views opt in with :func:`reader_page`; a response that shows one reader
something personal (their pending comment, a form with their errors) is
marked private by the view and never stored.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from functools import lru_cache, partial, wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, get_resolver
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

LISTINGS = "listings"
# Cookies that mean "this browser may see something personal": a staff
# session, a flash message, or the reader's own pending comments.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages", "newsroom_pending")
_VERSION_PREFIX = "pagecache:v:"
# The key names the shape of an entry (PageEntry), so entries of an older
# release are never read.
_PAGE_PREFIX = "pagecache:page:3:"
_NEXT_PUBLICATION = "pagecache:next-publication"


def bump(*scopes: str) -> None:
    """Retire every cached page that depends on ``scopes``."""
    for scope in scopes:
        key = _VERSION_PREFIX + scope
        # A fresh start value, not 1: if the key was evicted, pages stored
        # under an old number must not come back to life.
        if cache.add(key, time.time_ns()):
            continue
        try:
            cache.incr(key)
        except ValueError:  # evicted between add() and incr()
            cache.set(key, time.time_ns(), None)


def forget_reader_pages(*, first=()) -> None:
    """Once the current transaction commits, retire every cached reader page.

    Called beside every save that changes what a listing shows: articles,
    sections, tags, authors. Every reader page lists articles (article pages
    list related ones), so all of them go. ``first``: callables that drop what
    pages are built from (the header's section list), run before the pages
    go, so no page is rebuilt from the old value.
    """
    transaction.on_commit(partial(_forget_reader_pages_now, first), robust=True)


def _forget_reader_pages_now(first=()) -> None:
    for forget in first:
        forget()
    bump(LISTINGS)
    cache.delete(_NEXT_PUBLICATION)


# Callables ``since -> datetime | None``: the next moment after ``since`` at
# which pages change with no save (apps register theirs in AppConfig.ready).
_change_moments: list = []


def register_change_moment(next_moment) -> None:
    """Pages must expire by ``next_moment(since)``: a time at which they change by themselves."""
    _change_moments.append(next_moment)


def _expires_at(rendered_from: float) -> float:
    """When a page whose render began at ``rendered_from`` must go (a Unix time).

    Never past the next moment pages change by themselves (scheduled articles
    appear, comments close, with no job and no save), so a page must expire
    by then or it would hide the new story or keep offering a comment form
    that no longer takes comments. Counted from the start of the render, so a
    moment that passes while the page is being built still ends it.
    """
    next_at = cache.get(_NEXT_PUBLICATION)
    if next_at is None or next_at <= rendered_from:
        since = datetime.fromtimestamp(rendered_from, tz=UTC)
        moments = [next_moment(since) for next_moment in _change_moments]
        moments = [moment.timestamp() for moment in moments if moment is not None]
        next_at = min(moments, default=rendered_from + 86400 * 365)
        cache.set(_NEXT_PUBLICATION, next_at, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return min(rendered_from + settings.NEWSROOM_PAGE_CACHE_SECONDS, next_at)


class PageRules(NamedTuple):
    """What a reader view declared: the scopes its page depends on, the parameters it reads."""

    scopes: tuple[str, ...]  # formatted with the URL's arguments: "article:{slug}"
    query: frozenset[str]


@lru_cache(maxsize=4096)
def _page_of(urlconf: str, path_info: str) -> tuple[tuple[str, ...], frozenset] | None:
    """``(scopes, query parameters)`` of the reader page at ``path_info``, or None.

    Asked of the URL resolver, the view's own declaration; kept per path,
    since which view a path reaches does not change under a running process.
    """
    try:
        match = get_resolver(urlconf).resolve(path_info)
    except Resolver404:
        return None
    rules = getattr(match.func, "page_rules", None)
    if rules is None:
        return None
    return tuple(scope.format(**match.kwargs) for scope in rules.scopes), rules.query


# A page number or an id as a reader page reads it, written the one way that counts.
_CANONICAL_NUMBER = re.compile(r"[1-9][0-9]{0,17}")
_NUMBER = re.compile(r"\s*\+?[0-9]{1,18}\s*")


def _canonical_query(request, query: frozenset) -> str | None:
    """The canonical query string of a request whose parameters are non-canonical numbers.

    None when the query is canonical already, or holds something that no
    canonical form would fix (then the page is rendered but never stored).
    """
    fixed, changed = [], False
    for name, values in request.GET.lists():
        if name not in query or len(values) != 1:
            return None
        value = values[0]
        if not _CANONICAL_NUMBER.fullmatch(value):
            if not _NUMBER.fullmatch(value) or int(value) == 0:
                return None
            value, changed = str(int(value)), True
        fixed.append((name, value))
    return urlencode(fixed) if changed else None


def _is_canonical(request, query: frozenset) -> bool:
    return all(
        name in query and len(values) == 1 and _CANONICAL_NUMBER.fullmatch(values[0])
        for name, values in request.GET.lists()
    )


class PageEntry(NamedTuple):
    """A stored page: what it was built under, what it answers with, and until when."""

    stamp: str  # the versions of its scopes it was built under ("" when not stored)
    body: bytes
    headers: tuple
    etag: str
    stored_at: float
    expires_at: float  # a Unix time; 0 when not stored


class RecentPages:
    """The pages this process served last, up to a total size: an LRU in front of the cache.

    A hot article's page is tens of kilobytes; fetching it from Redis and
    unpickling it on every hit cost more than the rest of the hit together.
    Entries are the shared cache's own, checked against the same versions and
    expiry before use, so a copy here is never staler than the one in Redis.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, PageEntry] = OrderedDict()
        self._bytes = 0
        # Threaded servers (runserver, gthread workers) share one instance.
        self._lock = threading.Lock()

    def get(self, key: str, stamp: str) -> PageEntry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.stamp != stamp or entry.expires_at <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: PageEntry) -> None:
        size = len(entry.body)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        self._bytes -= len(self._entries.pop(key).body)


recent_pages = RecentPages(settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES)


def _lookup(request, scopes: tuple[str, ...]) -> tuple[str, str, PageEntry | None]:
    """The page's key, the versions it must have been built under, and the entry if any.

    The versions, and the page unless this process holds a copy, are fetched
    in one round trip; a second fetches the shared page only when this
    process's copy is out of date. An entry counts only if it was built under
    the versions current now.
    """
    version_keys = [_VERSION_PREFIX + scope for scope in scopes]
    # Host and scheme are part of the page: canonical and feed links are absolute.
    address = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    key = _PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()[:40]
    held = key in recent_pages
    found = cache.get_many(version_keys if held else [key, *version_keys])
    versions = []
    for version_key in version_keys:
        version = found.get(version_key)
        if version is None:
            # Never bumped, or evicted: start it afresh so no older page matches.
            version = time.time_ns()
            if not cache.add(version_key, version, None):
                version = cache.get(version_key, version)
        versions.append(str(version))
    stamp = ".".join(versions)
    entry = recent_pages.get(key, stamp) if held else None
    if entry is None:
        # Not held here, or held under older versions: another worker may
        # already have stored the current page.
        entry = cache.get(key) if held else found.get(key)
        if entry is None or entry.stamp != stamp:
            return key, stamp, None
        recent_pages.put(key, entry)
    return key, stamp, entry


def _is_shareable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def reader_page(view=None, *, scopes=(LISTINGS,), query=("page",)):
    """Declare a view's page the same for every anonymous reader, so the page cache may share it.

    ``scopes``: what the page depends on, each formatted with the URL's
    arguments (``"article:{slug}"``); ``bump(scope)`` retires it. ``query``:
    the parameters the page reads; any other makes a page that is never stored.
    Usable bare (``@reader_page``) or with arguments.
    """
    rules = PageRules(tuple(scopes), frozenset(query))

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not getattr(response, "newsroom_private", False):
                response.newsroom_shareable = True
            return response

        wrapper.page_rules = rules
        return wrapper

    return decorate(view) if view is not None else decorate


def mark_private(response):
    """This response shows one reader something of their own: never share or store it."""
    response.newsroom_private = True
    patch_cache_control(response, private=True, no_store=True)
    return response


def _public_headers(response, etag: str, stored_at: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stored_at)
    # A CDN in front may keep the page briefly (s-maxage) and absorb a rush;
    # browsers revalidate every time (max-age=0, a cheap 304), so a reader who
    # has just posted gets their own private page, not a copy from before.
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.NEWSROOM_PUBLIC_MAX_AGE)
    # The page differs for a browser with a pending comment or a message.
    patch_vary_headers(response, ["Cookie"])


class PageCacheMiddleware:
    """Serve and store shareable reader pages; answer conditional requests with 304.

    It sits first in MIDDLEWARE: a hit is answered with the headers the full
    stack gave the page when it was rendered (security headers, CSP, ...),
    without running any of it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = None
        if _is_shareable_request(request):
            urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
            page = _page_of(urlconf, request.path_info)
        if page is None:
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                # Admin pages, forms, anything personal: no shared cache may keep it.
                patch_cache_control(response, private=True, no_store=True)
            return response
        scopes, query = page
        canonical = _canonical_query(request, query)
        if canonical is not None:
            return HttpResponsePermanentRedirect(f"{request.path}?{canonical}")
        # A plain-HTTP request must reach SecurityMiddleware's HTTPS redirect.
        use_cache = settings.NEWSROOM_PAGE_CACHE and (
            request.is_secure() or not settings.SECURE_SSL_REDIRECT
        )
        if use_cache:
            key, stamp, entry = _lookup(request, scopes)
            if entry is not None:
                return self._answer(request, entry, cache_state="hit")

        rendered_from = time.time()
        response = self.get_response(request)
        shareable = (
            getattr(response, "newsroom_shareable", False)
            and not response.streaming
            # A cookie set on the way out (CSRF, messages) belongs to one reader.
            and not response.cookies
        )
        if not shareable:
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response

        body = response.content
        etag = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        stored_at = time.time()
        _public_headers(response, etag, stored_at)
        entry = PageEntry(
            stamp if use_cache else "", body, tuple(response.items()), etag, stored_at, 0
        )
        if use_cache and stamp and _is_canonical(request, query):
            expires_at = _expires_at(rendered_from)
            # Whole seconds for the cache, rounded down; under one, not stored.
            keep = int(expires_at - stored_at)
            if keep > 0:
                # The expiry travels with the entry: a process's own copy keeps it too.
                entry = entry._replace(expires_at=expires_at)
                cache.set(key, entry, keep)
                recent_pages.put(key, entry)
        return self._answer(request, entry, cache_state="miss" if use_cache else "")

    @staticmethod
    def _answer(request, entry: PageEntry, *, cache_state):
        response = HttpResponse(entry.body, headers=dict(entry.headers))
        if cache_state:
            response["X-Page-Cache"] = cache_state
        # Django's own rules: weak ETags (what a compressing proxy sends back)
        # match, If-Modified-Since is honoured, 304s keep the caching headers.
        return get_conditional_response(
            request, etag=entry.etag, last_modified=int(entry.stored_at), response=response
        )
