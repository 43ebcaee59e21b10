"""The form page's Documents tab, the feedback form PDF and "Turn into a card".

Parse, selector, one service, render. Whoever may not see the form gets 404 first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab import services as collab_services
from collab.errors import RuleViolation
from collab.models import SignatureRequest
from collab.selectors.organisation import role_label
from collab.views.helpers import attachment, file_attachment

from .. import selectors, services
from ..documents import document_language, feedback_form_pdf, feedback_pdf_name
from ..models import FeedbackForm
from ..signables import feedback_signature_request


@dataclass(frozen=True)
class SignaturePlace:
    """One head's place on the form's signature request, as the tab shows it."""

    label: str
    person: object
    signature: object | None
    mine: bool  # the viewer signs here and has not yet


def signature_places(signature_request: SignatureRequest | None, user) -> list[SignaturePlace]:
    if signature_request is None:
        return []
    pending = signature_request.is_pending
    places = []
    for place in signature_request.required_signers.all():
        signature = getattr(place, "signature", None)
        places.append(
            SignaturePlace(
                label=role_label(place.role, place.department),
                person=place.user,
                signature=signature,
                mine=pending and signature is None and place.user_id == user.pk,
            )
        )
    return places


def is_signed(signature_request: SignatureRequest | None) -> bool:
    return (
        signature_request is not None
        and signature_request.status == SignatureRequest.Status.APPROVED
    )


def documents_tab(request, form, permissions) -> dict:
    """The signature request (who signed, who is still to sign, the signer's one-click way
    to the sign-off page) and the PDF: signed when approved, else the current copy.
    Three queries whatever the form holds."""
    signature_request = feedback_signature_request(form)
    return {
        "signature_request": signature_request,
        "places": signature_places(signature_request, request.user),
        "signed": is_signed(signature_request),
        "pdf_url": reverse("feedback:feedback-pdf", args=[form.code]),
    }


def feedback_pdf_response(request, form: FeedbackForm, language: str) -> HttpResponse:
    """The form's PDF as an attachment: the archived signed copy once both heads signed
    (stored once per language and state), else the current unsigned copy."""
    signature_request = feedback_signature_request(form)
    if is_signed(signature_request):
        generated = collab_services.generated_document_get_or_render(
            request=signature_request, language=language
        )
        name = feedback_pdf_name(form.code, language, signed=True)
        return file_attachment(request, generated.file, name, "application/pdf")
    name = feedback_pdf_name(form.code, language, signed=False)
    return attachment(feedback_form_pdf(form, language), name, "application/pdf")


@login_required
def feedback_pdf(request, code):
    """`?lang=en|zh-hans`; the viewer's language otherwise."""
    form = selectors.feedback_get_for_user(code=code, user=request.user)
    try:
        language = document_language(request.GET.get("lang"))
    except RuleViolation as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    return feedback_pdf_response(request, form, language)


@login_required
@require_POST
def feedback_escalate(request, code):
    form = selectors.feedback_get_for_user(code=code, user=request.user)
    try:
        card = services.feedback_escalate(form=form, by=request.user)
    except RuleViolation as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents")
    messages.success(
        request,
        _("Card %(code)s is drafted from this form: complete it and send it for confirmation.")
        % {"code": card.code},
    )
    return redirect("tasks:card-edit", code=card.code)
