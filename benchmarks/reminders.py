"""Time the reminder sweep over a company-sized table, and the weekly digest (not a test).

    bin/with-test-services .venv/bin/python benchmarks/reminders.py \
        --items 1000000 --due 10000 --users 20000 --out benchmarks/results/reminders-1m.md

Creates the database named in DATABASE_URL (a throwaway one: bin/with-test-services),
migrates, loads `seed_scale` (COPY), then moves every open action item's due date out of
the sweep's reach except `--due` of them, overdue since Monday 30 November 2026. At
Wednesday 2 December 2026 10:00 (Shanghai) each of those is due an overdue reminder to
its owner and an escalation to the owner's head. It prints the plan of the sweep's
candidates query (one locked batch), the time of the first sweep (which creates the
notifications and their pending emails, queued to Redis), the time of a second sweep at
the same moment (which sends nothing: the steady state, every five minutes), and the
time of `collab.digests.digests_send(now=...)` for every user when that module exists.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import platform
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SWEEP_AT = dt.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)
OVERDUE_SINCE = dt.date(2026, 11, 30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the first sweep")
    args = parser.parse_args()

    database = urlparse(os.environ["DATABASE_URL"])
    subprocess.run(
        ["createdb", "-h", database.hostname, "-p", str(database.port), "-U", "postgres",
         database.path.lstrip("/")],
        check=False,
    )  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collab.settings.test")
    os.environ.setdefault("TEST_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    call_command("migrate", "--no-input", verbosity=0)
    started = time.monotonic()
    call_command("seed_scale", cards=args.cards, items=args.items, users=args.users, seed=2026)
    seed_seconds = time.monotonic() - started
    due_rows = make_due(args.due)

    say(f"# Reminder sweep: {args.items:,} action items, {due_rows:,} due, {args.users:,} people")
    say()
    say(
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {server_version()}; loading the data took {seed_seconds:.0f} s."
    )
    say()
    say("Plan of the candidates query (first locked batch of 500):")
    say()
    say("```")
    for row in explain():
        say(row)
    say("```")
    say()

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from collab.models import EmailDelivery, Notification
    from collab.reminders import run_sweep

    for label in ("first sweep (sends)", "second sweep (nothing new)"):
        with CaptureQueriesContext(connection) as queries:
            profiler = cProfile.Profile() if args.profile and label.startswith("first") else None
            started = time.monotonic()
            if profiler:
                profiler.enable()
            report = run_sweep(now=SWEEP_AT, kinds=["action_item"])
            seconds = time.monotonic() - started
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            count = len(queries)
        reset_queries()
        say(
            f"- {label}: {seconds:.1f} s, {report.rows:,} rows swept, {report.sent:,} "
            f"reminders sent, {count:,} queries"
        )
    say(
        f"- rows written: {Notification.objects.count():,} notifications, "
        f"{EmailDelivery.objects.count():,} pending emails"
    )
    say()
    say(digest_line(args.users))
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text)


def make_due(count: int) -> int:
    """Every open item out of reach (due in a year) but `count` of them, overdue."""
    import random

    from django.db import connection

    from tasks.models import ActionItem

    open_items = ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES)
    open_items.update(due_date=SWEEP_AT.date() + dt.timedelta(days=365))
    ids = list(open_items.values_list("pk", flat=True))
    chosen = random.Random(2026).sample(ids, min(count, len(ids)))
    due = ActionItem.objects.filter(pk__in=chosen).update(due_date=OVERDUE_SINCE)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tasks_actionitem")
    return due


def explain() -> list[str]:
    from django.db import connection, transaction

    from collab.models import ReminderRule
    from collab.reminders import Sweep, get_kind
    from collab.workdays import WorkingCalendar

    kind = get_kind("action_item")
    sweep = Sweep(
        now=SWEEP_AT,
        calendar=WorkingCalendar.load(),
        rules=list(ReminderRule.objects.filter(kind="action_item", is_enabled=True)),
    )
    rows = (
        kind.candidates(sweep)
        .filter(pk__gt=0)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))[:500]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = rows.query.sql_with_params()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def digest_line(users: int) -> str:
    """The weekly digest for all the people at once: everyone's moment is set to Monday
    09:00 in Shanghai (seed_scale spreads them over the week), then Monday 7 December 2026
    09:00 is sent, in batches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from collab.models import User
    from collab.services import digests_send

    User.objects.update(digest_weekday=0, digest_hour=9, time_zone="Asia/Shanghai")

    monday = dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        messages = digests_send(now=monday)
    seconds = time.monotonic() - started
    return (
        f"- weekly digest for {users:,} people: {seconds:.1f} s, {len(messages):,} digests "
        f"sent (the others had nothing to say), {len(queries):,} queries"
    )


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


if __name__ == "__main__":
    main()
