from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import detail, documents, lists

app_name = "meetings"

MEETING = "meetings/<str:code>/"

urlpatterns = [
    path("meetings/", lists.meeting_list, name="meetings"),
    path(MEETING, detail.meeting_detail, name="meeting-detail"),
    path(MEETING + "minutes/publish/", documents.minutes_publish, name="minutes-publish"),
    path(MEETING + "minutes/correct/", documents.minutes_correct, name="minutes-correct"),
    path(MEETING + "minutes/v<int:number>.pdf", documents.minutes_version_pdf, name="minutes-pdf"),
    path(MEETING + "formalise/", documents.minutes_formalise, name="minutes-formalise"),
]
