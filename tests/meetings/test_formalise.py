"""Formalised minutes: a confirmation letter or a process approval form, signed by exactly
the heads of the involved departments; and a card's archive holds the minutes."""

import io
import zipfile

import pytest

from collab import services as collab_services
from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.models import SignatureRequest
from meetings import services
from meetings.models import Formalisation
from tasks.documents import card_archive
from tests.meetings.documents_builders import has, minutes_ready, pdf_text, published_meeting
from tests.tasks.builders import PASSWORD, draft_card

pytestmark = pytest.mark.django_db


def request_of(formalisation) -> SignatureRequest:
    return SignatureRequest.objects.get(object_id=formalisation.pk, status="pending")


def test_a_confirmation_letter_asks_exactly_the_involved_heads_to_sign(org):
    meeting = published_meeting(org)
    letter = services.minutes_formalise(
        meeting=meeting, by=org.lead, kind="letter", summary="Finance funds, Technology builds."
    )
    request = request_of(letter)
    assert request.document_type == "collaboration_confirmation_letter"
    assert request.document_code == f"{meeting.code}-CL1"
    signers = {place.user for place in request.required_signers.all()}
    assert signers == {org.mkt_head, org.fin_head, org.tec_head}
    assert {place.role for place in request.required_signers.all()} == {"head"}


def test_the_letter_pdf_shows_the_agreed_conclusions_and_action_items(org):
    meeting = published_meeting(org)
    letter = services.minutes_formalise(
        meeting=meeting, by=org.lead, kind="letter", summary="Finance funds, Technology builds."
    )
    generated = collab_services.generated_document_get_or_render(
        request=request_of(letter), language="en"
    )
    with generated.file.open("rb") as stored:
        text = pdf_text(stored.read())
    for phrase in (
        "Collaboration confirmation letter",
        "Finance funds, Technology builds.",
        "Budget approved: 200,000.",
        "Book the launch budget",
        "Build the landing page",
        "Tom Tech",
    ):
        assert has(text, phrase), phrase


def test_a_process_approval_form_lists_its_nodes_and_their_departments(org):
    meeting = published_meeting(org)
    form = services.minutes_formalise(
        meeting=meeting,
        by=org.lead,
        kind="process",
        summary="Budget requests go through Finance first.",
        nodes=[
            services.ProcessNodeRow("Request the budget", org.marketing),
            services.ProcessNodeRow("Approve the budget", org.finance),
        ],
    )
    assert [(n.position, n.department) for n in form.process_nodes.order_by("position")] == [
        (1, org.marketing),
        (2, org.finance),
    ]
    request = request_of(form)
    assert request.document_type == "process_approval_form"
    generated = collab_services.generated_document_get_or_render(request=request, language="en")
    with generated.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert has(text, "Approve the budget") and has(text, "Process approval form")


def test_the_heads_sign_the_letter_and_it_is_approved(org):
    meeting = published_meeting(org)
    letter = services.minutes_formalise(meeting=meeting, by=org.lead, kind="letter", summary="OK")
    request = request_of(letter)
    for head in (org.mkt_head, org.fin_head, org.tec_head):
        collab_services.signature_sign(
            request=request, user=head, decision="approve", password=PASSWORD
        )
    request.refresh_from_db()
    assert request.status == SignatureRequest.Status.APPROVED


def test_bad_formalisations_are_refused_with_field_errors_and_nothing_is_saved(org):
    meeting = published_meeting(org)
    with pytest.raises(RuleViolation) as refused:
        services.minutes_formalise(
            meeting=meeting,
            by=org.lead,
            kind="process",
            summary="",
            nodes=[services.ProcessNodeRow("Approve", None)],
        )
    assert {"summary", "nodes"} <= set(refused.value.errors)
    with pytest.raises(RuleViolation) as refused:
        services.minutes_formalise(meeting=meeting, by=org.lead, kind="memo", summary="x")
    assert "kind" in refused.value.errors
    assert (
        not Formalisation.objects.exists()
        and not SignatureRequest.objects.filter(
            document_type__in=["collaboration_confirmation_letter", "process_approval_form"]
        ).exists()
    )


def test_only_the_organisers_formalise_and_only_published_minutes(org):
    meeting = minutes_ready(org)
    with pytest.raises(InvalidState):
        services.minutes_formalise(meeting=meeting, by=org.lead, kind="letter", summary="x")
    services.minutes_publish(meeting=meeting, by=org.tracker)
    with pytest.raises(Forbidden):
        services.minutes_formalise(meeting=meeting, by=org.fin_head, kind="letter", summary="x")
    assert not Formalisation.objects.exists()


def test_the_cards_archive_holds_the_latest_minutes_and_the_letters(org):
    card = draft_card(org)
    meeting = published_meeting(org, card=card)
    services.minutes_correct(meeting=meeting, by=org.tracker, note="Typo in conclusion 2.")
    services.minutes_publish(meeting=meeting, by=org.tracker)
    letter = services.minutes_formalise(meeting=meeting, by=org.lead, kind="letter", summary="OK")

    with zipfile.ZipFile(io.BytesIO(card_archive(card))) as archive:
        names = archive.namelist()
        minutes = archive.read(f"meetings/{meeting.code}-minutes-v2.pdf")
        index = archive.read("index.html").decode()
    assert f"meetings/{meeting.code}-minutes-v1.pdf" not in names
    assert f"meetings/{letter.code}-v1-pending.pdf" in names
    assert has(pdf_text(minutes), "Book the launch budget")
    assert meeting.code in index


def test_a_signer_reads_the_letter_on_the_sign_off_page_and_outsiders_get_404(client, org):
    from django.urls import reverse

    meeting = published_meeting(org)
    letter = services.minutes_formalise(
        meeting=meeting, by=org.lead, kind="letter", summary="Finance funds, Technology builds."
    )
    page = reverse("signoff-detail", args=[request_of(letter).pk])
    client.force_login(org.fin_head)
    content = client.get(page).content.decode()
    assert "Finance funds, Technology builds." in content and "Book the launch budget" in content
    client.force_login(org.outsider)
    assert client.get(page).status_code == 404
