"""The answering and closing actions over the API: what each answers, its field errors,
403 for the wrong person, 409 for the wrong moment, 404 for outsiders, and the reads'
query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from collab.models import Notification, SignatureRequest
from feedback import services
from feedback.models import FeedbackForm
from tasks.models import ActionItem
from tests.factories import UserFactory
from tests.tasks.api_support import api_for, assert_field_error, assert_refused

from . import builders

pytestmark = pytest.mark.django_db
Status = FeedbackForm.Status


def url(form, action):
    return f"/api/v1/feedback/{form.code}/{action}/"


def test_acknowledge_answers_the_form_and_refuses_a_second_time(org):
    form = builders.feedback_form(org)
    api = api_for(org.tec_contact)
    response = api.post(url(form, "acknowledge"), {"note": "On it."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["first_response_at"] is not None
    assert body["log"][0]["text"] == "On it."
    assert_refused(api.post(url(form, "acknowledge"), {}, format="json"), 409, "invalid_state")


def test_the_initiating_side_may_not_acknowledge(org):
    form = builders.feedback_form(org)
    assert_refused(api_for(org.mkt_head).post(url(form, "acknowledge")), 403, "forbidden")


def test_the_log_is_read_and_written(org):
    form = builders.acknowledged_form(org)
    api = api_for(org.initiator)
    created = api.post(url(form, "log"), {"text": "Any news?"}, format="json")
    assert created.status_code == 201
    assert created.json()["department"] == "MKT"
    assert created.json()["author"]["id"] == org.initiator.pk
    entries = api.get(url(form, "log")).json()
    assert [entry["text"] for entry in entries] == ["", "Any news?"]
    future = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    assert_field_error(
        api.post(url(form, "log"), {"text": "x", "happened_at": future}, format="json"),
        "happened_at",
    )
    assert_field_error(api.post(url(form, "log"), {"text": ""}, format="json"), "text")


def test_action_items_are_created_in_the_one_table(org):
    form = builders.acknowledged_form(org)
    api = api_for(org.tec_contact)
    payload = {
        "title": "Patch the retry",
        "owner": org.tec_member.pk,
        "due_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    }
    body = assert_field_error(
        api.post(url(form, "action-items"), {**payload, "owner": None}, format="json"), "owner"
    )
    assert body["fields"]["owner"] == ["Name the person who owns this action item."]
    created = api.post(url(form, "action-items"), payload, format="json")
    assert created.status_code == 201
    item = ActionItem.objects.get()
    assert created.json()["id"] == item.pk and item.origin == ActionItem.Origin.FEEDBACK
    assert created.json()["owner"]["id"] == org.tec_member.pk
    assert [row["id"] for row in api.get(url(form, "action-items")).json()] == [item.pk]
    assert_refused(
        api_for(org.initiator).post(url(form, "action-items"), payload, format="json"),
        403,
        "forbidden",
    )


def test_resolve_reopen_and_rate(org):
    form = builders.in_progress_form(org)
    api = api_for(org.tec_contact)
    payload = {
        "solution": "Fixed.",
        "completed_at": timezone.now().isoformat(),
        "responsible_person": org.tec_member.pk,
    }
    assert_field_error(
        api.post(url(form, "resolve"), {**payload, "responsible_person": org.fin_contact.pk}),
        "responsible_person",
    )
    resolved = api.post(url(form, "resolve"), payload, format="json")
    assert resolved.status_code == 200 and resolved.json()["solution"] == "Fixed."
    initiator = api_for(org.initiator)
    assert_field_error(initiator.post(url(form, "reopen"), {"reason": ""}), "reason")
    reopened = initiator.post(url(form, "reopen"), {"reason": "Still failing."}, format="json")
    assert reopened.json()["reopen_count"] == 1 and reopened.json()["responded_at"] is None
    assert_refused(initiator.post(url(form, "rate"), {"satisfaction": 5}), 409, "invalid_state")
    api.post(url(form, "resolve"), payload, format="json")
    rated = initiator.post(url(form, "rate"), {"satisfaction": 5, "comment": "Great."})
    assert rated.status_code == 200 and rated.json()["satisfaction"] == 5
    assert SignatureRequest.objects.filter(document_code=form.code).exists()


@pytest.mark.parametrize("satisfaction", [0, 6, "x", None])
def test_a_rating_outside_one_to_five_is_refused(org, satisfaction):
    form = builders.resolved_form(org)
    response = api_for(org.initiator).post(
        url(form, "rate"), {"satisfaction": satisfaction}, format="json"
    )
    assert_field_error(response, "satisfaction")
    form.refresh_from_db()
    assert form.status == Status.RESOLVED and not SignatureRequest.objects.exists()


@pytest.mark.parametrize("person", ["tec_head", "mkt_head"])
def test_only_the_initiator_rates_or_reopens(org, person):
    form = builders.resolved_form(org)
    api = api_for(getattr(org, person))
    assert not api.get(f"/api/v1/feedback/{form.code}/").json()["permissions"]["can_rate"]
    assert_refused(api.post(url(form, "rate"), {"satisfaction": 5}), 403, "forbidden")
    assert_refused(api.post(url(form, "reopen"), {"reason": "x"}), 403, "forbidden")


@pytest.mark.parametrize("person", ["outsider", "drifter"])
@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("post", "acknowledge"),
        ("get", "log"),
        ("post", "log"),
        ("get", "action-items"),
        ("post", "resolve"),
        ("post", "reopen"),
        ("post", "rate"),
    ],
)
def test_an_outsider_gets_404(org, person, method, action):
    form = builders.resolved_form(org)
    response = getattr(api_for(getattr(org, person)), method)(url(form, action), {})
    assert response.status_code == 404
    assert not Notification.objects.filter(recipient=getattr(org, person)).exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_log_and_items_read_in_constant_queries(org, count, django_assert_max_num_queries):
    form = builders.acknowledged_form(org)
    for number in range(count):
        services.feedback_log_add(form=form, by=org.tec_contact, text=f"Note {number}")
        services.feedback_action_item_add(
            form=form,
            by=org.tec_contact,
            values={
                "title": f"Item {number}",
                "owner": UserFactory(department=org.technology),
                "due_date": timezone.localdate() + dt.timedelta(days=1),
            },
        )
    api = api_for(org.tec_contact)
    for action in ("log", "action-items"):
        with django_assert_max_num_queries(6):
            assert len(api.get(url(form, action)).json()) >= count
