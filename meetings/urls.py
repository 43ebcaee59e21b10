from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import answers, calling, detail

app_name = "meetings"

MEETING = "meetings/<str:code>/"

urlpatterns = [
    # Calling a meeting (before MEETING: "new" and "calendar" are not codes).
    path("meetings/new/", calling.meeting_create, name="meeting-create"),
    path("meetings/agenda-row/", calling.agenda_row, name="agenda-row"),
    path("meetings/calendar/", answers.calendar_feed_page, name="calendar-feed"),
    path(
        "meetings/calendar/<str:token>.ics",
        answers.calendar_feed_ics,
        name="calendar-feed-ics",
    ),
    path(MEETING, detail.meeting_detail, name="meeting-detail"),
    path(MEETING + "edit/", calling.meeting_edit, name="meeting-edit"),
    path(MEETING + "send-notice/", calling.meeting_send_notice, name="meeting-send-notice"),
    path(MEETING + "cancel/", calling.meeting_cancel, name="meeting-cancel"),
    path(MEETING + "delete/", calling.meeting_delete, name="meeting-delete"),
    path(MEETING + "answer/", answers.invitation_answer, name="invitation-answer"),
    path(MEETING + "pre-reads/", answers.pre_read_upload, name="pre-read-upload"),
    path(MEETING + "pre-reads/<int:pk>/", answers.pre_read_download, name="pre-read"),
    path(MEETING + "pre-reads/<int:pk>/remove/", answers.pre_read_remove, name="pre-read-remove"),
    path(MEETING + "calendar.ics", answers.meeting_ics, name="meeting-ics"),
]
