from django.urls import path

from .views import detail, documents

app_name = "feedback"

FORM = "feedback/<str:code>/"

urlpatterns = [
    path(FORM, detail.feedback_detail, name="feedback-detail"),
    path(f"{FORM}pdf/", documents.feedback_pdf, name="feedback-pdf"),
    path(f"{FORM}to-card/", documents.feedback_escalate, name="feedback-escalate"),
]
