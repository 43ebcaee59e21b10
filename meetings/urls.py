from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import answers, calling, detail, documents, lists, recording

app_name = "meetings"

MEETING = "meetings/<str:code>/"

urlpatterns = [
    path("meetings/", lists.meeting_list, name="meetings"),
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
    path(MEETING + "minutes/publish/", documents.minutes_publish, name="minutes-publish"),
    path(MEETING + "minutes/correct/", documents.minutes_correct, name="minutes-correct"),
    path(MEETING + "minutes/v<int:number>.pdf", documents.minutes_version_pdf, name="minutes-pdf"),
    path(MEETING + "formalise/", documents.minutes_formalise, name="minutes-formalise"),
    # Recording: attendance, written opinions, the minutes while draft, decisions.
    path(f"{MEETING}attendance/", recording.attendance_save, name="attendance-save"),
    path(f"{MEETING}opinion/", recording.opinion_send, name="opinion-send"),
    path(f"{MEETING}minutes/", recording.minutes_save, name="minutes-save"),
    path(f"{MEETING}minutes/row/<str:kind>/", recording.minutes_row, name="minutes-row"),
    path(f"{MEETING}minutes/items/", recording.minutes_item_add, name="minutes-item-add"),
    path(
        f"{MEETING}minutes/items/<id:item_id>/edit/",
        recording.minutes_item_edit,
        name="minutes-item-edit",
    ),
    path(
        f"{MEETING}minutes/items/<id:item_id>/remove/",
        recording.minutes_item_remove,
        name="minutes-item-remove",
    ),
    path(
        f"{MEETING}disagreements/<id:pk>/decide/",
        recording.disagreement_decide,
        name="disagreement-decide",
    ),
    path(f"{MEETING}minutes/files/", recording.minutes_file_add, name="minutes-file-add"),
    path(
        f"{MEETING}minutes/files/<id:pk>/remove/",
        recording.minutes_file_remove,
        name="minutes-file-remove",
    ),
    path(f"{MEETING}files/<id:pk>/", recording.minutes_file, name="minutes-file"),
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
