"""The real URL map plus one view that fails, to see the 500 page a reader would get."""

from django.urls import path

from newsroom.urls import handler404, handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
