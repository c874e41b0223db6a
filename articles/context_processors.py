"""The site header's section list, on every page without a query per request."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from articles.models import NAVIGATION_CACHE_KEY, Section


def _sections() -> list[tuple[str, str]]:
    sections = cache.get(NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = [(s.name, s.get_absolute_url()) for s in Section.objects.all()]
        cache.set(NAVIGATION_CACHE_KEY, sections, 3600)
    return sections


def navigation(request):
    # Lazy: feeds, sitemaps and other pages without the header never pay for it.
    return {"navigation_sections": SimpleLazyObject(_sections)}
