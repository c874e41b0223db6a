from django.urls import path

from articles import feeds, views
from webcore.pagecache import reader_page

app_name = "articles"

# reader_page: the response is the same for every anonymous reader, so the
# page cache may share it (search is left out: its URLs are unbounded).

urlpatterns = [
    path("", reader_page(views.HomeView.as_view()), name="home"),
    path("latest/", reader_page(views.LatestView.as_view()), name="latest"),
    path("search/", views.SearchView.as_view(), name="search"),
    # /articles/<slug>/ is a public contract: links to it are printed and shared.
    path("articles/<slug:slug>/", reader_page(views.ArticleDetailView.as_view()), name="detail"),
    path("articles/<slug:slug>/preview/", views.preview, name="preview"),
    path("articles/<slug:slug>/report-error/", views.report_error, name="report_error"),
    path("corrections/", reader_page(views.CorrectionsView.as_view()), name="corrections"),
    path("corrections/rss/", reader_page(feeds.CorrectionsRssFeed()), name="corrections_rss"),
    path("sections/<slug:slug>/", reader_page(views.SectionView.as_view()), name="section"),
    path("sections/<slug:slug>/rss/", reader_page(feeds.SectionRssFeed()), name="section_rss"),
    path("sections/<slug:slug>/atom/", reader_page(feeds.SectionAtomFeed()), name="section_atom"),
    path("tags/<slug:slug>/", reader_page(views.TagView.as_view()), name="tag"),
    path("authors/<slug:slug>/", reader_page(views.AuthorView.as_view()), name="author"),
    path("feeds/latest/rss/", reader_page(feeds.LatestRssFeed()), name="feed_rss"),
    path("feeds/latest/atom/", reader_page(feeds.LatestAtomFeed()), name="feed_atom"),
    path("news-sitemap.xml", reader_page(views.news_sitemap), name="news_sitemap"),
]
