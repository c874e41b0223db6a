"""RSS and Atom feeds of the latest articles, site-wide and per section."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from articles.models import Article, Correction, Section

FEED_SIZE = 30


class LatestRssFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "articles:feed_rss"

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:home")

    def description(self):
        return _("The latest articles from %(site)s.") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return self.description()

    def feed_url(self):
        return reverse(self.url_name)

    def items(self):
        return Article.objects.published().in_edition().with_byline().latest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.byline_authors) or None

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed
    url_name = "articles:feed_atom"


class SectionRssFeed(LatestRssFeed):
    url_name = "articles:section_rss"

    def get_object(self, request, slug):
        return get_object_or_404(Section.objects.in_edition(), slug=slug)

    def title(self, section):
        return f"{section.name} · {settings.SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return _("The latest %(section)s articles from %(site)s.") % {
            "section": section.name,
            "site": settings.SITE_NAME,
        }

    def subtitle(self, section):
        return self.description(section)

    def feed_url(self, section):
        return reverse(self.url_name, kwargs={"slug": section.slug})

    def items(self, section):
        return (
            Article.objects.published()
            .filter(section=section)
            .with_byline()
            .latest_first()[:FEED_SIZE]
        )


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    url_name = "articles:section_atom"


class CorrectionsRssFeed(Feed):
    """Every correction and update note, newest first: the public record as a feed."""

    feed_type = Rss201rev2Feed

    def title(self):
        return _("Corrections and updates · %(site)s") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return _("Every correction and update %(site)s has published on its articles.") % {
            "site": settings.SITE_NAME
        }

    def feed_url(self):
        return reverse("articles:corrections_rss")

    def items(self):
        return (
            Correction.objects.public()
            .in_edition()
            .latest_first()
            .select_related("article")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at
