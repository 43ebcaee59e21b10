"""The form page's answering and closing: the header's buttons for each role, the log,
action-item and result tabs, their forms' errors, and their query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from collab.models import SignatureRequest
from feedback import services
from feedback.models import FeedbackForm, LogEntry
from tasks.models import ActionItem
from tests.factories import UserFactory

from . import builders

pytestmark = pytest.mark.django_db
Status = FeedbackForm.Status


def page(form, tab="form"):
    return f"/feedback/{form.code}/?tab={tab}"


def post_url(form, action):
    return f"/feedback/{form.code}/{action}/"


def moment(delta: dt.timedelta = dt.timedelta()) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_the_receiving_contact_acknowledges_from_the_header(org, client):
    form = builders.feedback_form(org)
    client.force_login(org.tec_contact)
    assert 'data-testid="acknowledge"' in client.get(page(form)).content.decode()
    response = client.post(post_url(form, "acknowledge"))
    assert response.status_code == 302 and response["Location"].endswith("?tab=log")
    form.refresh_from_db()
    assert form.status == Status.ACKNOWLEDGED and form.first_response_at is not None
    again = client.post(post_url(form, "acknowledge"), follow=True)
    assert "Only a newly submitted form can be acknowledged." in again.content.decode()


@pytest.mark.parametrize("person", ["initiator", "mkt_head", "fin_contact"])
def test_nobody_but_the_receiving_side_sees_or_uses_acknowledge(org, client, person):
    form = builders.feedback_form(org)
    client.force_login(getattr(org, person))
    assert 'data-testid="acknowledge"' not in client.get(page(form)).content.decode()
    assert client.post(post_url(form, "acknowledge")).status_code == 403
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED


def test_the_log_shows_time_who_department_and_what_and_takes_a_note(org, client):
    form = builders.acknowledged_form(org)
    client.force_login(org.initiator)
    response = client.post(post_url(form, "log"), {"log-text": "Any news on the fix?"})
    assert response.status_code == 302
    html = client.get(page(form, "log")).content.decode()
    assert "Any news on the fix?" in html and "王芳" in html and "Marketing" in html
    assert "log-kind--acknowledged" in html and "Add to the log" in html


def test_a_log_entry_in_the_future_or_empty_is_refused_beside_its_field(org, client):
    form = builders.acknowledged_form(org)
    client.force_login(org.tec_contact)
    response = client.post(
        post_url(form, "log"),
        {"log-text": "", "log-happened_at": moment(dt.timedelta(days=1))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write what was said or done." in html and "cannot be in the future" in html
    assert 'id="id_log-happened_at_error"' in html
    assert form.log_entries.count() == 1


def test_an_action_item_is_added_from_the_items_tab(org, client):
    form = builders.acknowledged_form(org)
    client.force_login(org.tec_contact)
    data = {
        "item-title": "Patch the retry",
        "item-owner": org.tec_member.pk,
        "item-department": "",
        "item-deliverable": "Release note",
        "item-due_date": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "item-priority": "high",
    }
    refused = client.post(post_url(form, "action-items"), {**data, "item-owner": ""})
    assert "Name the person who owns this action item." in refused.content.decode()
    assert not ActionItem.objects.exists()
    assert client.post(post_url(form, "action-items"), data).status_code == 302
    item = ActionItem.objects.get()
    assert item.origin == ActionItem.Origin.FEEDBACK
    html = client.get(page(form, "items")).content.decode()
    assert f"/items/{item.pk}/" in html and "Tom Tech" in html


def test_resolve_from_the_result_tab_then_the_initiator_rates(org, client):
    form = builders.in_progress_form(org)
    client.force_login(org.tec_contact)
    html = client.get(page(form, "result")).content.decode()
    assert 'id="id_resolve-responsible_person"' in html
    refused = client.post(post_url(form, "resolve"), {"resolve-solution": ""})
    assert "Describe the solution." in refused.content.decode()
    done = client.post(
        post_url(form, "resolve"),
        {
            "resolve-solution": "Retry fixed.",
            "resolve-completed_at": moment(),
            "resolve-responsible_person": org.tec_member.pk,
        },
    )
    assert done.status_code == 302
    form.refresh_from_db()
    assert form.status == Status.RESOLVED

    client.force_login(org.initiator)
    html = client.get(page(form, "result")).content.decode()
    assert 'data-testid="rate-link"' in html and 'type="radio"' in html
    assert "<legend>Satisfaction" in html
    client.post(post_url(form, "rate"), {"rate-satisfaction": "4", "rate-comment": "Good."})
    form.refresh_from_db()
    assert (form.status, form.satisfaction) == (Status.CONFIRMED, 4)
    assert "4 of 5" in client.get(page(form, "result")).content.decode()


@pytest.mark.parametrize("satisfaction", ["0", "6", "x", ""])
def test_a_rating_outside_one_to_five_is_refused_on_the_page(org, client, satisfaction):
    form = builders.resolved_form(org)
    client.force_login(org.initiator)
    response = client.post(post_url(form, "rate"), {"rate-satisfaction": satisfaction})
    assert response.status_code == 200
    assert "Rate your satisfaction from 1 to 5." in response.content.decode()
    form.refresh_from_db()
    assert form.status == Status.RESOLVED and not SignatureRequest.objects.exists()


@pytest.mark.parametrize("person", ["tec_head", "mkt_head", "tec_contact"])
def test_only_the_initiator_sees_rate_and_reopen(org, client, person):
    form = builders.resolved_form(org)
    client.force_login(getattr(org, person))
    html = client.get(page(form, "result")).content.decode()
    assert 'data-testid="rate-link"' not in html
    assert post_url(form, "rate") not in html and post_url(form, "reopen") not in html
    assert client.post(post_url(form, "rate"), {"rate-satisfaction": "5"}).status_code == 403
    assert client.post(post_url(form, "reopen"), {"reopen-reason": "no"}).status_code == 403


def test_the_initiator_reopens_with_a_reason(org, client):
    form = builders.resolved_form(org)
    client.force_login(org.initiator)
    refused = client.post(post_url(form, "reopen"), {"reopen-reason": ""})
    assert "Say why the form is reopened." in refused.content.decode()
    client.post(post_url(form, "reopen"), {"reopen-reason": "Still failing."})
    form.refresh_from_db()
    assert form.status == Status.IN_PROGRESS and form.reopen_count == 1


@pytest.mark.parametrize("person", ["outsider", "drifter"])
@pytest.mark.parametrize("action", ["acknowledge", "log", "action-items", "resolve", "rate"])
def test_an_outsider_gets_404_on_every_action(org, client, person, action):
    form = builders.feedback_form(org)
    client.force_login(getattr(org, person))
    assert client.post(post_url(form, action), {}).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_tabs_read_in_constant_queries(org, client, count, django_assert_max_num_queries):
    form = builders.acknowledged_form(org)
    for number in range(count):
        services.feedback_log_add(form=form, by=org.tec_contact, text=f"Note {number}")
        owner = UserFactory(department=org.technology)
        services.feedback_action_item_add(
            form=form,
            by=org.tec_contact,
            values={
                "title": f"Item {number}",
                "owner": owner,
                "due_date": timezone.localdate() + dt.timedelta(days=number + 1),
            },
        )
    assert LogEntry.objects.filter(form=form).count() == 2 * count + 1
    client.force_login(org.tec_contact)
    for tab in ("log", "items", "result"):
        with django_assert_max_num_queries(11):
            assert client.get(page(form, tab)).status_code == 200


def test_the_notifications_read_in_the_centre_in_each_readers_language(org, client):
    form = builders.resolved_form(org)
    services.feedback_reopen(form=form, by=org.initiator, reason="Still failing.")
    client.force_login(org.initiator)
    html = client.get("/notifications/").content.decode()
    assert f"Technology acknowledged your feedback form {form.code}" in html
    assert f"Feedback form {form.code} is resolved: rate the result" in html
    client.force_login(org.tec_head)  # reads Chinese: the department's name follows
    html = client.get("/notifications/").content.decode()
    assert "市场部" in html and form.code in html
