"""One rule, two doors: each answering and closing rule answers the same through the page
and the API."""

import datetime as dt

import pytest
from django.utils import timezone

from collab.models import SignatureRequest
from feedback.models import FeedbackForm
from tasks.models import ActionItem
from tests.tasks.api_support import api_for

from . import builders

pytestmark = pytest.mark.django_db
Status = FeedbackForm.Status


def via_page(client, user, form, action, data):
    client.force_login(user)
    return client.post(f"/feedback/{form.code}/{action}/", data)


def via_api(user, form, action, data):
    return api_for(user).post(f"/api/v1/feedback/{form.code}/{action}/", data, format="json")


@pytest.mark.parametrize(("page_value", "api_value"), [("0", 0), ("6", 6), ("", None)])
def test_a_rating_outside_one_to_five_is_refused_by_both(org, client, page_value, api_value):
    form = builders.resolved_form(org)
    message = "Rate your satisfaction from 1 to 5."
    page = via_page(client, org.initiator, form, "rate", {"rate-satisfaction": page_value})
    api = via_api(org.initiator, form, "rate", {"satisfaction": api_value})
    assert message in page.content.decode()
    assert api.status_code == 400 and api.json()["fields"]["satisfaction"] == [message]
    form.refresh_from_db()
    assert form.status == Status.RESOLVED and not SignatureRequest.objects.exists()


@pytest.mark.parametrize("person", ["tec_head", "mkt_head"])
def test_only_the_initiator_rates_through_both(org, client, person):
    form = builders.resolved_form(org)
    user = getattr(org, person)
    assert via_page(client, user, form, "rate", {"rate-satisfaction": "5"}).status_code == 403
    assert via_api(user, form, "rate", {"satisfaction": 5}).status_code == 403


def test_an_item_without_owner_is_refused_by_both(org, client):
    form = builders.acknowledged_form(org)
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    message = "Name the person who owns this action item."
    page = via_page(
        client,
        org.tec_contact,
        form,
        "action-items",
        {"item-title": "x", "item-due_date": due, "item-priority": "low"},
    )
    api = via_api(
        org.tec_contact, form, "action-items", {"title": "x", "owner": None, "due_date": due}
    )
    assert message in page.content.decode()
    assert api.json()["fields"]["owner"] == [message]
    assert not ActionItem.objects.exists()


def test_a_log_entry_in_the_future_is_refused_by_both(org, client):
    form = builders.acknowledged_form(org)
    later = timezone.localtime() + dt.timedelta(days=1)
    message = "The time cannot be in the future."
    page = via_page(
        client,
        org.initiator,
        form,
        "log",
        {"log-text": "x", "log-happened_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    api = via_api(org.initiator, form, "log", {"text": "x", "happened_at": later.isoformat()})
    assert message in page.content.decode()
    assert api.json()["fields"]["happened_at"] == [message]
    assert form.log_entries.count() == 1


def test_a_resolution_by_someone_outside_the_receiving_department_is_refused_by_both(org, client):
    form = builders.in_progress_form(org)
    page = via_page(
        client,
        org.tec_contact,
        form,
        "resolve",
        {
            "resolve-solution": "x",
            "resolve-completed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "resolve-responsible_person": org.fin_contact.pk,
        },
    )
    api = via_api(
        org.tec_contact,
        form,
        "resolve",
        {
            "solution": "x",
            "completed_at": timezone.now().isoformat(),
            "responsible_person": org.fin_contact.pk,
        },
    )
    # The page offers only the receiving side's people: the choice itself is refused.
    assert 'id="id_resolve-responsible_person_error"' in page.content.decode()
    assert "responsible_person" in api.json()["fields"]
    form.refresh_from_db()
    assert form.status == Status.IN_PROGRESS
