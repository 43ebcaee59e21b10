from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import converters  # noqa: F401 - registers the <id:...> path converter
from .api.router import api_urlpatterns
from .views import comments, passwords, people, signoff, tokens
from .views import core as views

# Sections whose work lists arrive with their capability: (url name, title, description).
SECTIONS: list[tuple[str, str, str]] = []

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/count/", views.inbox_count_fragment, name="inbox-count"),
    *[
        path(f"{name}/", views.section, {"title": title, "description": description}, name=name)
        for name, title, description in SECTIONS
    ],
    path("", include("tasks.urls")),
    path("", include("meetings.urls")),
    path("", include("feedback.urls")),
    path("signoffs/", signoff.signoff_queue, name="signoffs"),
    path("signoffs/<id:pk>/", signoff.signoff_detail, name="signoff-detail"),
    path("signoffs/<id:pk>/pdf/", signoff.signoff_pdf, name="signoff-pdf"),
    path("signoffs/<id:pk>/pdf/status/", signoff.signoff_pdf_status, name="signoff-pdf-status"),
    path("signoffs/delegations/", signoff.delegation_list, name="delegations"),
    path(
        "signoffs/delegations/<id:pk>/revoke/",
        signoff.delegation_revoke,
        name="delegation-revoke",
    ),
    path("verify/", signoff.verify, name="verify"),
    path(
        "discussion/<slug:kind>/<str:key>/comments/",
        comments.comment_create,
        name="comment-add",
    ),
    path("discussion/comments/<id:pk>/edit/", comments.comment_change, name="comment-edit"),
    path("discussion/comments/<id:pk>/remove/", comments.comment_delete, name="comment-remove"),
    path("discussion/attachments/<id:pk>/", comments.comment_attachment, name="comment-attachment"),
    path("verify/<str:code>/", signoff.verify_code, name="verify-code"),
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/read-all/", views.notifications_mark_all_read, name="notifications-read-all"
    ),
    path("notifications/<id:pk>/open/", views.notification_open, name="notification-open"),
    path("notifications/<id:pk>/read/", views.notification_mark_read, name="notification-read"),
    path("people/search/", people.people_search, name="people-search"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", tokens.api_token_create, name="profile-token-create"),
    path(
        "profile/tokens/<uuid:public_id>/revoke/",
        tokens.api_token_revoke,
        name="profile-token-revoke",
    ),
    path("language/", views.language_switch, name="language"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/password_reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns())),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "collab.api.http_errors.page_not_found"
handler500 = "collab.api.http_errors.server_error"

admin.site.site_header = _("Crossdesk administration")
admin.site.site_title = _("Crossdesk")
