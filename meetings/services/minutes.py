"""Recording a meeting: attendance, then the minutes' content while they are a draft."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from collab.errors import FieldErrors
from collab.history import records_actor
from collab.models import Department, User
from collab.text import clean_text

from ..models import Conclusion, DepartmentViewpoint, Disagreement, Invitation, Meeting, Minutes
from ..permissions import meeting_require
from .common import meeting_lock, minutes_for_update, minutes_or_none
from .decisions import decision_makers_notify


def _text(value: str) -> str:
    return clean_text(value, multiline=True).strip()


@dataclass(frozen=True)
class AttendanceRow:
    invitation: Invitation
    attended: bool
    absence_reason: str = ""


@records_actor("by")
@transaction.atomic
def attendance_record(*, meeting: Meeting, by: User, rows: list[AttendanceRow]) -> None:
    """Record who attended; an absence needs its reason."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "record", minutes=minutes_or_none(meeting))
    errors = FieldErrors()
    for row in rows:
        if row.invitation.meeting_id != meeting.pk:
            errors.add("attendance", _("That person is not invited to this meeting."))
        elif not row.attended and not _text(row.absence_reason):
            errors.add(
                "attendance",
                _("Give the reason %(person)s was absent.") % {"person": row.invitation.person},
            )
    errors.raise_if_any()
    for row in rows:
        invitation = row.invitation
        invitation.attendance = (
            Invitation.Attendance.ATTENDED if row.attended else Invitation.Attendance.ABSENT
        )
        invitation.absence_reason = "" if row.attended else _text(row.absence_reason)
        invitation.save(update_fields=["attendance", "absence_reason"])


@dataclass(frozen=True)
class DisagreementRow:
    subject: str
    decision_maker: User | None
    pk: int | None = None  # an existing disagreement's id, to keep it (and its decision)


@dataclass
class MinutesInput:
    viewpoints: list[tuple[Department, str]] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)
    disagreements: list[DisagreementRow] = field(default_factory=list)
    follow_up_plan: str = ""
    pending_decisions: str = ""


def _check_minutes(data: MinutesInput, errors: FieldErrors) -> None:
    departments = [department.pk for department, text in data.viewpoints if _text(text)]
    if len(departments) != len(set(departments)):
        errors.add("viewpoints", _("Give each department's viewpoint once."))
    for row in data.disagreements:
        if not _text(row.subject):
            errors.add("disagreements", _("Say what the disagreement is about."))
        if row.decision_maker is None:
            errors.add("disagreements", _("Name who decides each disagreement."))


@records_actor("by")
@transaction.atomic
def minutes_save(*, meeting: Meeting, by: User, data: MinutesInput) -> Minutes:
    """Replace the draft minutes' content: viewpoints, numbered conclusions (in the order
    given), disagreements and the follow-up plan. Blank viewpoints and conclusions are
    dropped; a decided disagreement keeps its decision."""
    meeting = meeting_lock(meeting)
    minutes = minutes_for_update(meeting)
    meeting_require(by, meeting, "record", minutes=minutes)
    errors = FieldErrors()
    _check_minutes(data, errors)
    kept = {row.pk for row in data.disagreements if row.pk}
    existing = {d.pk: d for d in minutes.disagreements.all()}
    if kept - set(existing):
        errors.add("disagreements", _("That disagreement is not part of these minutes."))
    errors.raise_if_any()

    minutes.viewpoints.all().delete()
    DepartmentViewpoint.objects.bulk_create(
        DepartmentViewpoint(minutes=minutes, department=department, text=_text(text))
        for department, text in data.viewpoints
        if _text(text)
    )
    minutes.conclusions.all().delete()
    texts = [_text(text) for text in data.conclusions]
    Conclusion.objects.bulk_create(
        Conclusion(minutes=minutes, number=number, text=text)
        for number, text in enumerate([t for t in texts if t], start=1)
    )
    minutes.disagreements.exclude(pk__in=kept).delete()
    for row in data.disagreements:
        disagreement = existing.get(row.pk) or Disagreement(minutes=minutes)
        if disagreement.decided_at is None:
            disagreement.decision_maker = row.decision_maker
        disagreement.subject = _text(row.subject)
        disagreement.save()
    # Each undecided disagreement's decision maker is asked (once; see decisions.py).
    decision_makers_notify(meeting, list(minutes.disagreements.select_related("decision_maker")))
    minutes.follow_up_plan = _text(data.follow_up_plan)
    minutes.pending_decisions = _text(data.pending_decisions)
    minutes.save(update_fields=["follow_up_plan", "pending_decisions"])
    return minutes
