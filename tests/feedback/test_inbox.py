"""What feedback forms put on My work: forms to answer (with time left), forms to rate,
signatures on confirmed forms; and the fixed number of queries that costs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from collab import signables
from collab.inbox import inbox_count, inbox_entries
from collab.models import SignatureRequest
from feedback.signables import FEEDBACK_FORM
from tests.feedback import builders
from tests.feedback.list_builders import answered, confirmed, filed_at, resolved

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def entries(user, kind):
    return [entry for entry in inbox_entries(user) if entry.kind == kind]


def test_the_receiving_side_answers_until_the_form_is_acknowledged(org):
    form = builders.feedback_form(org, urgency="urgent")
    for person in (org.tec_head, org.tec_contact):
        [entry] = entries(person, "feedback.answer")
        assert entry.title.startswith(form.code) and entry.deadline == form.response_due_at
        assert entry.url == reverse("feedback:feedback-detail", args=[form.code])
        assert "Marketing" in entry.detail and "urgent" in entry.detail
        assert entry.time_left.startswith("due in")
    assert entries(org.tec_member, "feedback.answer") == []  # not head or contact
    assert entries(org.initiator, "feedback.answer") == []
    answered(form, timezone.now())
    assert entries(org.tec_contact, "feedback.answer") == []


def test_a_named_receiving_contact_answers_too(org):
    org.technology.contacts.add(org.tec_member)
    builders.feedback_form(org, receiving_contact=org.tec_member)
    org.technology.contacts.remove(org.tec_member)  # named on the form, no longer a contact
    assert len(entries(org.tec_member, "feedback.answer")) == 1


def test_forms_to_answer_come_soonest_deadline_first_and_show_overdue(org):
    now = timezone.now()
    normal = builders.feedback_form(org)
    breached = filed_at(org, now - 5 * HOUR, urgency="critical")
    urgent = builders.feedback_form(org, urgency="urgent")
    listed = entries(org.tec_contact, "feedback.answer")
    assert [entry.title.split()[0] for entry in listed] == [
        breached.code,
        urgent.code,
        normal.code,
    ]
    assert listed[0].overdue and listed[0].time_left.endswith("overdue")


def test_the_initiator_rates_a_resolved_form_until_it_is_confirmed(org):
    form = resolved(builders.feedback_form(org), timezone.now())
    [entry] = entries(org.initiator, "feedback.rate")
    assert entry.title.startswith(form.code) and entry.url.endswith("?tab=result")
    assert "Technology" in entry.detail
    assert entries(org.mkt_head, "feedback.rate") == []  # only the initiator rates
    confirmed(form, timezone.now(), satisfaction=4)
    assert entries(org.initiator, "feedback.rate") == []


def test_a_signature_request_on_a_form_shows_with_its_title_and_link(org):
    form = confirmed(builders.feedback_form(org), timezone.now(), satisfaction=5)
    # The initiator's rating asked the two heads to sign.
    request = SignatureRequest.objects.get(object_id=form.pk, document_type=FEEDBACK_FORM)
    for head in (org.mkt_head, org.tec_head):
        [entry] = entries(head, "collab.signature")
        assert entry.title == f"{signables.get(FEEDBACK_FORM).title} {form.code} v1"
        assert entry.url == reverse("signoff-detail", args=[request.pk])
    assert entries(org.tec_contact, "collab.signature") == []


def test_my_work_shows_the_feedback_entries(client, org):
    builders.feedback_form(org)
    client.force_login(org.tec_contact)
    page = client.get(reverse("home")).content.decode()
    assert "Answer a feedback form" in page
    assert inbox_count(org.tec_contact) == 1


def many(org, n):
    for index in range(n):
        builders.feedback_form(org, urgency=["normal", "urgent", "critical"][index % 3])
        resolved(
            builders.feedback_form(
                org,
                by=org.tec_head,
                initiating_department=org.technology,
                receiving_department=org.finance,
                involved=[],
            ),
            timezone.now(),  # after the filing: a completion is never before it
        )


@pytest.mark.parametrize("n", [2, 20])
def test_my_work_runs_constant_queries_with_forms(client, org, n, django_assert_max_num_queries):
    many(org, n)
    org.tec_head.language = "en"
    org.tec_head.save(update_fields=["language"])
    client.force_login(org.tec_head)
    with django_assert_max_num_queries(24):
        page = client.get(reverse("home")).content.decode()
    assert page.count("Answer a feedback form") == n
    assert page.count("Rate the answer to your feedback form") == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_inbox_api_runs_constant_queries_with_forms(org, n, django_assert_max_num_queries):
    many(org, n)
    api = APIClient()
    api.force_authenticate(org.tec_head)
    # one per source: five of tasks, three of meetings, two of feedback, mentions, signatures
    with django_assert_max_num_queries(13):
        response = api.get("/api/v1/inbox/", {"page_size": 100})
    assert response.json()["count"] == 2 * n
