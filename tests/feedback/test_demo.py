"""The demo's feedback forms, as `make run` seeds them: every state and urgency, one
breached, one confirmed with its signature request open, one signed by both heads, one
turned into a draft card."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from collab.models import SignatureRequest, User
from feedback.demo import FORMS
from feedback.models import FeedbackForm, LogEntry, Urgency
from feedback.sla import SlaStatus, sla_status_of
from tasks import selectors as task_selectors

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_feedback_forms():
    """One seeding for every check (the demo is large; each check only reads it)."""
    seeded = seed()
    assert "Demo feedback forms:" in seeded
    counts = (FeedbackForm.objects.count(), LogEntry.objects.count())
    again = seed()
    assert "Demo feedback forms:" not in again
    assert (FeedbackForm.objects.count(), LogEntry.objects.count()) == counts == (8, counts[1])

    forms = {form.background: form for form in FeedbackForm.objects.all()}
    assert set(forms) == set(FORMS.values())
    assert {form.status for form in forms.values()} == set(FeedbackForm.Status.values)
    assert {form.urgency for form in forms.values()} == set(Urgency.values)

    now = timezone.now()
    breached = forms[FORMS["breached"]]
    assert sla_status_of(breached, now) == SlaStatus.BREACHED
    assert sla_status_of(forms[FORMS["on_track"]], now) == SlaStatus.ON_TRACK

    confirmed = forms[FORMS["confirmed"]]
    assert confirmed.satisfaction == 4
    request = SignatureRequest.objects.get(document_code=confirmed.code, status="pending")
    signers = {place.user.username for place in request.required_signers.select_related("user")}
    assert signers == {"sal.head", "log.head"}

    signed = forms[FORMS["signed"]]
    approved = SignatureRequest.objects.get(document_code=signed.code, status="approved")
    assert approved.signatures.count() == 2  # the worker's job archives its PDF

    escalated = forms[FORMS["escalated"]]
    assert escalated.escalated_card is not None
    assert escalated.escalated_card.status == "draft"

    link = forms[FORMS["in_progress"]].action_item_links.select_related("action_item").get()
    owner = User.objects.get(username="fin.member1")
    assert task_selectors.my_action_items(owner).filter(pk=link.action_item_id).exists()

    client = Client()
    client.force_login(User.objects.get(username="tec.contact1"))
    for form in (breached, forms[FORMS["acknowledged"]]):
        for tab in ("form", "log", "items", "result"):
            assert client.get(f"/feedback/{form.code}/?tab={tab}").status_code == 200
