"""Feedback forms ready for their documents: resolved, rated, confirmed, and signed.

STAND-IN until the workflow services (acknowledge, log, resolve, rate) land on main: the
marked ORM update below sets the resolution, rating and status directly. At merge it is
replaced by `feedback_acknowledge` / `feedback_log_add` / `feedback_resolve` /
`feedback_rate`, which also open the signature request.
"""

import io

from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from collab import services as collab_services
from feedback.models import FeedbackForm
from feedback.services.common import form_lock, log_write
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
    resolved by Tom Tech, rated 4 and confirmed by the initiator."""
    form = builders.feedback_form(org, **kwargs)
    with transaction.atomic():
        locked = form_lock(form)
        log_write(form=locked, by=org.tec_contact, kind="acknowledged", text=LOG_LINES[0])
        log_write(form=locked, by=org.initiator, kind="note", text=LOG_LINES[1])
    now = timezone.now()
    # --- STAND-IN (ORM update): the resolve and rate services replace this at merge. ---
    FeedbackForm.objects.filter(pk=form.pk).update(
        status=FeedbackForm.Status.CONFIRMED,
        acknowledged_by=org.tec_contact,
        first_response_at=now,
        responded_at=now,
        solution=SOLUTION,
        completed_at=now,
        responsible_person=org.tec_member,
        resolved_at=now,
        satisfaction=4,
        satisfaction_comment=COMMENT,
        confirmed_at=now,
    )
    form.refresh_from_db()
    return form


def signature_request_of(form, org):
    """What the initiator's confirmation does (feedback_rate): ask the two heads to sign."""
    return collab_services.signature_request_open(
        document=form, document_type=FEEDBACK_FORM, requested_by=org.initiator
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
