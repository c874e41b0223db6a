"""The site's URL map: reader pages, comments, the admin, and machine endpoints."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views import static as static_views
from django.views.decorators.cache import cache_control

from articles.sitemaps import SITEMAPS
from newsroom import views
from webcore.editions import has_several_editions
from webcore.pagecache import reader_page

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
# The queue needs the width more than a second copy of the admin index does.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page links; answer, don't 404.
    path("favicon.ico", views.favicon),
]

# What readers see: with several editions, once per edition under its prefix.
reader_urlpatterns = [
    path(
        "sitemap.xml",
        reader_page(sitemap_views.sitemap, query=()),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]

if has_several_editions():
    urlpatterns += [
        path("", views.default_edition, name="default_edition"),
        # The staff language picker (templates/admin/base_site.html) posts here.
        path("i18n/", include("django.conf.urls.i18n")),
        *i18n_patterns(*reader_urlpatterns, prefix_default_language=True),
    ]
else:
    urlpatterns += reader_urlpatterns

if settings.NEWSROOM_BENCH:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

# Uploaded images are served by the app too, so a deployment needs no second
# server; a CDN in front caches them like any other asset.
urlpatterns.append(
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
        cache_control(public=True, max_age=86400)(static_views.serve),
        {"document_root": settings.MEDIA_ROOT},
    )
)

if has_several_editions():
    # Last: whatever else did not match may be a URL from before the editions.
    urlpatterns.append(re_path(r"^(?P<path>.+)$", views.unprefixed, name="unprefixed"))

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"
