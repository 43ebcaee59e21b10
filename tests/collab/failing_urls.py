"""A URLconf for the tests: the real one, plus an API route and a page that fail, to see what
a 500 looks like through collab's error handlers."""

from django.urls import path

from collab import urls as real


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/v1/broken/", broken),
    path("broken/", broken),
    *real.urlpatterns,
]
handler404 = real.handler404
handler500 = real.handler500
