"""Sending an email never holds a database transaction open, against a real stalled mail server."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from collab import services
from collab.celery import app
from collab.models import EmailDelivery
from tests.factories import notify_test_message

from .stalling_smtp import StallingSmtpServer

ROOT = Path(django_settings.BASE_DIR)


def notify_and_lose_the_job(user):
    """A committed pending delivery whose queued job the broker lost."""
    with transaction.atomic():
        notify_test_message(user)
    app.control.purge()
    return EmailDelivery.objects.get()


def use_mail_server(settings, port, timeout):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, timeout
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@pytest.mark.django_db(transaction=True)
def test_a_stalled_mail_server_holds_no_lock_and_the_send_gives_up(user, settings):
    delivery = notify_and_lose_the_job(user)
    with StallingSmtpServer() as server:
        use_mail_server(settings, server.port, timeout=3)
        outcome = {}

        def send():
            try:
                outcome["delivery"] = services.email_delivery_send(delivery_id=delivery.pk)
            finally:
                connections.close_all()

        sender = threading.Thread(target=send)
        started = time.monotonic()
        sender.start()
        assert server.connected.wait(10)

        # While the message hangs, nobody waits on the sender: no open transaction, no row lock.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] == 0
        with transaction.atomic():
            claimed = EmailDelivery.objects.select_for_update(nowait=True).get(pk=delivery.pk)
        assert claimed.status == EmailDelivery.Status.SENDING

        sender.join(timeout=20)
        assert not sender.is_alive()
    # EMAIL_TIMEOUT ended the wait; the delivery is left for a later attempt.
    assert time.monotonic() - started < 10
    delivery.refresh_from_db()
    assert outcome["delivery"].pk == delivery.pk
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_a_fresh_claim_is_not_sent_again(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify_test_message(user, key="k", reason="r")
    # Another worker claimed it a moment ago and is sending it now.
    EmailDelivery.objects.update(
        status=EmailDelivery.Status.SENDING,
        claimed_at=timezone.now(),
        next_attempt_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert services.email_delivery_send(delivery_id=EmailDelivery.objects.get().pk) is None
    assert services.email_deliveries_due() == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_stale_claim_is_retried_by_the_sweep(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify_test_message(user, key="k", reason="r")
    # The worker that claimed it died mid-send, long ago.
    long_ago = timezone.now() - services.EMAIL_CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    EmailDelivery.objects.update(
        status=EmailDelivery.Status.SENDING, claimed_at=long_ago, attempts=1
    )
    delivery = EmailDelivery.objects.get()
    assert services.email_deliveries_due() == [delivery.pk]
    services.email_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert delivery.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.integration
def test_on_sqlite_a_stalled_send_does_not_lock_out_writers(tmp_path):
    """The embedded default (SQLite, collab.settings.local), as `make run` runs it."""
    with StallingSmtpServer() as server:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "EMAIL_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="collab.settings.local",
            CROSSDESK_VAR_DIR=str(tmp_path),
            EMAIL_URL=f"smtp://127.0.0.1:{server.port}",
            EMAIL_TIMEOUT="4",
        )

        def manage(*args, **kwargs):
            return subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                **kwargs,
            )

        assert manage("migrate", "-v0").returncode == 0
        created = manage(
            "shell",
            "-c",
            "from collab import services; from collab.models import EmailDelivery, User\n"
            "user = User.objects.create_user('alice', 'alice@example.com', display_name='Alice')\n"
            "services.notify(recipients=[user], reason='r', key='k', "
            "template='tasks/notifications/card_objection', context={})\n"
            "print(EmailDelivery.objects.get().pk)",
        )
        assert created.returncode == 0, created.stderr
        delivery_id = int(created.stdout.split()[-1])

        sender = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from collab import services\n"
                f"d = services.email_delivery_send(delivery_id={delivery_id})\n"
                "print(d.status, d.attempts, d.last_error)",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert server.connected.wait(60)
            # Another connection writes while the send hangs; with the send inside a
            # transaction this waited the full second and failed with "database is locked".
            writer = sqlite3.connect(tmp_path / "crossdesk.sqlite3", timeout=1)
            started = time.monotonic()
            writer.execute("UPDATE collab_user SET last_login = CURRENT_TIMESTAMP")
            writer.commit()
            writer.close()
            assert time.monotonic() - started < 0.5
            output, _ = sender.communicate(timeout=30)
        finally:
            sender.kill()
            sender.wait()
    status, attempts, error = output.strip().splitlines()[-1].split(" ", 2)
    assert (status, attempts) == ("pending", "1"), output
    assert "timed out" in error
