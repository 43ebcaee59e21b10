"""Helpers for the task deadline kinds' tests: a frozen Shanghai clock on real 2026 dates
(Mid-Autumn Fri 25 Sep and National Day 1–7 Oct are holidays, Sat 10 Oct a make-up
working day) and the reminders each person has received."""

import datetime as dt
import zoneinfo

import time_machine

from collab.models import Notification
from collab.reminders import run_sweep

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def frozen(moment):
    return time_machine.travel(moment, tick=False)


def sweep(kind, moment):
    with frozen(moment):
        return run_sweep(now=moment, kinds=[kind])


def reminders_of(user):
    return list(
        Notification.objects.filter(recipient=user, reason__startswith="reminder.")
        .order_by("pk")
        .values_list("reason", flat=True)
    )


def recipients_of(reason):
    """Usernames that received a reminder `reason`, in order."""
    return list(
        Notification.objects.filter(reason=reason)
        .order_by("recipient__username")
        .values_list("recipient__username", flat=True)
    )


def reminder_count():
    return Notification.objects.filter(reason__startswith="reminder.").count()
