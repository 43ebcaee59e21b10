"""Acceptance pages: hand over the deliverables, decide on them, write the retrospective."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from collab.errors import RuleViolation
from collab.views.helpers import add_rule_violation, form_page

from .. import forms, selectors, services
from .cards import back_to_card


@login_required
def acceptance_submit(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return form_page(
        request,
        form=forms.AcceptanceSubmitForm(request.POST or None, card=card),
        run=lambda data: services.card_submit_for_acceptance(
            card=card, by=request.user, deliverables=list(data["deliverables"]), note=data["note"]
        ),
        success=_("The deliverables are submitted for acceptance."),
        back=lambda: back_to_card(card, "documents"),
        template="tasks/form_page.html",
        context={
            "card": card,
            "title": _("Submit for acceptance"),
            "submit_label": _("Submit for acceptance"),
        },
    )


@login_required
def acceptance_decide(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    form = forms.AcceptanceDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["decision"] == "accept":
                services.card_accept(card=card, by=request.user, comment=comment)
            else:
                services.card_reject_acceptance(card=card, by=request.user, reasons=comment)
        except RuleViolation as error:
            # The form has one text box for the comment and the reasons.
            error.errors = {
                ("comment" if field == "reasons" else field): messages_
                for field, messages_ in error.errors.items()
            }
            add_rule_violation(form, error)
        else:
            messages.success(request, _("Your acceptance decision is recorded."))
            return back_to_card(card, "documents")
    acceptance = selectors.latest_acceptance(card)
    return render(
        request,
        "tasks/form_page.html",
        {
            "card": card,
            "form": form,
            "title": _("Accept the deliverables of %(code)s") % {"code": card.code},
            "submission": acceptance if acceptance and acceptance.decision == "pending" else None,
            "submit_label": _("Record the decision"),
        },
    )


@login_required
def card_close(request, code):
    card = selectors.card_get_for_user(code=code, user=request.user)
    return form_page(
        request,
        form=forms.RetrospectiveForm(request.POST or None),
        run=lambda data: services.card_close(card=card, by=request.user, **data),
        success=_("The card is closed and its retrospective report is ready."),
        back=lambda: back_to_card(card, "documents"),
        template="tasks/form_page.html",
        context={
            "card": card,
            "title": _("Retrospective of %(code)s") % {"code": card.code},
            "submit_label": _("Close the card"),
        },
    )
