"""Acceptance and the retrospective over the API: hand over, decide, close."""

import pytest

from tasks import services
from tasks.models import Card

from . import builders
from .api_support import api_for, assert_field_error, assert_refused, card_url

pytestmark = pytest.mark.django_db


def test_retrospective_closes_the_card(org):
    card = builders.card_in_acceptance(org)
    services.card_accept(card=card, by=org.fin_head)
    lead = api_for(org.lead)

    incomplete = lead.post(
        card_url(card, "retrospective"),
        {"successes": "On time.", "shortcomings": "", "improvements": "Start earlier."},
        format="json",
    )
    assert_field_error(incomplete, "shortcomings")

    response = lead.post(
        card_url(card, "retrospective"),
        {
            "successes": "On time.",
            "shortcomings": "Licences came late.",
            "improvements": "Ask vendors first.",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "closed"
    assert body["closed_at"]
    assert body["shortcomings"] == "Licences came late."
    assert body["retrospective_pdf_url"] == (
        f"http://testserver/api/v1/cards/{card.code}/retrospective-pdf/"
    )
    assert body["archive_url"] == f"http://testserver/api/v1/cards/{card.code}/archive/"
    assert body["permissions"]["can_download_archive"] is True


def test_a_card_closes_only_after_acceptance(org):
    card = builders.card_in_acceptance(org)

    response = api_for(org.lead).post(
        card_url(card, "retrospective"),
        {"successes": "a", "shortcomings": "b", "improvements": "c"},
        format="json",
    )

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "A card closes after its deliverables are accepted."
    card.refresh_from_db()
    assert card.status == Card.Status.IN_ACCEPTANCE


def test_rejecting_acceptance_returns_the_card_to_active(org):
    card = builders.card_in_acceptance(org)
    accepter = api_for(org.fin_head)

    no_reason = accepter.post(card_url(card, "reject-acceptance"), {"reasons": ""}, format="json")
    assert_field_error(no_reason, "reasons")

    response = accepter.post(
        card_url(card, "reject-acceptance"),
        {"reasons": "The licence list misses the CAD seats."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert body["acceptances"][0]["decision"] == "rejected"
    assert body["acceptances"][0]["reasons"] == "The licence list misses the CAD seats."


def test_only_the_acceptance_party_decides(org):
    card = builders.card_in_acceptance(org)

    response = api_for(org.lead).post(card_url(card, "accept"), {}, format="json")

    body = assert_refused(response, 403, "forbidden")
    assert body["detail"] == "Only the acceptance party decides."
    card.refresh_from_db()
    assert card.status == Card.Status.IN_ACCEPTANCE


def test_nothing_is_decided_while_nothing_waits(org):
    card = builders.active_card(org)

    response = api_for(org.fin_head).post(card_url(card, "accept"), {}, format="json")

    body = assert_refused(response, 409, "invalid_state")
    assert body["detail"] == "Nothing is waiting for acceptance."


def test_only_the_lead_submits_for_acceptance(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    builders.finish(item, org.tec_member)

    response = api_for(org.tracker).post(
        card_url(card, "submit-acceptance"), {"deliverables": [item.pk]}, format="json"
    )

    body = assert_refused(response, 403, "forbidden")
    assert body["detail"] == "Only the card's lead submits for acceptance."
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


def test_acceptance_needs_deliverables(org):
    card = builders.active_card(org)

    response = api_for(org.lead).post(
        card_url(card, "submit-acceptance"), {"deliverables": []}, format="json"
    )

    assert_field_error(response, "deliverables")
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


def test_acceptance_refuses_an_item_that_is_not_done(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)

    response = api_for(org.lead).post(
        card_url(card, "submit-acceptance"), {"deliverables": [item.pk]}, format="json"
    )

    body = assert_field_error(response, "deliverables")
    assert "Licence list" in body["fields"]["deliverables"][0]
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
