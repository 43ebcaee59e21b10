"""A real Celery worker, in its own process, on the real Redis broker, sends real email."""

import email
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from collab import jobs, services
from collab.models import EmailDelivery
from tests.factories import notify_test_message

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def start_worker(mail_dir, tmp_path):
    """Returns a function that starts the worker; stopped after the test."""
    processes = []
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collab.settings.test",
        # The test database, which this test commits to (transaction=True).
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    assert env["CELERY_BROKER_URL"].startswith("redis://")
    log = (tmp_path / "worker.log").open("w")

    def start():
        processes.append(
            subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "collab",
                    "worker",
                    "--pool=solo",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--hostname=test@%h",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
    log.close()


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def sent_messages(mail_dir):
    if not mail_dir.exists():
        return []
    return [
        email.message_from_bytes(part.encode())
        for path in sorted(mail_dir.iterdir())
        for part in path.read_text().split("-" * 79 + "\n")
        if part.strip()
    ]


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
