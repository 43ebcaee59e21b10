"""A receiving department's response-time compliance by urgency and its average
satisfaction, computed right on constructed data, the same on its page and in the API."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from feedback import selectors
from tests.feedback.list_builders import answered, confirmed, filed_at

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def figures_of(compliance):
    return {
        row.urgency: (
            row.received,
            row.in_time,
            row.late,
            row.open_past_due,
            row.pending,
            row.percent_in_time,
        )
        for row in compliance.by_urgency
    }


@pytest.fixture
def technology_forms(org):
    """Technology receives, in the last 90 days:
    critical: 2 answered in time, 1 late, 1 unanswered past due;
    urgent: 1 in time (then confirmed with 5), 1 late (confirmed with 2), 1 not due yet;
    normal: none. Older forms, another department's, and a confirmed form filed too long
    ago stay out."""
    now = timezone.now()

    def filed(days_ago, urgency, **kwargs):
        return filed_at(org, now - days_ago * DAY, urgency=urgency, **kwargs)

    for days_ago in (10, 20):
        form = filed(days_ago, "critical")
        answered(form, form.first_response_due_at - HOUR)
    late = filed(30, "critical")
    answered(late, late.first_response_due_at + HOUR)
    filed(1, "critical")  # 4 hours long gone, never answered
    quick = filed(40, "urgent")
    confirmed(answered(quick, quick.submitted_at + HOUR), now - 30 * DAY, satisfaction=5)
    slow = filed(50, "urgent")
    confirmed(answered(slow, slow.first_response_due_at + DAY), now - 40 * DAY, satisfaction=2)
    filed_at(org, now - HOUR, urgency="urgent")  # due in 23 hours
    # Outside the figures:
    ancient = filed(120, "critical")
    confirmed(answered(ancient, ancient.first_response_due_at + DAY), now, satisfaction=1)
    filed(2, "critical", receiving_department=org.finance, involved=[])
    return now


def test_the_figures_count_first_responses_by_urgency_against_the_first_deadline(
    org, technology_forms
):
    compliance = selectors.department_compliance(org.technology, days=90, now=technology_forms)
    assert figures_of(compliance) == {
        "normal": (0, 0, 0, 0, 0, None),
        "urgent": (3, 1, 1, 0, 1, 50),
        "critical": (4, 2, 1, 1, 0, 50),
    }
    assert compliance.satisfaction.average == 3.5 and compliance.satisfaction.count == 2


def test_a_longer_period_takes_older_forms_in(org, technology_forms):
    compliance = selectors.department_compliance(org.technology, days=180, now=technology_forms)
    assert figures_of(compliance)["critical"] == (5, 2, 2, 1, 0, 40)
    assert (compliance.satisfaction.average, compliance.satisfaction.count) == (2.7, 3)


def test_only_confirmed_forms_count_toward_satisfaction(org):
    now = timezone.now()
    form = answered(filed_at(org, now - 2 * DAY), now - DAY)
    compliance = selectors.department_compliance(org.technology, now=now)
    assert compliance.satisfaction.average is None and compliance.satisfaction.count == 0
    confirmed(form, now, satisfaction=4)
    compliance = selectors.department_compliance(org.technology, now=now)
    assert (compliance.satisfaction.average, compliance.satisfaction.count) == (4.0, 1)


def test_the_figures_take_two_queries_whatever_the_number_of_forms(
    org, technology_forms, django_assert_num_queries
):
    with django_assert_num_queries(2):
        selectors.department_compliance(org.technology)


def test_the_page_shows_the_figures(org, client, technology_forms):
    client.force_login(org.tec_contact)  # reads English
    response = client.get("/feedback/inbox/TEC/")
    assert figures_of(response.context["compliance"])["critical"] == (4, 2, 1, 1, 0, 50)
    page = response.content.decode()
    assert "50%" in page and "Average satisfaction 3.5 / 5, from 2 confirmed forms" in page


def test_the_api_answers_the_page_s_figures(org, client, technology_forms):
    api = APIClient()
    api.force_authenticate(org.tec_member)
    response = api.get("/api/v1/feedback/compliance/", {"department": "tec", "days": 180})
    assert response.status_code == 200, response.json()
    body = response.json()
    client.force_login(org.tec_member)
    page = client.get("/feedback/inbox/TEC/?days=180").context["compliance"]
    assert body["department"] == "TEC" and body["days"] == 180
    assert {row["urgency"]: tuple(list(row.values())[1:]) for row in body["by_urgency"]} == (
        figures_of(page)
    )
    assert body["satisfaction"] == {"average": 2.7, "count": 3}


def test_the_compliance_api_refuses_bad_input_and_hides_other_departments(org):
    api = APIClient()
    api.force_authenticate(org.tec_member)
    for query, field in [
        ({}, "department"),
        ({"department": "NOPE"}, "department"),
        ({"department": "TEC", "days": "7"}, "days"),
        ({"department": "TEC", "days": "many"}, "days"),
    ]:
        response = api.get("/api/v1/feedback/compliance/", query)
        assert response.status_code == 400, query
        assert field in str(response.json()), query
    assert api.get("/api/v1/feedback/compliance/", {"department": "FIN"}).status_code == 404
    api.force_authenticate(org.admin)
    assert api.get("/api/v1/feedback/compliance/", {"department": "FIN"}).status_code == 200
