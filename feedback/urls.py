from django.urls import path

from .views import detail, filing

app_name = "feedback"

FORM = "feedback/<str:code>/"

urlpatterns = [
    # Before FORM: "new" is not a code.
    path("feedback/new/", filing.feedback_create, name="feedback-create"),
    path(
        "feedback/new/receiving-contact/",
        filing.receiving_contact,
        name="receiving-contact",
    ),
    path(FORM, detail.feedback_detail, name="feedback-detail"),
    path(FORM + "attachments/<int:pk>/", filing.attachment_download, name="attachment-download"),
]
