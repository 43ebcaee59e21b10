"""The feedback API's list with the page's filters (parity), unknown values refused, the
SLA policy read-only, and the query counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from feedback.models import SlaPolicy
from tests.feedback import builders
from tests.feedback.list_builders import answered, filed_at, resolved

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# A Wednesday afternoon in the company's time zone, so that "6 hours ago" is the same day.
WEDNESDAY = dt.datetime(2026, 11, 25, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def codes(api, query=""):
    response = api.get(f"/api/v1/feedback/?{query}")
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def page_codes(client, query):
    response = client.get(f"/feedback/?{query}")
    assert response.status_code == 200
    return [form.code for form in response.context["page"].object_list]


@time_machine.travel(WEDNESDAY, tick=False)
def test_every_filter_answers_the_same_on_the_page_and_in_the_api(org, client):
    now = timezone.now()
    day = timezone.localdate()
    old = filed_at(org, now - 10 * DAY, urgency="urgent", kind="resource_request")  # late
    old = answered(old, old.response_due_at + HOUR)
    breached = filed_at(org, now - 6 * HOUR, urgency="critical")
    done = resolved(filed_at(org, now - 3 * DAY), now - DAY)
    to_fin = builders.feedback_form(
        org,
        by=org.mkt_head,
        receiving_department=org.finance,
        involved=[],
        kind="other",
        kind_other="Desk move",
        expectation="Move the printer nearer the sales desks.",
    )
    received = builders.feedback_form(
        org,
        by=org.tec_head,
        initiating_department=org.technology,
        receiving_department=org.marketing,
        involved=[],
    )
    all_codes = [received.code, to_fin.code, breached.code, done.code, old.code]
    forms = [old, breached, done, to_fin, received]
    by_deadline = sorted(forms, key=lambda f: (f.response_due_at, f.pk))
    by_deadline_desc = sorted(forms, key=lambda f: (-f.response_due_at.timestamp(), f.pk))
    cases = [
        ("", all_codes),
        ("scope=all", all_codes),
        ("scope=mine", [to_fin.code]),
        ("scope=inbox", [received.code]),  # 李娜 heads Marketing
        ("scope=department", all_codes),
        ("urgency=critical", [breached.code]),
        ("kind=resource_request", [old.code]),
        ("kind=other", [to_fin.code]),
        ("status=resolved", [done.code]),
        ("status=acknowledged", [old.code]),
        ("sla_status=breached", [breached.code]),
        ("sla_status=late", [old.code]),
        ("sla_status=met", [done.code]),
        ("sla_status=closed", []),
        ("sla_status=on_track", [received.code, to_fin.code]),
        ("department=fin", [to_fin.code]),
        ("department=TEC", [received.code, breached.code, done.code, old.code]),
        ("initiating_department=TEC", [received.code]),
        ("receiving_department=MKT", [received.code]),
        (f"submitted_from={day - dt.timedelta(days=4)}", all_codes[:4]),
        (f"submitted_until={day - dt.timedelta(days=1)}", [done.code, old.code]),
        (f"search={old.code.lower()}", [old.code]),
        ("search=printer", [to_fin.code]),
        ("ordering=submitted_at", list(reversed(all_codes))),
        ("ordering=-urgency&urgency=critical", [breached.code]),
        (
            "scope=department&ordering=-urgency",
            [breached.code, old.code, done.code, to_fin.code, received.code],
        ),
        ("ordering=response_due_at", [form.code for form in by_deadline]),
        ("ordering=-response_due_at", [form.code for form in by_deadline_desc]),
    ]
    api = api_for(org.mkt_head)
    client.force_login(org.mkt_head)
    for query, expected in cases:
        assert codes(api, query) == expected, query
        if query:
            assert page_codes(client, query) == expected, query


def test_unknown_filter_values_are_a_400_naming_the_field(org):
    api = api_for(org.initiator)
    for query, field in [
        ("urgency=asap", "urgency"),
        ("kind=wish", "kind"),
        ("status=lost", "status"),
        ("sla_status=soon", "sla_status"),
        ("department=NOPE", "department"),
        ("initiating_department=NOPE", "initiating_department"),
        ("submitted_until=2026-13-01", "submitted_until"),
        ("ordering=code", "ordering"),
        ("scope=everyone", "scope"),
    ]:
        response = api.get(f"/api/v1/feedback/?{query}")
        assert response.status_code == 400, query
        assert field in str(response.json()), query


def test_a_row_carries_the_sla_status(org):
    form = filed_at(org, timezone.now() - 5 * HOUR, urgency="critical")
    [row] = api_for(org.initiator).get("/api/v1/feedback/").json()["results"]
    assert row["code"] == form.code and row["sla_status"] == "breached"


@pytest.mark.parametrize("n", [2, 20])
def test_the_api_list_runs_constant_queries(org, n, django_assert_max_num_queries):
    for index in range(n):
        builders.feedback_form(org, urgency=["normal", "urgent", "critical"][index % 3])
    api = api_for(org.tec_contact)
    # my departments (what I may see), the count and the rows
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/feedback/?scope=inbox&ordering=urgency&page_size=100")
    assert response.json()["count"] == n


# --- the SLA policy -------------------------------------------------------------------------


def test_the_sla_policies_are_listed_normal_to_critical_with_the_defaults(org):
    response = api_for(org.outsider).get("/api/v1/sla-policies/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [
        (
            row["urgency"],
            row["response_within"],
            row["response_unit"],
            row["follow_up_every_hours"],
            row["due_soon_percent"],
        )
        for row in body["results"]
    ] == [
        ("normal", 3, "working_days", 24, 25),
        ("urgent", 24, "hours", 4, 25),
        ("critical", 4, "hours", 1, 25),
    ]


def test_the_sla_policies_are_read_only_and_need_a_login(org):
    api = api_for(org.admin)
    assert api.post("/api/v1/sla-policies/", {"urgency": "normal"}).status_code == 405
    assert api.delete("/api/v1/sla-policies/normal/").status_code == 404
    assert APIClient().get("/api/v1/sla-policies/").status_code in (401, 403)
    assert SlaPolicy.objects.count() == 3
