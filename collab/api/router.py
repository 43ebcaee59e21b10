"""The one API router. Every app registers its viewsets here from its `api/urls.py`.

`api_urlpatterns()` imports each installed app's `api/urls.py` (collab's own included), so
collab needs to know no domain app; an app's module may also define `urlpatterns` for
routes that are not viewsets.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from rest_framework.routers import DefaultRouter

router = DefaultRouter()


def api_urlpatterns() -> list:
    patterns = []
    for config in apps.get_app_configs():
        package = find_spec(f"{config.name}.api")
        module_name = f"{config.name}.api.urls"
        # Only an `api` package with a `urls` module (django.contrib.messages.api is neither).
        if package is None or package.submodule_search_locations is None:
            continue
        if find_spec(module_name) is None:
            continue
        patterns += getattr(import_module(module_name), "urlpatterns", [])
    return [*patterns, path("", include(router.urls))]
