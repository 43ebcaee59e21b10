"""The meetings API's read side: the list with the page's filters, the whole meeting, what
outsiders get, and the query counts."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from meetings.services.meetings import Invitee
from tests.meetings import builders
from tests.meetings.list_builders import many_rows, meeting_at, noticed, published

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def codes(api, query=""):
    response = api.get(f"/api/v1/meetings/?{query}")
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_the_api_lists_every_visible_meeting_and_filters_as_the_page_does(org, client):
    now = timezone.now()
    upcoming = builders.meeting(org, departments=[org.technology])
    overdue = meeting_at(org, now - 3 * DAY, departments=[org.technology])
    done = meeting_at(org, now - 5 * DAY, departments=[org.technology])
    published(org, done)
    api = api_for(org.tec_member)
    client.force_login(org.tec_member)
    assert codes(api) == [done.code, overdue.code, upcoming.code]
    for query, expected in [
        ("scope=mine", []),
        ("scope=department&when=upcoming", [upcoming.code]),
        ("minutes=overdue", [overdue.code]),
        ("minutes=published", [done.code]),
        ("when=past", [overdue.code, done.code]),
        ("when=past&ordering=starts_at", [done.code, overdue.code]),
        (f"search={upcoming.code.lower()}", [upcoming.code]),
    ]:
        assert codes(api, query) == expected, query
        page = client.get(f"/meetings/?{query}")
        assert [m.code for m in page.context["page"].object_list] == expected, query


def test_a_row_carries_the_minutes_state_my_answer_and_counts(org):
    meeting = noticed(builders.meeting(org, invitees=[Invitee(org.acceptor, False)]))
    row = api_for(org.acceptor).get("/api/v1/meetings/").json()["results"][0]
    assert row["code"] == meeting.code
    assert row["minutes_state"] == "not_due"
    assert row["my_response"] == "pending" and row["is_deputy"] is False
    assert row["invited_count"] == 5 and row["answered_count"] == 0
    assert row["host"]["name"] == "Emma Clark" and row["status"] == "notified"
    lead_row = api_for(org.lead).get("/api/v1/meetings/").json()["results"][0]
    assert lead_row["my_response"] is None


def test_bad_filter_values_are_a_400_with_field_errors(org):
    response = api_for(org.lead).get("/api/v1/meetings/?minutes=late&scope=everyone")
    assert response.status_code == 400
    assert {"minutes", "scope"} <= set(response.json().get("fields", response.json()))


def test_the_whole_meeting_with_invitations_agenda_and_what_i_may_do(org):
    meeting = builders.meeting(org)
    response = api_for(org.lead).get(f"/api/v1/meetings/{meeting.code.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == meeting.code and body["goal"] == "Agree who does what by when."
    assert [item["title"] for item in body["agenda_items"]] == ["Budget", "Landing page"]
    assert {row["person"]["name"] for row in body["invitations"]} >= {"Sophia Hughes"}
    assert body["permissions"]["can_edit"] is True
    assert body["permissions"]["can_record"] is False
    fin = api_for(org.fin_head).get(f"/api/v1/meetings/{meeting.code}/").json()
    assert fin["permissions"]["can_edit"] is False


def test_outsiders_get_404_and_an_empty_list(org):
    meeting = builders.meeting(org)
    api = api_for(org.outsider)
    assert api.get(f"/api/v1/meetings/{meeting.code}/").status_code == 404
    assert codes(api) == []
    assert APIClient().get("/api/v1/meetings/").status_code in (401, 403)


@pytest.mark.parametrize("n", [2, 20])
def test_the_api_list_runs_constant_queries(org, n, django_assert_max_num_queries):
    for index in range(n):
        meeting = builders.meeting(org, starts_at=timezone.now() + (index + 1) * 3 * HOUR)
        if index % 2:
            noticed(meeting)
    api = api_for(org.fin_head)
    # departments (who sees what: 3), count, rows
    with django_assert_max_num_queries(5):
        response = api.get("/api/v1/meetings/", {"page_size": 50})
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_api_meeting_runs_constant_queries(org, n, django_assert_max_num_queries):
    meeting = builders.meeting(org, **many_rows(n))
    api = api_for(org.lead)
    with django_assert_max_num_queries(7):
        response = api.get(f"/api/v1/meetings/{meeting.code}/")
    assert response.status_code == 200
