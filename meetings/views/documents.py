"""Pages for publishing and formalising minutes, and their PDFs: parse, one service, render.

The documents tab lists the frozen versions (PDF in either language), the recipients
publishing will send to, the correction and formalisation forms, and the formalised
documents with their signature state. Outsiders get 404 before anything else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.errors import RuleViolation
from collab.views.helpers import add_rule_violation, attachment, file_attachment, post_action

from .. import selectors, services
from ..document_forms import CorrectMinutesForm, FormaliseForm, ProcessNodeFormSet
from ..documents import DOCUMENT_LANGUAGE, document_language, minutes_pdf, minutes_pdf_name
from ..publication import (
    formalisation_rows,
    minutes_recipients,
    minutes_version_get,
    minutes_versions,
)


def documents_url(meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=documents"


def documents_tab(request, meeting, permissions, *, forms: dict | None = None) -> dict:
    """Context of the meeting page's "documents" tab; `forms` are bound forms to show
    again with their errors."""
    minutes = selectors.minutes_of(meeting)
    forms = forms or {}
    context = {
        "minutes": minutes,
        "versions": minutes_versions(meeting),
        "formalisations": formalisation_rows(meeting),
        "recipients": minutes_recipients(meeting, minutes) if permissions.can_publish else None,
    }
    if permissions.can_correct:
        context["correct_form"] = forms.get("correct") or CorrectMinutesForm()
    if permissions.can_formalise:
        context["formalise_form"] = forms.get("formalise") or FormaliseForm()
        context["node_rows"] = forms.get("nodes") or ProcessNodeFormSet(prefix="nodes")
    return context


def _tab_again(request, meeting, **forms):
    """The documents tab again, with the forms and their errors (status 400)."""
    from .detail import TABS

    permissions = selectors.meeting_permissions_of(request.user, meeting)
    context = {
        "meeting": meeting,
        "permissions": permissions,
        "tabs": [(key, label) for key, label, _context in TABS],
        "tab": "documents",
        "tab_template": "meetings/tabs/documents.html",
        **documents_tab(request, meeting, permissions, forms=forms),
    }
    return render(request, "meetings/meeting_detail.html", context, status=400)


@login_required
@require_POST
def minutes_publish(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    return post_action(
        request,
        run=lambda: services.minutes_publish(meeting=meeting, by=request.user),
        success=_("The minutes are published and on their way to the recipients."),
        back=lambda: redirect(documents_url(meeting)),
    )


@login_required
@require_POST
def minutes_correct(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    form = CorrectMinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_correct(
                meeting=meeting, by=request.user, note=form.cleaned_data["note"]
            )
        except RuleViolation as error:
            if error.errors or error.field:
                add_rule_violation(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(documents_url(meeting))
        else:
            messages.success(request, _("The minutes are open for correction as a new version."))
            return redirect(reverse("meetings:meeting-detail", args=[code]) + "?tab=minutes")
    return _tab_again(request, meeting, correct=form)


@login_required
@require_POST
def minutes_formalise(request, code):
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    form = FormaliseForm(request.POST)
    rows = ProcessNodeFormSet(request.POST, prefix="nodes")
    if form.is_valid() and rows.is_valid():
        nodes = [
            services.ProcessNodeRow(row.get("name", ""), row.get("department"))
            for row in rows.cleaned_data
            if row
        ]
        try:
            services.minutes_formalise(
                meeting=meeting,
                by=request.user,
                kind=form.cleaned_data["kind"],
                summary=form.cleaned_data["summary"],
                nodes=nodes,
            )
        except RuleViolation as error:
            if error.errors or error.field:
                add_rule_violation(form, error, rows={"nodes": rows})
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(documents_url(meeting))
        else:
            messages.success(request, _("The heads of the involved departments are asked to sign."))
            return redirect(documents_url(meeting))
    return _tab_again(request, meeting, formalise=form, nodes=rows)


@login_required
def minutes_version_pdf(request, code, number):
    """Version `number` of the minutes as a PDF; `?lang=` en or zh-hans (the stored copy,
    as sent), else the person's language."""
    meeting = selectors.meeting_get_for_user(code=code, user=request.user)
    version = minutes_version_get(meeting, number)
    try:
        language = document_language(request.GET.get("lang"))
    except RuleViolation as error:
        raise Http404 from error
    name = minutes_pdf_name(meeting.code, version.number, language)
    if language == DOCUMENT_LANGUAGE and version.pdf:
        return file_attachment(request, version.pdf, name, "application/pdf")
    return attachment(minutes_pdf(version.snapshot, language=language), name, "application/pdf")
