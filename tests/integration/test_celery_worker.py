"""A real Celery worker, in its own process, on the real Redis broker, sends real email."""

import email

import pytest
from django.db import transaction

from collab import jobs, services
from collab.models import EmailDelivery
from tests.factories import notify_test_message

from .workers import sent_messages, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_delivers_a_notification_email(start_worker, zh_user, mail_dir, tmp_path):
    start_worker()
    with transaction.atomic():
        notify_test_message(zh_user, key="TC-2026-0042")
    delivery = EmailDelivery.objects.get()
    assert wait_until(
        lambda: EmailDelivery.objects.filter(pk=delivery.pk, status="sent").exists()
    ), (tmp_path / "worker.log").read_text()[-3000:]
    [message] = sent_messages(mail_dir)
    assert message["To"] == zh_user.email
    assert message["Message-ID"] == f"<delivery-{delivery.pk}@crossdesk>"
    assert "TC-2026-0042" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )


def test_worker_runs_the_sweep_for_a_lost_message(start_worker, user, mail_dir, tmp_path):
    from django.utils import timezone

    from collab.celery import app

    with transaction.atomic():
        notify_test_message(user, key="K1", reason="lost")
    # The broker loses the queued message before any worker takes it.
    assert app.control.purge() >= 1
    EmailDelivery.objects.update(next_attempt_at=timezone.now() - services.SWEEP_GRACE * 2)
    start_worker()
    jobs.sweep_pending_email_deliveries.delay()
    assert wait_until(lambda: EmailDelivery.objects.filter(status="sent").exists()), (
        tmp_path / "worker.log"
    ).read_text()[-3000:]
    assert len(sent_messages(mail_dir)) == 1
