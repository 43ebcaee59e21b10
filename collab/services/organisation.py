"""People and their preferences."""

import zoneinfo

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..errors import FieldErrors, Forbidden
from ..models import User, Weekday
from ..models.organisation import DIGEST_HOURS

# What a person sets for reminders and the weekly digest (profile page and API alike).
REMINDER_SETTINGS = ("digest_weekday", "digest_hour", "time_zone", "low_priority_reminders")
# The profile's other fields; the form has checked them (lengths, e-mail shape).
PROFILE_FIELDS = ("display_name", "email", "phone_extension", "language")
ONLY_THEMSELVES = _("Only the person themselves changes their profile.")


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _whole_number(value) -> int | None:
    # bool is an int to Python, but "true" is no hour.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _reminder_settings_clean(values: dict) -> dict:
    """The reminder settings in `values` (any subset), checked; RuleViolation with one
    message per field at fault, before anything is saved."""
    errors = FieldErrors()
    cleaned = {}
    unknown = set(values) - set(REMINDER_SETTINGS)
    for field in sorted(unknown):
        errors.add(field, _("This setting does not exist."))
    if "digest_weekday" in values:
        day = _whole_number(values["digest_weekday"])
        if day is None or day not in Weekday.values:
            errors.add("digest_weekday", _("The digest day must be 0 (Monday) to 6 (Sunday)."))
        else:
            cleaned["digest_weekday"] = day
    if "digest_hour" in values:
        hour = _whole_number(values["digest_hour"])
        if hour is None or hour not in DIGEST_HOURS:
            errors.add("digest_hour", _("The digest hour must be a whole hour from 0 to 23."))
        else:
            cleaned["digest_hour"] = hour
    if "time_zone" in values:
        zone = values["time_zone"]
        if not isinstance(zone, str) or zone not in zoneinfo.available_timezones():
            errors.add(
                "time_zone",
                _("“%(value)s” is not a time zone Crossdesk knows.") % {"value": zone},
            )
        else:
            cleaned["time_zone"] = zone
    if "low_priority_reminders" in values:
        if not isinstance(values["low_priority_reminders"], bool):
            errors.add("low_priority_reminders", _("Answer yes or no."))
        else:
            cleaned["low_priority_reminders"] = values["low_priority_reminders"]
    errors.raise_if_any()
    return cleaned


def user_update_reminder_settings(*, user: User, by: User, values: dict) -> User:
    """Set a person's digest day and hour, time zone and low-priority opt-out.

    Escalations are not affected by the opt-out: it covers low-priority reminders only.
    Every value is checked before any is saved.
    """
    if by.pk != user.pk:
        raise Forbidden(ONLY_THEMSELVES)
    cleaned = _reminder_settings_clean(values)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        changed = [field for field, value in cleaned.items() if getattr(locked, field) != value]
        for field in changed:
            setattr(locked, field, cleaned[field])
        if changed:
            locked.save(update_fields=changed)
    for field in REMINDER_SETTINGS:
        setattr(user, field, getattr(locked, field))
    return user


def user_update_profile(*, user: User, by: User, values: dict) -> User:
    """Save the profile page: name, contact, language and the reminder settings, all or
    nothing. The identity fields come checked by the profile form."""
    if by.pk != user.pk:
        raise Forbidden(ONLY_THEMSELVES)
    reminder_values = {key: values[key] for key in REMINDER_SETTINGS if key in values}
    cleaned = _reminder_settings_clean(reminder_values)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        for field in PROFILE_FIELDS:
            if field in values:
                setattr(locked, field, values[field])
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked.save(update_fields=[f for f in PROFILE_FIELDS if f in values] + list(cleaned))
    for field in (*PROFILE_FIELDS, *REMINDER_SETTINGS):
        setattr(user, field, getattr(locked, field))
    return user
