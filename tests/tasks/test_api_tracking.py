"""A card's risks and progress updates over the API, what outsiders get, and the query counts
of the milestone, risk and progress lists."""

import pytest

from tasks import services
from tasks.models import ProgressUpdate, Risk
from tasks.services import MilestoneRow

from . import builders
from .api_support import (
    DAY,
    api_for,
    assert_field_error,
    assert_refused,
    card_url,
    item_url,
    today,
)

pytestmark = pytest.mark.django_db


# --- risks ------------------------------------------------------------------------------------


def test_risks_are_raised_and_coordinated(org):
    card = builders.active_card(org)

    response = api_for(org.tec_member).post(
        card_url(card, "risks"),
        {
            "description": "The CAD vendor may raise prices.",
            "impact": "high",
            "likelihood": "medium",
            "owner": org.tec_head.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    risk = response.json()
    assert (risk["level"], risk["status"]) == ("high", "open")
    coordinate = card_url(card, f"risks/{risk['id']}/coordinate")
    payload = {
        "solution": "Lock prices for a year.",
        "responsible_department": "TEC",
        "deadline": (today() + 7 * DAY).isoformat(),
    }
    refused = api_for(org.tec_member).post(coordinate, payload, format="json")
    assert assert_refused(refused, 403, "forbidden")["detail"] == (
        "Only the card's lead, tracker or initiator coordinate, edit and close risks."
    )
    response = api_for(org.lead).post(coordinate, payload, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["responsible_department"]) == (
        "coordinated",
        "TEC",
    )
    listed = api_for(org.fin_contact).get(card_url(card, "risks")).json()
    assert [r["status"] for r in listed["results"]] == ["coordinated"]
    assert (
        api_for(org.lead)
        .post(card_url(card, "risks/999999/coordinate"), payload, format="json")
        .status_code
        == 404
    )
    again = api_for(org.lead).post(coordinate, payload, format="json")
    assert assert_refused(again, 409, "invalid_state")["detail"] == (
        "This risk is already coordinated."
    )


def test_risks_are_listed_newest_first_and_paged(org):
    card = builders.active_card(org)
    older = builders.raise_risk(org, card, description="Older")
    newer = builders.raise_risk(org, card, description="Newer")

    body = api_for(org.fin_contact).get(card_url(card, "risks"), {"page_size": 1}).json()

    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [newer.pk]
    one = api_for(org.fin_contact).get(card_url(card, f"risks/{older.pk}")).json()
    assert (one["description"], one["raised_by"]["username"]) == ("Older", "tec.member")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"description": " "}, "description"),
        ({"impact": "huge"}, "impact"),
        ({"likelihood": ""}, "likelihood"),
        ({"owner": 999999}, "owner"),
    ],
    ids=["blank-description", "unknown-impact", "no-likelihood", "unknown-owner"],
)
def test_a_bad_risk_is_refused_by_field_and_saves_nothing(org, values, field):
    card = builders.active_card(org)
    payload = {
        "description": "Chip shortage",
        "impact": "high",
        "likelihood": "low",
        "owner": org.tec_head.pk,
        **values,
    }

    response = api_for(org.tec_member).post(card_url(card, "risks"), payload, format="json")

    body = assert_field_error(response, field)
    assert body["detail"].startswith(f"{field}: ")
    assert not Risk.objects.exists()


def test_a_manager_corrects_a_risk_and_its_level_follows(org):
    card = builders.active_card(org)
    risk = builders.raise_risk(org, card)
    url = card_url(card, f"risks/{risk.pk}")

    response = api_for(org.tracker).patch(
        url, {"impact": "low", "likelihood": "low", "mitigation": "Second vendor."}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["impact"], body["likelihood"], body["level"]) == ("low", "low", "low")
    assert body["mitigation"] == "Second vendor."
    assert body["description"] == "The CAD vendor may raise prices."
    bad = api_for(org.tracker).patch(url, {"description": "", "impact": "high"}, format="json")
    assert_field_error(bad, "description")
    risk.refresh_from_db()
    assert (risk.description, risk.impact, risk.level) == (
        "The CAD vendor may raise prices.",
        "low",
        "low",
    )


def test_only_the_cards_managers_correct_or_close_a_risk(org):
    card = builders.active_card(org)
    risk = builders.raise_risk(org, card)
    raiser = api_for(org.tec_member)  # raised it, does not manage the card

    changed = raiser.patch(card_url(card, f"risks/{risk.pk}"), {"impact": "low"}, format="json")
    closed = raiser.post(card_url(card, f"risks/{risk.pk}/close"))

    assert_refused(changed, 403, "forbidden")
    assert_refused(closed, 403, "forbidden")
    risk.refresh_from_db()
    assert (risk.impact, risk.status) == ("high", "open")


def test_a_risk_is_closed_once_and_then_not_edited(org):
    card = builders.active_card(org)
    risk = builders.raise_risk(org, card)
    lead = api_for(org.lead)

    response = lead.post(card_url(card, f"risks/{risk.pk}/close"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    again = lead.post(card_url(card, f"risks/{risk.pk}/close"))
    assert assert_refused(again, 409, "invalid_state")["detail"] == "This risk is already closed."
    changed = lead.patch(card_url(card, f"risks/{risk.pk}"), {"impact": "low"}, format="json")
    assert assert_refused(changed, 409, "invalid_state")["detail"] == (
        "A closed risk is not edited."
    )


def test_a_coordination_decision_needs_all_its_parts(org):
    card = builders.active_card(org)
    risk = builders.raise_risk(org, card)

    response = api_for(org.lead).post(
        card_url(card, f"risks/{risk.pk}/coordinate"), {"solution": " "}, format="json"
    )

    body = assert_field_error(response, "solution")
    assert set(body["fields"]) == {"solution", "responsible_department", "deadline"}
    risk.refresh_from_db()
    assert (risk.status, risk.solution) == ("open", "")


def test_a_closed_cards_risks_are_read_only(org):
    card, _milestone, risk, _update = builders.closed_card_with_rows(org)
    lead = api_for(org.lead)
    coordination = {
        "solution": "Lock prices.",
        "responsible_department": "TEC",
        "deadline": (today() + 7 * DAY).isoformat(),
    }

    responses = [
        lead.post(
            card_url(card, "risks"),
            {
                "description": "After",
                "impact": "low",
                "likelihood": "low",
                "owner": org.lead.pk,
            },
            format="json",
        ),
        lead.patch(card_url(card, f"risks/{risk.pk}"), {"impact": "low"}, format="json"),
        lead.post(card_url(card, f"risks/{risk.pk}/coordinate"), coordination, format="json"),
        lead.post(card_url(card, f"risks/{risk.pk}/close")),
    ]

    for response in responses:
        body = assert_refused(response, 409, "invalid_state")
        assert body["detail"] == "The card is closed or cancelled; it is read-only."
    risk.refresh_from_db()
    assert (risk.status, risk.impact) == ("open", "high")
    assert Risk.objects.count() == 1


# --- progress updates -------------------------------------------------------------------------


def test_progress_updates_are_posted_for_a_department_and_listed(org):
    card = builders.active_card(org)
    contact = api_for(org.fin_contact)

    response = contact.post(
        card_url(card, "progress-updates"),
        {"department": "FIN", "percent": 40, "done": "Draft budget written."},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["date"] == today().isoformat()
    other = contact.post(
        card_url(card, "progress-updates"),
        {"department": "TEC", "percent": 10, "done": "Not mine to say."},
        format="json",
    )
    body = assert_refused(other, 403, "forbidden")
    assert body["fields"] == {
        "department": ["You can post progress only for a department you answer for."]
    }
    listed = api_for(org.tec_head).get(card_url(card, "progress-updates")).json()
    assert [
        (u["department"], u["percent"], u["author"]["username"]) for u in listed["results"]
    ] == [("FIN", 40, "fin.contact")]
    one = api_for(org.tec_head).get(
        card_url(card, f"progress-updates/{listed['results'][0]['id']}")
    )
    assert one.json() == listed["results"][0]


def test_progress_updates_are_listed_newest_first_and_paged(org):
    card = builders.active_card(org)
    older = builders.post_progress(org, card, date=today() - 2 * DAY, done="Older")
    newer = builders.post_progress(org, card, done="Newer")

    body = api_for(org.lead).get(card_url(card, "progress-updates"), {"page_size": 1}).json()

    assert body["count"] == 2
    assert [u["id"] for u in body["results"]] == [newer.pk]
    second = api_for(org.lead).get(body["next"]).json()
    assert [u["id"] for u in second["results"]] == [older.pk]


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"percent": 101, "done": " "}, {"percent", "done"}),
        ({"date": "2099-01-01"}, {"date"}),
        ({"department": "LEG"}, {"department"}),
        ({"department": "NOPE"}, {"department"}),
        ({"percent": "lots"}, {"percent"}),
    ],
    ids=[
        "percent-and-done",
        "future-date",
        "not-on-the-card",
        "unknown-department",
        "not-a-number",
    ],
)
def test_bad_progress_is_refused_by_field_and_saves_nothing(org, values, fields):
    card = builders.active_card(org)
    payload = {"department": "FIN", "percent": 40, "done": "Budget written.", **values}

    response = api_for(org.fin_contact).post(
        card_url(card, "progress-updates"), payload, format="json"
    )

    body = assert_field_error(response, next(iter(fields)))
    assert set(body["fields"]) == fields
    assert not ProgressUpdate.objects.exists()


def test_someone_who_answers_for_no_department_posts_no_progress(org):
    card = builders.active_card(org)

    response = api_for(org.tec_member).post(
        card_url(card, "progress-updates"),
        {"department": "TEC", "percent": 10, "done": "Started."},
        format="json",
    )

    body = assert_refused(response, 403, "forbidden")
    assert body["detail"] == "You can post progress only for a department you answer for."
    assert not ProgressUpdate.objects.exists()


