"""Sitemaps for search engines: published articles and the section pages.

The Google News sitemap (the last two days only, with publication names) is
``articles.views.news_sitemap`` at /news-sitemap.xml.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from articles.models import Article, Section


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").latest_first()

    def lastmod(self, article):
        return article.updated_at


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
        return Section.objects.annotate(last_published=Subquery(newest))

    def lastmod(self, section):
        return section.last_published


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
