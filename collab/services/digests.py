"""The weekly digest: one notification per person, at their day and hour, once a week."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..digests import DigestWeek, digest_groups
from ..models import Notification, User
from .notifications import Message, notify_many

REASON = "digest.weekly"
TEMPLATE = "collab/notifications/weekly_digest"
DIGEST_BATCH = 500


@dataclass(frozen=True)
class _ZoneMoment:
    weekday: int
    hour: int
    week: DigestWeek


def _zone_moments(now: dt.datetime) -> dict[str, _ZoneMoment]:
    """Each time zone the active users live in, with its local weekday, hour and week."""
    zones = (
        User.objects.filter(is_active=True)
        .order_by()
        .values_list("time_zone", flat=True)
        .distinct()
    )
    moments = {}
    for name in zones:
        try:
            local = now.astimezone(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue  # the profile form refuses unknown zones; an old row is skipped
        moments[name] = _ZoneMoment(local.weekday(), local.hour, DigestWeek(local.date()))
    return moments


def digest_recipients_due(*, now: dt.datetime, moments: dict[str, _ZoneMoment] | None = None):
    """Active users whose digest moment has come: it is their digest day in their zone, the
    hour has started, and this week's digest is not sent yet. So an hourly job that runs
    late (10:40) or twice still sends each digest once; the catch-up lasts the rest of the
    digest day. One query on the (digest_weekday, digest_hour) index."""
    moments = _zone_moments(now) if moments is None else moments
    groups: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for name, moment in moments.items():
        groups[(moment.weekday, moment.hour, moment.week.key)].append(name)
    condition = Q(pk__in=[])
    for (weekday, hour, key), zones in groups.items():
        sent = Notification.objects.filter(recipient_id=OuterRef("pk"), reason=REASON, key=key)
        condition |= Q(
            Q(time_zone__in=zones, digest_weekday=weekday, digest_hour__lte=hour),
            ~Exists(sent),
        )
    return User.objects.filter(condition, is_active=True)


def digests_send(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Message]:
    """Send the weekly digest to everyone whose moment is `now` and who has something to
    say; nothing for the others. Walks the recipients in keyset batches of DIGEST_BATCH,
    asking every section for the whole batch at once; each batch is one transaction
    (nothing is sent for it if it fails). `dry_run` builds the messages
    without sending them (the `digests preview` command). Returns the messages."""
    now = now or timezone.now()
    moments = _zone_moments(now)
    due = digest_recipients_due(now=now, moments=moments)
    messages: list[Message] = []
    last_pk = 0
    while True:
        with transaction.atomic():
            # Two overlapping runs never take the same people: the batch's rows stay
            # locked until its notifications are committed, which then exclude them.
            batch = list(
                due.filter(pk__gt=last_pk)
                .order_by("pk")
                .select_for_update(skip_locked=True, of=("self",))[:DIGEST_BATCH]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            batch_messages = _batch_messages(batch, moments)
            if not dry_run:
                notify_many(batch_messages)
        messages.extend(batch_messages)
    return messages


def _batch_messages(users: list[User], moments: dict[str, _ZoneMoment]) -> list[Message]:
    """One message per user with something to say; a batch spans at most a few weeks (the
    week changes at different moments in different zones)."""
    by_week: dict[DigestWeek, list[User]] = defaultdict(list)
    for user in users:
        by_week[moments[user.time_zone].week].append(user)
    messages = []
    for week, people in by_week.items():
        groups = digest_groups(people, week)
        for user in people:
            if user.pk not in groups:
                continue
            messages.append(
                Message(
                    recipient=user,
                    reason=REASON,
                    key=week.key,
                    template=TEMPLATE,
                    url="/",
                    context={
                        "week": week.key,
                        "week_start": week.start,
                        "week_end": week.end,
                        "groups": [group.as_context() for group in groups[user.pk]],
                    },
                )
            )
    return messages
