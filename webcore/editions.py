"""Editions: one deployment publishing in several languages, each under its own URL prefix.

``NEWSROOM_EDITIONS`` (settings) lists them. With one edition nothing here
runs and the site keeps its unprefixed URLs. With several, every reader URL
starts with its edition (``/ckb/articles/<slug>/``) and the language of a
request is that prefix's: never the browser's Accept-Language, so a cached
page is the same for every reader of an edition. Staff pages (the admin)
are unprefixed and follow the language the staff member picked (Django's
``set_language`` cookie), as long as it is one of the editions.
"""

from django.conf import settings
from django.utils import translation

# Where newsroom/urls.py mounts the admin: the one unprefixed place whose
# language is the staff member's choice rather than the deployment's.
STAFF_PATH = "/admin/"


def edition_codes() -> list[str]:
    """The editions' language codes, the default edition's first where configured."""
    return [code for code, _name in settings.LANGUAGES]


def has_several_editions() -> bool:
    """True when reader URLs carry an edition prefix."""
    return len(settings.LANGUAGES) > 1


def edition_name(code: str) -> str:
    """The edition's language in its own name ("English", "العربية", "کوردی")."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


def is_bidi(code: str) -> bool:
    try:
        return translation.get_language_info(code)["bidi"]
    except KeyError:
        return False


class EditionMiddleware:
    """Activate the edition named by the URL's prefix for the whole request.

    First in MIDDLEWARE, before the page cache: which reader page a path is
    (``webcore.pagecache``) is asked of the URL resolver, and the prefixed
    URL patterns only match under their own language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_several_editions():
            return self.get_response(request)
        language = self.language_of(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            return self.get_response(request)

    @staticmethod
    def language_of(request) -> str:
        editions = edition_codes()
        prefix = request.path_info.split("/", 2)[1]
        if prefix in editions:
            return prefix
        if request.path_info.startswith(STAFF_PATH):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in editions:
                return chosen
        return settings.LANGUAGE_CODE


def listed_edition(language: str | None = None) -> str | None:
    """The edition a listing keeps to: ``language`` when given, else the one being
    read; None with one edition, which holds every article whatever language it was
    saved under (a deployment that changes LANGUAGE_CODE keeps its archive)."""
    if language:
        return language
    return current_edition() if has_several_editions() else None


def edition_or_default(language: str) -> str:
    """The edition something written in ``language`` is read in: its own while the site
    publishes it, else the default (one edition holds every language's archive)."""
    if has_several_editions() and language in edition_codes():
        return language
    return settings.LANGUAGE_CODE


def current_edition() -> str:
    """The edition being read: the active language with several editions, else LANGUAGE_CODE."""
    if has_several_editions():
        return translation.get_language() or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE
