"""The reminder engine's promises with real parts: PostgreSQL row locks, a real Celery worker
on Redis killed mid-send, a broker that is down. Action items due on Wednesday 30 September
2026 are swept on Friday 9 October, when each is overdue (owner) and escalated (owner's head):
two reminders per item."""

import collections
import datetime as dt
import importlib
import signal
import socket
import subprocess
import sys
import threading
import time
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count
from kombu import Connection

from collab import jobs, services
from collab.celery import app
from collab.models import EmailDelivery, Notification
from collab.reminders import get_kind, run_sweep
from tasks.models import ActionItem
from tests.tasks import builders

from .workers import sent_messages, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SWEEP_AT = dt.datetime(2026, 10, 9, 9, 30, tzinfo=SHANGHAI)
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def default_rules():
    """The default rules, which a transactional test's flush removed after the last test."""
    importlib.import_module("collab.migrations.0013_reminder_rules").create_rules(apps, None)


def overdue_items(org, count):
    """`count` open action items due on 30 September, owned by Tom Tech; the emails their
    building sent are out of the way (marked sent, their jobs purged)."""
    with time_machine.travel(dt.datetime(2026, 9, 21, 9, 30, tzinfo=SHANGHAI), tick=False):
        card = builders.active_card(org)
        item = builders.add_item(org, card, due_date=dt.date(2026, 9, 30))
    fields = {
        field.attname: getattr(item, field.attname)
        for field in ActionItem._meta.concrete_fields
        if not field.primary_key
    }
    ActionItem.objects.bulk_create(ActionItem(**fields) for _ in range(count - 1))
    app.control.purge()
    EmailDelivery.objects.update(status=EmailDelivery.Status.SENT)
    return list(ActionItem.objects.order_by("pk"))


def reminder_notifications():
    return Notification.objects.filter(reason__startswith="reminder.")


def reminder_deliveries():
    return EmailDelivery.objects.filter(notification__reason__startswith="reminder.")


def test_two_sweeps_in_parallel_claim_disjoint_rows(org, monkeypatch):
    items = overdue_items(org, 200)
    kind = get_kind("action_item")
    original = kind.reminders
    # Each sweep holds the locks of its first batch until the other holds its own.
    both_locked = threading.Barrier(2, timeout=60)
    first_batches = {}

    def reminders(sweep, rows):
        name = threading.current_thread().name
        if name not in first_batches:
            first_batches[name] = {row.pk for row in rows}
            both_locked.wait()
        return original(sweep, rows)

    monkeypatch.setattr(kind, "reminders", reminders)
    reports, errors = {}, []

    def sweep(name):
        try:
            reports[name] = run_sweep(now=SWEEP_AT, kinds=["action_item"], batch_size=20)
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep, args=(name,), name=name) for name in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert first_batches["A"] and first_batches["B"]
    assert first_batches["A"].isdisjoint(first_batches["B"])
    assert reports["A"].sent > 0 and reports["B"].sent > 0
    assert reports["A"].sent + reports["B"].sent == 2 * len(items)
    per_item = reminder_notifications().values("about", "reason").annotate(n=Count("pk"))
    assert len(per_item) == 2 * len(items)
    assert {row["n"] for row in per_item} == {1}
    assert reminder_deliveries().count() == 2 * len(items)


def test_a_sweep_that_rolls_back_leaves_no_notification_no_delivery_no_job(org):
    overdue_items(org, 5)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert run_sweep(now=SWEEP_AT, kinds=["action_item"]).sent == 10
        raise RuntimeError("the surrounding work failed")
    assert not reminder_notifications().exists()
    assert not EmailDelivery.objects.exclude(status=EmailDelivery.Status.SENT).exists()
    assert app.control.purge() == 0  # nothing was queued either
    # Nothing is lost: the next sweep sends them.
    assert run_sweep(now=SWEEP_AT, kinds=["action_item"]).sent == 10


