from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import detail

app_name = "meetings"

MEETING = "meetings/<str:code>/"

urlpatterns = [
    path(MEETING, detail.meeting_detail, name="meeting-detail"),
]
