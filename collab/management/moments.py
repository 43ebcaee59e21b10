"""The `--at` moment the reminder and digest commands take."""

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone


def parse_moment(text: str | None) -> dt.datetime:
    """ "2026-12-01 09:00" in the company time zone (or with its own offset); now if empty."""
    if not text:
        return timezone.now()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f'--at: not a moment like "2026-12-01 09:00": {text}') from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
