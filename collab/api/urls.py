"""The core's API routes, on the one router (collab.api.router)."""

from django.urls import path

from .comments import CommentAttachmentViewSet
from .inbox import InboxViewSet
from .me import ReminderSettingsView
from .organisation import DepartmentViewSet, TokenView, UserViewSet
from .router import router
from .signoff import SignatureRequestViewSet
from .tokens import ApiTokenViewSet
from .verify import VerifyView

router.register("departments", DepartmentViewSet, basename="department")
router.register("users", UserViewSet, basename="user")
router.register("signature-requests", SignatureRequestViewSet, basename="signature-request")
router.register("inbox", InboxViewSet, basename="inbox")
router.register("tokens", ApiTokenViewSet, basename="api-token-personal")
router.register("comment-attachments", CommentAttachmentViewSet, basename="api-comment-attachment")

urlpatterns = [
    path("verify/", VerifyView.as_view(), name="api-verify"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/reminder-settings/", ReminderSettingsView.as_view(), name="api-reminder-settings"),
]
