"""Repeating an action item over the API: the series in the item's detail, refused input with
nothing saved, stopping, who may (outsiders 404, non-editors 403, state 409), query counts."""

import datetime as dt

import pytest

from tasks.models import ActionItem, ItemRecurrence

from . import builders
from .api_support import api_for, assert_field_error, assert_refused, item_url

pytestmark = pytest.mark.django_db

D = dt.date


def card_item(org):
    card = builders.active_card(org)
    return builders.add_item(org, card, due_date=D(2026, 11, 30))  # a Monday


def test_repeat_weekly_answers_the_series_and_the_detail_lists_it(org):
    item = card_item(org)
    api = api_for(org.lead)

    response = api.post(
        item_url(item, "repeat"),
        {"rule": "weekly", "weekday": 0, "until": "2026-12-21"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["recurrence"]["rule"] == "weekly"
    assert [o["occurrence_date"] for o in body["occurrences"]] == [
        "2026-11-30",
        "2026-12-07",
        "2026-12-14",
        "2026-12-21",
    ]
    detail = api.get(item_url(item)).json()
    assert detail["repeats"] == "weekly"
    assert len(detail["occurrences"]) == 4
    assert detail["permissions"]["can_repeat"] is False
    assert detail["permissions"]["can_stop_repeating"] is True
    listed = api.get("/api/v1/action-items/?page_size=10").json()["results"]
    assert {row["repeats"] for row in listed} == {"weekly"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rule": "weekly", "weekday": 0, "until": "2026-11-29"}, "until"),
        ({"rule": "every_n", "every": 0, "until": "2026-12-31"}, "every"),
        ({"rule": "weekly", "weekday": 9, "until": "2026-12-31"}, "weekday"),
        ({"rule": "daily", "until": "2029-12-31"}, "until"),
        ({"rule": "daily", "until": "not a date"}, "until"),
        ({"rule": "yearly", "until": "2026-12-31"}, "rule"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(org, payload, field):
    item = card_item(org)

    response = api_for(org.lead).post(item_url(item, "repeat"), payload, format="json")

    assert_field_error(response, field)
    assert not ItemRecurrence.objects.exists()
    assert ActionItem.objects.count() == 1


def test_stop_repeating_cancels_the_future_open_occurrences(org):
    item = card_item(org)
    api = api_for(org.tracker)
    with builders.at(11, 27):
        api.post(item_url(item, "repeat"), {"rule": "daily", "until": "2026-12-04"}, format="json")
        response = api.post(
            item_url(item, "stop-repeating"), {"from_date": "2026-12-02"}, format="json"
        )

    assert response.status_code == 200, response.content
    statuses = [(o["occurrence_date"], o["status"]) for o in response.json()["occurrences"]]
    assert statuses == [
        ("2026-11-30", "not_started"),
        ("2026-12-01", "not_started"),
        ("2026-12-02", "cancelled"),
        ("2026-12-03", "cancelled"),
        ("2026-12-04", "cancelled"),
    ]
    assert response.json()["recurrence"]["stopped_at"]
    again = api.post(item_url(item, "stop-repeating"), {}, format="json")
    assert_refused(again, 409, "invalid_state")


def test_stopping_an_item_that_does_not_repeat_is_a_state_refusal(org):
    item = card_item(org)

    response = api_for(org.lead).post(item_url(item, "stop-repeating"), {}, format="json")

    assert_refused(response, 409, "invalid_state")


def test_outsiders_get_404_and_the_owner_who_does_not_edit_gets_403(org):
    item = card_item(org)
    payload = {"rule": "daily", "until": "2026-12-04"}

    hidden = api_for(org.outsider).post(item_url(item, "repeat"), payload, format="json")
    owner = api_for(org.tec_member).post(item_url(item, "repeat"), payload, format="json")

    assert hidden.status_code == 404
    assert_refused(owner, 403, "forbidden")
    assert not ItemRecurrence.objects.exists()


@pytest.mark.parametrize("weeks", [2, 20])
def test_item_detail_runs_constant_queries_whatever_the_series_length(
    org, weeks, django_assert_max_num_queries
):
    item = card_item(org)
    api = api_for(org.lead)
    until = D(2026, 11, 30) + dt.timedelta(weeks=weeks - 1)
    api.post(
        item_url(item, "repeat"),
        {"rule": "weekly", "weekday": 0, "until": until.isoformat()},
        format="json",
    )

    # the same six queries for 2 or 20 occurrences: the series is one of them
    with django_assert_max_num_queries(6):
        body = api.get(item_url(item)).json()

    assert len(body["occurrences"]) == weeks
