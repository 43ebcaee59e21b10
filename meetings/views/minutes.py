"""Pages for recording a meeting: attendance and the minutes while draft. The tab context
functions read; views/recording.py holds the forms' POST handlers."""

from __future__ import annotations

import math

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..minutes_forms import (
    AttendanceForm,
    ConclusionFormSet,
    DecisionForm,
    DisagreementFormSet,
    MinutesFileForm,
    MinutesForm,
    MinutesItemForm,
    OpinionForm,
    minutes_form_initial,
)
from ..models import MeetingAttachment
from ..permissions import meeting_allows


def due_text(meeting, *, now=None) -> tuple[str, str]:
    """The minutes' due state and how it reads: "Due in 5 h", "Overdue by 3 h"."""
    now = now or timezone.now()
    state = selectors.minutes_state_of(meeting, now)
    if state == "due":
        hours = math.ceil((meeting.minutes_due_at - now).total_seconds() / 3600)
        return state, _("Due in %(hours)d h") % {"hours": hours}
    if state == "overdue":
        hours = max(1, math.floor((now - meeting.minutes_due_at).total_seconds() / 3600))
        return state, _("Overdue by %(hours)d h") % {"hours": hours}
    if state == "published":
        return state, _("Published")
    return state, _("Due after the meeting")


def participating_departments(meeting, minutes) -> list:
    """The invited departments, and any other a viewpoint was written for, by code."""
    departments = {i.department_id: i.department for i in meeting.invitations.all() if i.department}
    if minutes is not None:
        departments.update({v.department_id: v.department for v in minutes.viewpoints.all()})
    return sorted(departments.values(), key=lambda department: department.code)


def attendance_tab(request, meeting, permissions, *, form=None, opinion_form=None) -> dict:
    """Context of the meeting page's "attendance" tab."""
    invitations = list(meeting.invitations.all())
    opinion_files: dict[int, list] = {}
    for attachment in selectors.meeting_files(meeting, MeetingAttachment.Purpose.OPINION):
        opinion_files.setdefault(attachment.uploaded_by_id, []).append(attachment)
    own = selectors.own_invitation(meeting, request.user)
    if form is None and permissions.can_record:
        form = AttendanceForm(invitations=invitations)
    if opinion_form is None and permissions.can_write_opinion:
        opinion_form = OpinionForm(initial={"written_opinion": own.written_opinion})
    return {
        "attendance_form": form,
        "attendance_rows": [(i, opinion_files.get(i.person_id, [])) for i in invitations],
        "opinions": [
            (i, opinion_files.get(i.person_id, []))
            for i in invitations
            if i.written_opinion or i.person_id in opinion_files
        ],
        "opinion_form": opinion_form,
    }


def _next_meeting_url(meeting) -> str | None:
    try:
        return reverse("meetings:meeting-create") + f"?follows={meeting.code}"
    except NoReverseMatch:  # the form to call a meeting is not installed
        return None


def minutes_tab(
    request,
    meeting,
    permissions,
    *,
    minutes_forms=None,
    item_form=None,
    decision_forms=None,
    file_form=None,
) -> dict:
    """Context of the meeting page's "minutes" tab: the editor for the recorder and host
    while the minutes are a draft, else the minutes as they stand."""
    minutes = selectors.minutes_content(meeting)
    state, due = due_text(meeting)
    editing = permissions.can_record
    context = {
        "minutes": minutes,
        "minutes_state": state,
        "minutes_due_text": due,
        "editing": editing,
        "item_links": list(minutes.item_links.all()) if minutes is not None else [],
        "disagreements": list(minutes.disagreements.all()) if minutes is not None else [],
        "minutes_files": selectors.meeting_files(meeting, MeetingAttachment.Purpose.MINUTES),
        "next_meeting_url": _next_meeting_url(meeting),
    }
    decision_forms = dict(decision_forms or {})
    for disagreement in context["disagreements"]:
        if meeting_allows(request.user, meeting, "decide", disagreement=disagreement):
            decision_forms.setdefault(
                disagreement.pk, DecisionForm(prefix=f"decision-{disagreement.pk}")
            )
    context["disagreements"] = [(d, decision_forms.get(d.pk)) for d in context["disagreements"]]
    if editing:
        if minutes_forms is None:
            initial, conclusions, disagreements = minutes_form_initial(minutes)
            minutes_forms = (
                MinutesForm(
                    initial=initial, departments=participating_departments(meeting, minutes)
                ),
                ConclusionFormSet(initial=conclusions, prefix="conclusions"),
                DisagreementFormSet(initial=disagreements, prefix="disagreements"),
            )
        context.update(
            minutes_form=minutes_forms[0],
            conclusions=minutes_forms[1],
            disagreement_rows=minutes_forms[2],
            item_form=item_form or MinutesItemForm(prefix="item"),
            file_form=file_form or MinutesFileForm(),
        )
    return context
