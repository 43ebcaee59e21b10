"""The job time limits fire in the worker as `make run` starts it (supervisord.conf), so a
send stuck on a stalled mail server is stopped and left for a retry."""

import configparser
import os
import shlex
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from collab import jobs
from collab.celery import app
from collab.models import EmailDelivery
from tests.collab.stalling_smtp import StallingSmtpServer
from tests.factories import notify_test_message

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def run_worker_command():
    config = configparser.RawConfigParser()
    config.read(ROOT / "supervisord.conf")
    command = config["program:worker"]["command"].replace("%(here)s", str(ROOT))
    return shlex.split(command)


def test_the_soft_time_limit_stops_a_stalled_send(user, tmp_path):
    with StallingSmtpServer() as server:
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "collab.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # The mail server would keep the send waiting far longer than the limits.
            "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
            "EMAIL_TIMEOUT": "60",
        }
        with transaction.atomic():
            notify_test_message(user, key="k", reason="r")
        app.control.purge()  # the job notify() queued carries the default limits
        log_path = tmp_path / "worker.log"
        with log_path.open("w") as log:
            worker = subprocess.Popen(
                [*run_worker_command(), "--hostname=limits@%h"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            # The limits travel with the job, stamped by whoever queues it.
            jobs.send_email_delivery.apply_async(
                (EmailDelivery.objects.get().pk,), soft_time_limit=2, time_limit=4
            )
            assert server.connected.wait(60), log_path.read_text()[-3000:]
            stalled_at = time.monotonic()
            deadline = stalled_at + 20
            while time.monotonic() < deadline:
                delivery = EmailDelivery.objects.get()
                if delivery.status == EmailDelivery.Status.PENDING and delivery.attempts:
                    break
                time.sleep(0.2)
            stopped_after = time.monotonic() - stalled_at
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()  # a worker whose job never stops cannot shut down warmly
                worker.wait()
    assert delivery.status == EmailDelivery.Status.PENDING, log_path.read_text()[-3000:]
    assert "SoftTimeLimitExceeded" in delivery.last_error
    assert stopped_after < 10
