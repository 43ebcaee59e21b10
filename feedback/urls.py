from django.urls import path

from .views import detail, documents, filing, lists, responses

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
    path("feedback/", lists.feedback_list, name="feedback-list"),
    path(
        "feedback/inbox/<str:department_code>/",
        lists.department_inbox,
        name="department-inbox",
    ),
    path(FORM, detail.feedback_detail, name="feedback-detail"),
    path(f"{FORM}acknowledge/", responses.feedback_acknowledge, name="feedback-acknowledge"),
    path(f"{FORM}log/", responses.feedback_log_add, name="feedback-log-add"),
    path(f"{FORM}action-items/", responses.feedback_action_item_add, name="feedback-item-add"),
    path(f"{FORM}resolve/", responses.feedback_resolve, name="feedback-resolve"),
    path(f"{FORM}rate/", responses.feedback_rate, name="feedback-rate"),
    path(f"{FORM}reopen/", responses.feedback_reopen, name="feedback-reopen"),
    path(FORM + "attachments/<int:pk>/", filing.attachment_download, name="attachment-download"),
    path(f"{FORM}pdf/", documents.feedback_pdf, name="feedback-pdf"),
    path(f"{FORM}to-card/", documents.feedback_escalate, name="feedback-escalate"),
]
