"""Sitemaps. (Placeholder until the articles work lands.)"""

from django.contrib.sitemaps import Sitemap

from articles.models import Article


class ArticleSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Article.objects.published().latest_first()

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"articles": ArticleSitemap}
