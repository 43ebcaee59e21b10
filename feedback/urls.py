from django.urls import path

from .views import detail

app_name = "feedback"

FORM = "feedback/<str:code>/"

urlpatterns = [
    path(FORM, detail.feedback_detail, name="feedback-detail"),
]
