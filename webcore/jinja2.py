"""The template engine of the reader pages: Jinja2, with Django's URLs, static files and gettext.

Why not Django's own engine: a cold article page (the page cache missed,
or is off) is rendered once per reader, and Django's engine walks a tree of
nodes for every variable and tag; Jinja2 compiles each template to Python
once per process, so a cold article page costs a fraction of the CPU (the
README's Performance section has the measurements).

The admin keeps Django's engine: its templates, and our overrides of them
in ``templates/admin/``, are written for it. Both engines read ``templates/``;
this one leaves ``admin/`` to the other (settings.TEMPLATES tries it first).

Translating: templates mark strings with ``_("...")``, which ``makemessages``
extracts from templates as it does from Django's; plural phrases are built
in Python (``ngettext``), in the function the template calls.
"""

from functools import lru_cache

from django.templatetags.static import static as static_url
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from jinja2 import Environment, FileSystemLoader, TemplateNotFound, pass_context, select_autoescape

from webcore.urlscope import url_scope

# What apps add to every reader template (their AppConfig.ready calls
# register_globals): this package imports no app.
_app_globals: dict = {}


def register_globals(**functions) -> None:
    """Make ``functions`` callable from every reader template (call from AppConfig.ready)."""
    _app_globals.update(functions)


class ReaderTemplateLoader(FileSystemLoader):
    """``templates/`` without ``admin/``, whose overrides are Django templates."""

    def get_source(self, environment, template):
        if template.startswith("admin/"):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


def date(value, format_string: str) -> str:
    """Django's ``date`` filter: the value in the current time zone, month names translated."""
    if not value:
        return ""
    return formats.date_format(timezone.template_localtime(value), format_string)


def truncatewords(value, length: int) -> str:
    """Django's ``truncatewords`` filter: the first ``length`` words, then " …"."""
    return Truncator(value).words(length, truncate=" …")


@lru_cache(maxsize=256)
def static(path: str) -> str:
    """The asset's URL, as ``{% static %}`` gives it; one lookup per asset and process.

    The hashed names come from the manifest collectstatic wrote, which does not
    change under a running process.
    """
    return static_url(path)


@pass_context
def translate(context, message: str) -> str:
    """``_("...")`` in templates: gettext, kept per language (a page calls it a dozen times).

    The language is the one the i18n context processor put in the context at the
    start of this render, so a string costs no thread-local lookup; a template
    rendered without a request (an e-mail) asks for the active language.
    """
    return _translated(message, context.get("LANGUAGE_CODE") or get_language())


@lru_cache(maxsize=2048)
def _translated(message: str, language: str) -> str:
    return gettext(message)


def url(name: str, *args) -> str:
    """``{% url name *args %}``. A page prints several of the same few addresses and
    reverse() is not cheap, so each is kept per URLconf, script prefix and language
    (all in the key: tests swap URLconfs, a site may be mounted below a path, and
    each edition has its own URL prefix)."""
    return _reversed(name, args, *url_scope())


@lru_cache(maxsize=1024)
def _reversed(name: str, args: tuple, urlconf: str, script_prefix: str, language: str) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


def environment(**options) -> Environment:
    options["loader"] = ReaderTemplateLoader(options["loader"].searchpath)
    # HTML and XML are escaped; plain-text e-mails (.txt) are not, or a
    # reader's "&" would arrive as "&amp;".
    options["autoescape"] = select_autoescape(disabled_extensions=("txt",), default=True)
    env = Environment(keep_trailing_newline=True, **options)  # noqa: S701 - set just above
    env.globals.update(
        _=translate,
        url=url,
        static=static,
        localtime=timezone.localtime,
        **_app_globals,
    )
    env.filters["date"] = date
    env.filters["truncatewords"] = truncatewords
    return env
