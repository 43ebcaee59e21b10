from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import ActionItemViewSet, CardViewSet

# The basenames carry "api-": the HTML pages already own "card-detail" and
# "action-item-detail" (tasks/urls.py), which the services reverse for notification links.
router = SimpleRouter()
router.register("cards", CardViewSet, basename="api-card")
router.register("action-items", ActionItemViewSet, basename="api-action-item")

urlpatterns = [
    path("", include(router.urls)),
]
