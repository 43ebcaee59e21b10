"""Who may act for whom: a department's contact belongs to it, nobody acknowledges their own
delay notice, and the lead never accepts their own card's deliverables."""

import pytest
from django.urls import reverse

from collab import signables
from collab.errors import Forbidden, RuleViolation
from tasks import services
from tasks.models import AcceptanceSubmission, Card, DelayNotice
from tasks.permissions import item_permissions
from tasks.signables import GoalConfirmationLetter

from . import builders
from .api_support import DAY, api_for, assert_field_error, card_payload, today
from .test_pages import card_form_data

pytestmark = pytest.mark.django_db


# --- a department's contact belongs to it ---------------------------------------------------


def test_the_service_refuses_a_contact_from_another_department(org):
    data = builders.card_input(org)
    data.departments[0].contact = org.outsider  # Legal's James Ward, named for Finance
    with pytest.raises(RuleViolation) as refused:
        services.card_create(by=org.initiator, data=data)
    assert "departments" in refused.value.errors
    assert not Card.objects.exists()


def test_the_page_refuses_a_contact_from_another_department(client, org):
    client.force_login(org.initiator)
    response = client.post(
        reverse("tasks:card-create"),
        card_form_data(org, **{"departments-0-contact": org.outsider.pk}),
    )
    assert response.status_code == 200
    assert "does not belong to Finance" in str(response.context["departments"].non_form_errors())
    assert not Card.objects.exists()


def test_the_api_refuses_a_contact_from_another_department(org):
    payload = card_payload(org)
    payload["departments"][0]["contact"] = org.outsider.pk
    response = api_for(org.initiator).post("/api/v1/cards/", payload, format="json")
    body = assert_field_error(response, "departments")
    assert "does not belong to Finance" in body["detail"]
    assert not Card.objects.exists()


@pytest.mark.parametrize("who", ["fin_head", "fin_contact", "acceptor"])
def test_a_member_head_or_named_contact_may_be_the_contact(org, who):
    data = builders.card_input(org)
    data.departments[0].contact = getattr(org, who)
    assert services.card_create(by=org.initiator, data=data).departments.count() == 2


def test_a_change_request_cannot_hand_a_department_to_an_outsider(org):
    card = builders.active_card(org)
    data = services.card_input_of(card)
    data.departments[1].contact = org.outsider
    with pytest.raises(RuleViolation) as refused:
        services.card_change_request(card=card, by=org.lead, data=data, reason="New contact")
    assert "departments" in refused.value.errors


# --- the acceptance party is never the lead -------------------------------------------------


def test_the_lead_cannot_be_the_acceptance_person(org):
    with pytest.raises(RuleViolation) as refused:
        builders.draft_card(org, acceptance_user=org.lead, acceptance_department=None)
    assert "acceptance_user" in refused.value.errors


def test_the_lead_cannot_accept_as_head_of_the_acceptance_department(org):
    with pytest.raises(RuleViolation) as refused:
        builders.draft_card(org, lead=org.fin_head, acceptance_department=org.finance)
    assert "acceptance_department" in refused.value.errors


def test_editing_a_draft_cannot_make_the_lead_the_acceptance_party(org):
    card = builders.draft_card(org)
    data = services.card_input_of(
        card, fields={"acceptance_user": org.lead, "acceptance_department": None}
    )
    with pytest.raises(RuleViolation):
        services.card_update(card=card, by=org.initiator, data=data)


def test_the_page_refuses_the_lead_as_acceptance_party(client, org):
    client.force_login(org.initiator)
    response = client.post(
        reverse("tasks:card-create"),
        card_form_data(org, acceptance_department="", acceptance_user=org.lead.pk),
    )
    assert response.status_code == 200
    assert "acceptance_user" in response.context["form"].errors
    assert not Card.objects.exists()


def test_the_api_refuses_the_lead_as_acceptance_party(org):
    response = api_for(org.initiator).post(
        "/api/v1/cards/", card_payload(org, acceptance_user=org.lead.pk), format="json"
    )
    assert_field_error(response, "acceptance_user")
    assert not Card.objects.exists()


def test_a_lead_who_became_the_acceptance_party_still_cannot_accept(org):
    """A card saved before the rule (or a head who later took over as lead) is still refused
    when deciding."""
    card = builders.card_in_acceptance(org)
    Card.objects.filter(pk=card.pk).update(lead=org.fin_head)  # Finance's head accepts
    card.refresh_from_db()
    with pytest.raises(Forbidden):
        services.card_accept(card=card, by=org.fin_head)
    assert card.acceptances.get().decision == AcceptanceSubmission.Decision.PENDING


def test_the_acceptance_party_is_part_of_the_signed_letter(org):
    card = builders.active_card(org)
    signed = signables.content_hash(GoalConfirmationLetter(), card)
    Card.objects.filter(pk=card.pk).update(acceptance_department=None, acceptance_user=org.tracker)
    card.refresh_from_db()
    assert signables.content_hash(GoalConfirmationLetter(), card) != signed
    assert services.agreed_content(card)["acceptance"] == {"user": org.tracker.pk}


def test_changing_the_acceptance_party_is_a_change_the_departments_confirm(org):
    card = builders.active_card(org)
    data = services.card_input_of(
        card, fields={"acceptance_department": None, "acceptance_user": org.acceptor}
    )
    change = services.card_change_request(card=card, by=org.lead, data=data, reason="Ada accepts")
    assert change.changes["acceptance"] == {
        "before": {"department": "FIN"},
        "after": {"user": org.acceptor.pk},
    }


# --- nobody acknowledges their own delay notice ---------------------------------------------


def _notice(item, by):
    return services.delay_notice_file(
        item=item, by=by, reason="Supplier late", new_due_date=item.due_date + 5 * DAY
    )


def test_the_creator_of_a_loose_item_cannot_acknowledge_their_own_notice(org):
    item = builders.add_item(org, None, by=org.tec_member, owner=org.tec_member)
    notice = _notice(item, org.tec_member)
    assert not item_permissions(
        org.tec_member, item, pending_notice=True
    ).can_acknowledge_delay_notices
    with pytest.raises(Forbidden):
        services.delay_notice_acknowledge(notice=notice, by=org.tec_member)
    assert DelayNotice.objects.get().acknowledged_at is None


def test_a_lead_who_owns_an_item_cannot_acknowledge_their_own_notice(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card, owner=org.lead, due_date=today() + 10 * DAY)
    notice = _notice(item, org.lead)
    with pytest.raises(Forbidden):
        services.delay_notice_acknowledge(notice=notice, by=org.lead)
    # The tracker still can.
    services.delay_notice_acknowledge(notice=notice, by=org.tracker)
    assert DelayNotice.objects.get().acknowledged_by == org.tracker


def test_the_api_refuses_acknowledging_ones_own_notice(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card, owner=org.lead)
    notice = _notice(item, org.lead)
    response = api_for(org.lead).post(
        f"/api/v1/action-items/{item.pk}/delay-notices/{notice.pk}/acknowledge/"
    )
    assert response.status_code == 403, response.content
    assert DelayNotice.objects.get().acknowledged_at is None


def test_a_lead_cannot_submit_deliverables_to_themselves(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    builders.finish(item, org.tec_member)
    Card.objects.filter(pk=card.pk).update(acceptance_department=None, acceptance_user=org.lead)
    card.refresh_from_db()
    with pytest.raises(RuleViolation) as refused:
        services.card_submit_for_acceptance(card=card, by=org.lead, deliverables=[item])
    assert "cannot accept their own deliverables" in str(refused.value.errors[None][0])
    assert not card.acceptances.exists()
