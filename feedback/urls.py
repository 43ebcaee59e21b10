from django.urls import path

from .views import detail, lists

app_name = "feedback"

FORM = "feedback/<str:code>/"

urlpatterns = [
    path("feedback/", lists.feedback_list, name="feedback-list"),
    path(
        "feedback/inbox/<str:department_code>/",
        lists.department_inbox,
        name="department-inbox",
    ),
    path(FORM, detail.feedback_detail, name="feedback-detail"),
]
