"""A card's milestones over the API, a resource under the card: listed and paged, created,
changed, and refused by input (400), by role (403) and by state (409)."""

import pytest

from tasks import services
from tasks.models import Card, ChangeRequest, Milestone

from . import builders
from .api_support import (
    DAY,
    api_for,
    assert_field_error,
    assert_refused,
    card_url,
    today,
)

pytestmark = pytest.mark.django_db


# --- milestones -------------------------------------------------------------------------------


def test_milestones_are_listed_by_due_date_and_paged(org):
    card = builders.draft_card(org)
    services.milestone_add(
        card=card, by=org.initiator, name="Stock ready", due_date=card.planned_start + DAY
    )

    body = api_for(org.fin_contact).get(card_url(card, "milestones"), {"page_size": 1}).json()

    assert set(body) == {"count", "count_is_estimate", "next", "previous", "results"}
    assert body["count"] == 2
    [first] = body["results"]
    assert (first["name"], first["achieved_on"]) == ("Stock ready", None)
    assert body["next"]
    one = api_for(org.fin_contact).get(card_url(card, f"milestones/{first['id']}")).json()
    assert one == first


def test_a_milestone_is_added_to_a_draft(org):
    card = builders.draft_card(org)
    due = card.planned_start + 5 * DAY

    response = api_for(org.initiator).post(
        card_url(card, "milestones"),
        {"name": "Stock ready", "due_date": due.isoformat(), "buffer_days": 3},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["due_date"], body["buffer_days"]) == (
        "Stock ready",
        due.isoformat(),
        3,
    )
    assert Milestone.objects.get(pk=body["id"]).card == card
    card.refresh_from_db()
    assert card.status == Card.Status.DRAFT


def test_a_milestone_added_to_an_active_card_is_a_change_request_with_a_reason(org):
    card = builders.active_card(org)
    row = {"name": "Stock ready", "due_date": (card.planned_end - DAY).isoformat()}
    lead = api_for(org.lead)

    no_reason = lead.post(card_url(card, "milestones"), row, format="json")
    assert_field_error(no_reason, "reason")
    assert card.milestones.count() == 1

    response = lead.post(
        card_url(card, "milestones"), {**row, "reason": "Stock needs a checkpoint."}, format="json"
    )

    assert response.status_code == 201, response.json()
    card.refresh_from_db()
    assert card.status == Card.Status.CONFIRMING
    assert ChangeRequest.objects.get(card=card).reason == "Stock needs a checkpoint."


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (lambda card: {"name": " ", "due_date": card.planned_start.isoformat()}, "name"),
        (
            lambda card: {"name": "Late", "due_date": (card.planned_end + DAY).isoformat()},
            "due_date",
        ),
        (lambda card: {"name": "Odd", "due_date": "someday"}, "due_date"),
        (
            lambda card: {
                "name": "Long",
                "due_date": card.planned_start.isoformat(),
                "buffer_days": 366,
            },
            "buffer_days",
        ),
        (lambda card: {"due_date": card.planned_start.isoformat()}, "name"),
    ],
    ids=["blank-name", "outside-the-plan", "not-a-date", "buffer-over-365", "no-name"],
)
def test_a_bad_milestone_is_refused_by_field_and_saves_nothing(org, row, field):
    card = builders.draft_card(org)

    response = api_for(org.initiator).post(card_url(card, "milestones"), row(card), format="json")

    body = assert_field_error(response, field)
    assert body["detail"].startswith(f"{field}: ")
    assert list(card.milestones.values_list("name", flat=True)) == ["Pricing agreed"]


def test_a_milestone_is_changed_in_place(org):
    card = builders.draft_card(org)
    milestone = card.milestones.get()
    url = card_url(card, f"milestones/{milestone.pk}")

    response = api_for(org.tracker).patch(
        url, {"name": "Prices agreed", "buffer_days": 5}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["name"], body["buffer_days"]) == (milestone.pk, "Prices agreed", 5)
    assert body["due_date"] == milestone.due_date.isoformat()
    bad = api_for(org.tracker).patch(url, {"buffer_days": -1}, format="json")
    assert_field_error(bad, "buffer_days")
    milestone.refresh_from_db()
    assert (milestone.name, milestone.buffer_days) == ("Prices agreed", 5)


def test_a_milestone_is_marked_reached_today_or_on_a_past_day(org):
    card = builders.active_card(org)
    milestone = card.milestones.get()
    url = card_url(card, f"milestones/{milestone.pk}/reached")
    lead = api_for(org.lead)

    future = lead.post(url, {"on": (today() + DAY).isoformat()}, format="json")
    assert_field_error(future, "on")
    milestone.refresh_from_db()
    assert milestone.achieved_on is None

    response = lead.post(url, {}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["achieved_on"] == today().isoformat()
    earlier = lead.post(url, {"on": (today() - 2 * DAY).isoformat()}, format="json")
    assert earlier.json()["achieved_on"] == (today() - 2 * DAY).isoformat()


def test_only_the_cards_managers_change_or_record_milestones(org):
    card = builders.active_card(org)
    milestone = card.milestones.get()
    contact = api_for(org.fin_contact)  # sees the card, does not manage it

    added = contact.post(
        card_url(card, "milestones"),
        {"name": "Mine", "due_date": card.planned_start.isoformat(), "reason": "x"},
        format="json",
    )
    changed = contact.patch(
        card_url(card, f"milestones/{milestone.pk}"), {"name": "Mine", "reason": "x"}, format="json"
    )
    reached = contact.post(card_url(card, f"milestones/{milestone.pk}/reached"), {}, format="json")

    assert assert_refused(added, 403, "forbidden")["detail"] == (
        "Only the card's lead, tracker or initiator change milestones."
    )
    assert_refused(changed, 403, "forbidden")
    assert assert_refused(reached, 403, "forbidden")["detail"] == (
        "Only the card's lead, tracker or initiator record milestones."
    )
    milestone.refresh_from_db()
    assert (milestone.name, milestone.achieved_on) == ("Pricing agreed", None)
    assert card.milestones.count() == 1


def test_milestones_wait_while_the_card_is_being_confirmed(org):
    card = builders.submitted_card(org)

    response = api_for(org.lead).post(
        card_url(card, "milestones"),
        {"name": "Stock ready", "due_date": card.planned_start.isoformat()},
        format="json",
    )

    body = assert_refused(response, 409, "invalid_state")
    assert "not while the card is being confirmed" in body["detail"]


def test_a_closed_cards_milestones_are_read_only(org):
    card, milestone, _risk, _update = builders.closed_card_with_rows(org)
    lead = api_for(org.lead)

    added = lead.post(
        card_url(card, "milestones"),
        {"name": "After", "due_date": card.planned_start.isoformat(), "reason": "x"},
        format="json",
    )
    changed = lead.patch(
        card_url(card, f"milestones/{milestone.pk}"),
        {"name": "After", "reason": "x"},
        format="json",
    )
    reached = lead.post(card_url(card, f"milestones/{milestone.pk}/reached"), {}, format="json")

    for response in (added, changed, reached):
        assert_refused(response, 409, "invalid_state")
    assert assert_refused(reached, 409, "invalid_state")["detail"] == (
        "The card is closed or cancelled; it is read-only."
    )
    milestone.refresh_from_db()
    assert (milestone.name, milestone.achieved_on) == ("Pricing agreed", None)
    assert card.milestones.count() == 1
