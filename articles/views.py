"""Reader pages. Every one reads through ``Article.objects.published()``.

Drafts and scheduled articles are simply not in that queryset, so they
answer 404 here like an unknown address; the staff preview is the one page
that shows them, and only to staff who may preview.
"""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from articles import fastpath, reports
from articles.forms import ErrorReportForm
from articles.models import Article, Author, Correction, Section, Tag
from articles.search import search_articles, search_terms
from webcore import ratelimit
from webcore.clients import client_ip
from webcore.editions import current_edition, edition_codes, has_several_editions
from webcore.pagecache import mark_private

HOME_TOP_STORIES = 5
HOME_PER_SECTION = 4
RELATED_ARTICLES = 4
NEWS_SITEMAP_DAYS = 2
# Google News reads at most 1,000 URLs from one news sitemap.
NEWS_SITEMAP_LIMIT = 1000

# What other apps add to the article page (the comments app: its comment
# section): callables ``(request, article) -> dict`` of context, registered in
# their AppConfig.ready, so this app never imports them. A part that shows
# one reader something of their own sets ``page_is_private``.
article_page_parts: list = []


def add_to_article_page(part) -> None:
    """Call ``part(request, article)`` for every article page; its dict joins the context."""
    article_page_parts.append(part)


class HomeView(TemplateView):
    """The front page: the lead story, the next top stories, then the latest of each section."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        top = list(
            Article.objects.published(at=now)
            .in_edition()
            .for_listing()
            .latest_first()[: HOME_TOP_STORIES + 1]
        )
        by_section = (
            Article.objects.published(at=now)
            .in_edition()
            .exclude(pk__in=[article.pk for article in top])
            .latest_by_section(per_section=HOME_PER_SECTION)
            .for_listing()
        )
        context.update(
            lead=top[0] if top else None,
            top_stories=top[1:],
            section_blocks=[
                (section, list(articles))
                for section, articles in groupby(by_section, key=lambda article: article.section)
            ],
        )
        return context


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses narrow it and name it."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    heading = _("Latest")

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_articles(self):
        return Article.objects.published().in_edition().latest_first()

    def get_queryset(self):
        return self.get_articles().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("heading", self.heading)
        return context


class LatestView(ArticleListView):
    pass


class SectionView(ArticleListView):
    template_name = "articles/section.html"

    def get_articles(self):
        self.section = get_object_or_404(Section.objects.in_edition(), slug=self.kwargs["slug"])
        return Article.objects.published().filter(section=self.section).latest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, heading=self.section.name, **kwargs)


class TagView(ArticleListView):
    template_name = "articles/tag.html"

    def get_articles(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().in_edition().filter(tags=self.tag).latest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, heading=self.tag.name, **kwargs)


class AuthorView(ArticleListView):
    template_name = "articles/author.html"

    def get_articles(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return (
            Article.objects.published()
            .in_edition()
            .filter(bylines__author=self.author)
            .latest_first()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, heading=self.author.name, **kwargs)


class SearchView(ArticleListView):
    """Reader search through ``articles.search``; each address may run so many a minute."""

    template_name = "articles/search.html"
    heading = _("Search")

    def get(self, request, *args, **kwargs):
        self.query = search_terms(request.GET.get("q", ""))
        rate = ratelimit.parse_rate(settings.ARTICLES_SEARCH_RATE_LIMIT)
        if self.query and not ratelimit.hit("articles:search", client_ip(request), rate):
            response = render(
                request,
                "articles/search_limited.html",
                {"search_query": self.query},
                status=429,
            )
            response["Retry-After"] = str(ratelimit.retry_after(rate))
            return response
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # A sequence the paginator slices: only the page shown is read.
        return search_articles(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(search_query=self.query, **kwargs)
        context["search_capped"] = self.object_list.capped
        return context


class ArticleDetailView(DetailView):
    """The article page at /articles/<slug>/ (a public contract: links to it live forever)."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        # published().with_byline().get(slug=...) as one statement: see articles.fastpath.
        article = fastpath.published_article(self.kwargs["slug"])
        if article is None:
            raise Http404("No article here.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if has_several_editions() and self.object.language != current_edition():
            if self.object.language not in edition_codes():
                raise Http404("No article here.")  # an edition no longer published
            # Each article lives under its own edition's prefix only.
            url = self.object.get_absolute_url()
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{url}?{query}" if query else url)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["related"] = fastpath.related_articles(article, limit=RELATED_ARTICLES)
        for part in article_page_parts:
            context.update(part(self.request, article))
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("page_is_private"):
            mark_private(response)
        return response


def _may_preview(user) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.preview_article") or user.has_perm("articles.change_article"))
    )


def preview(request, slug):
    """Staff see any article as readers will; nobody else learns that it exists."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not _may_preview(request.user):
        raise Http404("No article here.")
    article = get_object_or_404(Article.objects.with_byline(), slug=slug)
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "preview": True, "related": []},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response


def news_sitemap(request):
    """A Google News sitemap: the articles published in the last two days."""
    now = timezone.now()
    articles = (
        Article.objects.published(at=now)
        .in_edition()
        .filter(published_at__gte=now - timedelta(days=NEWS_SITEMAP_DAYS))
        .only("slug", "headline", "published_at", "language")
        .latest_first()[:NEWS_SITEMAP_LIMIT]
    )
    return render(
        request,
        "articles/news_sitemap.xml",
        {"articles": articles, "language": current_edition()},
        content_type="application/xml; charset=utf-8",
    )


class CorrectionsView(ListView):
    """Every correction and update note on a published article, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Correction.objects.public().in_edition().latest_first().select_related("article")


def _report_rate_limited(request, article):
    rate = reports.current_rate()
    minutes = max(1, rate.seconds // 60)
    response = render(
        request,
        "articles/report_error_limited.html",
        {
            "article": article,
            "wait_message": ngettext(
                "You have sent several reports in a short time. Please try again in a minute.",
                "You have sent several reports in a short time. "
                "Please try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes},
        },
        status=429,
    )
    response["Retry-After"] = str(ratelimit.retry_after(rate))
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True, no_store=True)
def report_error(request, slug):
    """A reader tells the editors what is wrong in a published article."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    ip_address = client_ip(request)
    if request.method == "POST":
        form = ErrorReportForm(request.POST)
        if not reports.may_report(ip_address):
            return _report_rate_limited(request, article)
        if form.is_valid():
            report = reports.submit_report(
                article=article,
                description=form.cleaned_data["description"],
                email=form.cleaned_data["email"],
                ip_address=ip_address,
            )
            if report is None:
                return _report_rate_limited(request, article)
            messages.success(
                request,
                _(
                    "Thank you. Your report has reached the editors, who check every one. "
                    "If they correct the article, the correction is shown under it."
                ),
            )
            response = redirect(article.get_absolute_url())
            response.status_code = 303
            return response
        status = 400
    else:
        form = ErrorReportForm()
        status = 200
    return render(
        request, "articles/report_error.html", {"article": article, "form": form}, status=status
    )
