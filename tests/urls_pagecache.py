"""A tiny URLconf whose views count their renders, to watch the page cache from outside."""

from django.http import HttpResponse
from django.urls import path

from webcore.pagecache import LISTINGS, mark_private, reader_page

renders = {"count": 0}


def _render(request, slug=""):
    renders["count"] += 1
    return HttpResponse(f"render {renders['count']} of {request.path}")


shared = reader_page(_render)
# Declared as the real article page is: its own scope besides the listings.
article = reader_page(_render, scopes=(LISTINGS, "article:{slug}"), query=("page", "reply"))


@reader_page
def personal(request):
    renders["count"] += 1
    return mark_private(HttpResponse("yours only"))


def plain(request):
    return HttpResponse("not a reader page")


urlpatterns = [
    path("articles/<slug:slug>/", article),
    path("listing/", shared),
    path("personal/", personal),
    path("plain/", plain),
]
