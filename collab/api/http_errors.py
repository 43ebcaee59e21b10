"""Django's 404 and 500 handlers: under /api/ they answer in the API's error shape
({"detail", "code", "fields"}, see collab/api/errors.py), elsewhere with the usual pages.

DRF shapes the errors its views raise; these cover what never reaches a view (a path no
route matches, such as an id too long for any row) and a bug that escapes one.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Not found."), "code": "not_found", "fields": {}}, status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {
                "detail": _("The server failed to answer this request. Try again later."),
                "code": "server_error",
                "fields": {},
            },
            status=500,
        )
    return defaults.server_error(request)
