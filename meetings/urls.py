from django.urls import path

from collab import converters  # noqa: F401 - registers the <id:...> path converter

from .views import detail, documents, lists, recording

app_name = "meetings"

MEETING = "meetings/<str:code>/"

urlpatterns = [
    path("meetings/", lists.meeting_list, name="meetings"),
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
]
