"""The attendance and minutes tabs' forms: parse → one service → back to the tab, or the
tab again with the service's refusal beside the fields it names."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.views.helpers import add_rule_violation, file_attachment, form_page, tab_action

from .. import selectors, services
from ..minutes_forms import (
    ROW_FORMSETS,
    AttendanceForm,
    ConclusionFormSet,
    DecisionForm,
    DisagreementFormSet,
    MinutesFileForm,
    MinutesForm,
    MinutesItemForm,
    OpinionForm,
    minutes_input,
)
from ..models import MeetingAttachment
from . import minutes as tabs


def _tab_url(meeting, tab: str) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.code]) + f"?tab={tab}"


def _tab_page(request, meeting, tab: str, **forms):
    """The meeting page on `tab`, with the bound forms that were refused."""
    from .detail import TABS  # the page shell imports this package's tab functions

    permissions = selectors.meeting_permissions_of(request.user, meeting)
    context_of = tabs.attendance_tab if tab == "attendance" else tabs.minutes_tab
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "permissions": permissions,
            "tabs": [(key, label) for key, label, _context in TABS],
            "tab": tab,
            "tab_template": f"meetings/tabs/{tab}.html",
            **context_of(request, meeting, permissions, **forms),
        },
    )


def _run(request, meeting, tab, run, *, success: str, form, refused):
    return tab_action(
        request,
        run=run,
        success=success,
        back=lambda: redirect(_tab_url(meeting, tab)),
        form=form,
        refused=refused,
    )


def _meeting(request, code):
    return selectors.meeting_get_for_user(code=code, user=request.user)


@login_required
@require_POST
def attendance_save(request, code):
    meeting = _meeting(request, code)
    form = AttendanceForm(request.POST, invitations=list(meeting.invitations.all()))
    if not form.is_valid():
        return _tab_page(request, meeting, "attendance", form=form)
    return _run(
        request,
        meeting,
        "attendance",
        lambda: services.attendance_record(
            meeting=meeting, by=request.user, rows=form.attendance_rows()
        ),
        success=_("Attendance is recorded."),
        form=form,
        refused=lambda: _tab_page(request, meeting, "attendance", form=form),
    )


@login_required
@require_POST
def opinion_send(request, code):
    meeting = _meeting(request, code)
    form = OpinionForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    return _run(
        request,
        meeting,
        "attendance",
        lambda: services.opinion_send(
            meeting=meeting,
            by=request.user,
            text=data.get("written_opinion", ""),
            upload=data.get("file") or None,
        ),
        success=_("Your written opinion is sent."),
        form=form,
        refused=lambda: _tab_page(request, meeting, "attendance", opinion_form=form),
    )


@login_required
@require_POST
def minutes_save(request, code):
    meeting = _meeting(request, code)
    minutes = selectors.minutes_content(meeting)
    form = MinutesForm(request.POST, departments=tabs.participating_departments(meeting, minutes))
    conclusions = ConclusionFormSet(request.POST, prefix="conclusions")
    disagreements = DisagreementFormSet(request.POST, prefix="disagreements")
    forms = (form, conclusions, disagreements)

    def refused():
        return _tab_page(request, meeting, "minutes", minutes_forms=forms)

    if not all(f.is_valid() for f in forms):
        return refused()
    try:
        data = minutes_input(form, conclusions, disagreements)
        services.minutes_save(meeting=meeting, by=request.user, data=data)
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except InvalidState as error:
        messages.error(request, " ".join(error.messages))
    except RuleViolation as error:
        add_rule_violation(
            form, error, rows={"conclusions": conclusions, "disagreements": disagreements}
        )
        return refused()
    else:
        messages.success(request, _("The minutes are saved."))
    return redirect(_tab_url(meeting, "minutes"))


@login_required
@require_GET
def minutes_row(request, code, kind):
    """htmx: one more empty conclusion or disagreement row (works without it: the form
    always carries one empty row, and a saved row makes another)."""
    meeting = _meeting(request, code)
    if (
        kind not in ROW_FORMSETS
        or not selectors.meeting_permissions_of(request.user, meeting).can_record
    ):
        raise Http404
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 200))
    except ValueError:
        index = 0
    row = ROW_FORMSETS[kind](prefix=kind).empty_form  # with its "remove" box
    row.prefix = f"{kind}-{index}"
    context = {"meeting": meeting, "kind": kind, "row": row, "next_index": index + 1}
    return render(request, "meetings/minutes/_row_added.html", context)


@login_required
@require_POST
def minutes_item_add(request, code):
    meeting = _meeting(request, code)
    form = MinutesItemForm(request.POST, prefix="item")

    def refused():
        return _tab_page(request, meeting, "minutes", item_form=form)

    if not form.is_valid():
        return refused()
    return _run(
        request,
        meeting,
        "minutes",
        lambda: services.minutes_item_add(meeting=meeting, by=request.user, values=form.values()),
        success=_("The action item is added; its owner finds it in “My action items”."),
        form=form,
        refused=refused,
    )


@login_required
def minutes_item_edit(request, code, item_id):
    """Change an item of the draft minutes (the recorder or host, while draft)."""
    meeting = _meeting(request, code)
    link = selectors.minutes_item_link_get(meeting=meeting, item_id=item_id)
    if not selectors.meeting_permissions_of(request.user, meeting).can_record:
        return redirect(_tab_url(meeting, "minutes"))
    item = link.action_item
    initial = {name: getattr(item, name) for name in ("title", "deliverable", "due_date")}
    initial.update(owner=item.owner_id, department=item.department_id, priority=item.priority)
    form = MinutesItemForm(request.POST or None, prefix="item", initial=initial)
    return form_page(
        request,
        form=form,
        run=lambda data: services.minutes_item_update(
            meeting=meeting, by=request.user, link=link, values=data
        ),
        success=_("The action item is saved."),
        back=lambda: redirect(_tab_url(meeting, "minutes")),
        template="meetings/minutes/item_edit.html",
        context={
            "meeting": meeting,
            "title": _("Change action item %(number)d") % {"number": link.number},
        },
    )


@login_required
@require_POST
def minutes_item_remove(request, code, item_id):
    meeting = _meeting(request, code)
    link = selectors.minutes_item_link_get(meeting=meeting, item_id=item_id)
    return _run(
        request,
        meeting,
        "minutes",
        lambda: services.minutes_item_remove(meeting=meeting, by=request.user, link=link),
        success=_("The action item is removed from the minutes and cancelled."),
        form=MinutesItemForm(prefix="item"),
        refused=lambda: redirect(_tab_url(meeting, "minutes")),
    )


@login_required
@require_POST
def disagreement_decide(request, code, pk):
    meeting = _meeting(request, code)
    disagreement = selectors.disagreement_get_for_user(meeting=meeting, pk=pk)
    form = DecisionForm(request.POST, prefix=f"decision-{pk}")
    form.is_valid()
    return _run(
        request,
        meeting,
        "minutes",
        lambda: services.disagreement_decide(
            disagreement=disagreement,
            by=request.user,
            decision=form.cleaned_data.get("decision", ""),
        ),
        success=_("Your decision is recorded."),
        form=form,
        refused=lambda: _tab_page(request, meeting, "minutes", decision_forms={pk: form}),
    )


@login_required
@require_POST
def minutes_file_add(request, code):
    meeting = _meeting(request, code)
    form = MinutesFileForm(request.POST, request.FILES)
    form.is_valid()
    return _run(
        request,
        meeting,
        "minutes",
        lambda: services.minutes_attachment_add(
            meeting=meeting, by=request.user, upload=form.cleaned_data.get("file") or None
        ),
        success=_("The file is attached to the minutes."),
        form=form,
        refused=lambda: _tab_page(request, meeting, "minutes", file_form=form),
    )


@login_required
@require_POST
def minutes_file_remove(request, code, pk):
    meeting = _meeting(request, code)
    attachment = selectors.meeting_file_get_for_user(code=code, pk=pk, user=request.user)
    return _run(
        request,
        meeting,
        "minutes",
        lambda: services.minutes_attachment_remove(
            meeting=meeting, by=request.user, attachment=attachment
        ),
        success=_("The file is removed from the minutes."),
        form=MinutesFileForm(),
        refused=lambda: redirect(_tab_url(meeting, "minutes")),
    )


@login_required
@require_GET
def minutes_file(request, code, pk):
    """A written opinion's or the minutes' file, downloaded (whoever sees the meeting)."""
    attachment = selectors.meeting_file_get_for_user(code=code, pk=pk, user=request.user)
    if attachment.purpose not in (
        MeetingAttachment.Purpose.OPINION,
        MeetingAttachment.Purpose.MINUTES,
    ):
        raise Http404
    return file_attachment(request, attachment.file, attachment.name, "application/octet-stream")
