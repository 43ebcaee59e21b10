"""The minutes as a document (会议纪要): what they say, frozen as plain JSON when published,
and the PDF that shows it field for field, following the process document's template.

Renderers only: a meeting in, a snapshot out; a snapshot in, PDF bytes out. Storing and
sending them is services.documents' job.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy

from collab.documents import render_unsigned_pdf
from collab.errors import RuleViolation

from .models import Invitation, Meeting, MeetingAttachment, Minutes, MinutesActionItem

MINUTES_TITLE = gettext_lazy("Meeting minutes")
# The language the company files its documents in: the stored and emailed PDF.
DOCUMENT_LANGUAGE = "zh-hans"


def document_language(requested: str | None) -> str:
    """`?lang=` ("en", "zh-hans"), else the active language; an unknown code is a field error."""
    if not requested:
        return translation.get_language()
    try:
        return translation.get_supported_language_variant(requested)
    except LookupError:
        raise RuleViolation(
            gettext_lazy("Ask for English (en) or Simplified Chinese (zh-hans)."), field="lang"
        ) from None


def _department(department) -> dict | None:
    if department is None:
        return None
    return {"id": department.pk, "en": department.name_en, "zh": department.name_zh}


def _person(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.name}


def minutes_action_items(minutes: Minutes) -> list[MinutesActionItem]:
    """The minutes' action items in their numbered order, with their owner and department."""
    return list(
        minutes.item_links.select_related("action_item__owner", "action_item__department").order_by(
            "number", "pk"
        )
    )


def minutes_snapshot(meeting: Meeting) -> dict:
    """Everything the minutes PDF shows, as plain JSON: the meeting's facts, who took part
    and who was absent (and why), each department's viewpoint, the numbered conclusions,
    disagreements and their decisions, the action items, the follow-up plan, the
    attachments' names. Action items are read through the minutes' links to `tasks`."""
    minutes = Minutes.objects.get(meeting=meeting)
    invitations = list(
        Invitation.objects.filter(meeting=meeting)
        .select_related("person", "department", "deputy")
        .order_by("department_id", "-is_required", "person_id")
    )
    meeting = Meeting.objects.select_related("host", "recorder").get(pk=meeting.pk)
    departments = {}
    for invitation in invitations:
        if invitation.department_id and invitation.department_id not in departments:
            departments[invitation.department_id] = _department(invitation.department)
    absent = Invitation.Attendance.ABSENT
    return {
        "code": meeting.code,
        "topic": meeting.topic,
        "kind": meeting.kind,
        "channel": meeting.channel,
        "place": meeting.place,
        "link": meeting.link,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "host": _person(meeting.host),
        "recorder": _person(meeting.recorder),
        "background": meeting.background,
        "goal": meeting.goal,
        "version": minutes.version,
        "correction_note": minutes.correction_note,
        "departments": list(departments.values()),
        "participants": [
            {
                **_person(invitation.person),
                "department": _department(invitation.department),
                "deputy": _person(invitation.deputy),
                "attended": invitation.attendance == Invitation.Attendance.ATTENDED,
            }
            for invitation in invitations
            if invitation.attendance != absent
        ],
        "absentees": [
            {
                **_person(invitation.person),
                "department": _department(invitation.department),
                "reason": invitation.absence_reason,
                "written_opinion": invitation.written_opinion,
            }
            for invitation in invitations
            if invitation.attendance == absent
        ],
        "viewpoints": [
            {"department": _department(viewpoint.department), "text": viewpoint.text}
            for viewpoint in minutes.viewpoints.select_related("department").order_by("pk")
        ],
        "conclusions": [
            {"number": conclusion.number, "text": conclusion.text}
            for conclusion in minutes.conclusions.order_by("number", "pk")
        ],
        "disagreements": [
            {
                "subject": disagreement.subject,
                "decision_maker": _person(disagreement.decision_maker),
                "decision": disagreement.decision,
            }
            for disagreement in minutes.disagreements.select_related("decision_maker").order_by(
                "pk"
            )
        ],
        "action_items": [
            {
                "number": link.number,
                "title": link.action_item.title,
                "department": _department(link.action_item.department),
                "owner": _person(link.action_item.owner),
                "due_date": link.action_item.due_date.isoformat(),
                "deliverable": link.action_item.deliverable,
                "priority": link.action_item.priority,
            }
            for link in minutes_action_items(minutes)
        ],
        "follow_up_plan": minutes.follow_up_plan,
        "pending_decisions": minutes.pending_decisions,
        "attachments": list(
            MeetingAttachment.objects.filter(
                meeting=meeting, purpose=MeetingAttachment.Purpose.MINUTES
            )
            .order_by("uploaded_at", "pk")
            .values_list("name", flat=True)
        ),
    }


def _localised_department(value: dict | None, language: str) -> str:
    if not value:
        return "—"
    return value["zh"] if language.startswith("zh") else value["en"]


def snapshot_for_display(snapshot: dict, *, language: str) -> dict:
    """The snapshot with department names, labels and times in `language` (which the
    caller has activated) and the company time zone, for templates."""
    # The action item's priority labels, reached through the minutes' link to `tasks`.
    item_model = MinutesActionItem._meta.get_field("action_item").related_model
    priorities = dict(item_model._meta.get_field("priority").flatchoices)

    def department(value):
        return _localised_department(value, language)

    def priority(value):
        return str(priorities.get(value, value))

    return {
        **snapshot,
        "starts_at": timezone.localtime(parse_datetime(snapshot["starts_at"])),
        "ends_at": timezone.localtime(parse_datetime(snapshot["ends_at"])),
        "kind_label": _choice_label(Meeting.Kind, snapshot["kind"]),
        "channel_label": _choice_label(Meeting.Channel, snapshot["channel"]),
        "department_names": [department(d) for d in snapshot["departments"]],
        "participants": [
            {**p, "department_name": department(p["department"])} for p in snapshot["participants"]
        ],
        "absentees": [
            {**p, "department_name": department(p["department"])} for p in snapshot["absentees"]
        ],
        "viewpoints": [
            {**v, "department_name": department(v["department"])} for v in snapshot["viewpoints"]
        ],
        "action_items": [
            {
                **item,
                "department_name": department(item["department"]),
                "priority_label": priority(item["priority"]),
            }
            for item in snapshot["action_items"]
        ],
    }


def _choice_label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def minutes_pdf(snapshot: dict, *, language: str) -> bytes:
    """The minutes as a PDF in `language`, from a snapshot (minutes_snapshot): the
    process document's template, field for field, with the collab documents' look (code,
    version, "page N of M" footer, CJK fonts)."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        minutes = snapshot_for_display(snapshot, language=language)
        return render_unsigned_pdf(
            template="meetings/documents/minutes.html",
            context={"minutes": minutes},
            title=MINUTES_TITLE,
            code=snapshot["code"],
            version=snapshot["version"],
            language=language,
        )


def minutes_pdf_name(code: str, version: int, language: str = DOCUMENT_LANGUAGE) -> str:
    return f"minutes-{code}-v{version}-{language}.pdf"
