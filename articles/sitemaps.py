"""Sitemaps for search engines: published articles and the section pages.

The Google News sitemap (the last two days only, with publication names) is
``articles.views.news_sitemap`` at /news-sitemap.xml.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Q, Subquery

from articles.models import Article, Section
from webcore.editions import has_several_editions


class ArticleSitemap(Sitemap):
    """The edition's published articles, each with its translations as hreflang alternates."""

    changefreq = "hourly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .in_edition()
            .only("slug", "updated_at", "language", "translation_of")
            .latest_first()
        )

    def lastmod(self, article):
        return article.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        if not has_several_editions() or not urls:
            return urls
        # The translations of the whole page of articles in one query.
        roots = {url["item"].translation_of_id or url["item"].pk for url in urls}
        families: dict[int, list[Article]] = {}
        for member in (
            Article.objects.published()
            .filter(Q(pk__in=roots) | Q(translation_of__in=roots))
            .only("slug", "language", "translation_of")
        ):
            families.setdefault(member.translation_of_id or member.pk, []).append(member)
        for url in urls:
            article = url["item"]
            family = families.get(article.translation_of_id or article.pk, [])
            if len(family) < 2:
                continue
            # Absolute like the location: the same scheme and host, another path.
            base = url["location"].removesuffix(article.get_absolute_url())
            url["alternates"] = [
                {"lang_code": member.language, "location": base + member.get_absolute_url()}
                for member in family
            ]
        return urls


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        # A section's page changes when one of its articles goes live.
        newest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .latest_first()
            .values("published_at")[:1]
        )
        return Section.objects.in_edition().annotate(last_published=Subquery(newest))

    def lastmod(self, section):
        return section.last_published


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
