"""Feedback forms ready for their documents: answered, resolved, rated and confirmed
through the services, and signed."""

import io

from django.utils import timezone
from pypdf import PdfReader

from collab import services as collab_services
from collab.models import SignatureRequest
from feedback import services
from feedback.models import FeedbackForm
from feedback.signables import FEEDBACK_FORM
from tests.factories import PASSWORD

from . import builders

LOG_LINES = (
    "Reproduced the failing checkouts on the staging shop.",
    "错误集中在晚上八点的高峰。",
)
SOLUTION = "Raised the payment gateway timeout and added a retry."
COMMENT = "Fixed before the campaign, 谢谢!"


def confirmed_form(org, **kwargs) -> FeedbackForm:
    """Marketing's form to Technology, acknowledged and logged by Technology's contact,
    resolved by Tom Tech, rated 4 and confirmed by the initiator (which asks the two heads
    to sign)."""
    form = builders.feedback_form(org, **kwargs)
    services.feedback_acknowledge(form=form, by=org.tec_contact, note=LOG_LINES[0])
    services.feedback_log_add(form=form, by=org.initiator, text=LOG_LINES[1])
    services.feedback_resolve(
        form=form,
        by=org.tec_contact,
        solution=SOLUTION,
        completed_at=timezone.now(),
        responsible_person=org.tec_member,
    )
    return services.feedback_rate(form=form, by=org.initiator, satisfaction=4, comment=COMMENT)


def signature_request_of(form, org) -> SignatureRequest:
    """The request the initiator's confirmation opened: the two heads are asked to sign."""
    return SignatureRequest.objects.get(
        object_id=form.pk, document_type=FEEDBACK_FORM, status=SignatureRequest.Status.PENDING
    )


def sign(request, person, decision="approve", comment=""):
    return collab_services.signature_sign(
        request=request, user=person, decision=decision, password=PASSWORD, comment=comment
    )


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pypdf), white space removed so wrapped cells read whole."""
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())


def has(text: str, phrase: str) -> bool:
    return "".join(phrase.split()) in text
