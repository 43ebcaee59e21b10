"""Turning a feedback form into a draft task card: pre-filled from the form, linked both
ways, logged; refused once escalated or confirmed; the same through page and API."""

import pytest
from django.urls import reverse

from collab.errors import Forbidden, InvalidState
from feedback import services
from feedback.models import FeedbackForm, LogEntry

from . import builders
from .documents_builders import confirmed_form

pytestmark = pytest.mark.django_db


def test_the_card_is_a_draft_prefilled_from_the_form(org):
    form = builders.feedback_form(org, involved=[org.finance])

    card = services.feedback_escalate(form=form, by=org.tec_contact)

    assert card.status == "draft"
    assert card.title == f"Fault or complaint: {form.code}"
    assert card.background == form.background
    assert card.goal == form.expectation
    assert card.in_scope == form.current_situation
    assert card.initiating_department == org.marketing
    assert card.initiator == card.lead == card.tracker == org.tec_contact
    rows = list(card.departments.order_by("position"))
    assert [(row.department, row.role) for row in rows] == [
        (org.technology, "executor"),
        (org.finance, "support"),
    ]
    assert rows[0].contact == form.receiving_contact
    assert all(form.code in row.responsibilities for row in rows)
    assert card.planned_end >= card.planned_start


def test_the_form_and_the_card_point_at_each_other_and_the_log_says_so(org):
    form = builders.feedback_form(org)

    card = services.feedback_escalate(form=form, by=org.initiator)

    form.refresh_from_db()
    assert form.escalated_card == card
    assert card.escalated_from_feedback == form
    entry = form.log_entries.get(kind=LogEntry.Kind.ESCALATED)
    assert entry.author == org.initiator and card.code in entry.text


def test_an_other_type_names_the_card_by_its_own_words(org):
    form = builders.feedback_form(org, kind="other", kind_other="printer budget")

    card = services.feedback_escalate(form=form, by=org.initiator)

    assert card.title == f"Printer budget: {form.code}"


def test_a_form_is_escalated_only_once(org):
    form = builders.feedback_form(org)
    services.feedback_escalate(form=form, by=org.initiator)

    with pytest.raises(InvalidState):
        services.feedback_escalate(form=form, by=org.tec_contact)
    assert FeedbackForm.objects.get(pk=form.pk).log_entries.filter(kind="escalated").count() == 1


def test_a_confirmed_form_is_not_escalated(org):
    form = confirmed_form(org)

    with pytest.raises(InvalidState):
        services.feedback_escalate(form=form, by=org.initiator)


@pytest.mark.parametrize("person", ["fin_contact", "tec_member", "mkt_head"])
def test_only_the_receiving_side_and_the_initiator_escalate(org, person):
    form = builders.feedback_form(org)

    with pytest.raises(Forbidden):
        services.feedback_escalate(form=form, by=getattr(org, person))
    form.refresh_from_db()
    assert form.escalated_card is None


# --- page and API -------------------------------------------------------------------------


def test_the_page_button_drafts_the_card_and_opens_its_edit_page(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.tec_contact)
    tab = client.get(reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents")
    assert "Turn into a card" in tab.content.decode()

    response = client.post(reverse("feedback:feedback-escalate", args=[form.code]))

    form.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:card-edit", args=[form.escalated_card.code])
    tab = client.get(reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents")
    assert "Turn into a card" not in tab.content.decode()


def test_the_api_answers_201_with_the_card(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.initiator)

    response = client.post(f"/api/v1/feedback/{form.code.lower()}/to-card/")

    assert response.status_code == 201
    form.refresh_from_db()
    body = response.json()
    assert body["code"] == form.escalated_card.code
    assert body["url"].endswith(f"/api/v1/cards/{body['code']}/")
    assert body["page_url"].endswith(reverse("tasks:card-edit", args=[body["code"]]))
    again = client.post(f"/api/v1/feedback/{form.code}/to-card/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


def test_page_and_api_refuse_the_same_people(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.fin_contact)

    api = client.post(f"/api/v1/feedback/{form.code}/to-card/")
    page = client.post(reverse("feedback:feedback-escalate", args=[form.code]), follow=True)

    assert api.status_code == 403 and api.json()["code"] == "forbidden"
    assert page.status_code == 200
    assert "Only the receiving department" in page.content.decode()
    form.refresh_from_db()
    assert form.escalated_card is None


@pytest.mark.parametrize("person", ["outsider", "drifter"])
def test_outsiders_get_404_on_page_and_api(client, org, person):
    form = builders.feedback_form(org)
    client.force_login(getattr(org, person))

    assert client.post(reverse("feedback:feedback-escalate", args=[form.code])).status_code == 404
    assert client.post(f"/api/v1/feedback/{form.code}/to-card/").status_code == 404
    form.refresh_from_db()
    assert form.escalated_card is None


# --- the card's panel ---------------------------------------------------------------------


def test_the_card_page_shows_the_form_it_came_from_and_forms_that_name_it(client, org):
    source = builders.feedback_form(org)
    card = services.feedback_escalate(form=source, by=org.initiator)
    related = builders.feedback_form(org, card=card, by=org.initiator)

    client.force_login(org.initiator)
    page = client.get(reverse("tasks:card-detail", args=[card.code])).content.decode()

    assert f"From feedback form {source.code}" in page
    assert related.code in page
    assert page.index(source.code) < page.index(related.code)


def test_the_card_panel_shows_only_forms_the_viewer_may_see(client, org):
    from tests.tasks.builders import draft_card

    card = draft_card(org)
    form = builders.feedback_form(org, card=card)
    client.force_login(org.lead)  # sees the card; a Marketing member sees Marketing's forms
    assert form.code in client.get(reverse("tasks:card-detail", args=[card.code])).content.decode()
    client.force_login(org.admin)
    assert form.code in client.get(reverse("tasks:card-detail", args=[card.code])).content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_card_panel_costs_two_queries_whatever_the_card_holds(
    client, org, rows, django_assert_max_num_queries
):
    from feedback.card_panel import feedback_panel
    from tasks import card_panels
    from tests.tasks.builders import draft_card

    card = draft_card(org)
    for _number in range(rows):
        builders.feedback_form(org, card=card)
    client.force_login(org.initiator)
    url = reverse("tasks:card-detail", args=[card.code])
    panels = list(card_panels.CARD_PANELS)
    card_panels.CARD_PANELS[:] = [panel for panel in panels if panel is not feedback_panel]
    try:
        client.get(url)  # warm caches (content types)
        with django_assert_max_num_queries(100) as without:
            client.get(url)
    finally:
        card_panels.CARD_PANELS[:] = panels
    # who sees which forms (the viewer's departments), and the forms themselves
    with django_assert_max_num_queries(len(without.captured_queries) + 2):
        page = client.get(url).content.decode()
    assert page.count('href="/feedback/FB-') == min(rows, 10)
