from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .signoff import SignatureRequestViewSet
from .views import DepartmentViewSet, TokenView, UserViewSet

router = DefaultRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("users", UserViewSet, basename="user")
router.register("signature-requests", SignatureRequestViewSet, basename="signature-request")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
