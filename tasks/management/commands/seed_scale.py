"""Load a company-sized data set for benchmarks: people, departments, cards, action items.

    manage.py seed_scale --cards 100000 --items 1000000 --users 20000

Bulk inserts (COPY on PostgreSQL, batched INSERTs elsewhere), no history rows and no
notifications: it measures reading, not the workflow. The spread follows a company with
a few years of history: most cards closed or active, a few confidential, items mostly
done on closed cards, ten departments of equal size, two executives over five each.
Every scale login has the password of the demo (`crossdesk-demo`); heads are
`scale.head01` … `scale.head10`. Run it on an empty database: it adds, it does not replace.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from collab.management.commands.seed_demo import DEMO_PASSWORD
from collab.models import Department, User
from tasks.models import ActionItem, Card, CardCodeSequence, CardDepartment
from tasks.services.audience import card_audience_rebuild_all

DEPARTMENTS = 10
# (status, share of cards)
CARD_STATUSES = [
    ("draft", 0.04),
    ("confirming", 0.04),
    ("signing", 0.02),
    ("active", 0.45),
    ("in_acceptance", 0.05),
    ("closed", 0.35),
    ("cancelled", 0.05),
]
CONFIDENTIAL_SHARE = 0.05
OPEN_ITEM_STATUSES = ["not_started", "in_progress", "delayed"]
PRIORITIES = ["high", "medium", "medium", "low"]
BATCH = 20_000


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done, self.started = label, max(total, 1), 0, time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * 30)
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r{self.label:<14} [{bar:<30}] {share:6.1%} {self.done:>9} {elapsed:5.0f}s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def insert_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(["\\N" if value is None else value for value in row])
            buffer.seek(0)
            cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
            # Statistics taken while the table was empty, or held only the dead rows of
            # an earlier load, make the planner expect one row: the next statements
            # (audience rebuild, lookups) would then loop over every card per card.
            cursor.execute(f"ANALYZE {table}")
        else:
            marks = ", ".join(["%s"] * len(columns))
            # Table and column names come from model metadata, never from input.
            statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(statement, rows)


def next_ids(model, count: int) -> range:
    """Ids for rows inserted with explicit keys; the sequence moves past them afterwards."""
    start = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    return range(start, start + count)


def reset_sequence(model) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


class Command(BaseCommand):
    help = "Load people, cards and action items at scale (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--cards", type=int, default=100_000)
        parser.add_argument("--items", type=int, default=1_000_000)
        parser.add_argument("--users", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, cards, items, users, seed, **options):
        if users < DEPARTMENTS * 5 or cards < 1 or items < 0:
            raise CommandError(f"Give at least {DEPARTMENTS * 5} users and one card.")
        if User.objects.filter(username__startswith="scale.").exists():
            raise CommandError("Scale data is already loaded; start from an empty database.")
        self.random = random.Random(seed)
        self.now = timezone.now()
        started = time.monotonic()
        with transaction.atomic():
            departments, people = self._people(users)
            card_rows = self._cards(cards, departments, people)
            self._items(items, card_rows, people)
        with transaction.atomic():
            rows = card_audience_rebuild_all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Loaded {users} people, {cards} cards, {items} action items and {rows} audience "
            f"rows in {time.monotonic() - started:.0f} s."
        )

    # --- people -------------------------------------------------------------------------

    def _people(self, count: int):
        password = make_password(DEMO_PASSWORD)
        departments = []
        for number in range(1, DEPARTMENTS + 1):
            department, _created = Department.objects.get_or_create(
                code=f"S{number:02d}",
                defaults={"name_en": f"Scale department {number}", "name_zh": f"规模部门{number}"},
            )
            departments.append(department)
        ids = next_ids(User, count)
        progress = Progress("people", count)
        rows, people = [], {department.pk: [] for department in departments}
        joined = self.now - dt.timedelta(days=1500)
        for index, pk in enumerate(ids):
            department = departments[index % DEPARTMENTS]
            head = index < DEPARTMENTS
            username = f"scale.head{index + 1:02d}" if head else f"scale.u{index:05d}"
            name = f"Head {index + 1:02d}" if head else f"Person {index:05d}"
            rows.append(
                (pk, password, None, False, username, "", "", f"{username}@example.com", False,
                 True, joined, name, "", "zh-hans" if index % 3 else "en", "Asia/Shanghai",
                 index % 7, 9, True, department.pk)
            )  # fmt: skip
            people[department.pk].append(pk)
            if len(rows) >= BATCH:
                self._insert_users(rows)
                progress.advance(len(rows))
                rows = []
        self._insert_users(rows)
        progress.advance(len(rows))
        reset_sequence(User)
        self.contacts = {}
        for index, department in enumerate(departments):
            staff = people[department.pk]
            department.head_id = staff[0]
            department.executive_id = people[departments[0 if index < 5 else 5].pk][1]
            department.save(update_fields=["head", "executive"])
            self.contacts[department.pk] = staff[2:5]
            department.contacts.add(*self.contacts[department.pk])
        return departments, people

    def _insert_users(self, rows):
        columns = [field.column for field in User._meta.concrete_fields]
        insert_rows(User._meta.db_table, columns, rows)

    # --- cards --------------------------------------------------------------------------

    def _cards(self, count: int, departments, people):
        statuses = [status for status, _share in CARD_STATUSES]
        weights = [share for _status, share in CARD_STATUSES]
        years = {}
        ids = next_ids(Card, count)
        participation_ids = iter(next_ids(CardDepartment, count * 4))
        progress = Progress("cards", count)
        card_rows, rows, participations = [], [], []
        for pk in ids:
            created = self.now - dt.timedelta(minutes=self.random.randrange(3 * 365 * 24 * 60))
            year = timezone.localtime(created).year
            years[year] = years.get(year) or self._last_number(year)
            years[year] += 1
            status = self.random.choices(statuses, weights)[0]
            initiating = self.random.choice(departments)
            staff = people[initiating.pk]
            initiator, lead, tracker = (self.random.choice(staff) for _ in range(3))
            start = timezone.localdate(created) + dt.timedelta(days=self.random.randrange(14))
            end = start + dt.timedelta(days=self.random.randrange(20, 180))
            confidential = self.random.random() < CONFIDENTIAL_SHARE
            others = self.random.sample(
                [d for d in departments if d.pk != initiating.pk], self.random.randint(1, 3)
            )
            taking_part = [initiating, *others]
            signed = status in ("active", "in_acceptance", "closed")
            activated = created + dt.timedelta(days=3) if signed else None
            closed = (
                min(self.now, timezone.make_aware(dt.datetime.combine(end, dt.time(17))))
                if status == "closed"
                else None
            )
            rows.append(
                (pk, f"TC-{year}-{years[year]:04d}", f"Scale card {pk}", "project",
                 self.random.choice(PRIORITIES), status, initiating.pk, initiator, lead, tracker,
                 "", "Deliver the agreed outcome.", json.dumps(["On time"]), "The agreed work", "",
                 start, end, None, "CNY", "", "", "weekly", "online", confidential, None,
                 taking_part[-1].pk, created, created if status != "draft" else None, activated,
                 closed, self.now if status == "cancelled" else None, "", "", "", "", "")
            )  # fmt: skip
            for position, department in enumerate(taking_part):
                confirmed = status not in ("draft", "confirming")
                participations.append(
                    (next(participation_ids), pk, department.pk, "executor", "Deliver our part",
                     self.random.choice(self.contacts[department.pk]), position,
                     "confirmed" if confirmed else "not_asked", None, None, None, None, "", "", "",
                     "")
                )  # fmt: skip
            card_rows.append((pk, status, start, end, lead, taking_part))
            if len(rows) >= BATCH:
                self._flush_cards(rows, participations)
                progress.advance(len(rows))
                rows, participations = [], []
        self._flush_cards(rows, participations)
        progress.advance(len(rows))
        for year, last in years.items():
            CardCodeSequence.objects.update_or_create(year=year, defaults={"last_number": last})
        reset_sequence(Card)
        reset_sequence(CardDepartment)
        return card_rows

    def _last_number(self, year: int) -> int:
        sequence = CardCodeSequence.objects.filter(year=year).first()
        return sequence.last_number if sequence else 0

    def _flush_cards(self, rows, participations):
        insert_rows(Card._meta.db_table, [f.column for f in Card._meta.concrete_fields], rows)
        insert_rows(
            CardDepartment._meta.db_table,
            [f.column for f in CardDepartment._meta.concrete_fields],
            participations,
        )

    # --- action items -------------------------------------------------------------------

    def _items(self, count: int, card_rows, people):
        ids = next_ids(ActionItem, count)
        progress = Progress("action items", count)
        columns = [f.column for f in ActionItem._meta.concrete_fields]
        rows = []
        per_card, extra = divmod(count, len(card_rows))
        item_ids = iter(ids)
        for index, (card_pk, status, start, end, lead, taking_part) in enumerate(card_rows):
            for _ in range(per_card + (1 if index < extra else 0)):
                department = self.random.choice(taking_part)
                owner = self.random.choice(people[department.pk])
                due = start + dt.timedelta(days=self.random.randrange((end - start).days + 1))
                if status == "closed":
                    item_status = "done" if self.random.random() < 0.9 else "cancelled"
                elif status in ("active", "in_acceptance"):
                    item_status = self.random.choice([*OPEN_ITEM_STATUSES, "done", "done"])
                else:
                    item_status = "not_started"
                completed = (
                    timezone.make_aware(dt.datetime.combine(due, dt.time(15)))
                    if item_status == "done"
                    else None
                )
                created = timezone.make_aware(dt.datetime.combine(start, dt.time(10)))
                rows.append(
                    (next(item_ids), f"Scale item of card {card_pk}", "", owner, department.pk, "",
                     due, due, self.random.choice(PRIORITIES), item_status,
                     100 if item_status == "done" else self.random.choice([0, 20, 50, 80]),
                     card_pk, "card", "", lead, created, completed, "", "", "", None, "",
                     None, None)  # no recurrence, no occurrence date
                )  # fmt: skip
                if len(rows) >= BATCH:
                    insert_rows(ActionItem._meta.db_table, columns, rows)
                    progress.advance(len(rows))
                    rows = []
        insert_rows(ActionItem._meta.db_table, columns, rows)
        progress.advance(len(rows))
        reset_sequence(ActionItem)
