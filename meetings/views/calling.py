"""Pages for calling a meeting: the form (create, edit, follow-up), the notice and agenda
tabs, and the organiser's buttons. Thin: parse, select, one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.errors import RuleViolation
from collab.views.helpers import add_rule_violation, allowed_or_back, post_action
from tasks.selectors import cards_visible_to

from .. import forms, selectors, services
from ..models import Meeting
from ..permissions import meeting_require
from ..services.meetings import agenda_warnings


def back_to_meeting(meeting, tab: str | None = None):
    response = redirect("meetings:meeting-detail", code=meeting.code)
    if tab:
        response["Location"] += f"?tab={tab}"
    return response


# --- the meeting page's tabs -------------------------------------------------------


def notice_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "notice" tab: facts, answers, who has not answered."""
    invitation = selectors.own_invitation(meeting, request.user)
    return {
        "invitations": list(meeting.invitations.all()),
        "own_invitation": invitation,
        "unanswered": selectors.unanswered_required(meeting),
        "answer_deadline": selectors.answer_deadline(meeting),
        "pre_reads": list(selectors.pre_reads_of(meeting)),
        "answer_form": forms.AnswerForm(
            initial={"response": invitation.response, "reason": invitation.response_reason}
            if invitation
            else None
        ),
        "cancel_form": forms.CancelForm(),
        "pre_read_form": forms.PreReadForm(),
    }


def agenda_tab(request, meeting, permissions) -> dict:
    """Context of the meeting page's "agenda" tab: the items and whether they fit."""
    items = list(meeting.agenda_items.all())
    return {
        "agenda_items": items,
        "agenda_minutes": sum(item.minutes for item in items),
        "agenda_warnings": agenda_warnings(
            {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at}, items
        ),
    }


# --- the form -----------------------------------------------------------------------


def _visible_meeting(request, code: str | None):
    if not code:
        return None
    try:
        return selectors.meeting_get_for_user(code=code, user=request.user)
    except Http404:
        return None


def _initial(request) -> tuple[dict, Meeting | None]:
    """A new meeting's form: the caller hosts; `?card=` names a card, `?follows=` an
    earlier meeting to follow up (pre-filled from it, its agenda left for the new one)."""
    initial = {"host": request.user.pk, "recorder": request.user.pk}
    earlier = _visible_meeting(request, request.GET.get("follows"))
    if earlier is not None:
        initial.update(forms.follow_up_initial(earlier))
    code = request.GET.get("card")
    if code:
        card = cards_visible_to(request.user).filter(code__iexact=code).first()
        if card is not None:
            initial["card"] = card.code
            initial.setdefault("topic", card.title)
    return initial, earlier


def _form_page(request, *, meeting=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    earlier = None
    if meeting is None:
        initial, earlier = _initial(request)
        if request.method == "POST":
            earlier = _visible_meeting(request, request.POST.get("follows"))
    else:
        initial = forms.meeting_form_initial(meeting)
    form = forms.MeetingForm(data, files, instance=meeting, initial=initial, user=request.user)
    agenda = forms.agenda_formset(data, meeting)
    if request.method == "POST" and form.is_valid() & agenda.is_valid():
        pre_reads = [form.cleaned_data["pre_read"]] if form.cleaned_data.get("pre_read") else []
        meeting_data = forms.meeting_input(form, agenda)
        try:
            if meeting is None and form.cleaned_data.get("repeats"):
                _series, meetings = services.meeting_series_create(
                    by=request.user,
                    data=meeting_data,
                    frequency=form.cleaned_data["repeats"],
                    until=form.cleaned_data.get("repeat_until"),
                )
                meeting, warnings = meetings[0], []
                success = _("%(count)d meetings are saved; send each notice when it is ready.") % {
                    "count": len(meetings)
                }
            elif meeting is None:
                meeting, warnings = services.meeting_call(
                    by=request.user, data=meeting_data, pre_reads=pre_reads, follows=earlier
                )
                success = _("Meeting %(code)s is saved; send the notice when it is ready.") % {
                    "code": meeting.code
                }
            else:
                meeting, warnings = services.meeting_update(
                    meeting=meeting, by=request.user, data=meeting_data, pre_reads=pre_reads
                )
                success = (
                    _("Saved. Send an update so that the invitees' calendars follow.")
                    if meeting.notice_sent_at
                    else _("The meeting is saved.")
                )
        except RuleViolation as error:
            renamed = {"file": "pre_read", "frequency": "repeats", "until": "repeat_until"}
            error.errors = {
                renamed.get(field, field): messages_ for field, messages_ in error.errors.items()
            }
            add_rule_violation(form, error, rows={"agenda": agenda})
        else:
            messages.success(request, success)
            for warning in warnings:
                messages.warning(request, warning)
            return back_to_meeting(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "agenda": agenda, "meeting": meeting, "follows": earlier},
    )


@login_required
def meeting_create(request):
    return _form_page(request)


@login_required
def meeting_edit(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    minutes = selectors.minutes_of(meeting)
    refused = allowed_or_back(
        request,
        lambda: meeting_require(request.user, meeting, "edit", minutes=minutes),
        lambda: back_to_meeting(meeting),
    )
    return refused or _form_page(request, meeting=meeting)


@login_required
def agenda_row(request):
    """htmx: one more empty agenda row, and the counter bumped out of band."""
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 200))
    except ValueError:
        index = 0
    formset = forms.AgendaFormSet(prefix="agenda")
    row = formset.form(prefix=f"agenda-{index}", empty_permitted=True, use_required_attribute=False)
    formset.add_fields(row, index)
    context = {"row": row, "index": index, "next_index": index + 1}
    return render(request, "meetings/_agenda_row_added.html", context)


# --- the organiser's buttons --------------------------------------------------------


@login_required
@require_POST
def meeting_send_notice(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    first = meeting.notice_sent_at is None
    return post_action(
        request,
        run=lambda: services.notice_send(meeting=meeting, by=request.user),
        success=_("The notice is sent to every invitee.")
        if first
        else _("The update is sent to every invitee."),
        back=lambda: back_to_meeting(meeting),
    )


@login_required
@require_POST
def meeting_cancel(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    form = forms.CancelForm(request.POST)
    form.is_valid()
    return post_action(
        request,
        run=lambda: services.meeting_cancel(
            meeting=meeting, by=request.user, reason=form.cleaned_data.get("reason", "")
        ),
        success=_("The meeting is cancelled."),
        back=lambda: back_to_meeting(meeting),
    )


@login_required
@require_POST
def meeting_delete(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    try:
        services.meeting_delete(meeting=meeting, by=request.user)
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
        return back_to_meeting(meeting)
    messages.success(request, _("The draft meeting is deleted."))
    return redirect("home")
