"""The admin of the reminder engine: the rules refuse bad values with field errors, the beat
schedule shows the sweeps, the delivery log filters by status and retries a failed email."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collab.models import EmailDelivery, ReminderRule
from tests.factories import UserFactory, notify_test_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def rule(step="overdue"):
    return ReminderRule.objects.get(kind="action_item", step=step)


def change(admin_client, row, **changes):
    data = {
        "offset": row.offset,
        "unit": row.unit,
        "anchor": row.anchor,
        "repeat_every": row.repeat_every,
    }
    data.update(
        {
            name: "on"
            for name in ("is_escalation", "is_low_priority", "is_enabled")
            if getattr(row, name)
        }
    )
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not None}
    return admin_client.post(reverse("admin:collab_reminderrule_change", args=[row.pk]), data)


@pytest.mark.parametrize(
    "step, changes, field, message",
    [
        ("overdue", {"offset": -1}, "offset", "greater than or equal to 0"),
        ("overdue", {"repeat_every": -2}, "repeat_every", "greater than or equal to 0"),
        (
            "overdue",
            {"unit": "percent", "anchor": "before_deadline"},
            "unit",
            "A percentage counts from the request",
        ),
        ("escalate_head", {"is_low_priority": "on"}, "is_low_priority", "cannot be low priority"),
    ],
)
def test_the_change_form_refuses_bad_values_with_a_field_error(
    admin_client, step, changes, field, message
):
    row = rule(step)
    before = ReminderRule.objects.values().get(pk=row.pk)
    response = change(admin_client, row, **changes)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in str(errors[field])
    assert ReminderRule.objects.values().get(pk=row.pk) == before


def test_the_change_form_saves_good_values_but_never_kind_or_step(admin_client):
    row = rule("overdue")
    response = change(admin_client, row, offset=2, kind="risk", step="other")
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.kind, row.step, row.offset) == ("action_item", "overdue", 2)


def test_rules_cannot_be_added_or_deleted(admin_client):
    assert admin_client.get(reverse("admin:collab_reminderrule_add")).status_code == 403
    delete = reverse("admin:collab_reminderrule_delete", args=[rule().pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ReminderRule.objects.filter(pk=rule().pk).exists()


def test_the_list_edits_refuse_bad_values_and_save_nothing(admin_client):
    rows = list(ReminderRule.objects.filter(kind="action_item").order_by("kind", "step", "pk"))
    url = reverse("admin:collab_reminderrule_changelist") + "?kind__exact=action_item"
    page = admin_client.get(url)
    formset = page.context["cl"].formset
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(len(formset.forms)),
        "_save": "Save",
    }
    for index, form in enumerate(formset.forms):
        row = form.instance
        data[f"form-{index}-id"] = row.pk
        data[f"form-{index}-offset"] = row.offset
        data[f"form-{index}-repeat_every"] = row.repeat_every
        for name in ("is_low_priority", "is_enabled"):
            if getattr(row, name):
                data[f"form-{index}-{name}"] = "on"
    escalation = next(i for i, f in enumerate(formset.forms) if f.instance.is_escalation)
    plain = next(i for i, f in enumerate(formset.forms) if not f.instance.is_escalation)
    data[f"form-{plain}-offset"] = "-3"
    data[f"form-{escalation}-is_low_priority"] = "on"
    before = list(ReminderRule.objects.values().order_by("pk"))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    forms = response.context["cl"].formset.forms
    assert "greater than or equal to 0" in str(forms[plain].errors["offset"])
    assert "cannot be low priority" in str(forms[escalation].errors["is_low_priority"])
    assert list(ReminderRule.objects.values().order_by("pk")) == before
    assert len(rows) == len(forms)


def test_the_beat_schedule_shows_the_reminder_sweeps(admin_client):
    page = admin_client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    text = page.content.decode()
    assert "Reminders: hour-scale deadlines" in text
    assert "Reminders: other deadlines" in text
    assert "every minute" in text.lower() or "every 60 seconds" in text.lower()


def failed_and_sent(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify_test_message(user, key="K-FAILED", reason="r1")
        notify_test_message(user, key="K-SENT", reason="r2")
    failed = EmailDelivery.objects.get(notification__key="K-FAILED")
    failed.status, failed.attempts, failed.last_error = "failed", 8, "SMTPDataError: 554"
    failed.save()
    EmailDelivery.objects.filter(notification__key="K-SENT").update(
        status="sent", sent_at=timezone.now()
    )
    return failed


def test_the_delivery_log_filters_by_status(admin_client, user, django_capture_on_commit_callbacks):
    failed_and_sent(user, django_capture_on_commit_callbacks)
    url = reverse("admin:collab_emaildelivery_changelist")
    shown = admin_client.get(url, {"status__exact": "failed"}).context["cl"].result_list
    assert [row.notification.key for row in shown] == ["K-FAILED"]
    shown = admin_client.get(url, {"status__exact": "sent"}).context["cl"].result_list
    assert [row.notification.key for row in shown] == ["K-SENT"]


def test_retry_sends_a_failed_email_again_and_leaves_a_sent_one(
    admin_client, user, celery_eager, django_capture_on_commit_callbacks
):
    failed = failed_and_sent(user, django_capture_on_commit_callbacks)
    url = reverse("admin:collab_emaildelivery_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "action": "retry_now",
                "_selected_action": list(EmailDelivery.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )
    assert "1 email queued again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert failed.last_error == ""
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == f"<delivery-{failed.pk}@crossdesk>"
