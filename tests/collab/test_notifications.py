"""The notifications core: once per (recipient, reason, key), after commit, in their language."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from collab import jobs, services
from collab.models import EmailDelivery, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_run_in_process(celery_eager):
    """Queued email jobs run at once here; tests/integration runs them on a real worker."""


def notify(recipients, key="TC-2026-0001"):
    return services.notify(
        recipients=recipients,
        reason="card_confirmation_requested",
        key=key,
        template="notifications/test_message",
        context={"code": key},
        url="/cards/TC-2026-0001/",
    )


def test_same_key_twice_gives_one_notification_and_one_email(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify([user])
    with django_capture_on_commit_callbacks(execute=True):
        second = notify([user, user])
    assert len(first) == 1
    assert second == []
    assert Notification.objects.filter(recipient=user).count() == 1
    assert EmailDelivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_another_key_is_another_notification(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], key="TC-2026-0001")
        notify([user], key="TC-2026-0002")
    assert Notification.objects.filter(recipient=user).count() == 2
    assert len(mail.outbox) == 2


def test_email_is_queued_only_after_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([user])
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_sends_nothing(user):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        notify([user])
        raise Abort
    assert Notification.objects.count() == 0
    assert EmailDelivery.objects.count() == 0
    assert mail.outbox == []


def test_email_is_in_the_recipients_language(user, zh_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user, zh_user])
    by_address = {message.to[0]: message for message in mail.outbox}
    english, chinese = by_address[user.email], by_address[zh_user.email]
    assert english.subject == "Notifications: TC-2026-0001"
    assert chinese.subject == "通知: TC-2026-0001"
    assert "Hello Alice," in english.body
    assert "李娜，您好" in chinese.body
    html = chinese.alternatives[0].content
    assert 'lang="zh-hans"' in html
    assert "在 Crossdesk 中打开" in html
    assert Notification.objects.get(recipient=zh_user).title == "通知: TC-2026-0001"


def test_inactive_people_and_people_without_email(user, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    gone = UserFactory(is_active=False)
    no_email = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([user, gone, no_email])
    assert {n.recipient for n in created} == {user, no_email}
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_pending_delivery_is_resent_by_the_sweep(
    user, django_capture_on_commit_callbacks, celery_eager
):
    # The broker lost the message: the row is pending and nothing was sent.
    with django_capture_on_commit_callbacks(execute=False):
        notify([user])
    delivery = EmailDelivery.objects.get()
    assert services.email_deliveries_due() == []  # too fresh: notify() just queued it
    EmailDelivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(minutes=5))

    assert jobs.sweep_pending_email_deliveries() == 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert len(mail.outbox) == 1
    # A second sweep finds nothing to do and sends nothing.
    assert services.email_deliveries_due() == []


def test_sending_twice_sends_once(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify([user])
    delivery = EmailDelivery.objects.get()
    services.email_delivery_send(delivery_id=delivery.pk)
    assert services.email_delivery_send(delivery_id=delivery.pk) is None
    assert services.email_delivery_send(delivery_id=999_999) is None
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_with_backoff_then_given_up(
    user, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notify([user])
    delivery = EmailDelivery.objects.get()
    # A mail server that refuses connections: nothing listens on port 1 of the loopback.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    before = timezone.now()
    services.email_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error
    first_wait = delivery.next_attempt_at - before
    assert dt.timedelta(seconds=50) < first_wait <= dt.timedelta(minutes=1, seconds=5)

    services.email_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - timezone.now() > dt.timedelta(minutes=1, seconds=50)

    EmailDelivery.objects.filter(pk=delivery.pk).update(attempts=services.EMAIL_MAX_ATTEMPTS - 1)
    services.email_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.FAILED
    assert services.email_deliveries_due(now=timezone.now() + dt.timedelta(days=1)) == []


def test_mark_read(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], key="A")
        notify([user], key="B")
    first = Notification.objects.get(key="A")
    services.notification_mark_read(notification=first)
    first.refresh_from_db()
    assert first.read_at is not None
    assert services.notifications_mark_all_read(user=user) == 1
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
