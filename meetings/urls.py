from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import detail, lists

app_name = "meetings"

MEETING = "meetings/<str:code>/"

urlpatterns = [
    path("meetings/", lists.meeting_list, name="meetings"),
    path(MEETING, detail.meeting_detail, name="meeting-detail"),
]
