from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("latest/", views.LatestView.as_view(), name="latest"),
    path("search/", views.SearchView.as_view(), name="search"),
    # /articles/<slug>/ is a public contract: links to it are printed and shared.
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/preview/", views.preview, name="preview"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("sections/<slug:slug>/rss/", feeds.SectionRssFeed(), name="section_rss"),
    path("sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("feeds/latest/rss/", feeds.LatestRssFeed(), name="feed_rss"),
    path("feeds/latest/atom/", feeds.LatestAtomFeed(), name="feed_atom"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
]