def test_a_closed_card_takes_no_progress(org):
    card, _milestone, _risk, _update = builders.closed_card_with_rows(org)

    response = api_for(org.fin_contact).post(
        card_url(card, "progress-updates"),
        {"department": "FIN", "percent": 100, "done": "All done."},
        format="json",
    )

    assert_refused(response, 409, "invalid_state")
    assert ProgressUpdate.objects.count() == 1


# --- outsiders and query counts -------------------------------------------------------------------


def test_outsiders_get_404_on_every_milestone_risk_and_progress_route(org):
    card = builders.active_card(org)
    milestone = card.milestones.get()
    risk = builders.raise_risk(org, card, by=org.lead)
    update = builders.post_progress(org, card)
    api = api_for(org.outsider)

    requests = [
        ("get", card_url(card, "milestones"), {}),
        ("post", card_url(card, "milestones"), new_rows(org, card)["milestones"]),
        ("get", card_url(card, f"milestones/{milestone.pk}"), {}),
        ("patch", card_url(card, f"milestones/{milestone.pk}"), {}),
        ("post", card_url(card, f"milestones/{milestone.pk}/reached"), {}),
        ("get", card_url(card, "risks"), {}),
        ("post", card_url(card, "risks"), new_rows(org, card)["risks"]),
        ("get", card_url(card, f"risks/{risk.pk}"), {}),
        ("patch", card_url(card, f"risks/{risk.pk}"), {}),
        ("post", card_url(card, f"risks/{risk.pk}/coordinate"), {}),
        ("post", card_url(card, f"risks/{risk.pk}/close"), {}),
        ("get", card_url(card, "progress-updates"), {}),
        ("post", card_url(card, "progress-updates"), new_rows(org, card)["progress-updates"]),
        ("get", card_url(card, f"progress-updates/{update.pk}"), {}),
    ]
    for method, url, data in requests:
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    milestone.refresh_from_db()
    assert milestone.achieved_on is None
    assert card.milestones.count() == 1
    assert Risk.objects.get().status == "open"
    assert ProgressUpdate.objects.count() == 1


def new_rows(org, card) -> dict:
    """A valid new row for each list under the card."""
    return {
        "milestones": {"name": "Mine", "due_date": card.planned_start.isoformat(), "reason": "x"},
        "risks": {
            "description": "Mine",
            "impact": "low",
            "likelihood": "low",
            "owner": org.lead.pk,
        },
        "progress-updates": {"department": "FIN", "percent": 10, "done": "Mine"},
    }


@pytest.mark.parametrize("rows", ["milestones", "risks", "progress-updates", "delay-notices"])
def test_an_outsiders_bad_body_is_404_too(org, rows):
    card = builders.active_card(org)
    item = builders.add_item(org, card)
    url = item_url(item, rows) if rows == "delay-notices" else card_url(card, rows)

    response = api_for(org.outsider).post(url, {}, format="json")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_row_of_another_card_is_404_under_this_one(org):
    card = builders.active_card(org)
    other = builders.draft_card(org, title="Office move")
    risk = builders.raise_risk(org, card)
    milestone = card.milestones.get()
    api = api_for(org.lead)

    assert api.get(card_url(other, f"risks/{risk.pk}")).status_code == 404
    assert api.post(card_url(other, f"milestones/{milestone.pk}/reached")).status_code == 404
    milestone.refresh_from_db()
    assert milestone.achieved_on is None


@pytest.mark.parametrize("rows", [2, 20])
def test_milestone_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    data = builders.card_input(org)
    data.milestones = [
        MilestoneRow(name=f"Step {n}", due_date=data.fields["planned_start"] + n * DAY)
        for n in range(rows)
    ]
    card = services.card_create(by=org.initiator, data=data)
    api = api_for(org.lead)

    # the card, whether the reader sees it (departments, audience), count, rows
    with django_assert_max_num_queries(5):
        body = api.get(card_url(card, "milestones"), {"page_size": 100}).json()

    assert body["count"] == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_risk_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    card = builders.active_card(org)
    for n in range(rows):
        risk = builders.raise_risk(org, card, description=f"Risk {n}")
        if n % 2:
            services.risk_coordinate(
                risk=risk,
                by=org.lead,
                solution="Act.",
                responsible_department=org.technology,
                deadline=today() + 7 * DAY,
            )
    api = api_for(org.lead)

    # the card, whether the reader sees it (departments, audience), count, rows
    with django_assert_max_num_queries(5):
        body = api.get(card_url(card, "risks"), {"page_size": 100}).json()

    assert body["count"] == rows
    assert sum(r["coordinated_by"] is not None for r in body["results"]) == rows // 2


@pytest.mark.parametrize("rows", [2, 20])
def test_progress_update_list_runs_constant_queries(org, rows, django_assert_max_num_queries):
    card = builders.active_card(org)
    for n in range(rows):
        builders.post_progress(org, card, percent=n)
    api = api_for(org.lead)

    # the card, whether the reader sees it (departments, audience), count, rows
    with django_assert_max_num_queries(5):
        body = api.get(card_url(card, "progress-updates"), {"page_size": 100}).json()

    assert body["count"] == rows
