"""The site header's section list, on every page without a query per request."""

from django.core.cache import cache

from articles.models import Section

NAVIGATION_CACHE_KEY = "articles:navigation"


def navigation(request):
    sections = cache.get(NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = [(s.name, s.get_absolute_url()) for s in Section.objects.all()]
        cache.set(NAVIGATION_CACHE_KEY, sections, 3600)
    return {"navigation_sections": sections}
