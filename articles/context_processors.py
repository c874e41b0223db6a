"""The site header's section list, on every page without a query per request."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from articles.models import Section, navigation_cache_key
from webcore.editions import current_edition


def _sections() -> list[tuple[str, str]]:
    language = current_edition()
    key = navigation_cache_key(language)
    sections = cache.get(key)
    if sections is None:
        sections = [(s.name, s.get_absolute_url()) for s in Section.objects.in_edition()]
        cache.set(key, sections, 3600)
    return sections


def navigation(request):
    # Lazy: feeds, sitemaps and other pages without the header never pay for it.
    return {"navigation_sections": SimpleLazyObject(_sections)}
