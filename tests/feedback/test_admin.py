"""The admin: administrators change the SLA policy within its limits (never add or remove
an urgency), and look feedback forms up read-only."""

import pytest
from django.urls import reverse

from feedback.models import FeedbackForm, SlaPolicy
from feedback.sla import response_window, sla_policy_for
from tests.feedback import builders

pytestmark = pytest.mark.django_db


def change_url(urgency):
    return reverse(
        "admin:feedback_slapolicy_change", args=[SlaPolicy.objects.get(urgency=urgency).pk]
    )


def post(client, policy_urgency, **values):
    data = {
        "response_within": 24,
        "response_unit": "hours",
        "follow_up_every_hours": 4,
        "due_soon_percent": 25,
        **values,
    }
    return client.post(change_url(policy_urgency), data)


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


def test_the_sla_list_shows_the_three_urgencies(admin_client):
    page = admin_client.get(reverse("admin:feedback_slapolicy_changelist")).content.decode()
    for label in ("normal", "urgent", "critical"):
        assert label in page
    assert reverse("admin:feedback_slapolicy_add") not in page


def test_an_administrator_changes_a_policy_and_new_forms_follow_it(admin_client, org):
    before = builders.feedback_form(org, urgency="urgent")
    response = post(admin_client, "urgent", response_within=8, follow_up_every_hours=2)
    assert response.status_code == 302
    policy = sla_policy_for("urgent")
    assert (policy.response_within, policy.follow_up_every_hours) == (8, 2)
    after = builders.feedback_form(org, urgency="urgent")
    assert after.response_due_at - after.submitted_at < before.response_due_at - before.submitted_at
    assert after.follow_up_every_hours == 2
    before.refresh_from_db()
    assert before.follow_up_every_hours == 4  # a promise made stays


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"response_within": 0}, "response_within", "at least 1 hour or working day"),
        ({"follow_up_every_hours": 0}, "follow_up_every_hours", "at least every hour"),
        ({"due_soon_percent": 0}, "due_soon_percent", "between 1 and 100"),
        ({"due_soon_percent": 101}, "due_soon_percent", "between 1 and 100"),
        ({"response_within": "soon"}, "response_within", "Enter a whole number"),
        ({"response_unit": "weeks"}, "response_unit", "Select a valid choice"),
    ],
)
def test_the_sla_admin_refuses_bad_values_with_clear_errors(admin_client, values, field, message):
    response = post(admin_client, "critical", **values)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert field in form.errors and message in str(form.errors[field])
    policy = sla_policy_for("critical")
    assert (policy.response_within, policy.follow_up_every_hours, policy.due_soon_percent) == (
        4,
        1,
        25,
    )


def test_urgencies_are_neither_added_nor_removed_nor_renamed(admin_client):
    assert admin_client.get(reverse("admin:feedback_slapolicy_add")).status_code == 403
    policy = SlaPolicy.objects.get(urgency="normal")
    delete = reverse("admin:feedback_slapolicy_delete", args=[policy.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    post(
        admin_client, "normal", urgency="critical", response_unit="working_days", response_within=3
    )
    assert SlaPolicy.objects.filter(urgency="normal").exists()
    assert SlaPolicy.objects.count() == 3


def test_a_changed_policy_still_gives_a_deadline(admin_client, org):
    post(
        admin_client,
        "normal",
        response_within=1,
        response_unit="working_days",
        due_soon_percent=100,
    )
    form = builders.feedback_form(org)
    window = response_window(sla_policy_for("normal"), form.submitted_at)
    assert form.response_due_at == window.due_at and form.response_due_soon_at == form.submitted_at


def test_feedback_forms_are_listed_and_shown_read_only(admin_client, org):
    form = builders.feedback_form(org)
    changelist = admin_client.get(
        reverse("admin:feedback_feedbackform_changelist") + "?status=submitted"
    )
    assert changelist.status_code == 200 and form.code in changelist.content.decode()
    url = reverse("admin:feedback_feedbackform_change", args=[form.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    admin_client.post(url, {"background": "Rewritten."})
    assert FeedbackForm.objects.get(pk=form.pk).background == form.background
    assert admin_client.get(reverse("admin:feedback_feedbackform_add")).status_code == 403


def test_people_who_are_not_staff_cannot_reach_the_sla_admin(client, org):
    client.force_login(org.tec_head)
    response = client.get(change_url("normal"))
    assert response.status_code == 302 and "login" in response.url
