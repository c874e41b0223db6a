from django.urls import path

from articles import feeds, views
from articles.models import ARTICLE_PAGE_SCOPE
from webcore.pagecache import LISTINGS, reader_page

app_name = "articles"

# reader_page: the response is the same for every anonymous reader, so the
# page cache may share it, under the scopes it depends on and for the query
# parameters it reads (search is left out: its URLs are unbounded).
article_page = reader_page(scopes=(LISTINGS, ARTICLE_PAGE_SCOPE), query=("page", "reply"))
listing = reader_page(query=("page",))
fixed = reader_page(query=())

urlpatterns = [
    path("", fixed(views.HomeView.as_view()), name="home"),
    path("latest/", listing(views.LatestView.as_view()), name="latest"),
    path("search/", views.SearchView.as_view(), name="search"),
    # /articles/<slug>/ is a public contract: links to it are printed and shared.
    path("articles/<slug:slug>/", article_page(views.ArticleDetailView.as_view()), name="detail"),
    path("articles/<slug:slug>/preview/", views.preview, name="preview"),
    path("articles/<slug:slug>/report-error/", views.report_error, name="report_error"),
    path("corrections/", listing(views.CorrectionsView.as_view()), name="corrections"),
    path("corrections/rss/", fixed(feeds.CorrectionsRssFeed()), name="corrections_rss"),
    path("sections/<slug:slug>/", listing(views.SectionView.as_view()), name="section"),
    path("sections/<slug:slug>/rss/", fixed(feeds.SectionRssFeed()), name="section_rss"),
    path("sections/<slug:slug>/atom/", fixed(feeds.SectionAtomFeed()), name="section_atom"),
    path("tags/<slug:slug>/", listing(views.TagView.as_view()), name="tag"),
    path("authors/<slug:slug>/", listing(views.AuthorView.as_view()), name="author"),
    path("feeds/latest/rss/", fixed(feeds.LatestRssFeed()), name="feed_rss"),
    path("feeds/latest/atom/", fixed(feeds.LatestAtomFeed()), name="feed_atom"),
    path("news-sitemap.xml", fixed(views.news_sitemap), name="news_sitemap"),
]
