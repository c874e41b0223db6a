"""A tiny URLconf whose views count their renders, to watch the page cache from outside."""

from django.http import HttpResponse
from django.urls import path

from webcore.pagecache import mark_private, reader_page

renders = {"count": 0}


@reader_page
def shared(request, slug=""):
    renders["count"] += 1
    return HttpResponse(f"render {renders['count']} of {request.path}")


@reader_page
def personal(request):
    renders["count"] += 1
    return mark_private(HttpResponse("yours only"))


def plain(request):
    return HttpResponse("not a reader page")


urlpatterns = [
    path("articles/<slug:slug>/", shared),
    path("listing/", shared),
    path("personal/", personal),
    path("plain/", plain),
]
