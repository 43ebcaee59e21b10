"""Filing a feedback form: the page, the receiving contact it fills in (htmx), and the
download of a form's attachments. Thin: parse, select, one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collab.errors import RuleViolation
from collab.views.helpers import add_rule_violation, file_attachment

from .. import selectors, services
from ..forms import FeedbackFilingForm, filing_initial
from ..services.forms import receiving_contact_of


@login_required
def feedback_create(request):
    """The empty form (my department, my extension; `?card=CODE` names the related card),
    or on POST the form filed; then its page, with the code in a success message."""
    post = request.method == "POST"
    form = FeedbackFilingForm(
        request.POST if post else None,
        request.FILES if post else None,
        initial=filing_initial(request.user, request.GET.get("card")),
        user=request.user,
    )
    if post and form.is_valid():
        try:
            filed = services.feedback_submit(by=request.user, data=form.feedback_input())
        except RuleViolation as error:
            add_rule_violation(form, error)
        else:
            messages.success(
                request,
                _("Feedback form %(code)s is filed; %(department)s is asked to respond.")
                % {"code": filed.code, "department": filed.receiving_department},
            )
            return redirect("feedback:feedback-detail", code=filed.code)
    return render(request, "feedback/feedback_form.html", {"form": form, **_contact(form)})


def _contact(form: FeedbackFilingForm, chosen=None) -> dict:
    """The receiving contact shown beside the picker: the one chosen (posted, or `chosen`),
    else the department's usual contact."""
    department = form.receiving_department()
    if department is None:
        return {"receiving": None, "contact": None}
    if chosen is None and form.is_bound:
        chosen = form.data.get(form.add_prefix("receiving_contact"))
    contact = None
    if chosen not in (None, ""):
        try:
            contact = form.fields["receiving_contact"].queryset.filter(pk=int(chosen)).first()
        except (TypeError, ValueError):
            contact = None
    return {"receiving": department, "contact": contact or receiving_contact_of(department)}


@login_required
@require_GET
def receiving_contact(request):
    """htmx: the receiving contact picker of the department chosen, its usual contact
    chosen; with `receiving_contact`, that person's details (the picker's change)."""
    params = request.GET
    initial = {"receiving_department": params.get("receiving_department")}
    form = FeedbackFilingForm(initial=initial, user=request.user)
    shown = _contact(form, params.get("receiving_contact"))
    if shown["contact"] is not None:
        form.initial["receiving_contact"] = shown["contact"].pk
    return render(request, "feedback/_receiving_contact.html", {"form": form, **shown})


@login_required
@require_GET
def attachment_download(request, code, pk):
    """A form's attachment, for whoever may see the form (404 for anyone else), as a
    download."""
    stored = selectors.feedback_attachment_get(code=code, pk=pk, user=request.user)
    return file_attachment(request, stored.file, stored.name, "application/octet-stream")