def test_a_worker_killed_while_sending_then_restarted_sends_each_email_once(
    org, start_worker, mail_dir, tmp_path, worker_log
):
    overdue_items(org, 3)
    stall = tmp_path / "stall"
    stall.touch()
    env = {
        "TEST_EMAIL_BACKEND": "tests.integration.stalling_backend.EmailBackend",
        "STALL_ONCE_FILE": str(stall),
        "EMAIL_CLAIM_TIMEOUT": "3",
    }
    worker = start_worker(**env)
    assert run_sweep(now=SWEEP_AT, kinds=["action_item"]).sent == 6
    deliveries = set(reminder_deliveries().values_list("pk", flat=True))
    assert len(deliveries) == 6

    # The first email hangs in the mail server's hands: kill -9 the worker mid-send.
    assert wait_until(lambda: Path(f"{stall}.taken").exists()), worker_log.read_text()[-3000:]
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=20)
    [stuck] = EmailDelivery.objects.filter(status=EmailDelivery.Status.SENDING)
    assert stuck.pk in deliveries

    # A new worker sends the others; the dead worker's claim expires and the email sweep
    # hands the stuck one to it.
    start_worker(**env)
    assert wait_until(
        lambda: reminder_deliveries().filter(status=EmailDelivery.Status.SENT).count() == 5,
        timeout=60,
    ), worker_log.read_text()[-3000:]
    time.sleep(3.5)
    jobs.sweep_pending_email_deliveries.delay()
    assert wait_until(
        lambda: reminder_deliveries().filter(status=EmailDelivery.Status.SENT).count() == 6,
        timeout=60,
    ), worker_log.read_text()[-3000:]

    sent = collections.Counter(message["Message-ID"] for message in sent_messages(mail_dir))
    assert sent == {f"<delivery-{pk}@crossdesk>": 1 for pk in deliveries}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_broker_down_delays_the_reminder_but_does_not_lose_it(
    org, start_worker, worker_env, mail_dir, worker_log
):
    overdue_items(org, 1)
    port = free_port()
    # The Redis database a worker process of this pytest-xdist worker uses (collab.settings.test).
    database = urlsplit(settings.CELERY_BROKER_URL).path
    broker = f"redis://127.0.0.1:{port}{database}"

    # The sweep runs in a process whose broker is down: the reminders are saved with their
    # pending emails, queueing them fails quietly.
    sweep = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import datetime as dt, zoneinfo; from collab.reminders import run_sweep; "
            "print('sent', run_sweep(now=dt.datetime(2026, 10, 9, 9, 30, "
            "tzinfo=zoneinfo.ZoneInfo('Asia/Shanghai')), kinds=['action_item']).sent)",
        ],
        cwd=ROOT,
        env={**worker_env, "CELERY_BROKER_URL": broker},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert sweep.returncode == 0, sweep.stderr[-3000:]
    assert "sent 2" in sweep.stdout
    assert "Could not queue email delivery" in sweep.stderr
    assert reminder_notifications().count() == 2
    assert set(reminder_deliveries().values_list("status", flat=True)) == {"pending"}

    # The broker comes back; the email sweep (every minute from beat) finds them.
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        with Connection(broker) as probe:
            probe.ensure_connection(max_retries=50, interval_start=0.1, interval_step=0.1)
        start_worker(CELERY_BROKER_URL=broker)
        reminder_deliveries().update(
            next_attempt_at=SWEEP_AT.replace(year=2000)  # due long ago
        )
        with app.connection_for_write(broker) as connection:
            jobs.sweep_pending_email_deliveries.apply_async(connection=connection)
        assert wait_until(
            lambda: reminder_deliveries().filter(status="sent").count() == 2, timeout=60
        ), worker_log.read_text()[-3000:]
    finally:
        redis.terminate()
        redis.wait(timeout=20)
    recipients = sorted(message["To"] for message in sent_messages(mail_dir))
    assert recipients == sorted([org.tec_member.email, org.tec_head.email])
    assert services.email_deliveries_due() == []
