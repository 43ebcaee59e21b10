"""Change history: who made a change (for django-simple-history, when no web request says
so), and what changed, in words people can read."""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, Literal

from django.db import models
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject, HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name


@contextmanager
def history_user(user):
    """Attribute history rows to `user` unless a logged-in request already does.

    Web requests set the user through HistoryRequestMiddleware; Celery jobs, management
    commands and the demo data come through here.
    """
    context = HistoricalRecords.context
    current = getattr(context, "request", None)
    if current is not None and getattr(getattr(current, "user", None), "is_authenticated", False):
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if current is None:
            del context.request
        else:
            context.request = current


def records_actor(argument: str = "by"):
    """Decorate a service whose keyword `argument` is the acting user."""

    def decorate(service):
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            with history_user(kwargs.get(argument)):
                return service(*args, **kwargs)

        return wrapper

    return decorate


# --- Reading history ---------------------------------------------------------------------

HistoryKind = Literal["created", "changed", "deleted"]

KINDS: dict[str, HistoryKind] = {"+": "created", "~": "changed", "-": "deleted"}
# The same words as simple-history's own catalogue, which already translates them.
KIND_LABELS = {"created": _("Created"), "changed": _("Changed"), "deleted": _("Deleted")}

# Never shown, whatever the model: a password hash is a secret, and these timestamps
# move on every sign-in or save, so they would bury the changes people made.
ALWAYS_SKIPPED = frozenset({"password", "last_login", "updated_at"})

EMPTY = "—"
TRUNCATE_AT = 120


@dataclass(frozen=True)
class FieldChange:
    """One field's move, as display text in the active language."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One historical record: when, by whom, and the fields it changed."""

    when: dt.datetime
    who: str
    kind: HistoryKind
    kind_label: str
    changes: tuple[FieldChange, ...]
    # What the entry is about when a history merges several objects ("Agenda item: Budget").
    subject: str = ""


def history_entries(
    instance: models.Model, *, limit: int = 100, exclude: Iterable[str] = ()
) -> list[HistoryEntry]:
    """The `limit` newest history entries of `instance`, newest first, ready to display.

    `instance`'s model has `HistoricalRecords`; only its primary key is used, so a deleted
    object's history reads from an unsaved stand-in (`Card(pk=pk)`). Labels and values
    are rendered in the active language and time zone, so call this while handling the
    reader's request. Fields named in `exclude`, `ALWAYS_SKIPPED`, primary keys,
    non-editable and `auto_now` fields are not shown, and a "changed" record that
    differs only in those is left out, so fewer than `limit` entries may come back.

    Queries: one for `limit + 1` records (the extra one is the baseline the oldest shown
    record is compared with), one per tracked many-to-many field, and one per model that
    foreign keys or many-to-many fields point at, to name them; never one per record.

    The creation record lists the object's non-empty initial values, each as a change
    from "" (`old` is empty): a reader sees what the object started as, e.g. the first
    head of a department, which no later entry shows once it is changed, or at all if it
    never is. A "changed" record with nothing older to compare with (history started
    after the object existed) comes back with no changes.
    """
    manager = getattr(instance, instance._meta.simple_history_manager_attribute)
    history_model = manager.model
    skipped = ALWAYS_SKIPPED | set(exclude)
    fields = [
        field
        for field in history_model.tracked_fields
        if field.editable
        and not field.primary_key
        and not getattr(field, "auto_now", False)
        and field.name not in skipped
    ]
    m2m_fields = [field for field in history_model._history_m2m_fields if field.name not in skipped]
    order = {field.name: position for position, field in enumerate([*fields, *m2m_fields])}

    records = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    m2m_values = _m2m_values(history_model, m2m_fields, records)

    raw_entries = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        kind = KINDS[record.history_type]
        changes = _record_changes(record, older, kind, fields, m2m_fields, m2m_values, order)
        if changes is not None:
            raw_entries.append((record, kind, changes))

    names = _related_names(change for _record, _kind, changes in raw_entries for change in changes)
    return [
        HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "",
            kind=kind,
            kind_label=str(KIND_LABELS[kind]),
            changes=tuple(
                FieldChange(
                    field=field.name,
                    label=capfirst(str(field.verbose_name)),
                    old="" if kind == "created" else _display(field, old, names),
                    new=_display(field, new, names),
                )
                for field, old, new in changes
            ),
        )
        for record, kind, changes in raw_entries
    ]


def _record_changes(record, older, kind, fields, m2m_fields, m2m_values, order):
    """What one history record changed, in the fields' order: every non-empty value for a
    creation, nothing for the oldest record kept, else the differences from `older`;
    None for a save that changed nothing shown."""
    if kind == "created":
        values = model_to_dict(record, fields=[field.name for field in fields])
        values.update({name: by_record[record.pk] for name, by_record in m2m_values.items()})
        changes = [
            (field, None, values[field.name])
            for field in [*fields, *m2m_fields]
            if not _is_empty(values[field.name])
        ]
    elif older is None:
        changes = []
    else:
        changes = _raw_changes(record, older, fields, m2m_fields, m2m_values)
        if kind == "changed" and not changes:
            return None
    changes.sort(key=lambda change: order[change[0].name])
    return changes


def _raw_changes(record, older, fields, m2m_fields, m2m_values):
    """(field, old, new) raw values where `record` differs from the record before it."""
    # Many-to-many fields are compared here from the rows fetched for the whole window:
    # `diff_against` would run two queries per field for every pair of records.
    delta = record.diff_against(older, included_fields=[field.name for field in fields])
    by_name = {field.name: field for field in fields}
    changes = [(by_name[change.field], change.old, change.new) for change in delta.changes]
    for field in m2m_fields:
        old, new = m2m_values[field.name][older.pk], m2m_values[field.name][record.pk]
        if old != new:
            changes.append((field, old, new))
    return changes


def _m2m_values(history_model, m2m_fields, records) -> dict[str, dict[Any, frozenset]]:
    """For each many-to-many field, the related keys each record saw, in one query a field."""
    values: dict[str, dict[Any, frozenset]] = {}
    record_ids = [record.pk for record in records]
    for field in m2m_fields:
        rows = defaultdict(set)
        if record_ids:
            m2m_history_model = getattr(history_model, field.name).model
            related = get_m2m_reverse_field_name(field)
            for record_id, key in m2m_history_model.objects.filter(
                history__in=record_ids
            ).values_list("history", related):
                rows[record_id].add(key)
        values[field.name] = defaultdict(frozenset, {k: frozenset(v) for k, v in rows.items()})
    return values


def _related_names(changes) -> dict[tuple[type[models.Model], str], dict[Any, str]]:
    """Names of every object the changes point at, in one query per related model."""
    keys = defaultdict(set)
    for field, old, new in changes:
        if field.many_to_many:
            keys[_target(field)].update(old or (), new or ())
        elif field.is_relation:
            keys[_target(field)].update(value for value in (old, new) if not _is_empty(value))
    return {
        (model, attname): {
            getattr(obj, attname): str(obj)
            for obj in model._base_manager.filter(**{f"{attname}__in": model_keys})
        }
        for (model, attname), model_keys in keys.items()
    }


def _target(field) -> tuple[type[models.Model], str]:
    """The related model and the attribute a relation's stored values refer to."""
    return field.related_model, field.target_field.attname


def _name(field, key, names) -> str:
    known = names.get(_target(field), {})
    return known.get(key) or str(DeletedObject(field.related_model, key))


def _is_empty(value) -> bool:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value is None
    return not value


def _display(field, value, names) -> str:
    """`value` of `field` as short text in the active language and time zone."""
    if _is_empty(value):
        return EMPTY
    if field.many_to_many:
        text = ", ".join(sorted(_name(field, key, names) for key in value))
    elif field.is_relation:
        text = _name(field, value, names)
    elif field.flatchoices:
        text = str(dict(field.flatchoices).get(value, value))
    elif isinstance(value, bool):
        text = gettext("Yes") if value else gettext("No")
    elif isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        text = formats.date_format(value, "DATETIME_FORMAT")
    elif isinstance(value, dt.date):
        text = formats.date_format(value, "DATE_FORMAT")
    elif isinstance(value, dt.time):
        text = formats.time_format(value, "TIME_FORMAT")
    elif isinstance(value, list | tuple):
        text = ", ".join(_plain(item) for item in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    elif isinstance(value, int | float | Decimal):
        text = formats.localize(value)
    else:
        text = str(value)
    # Table cells read best on one line: newlines and runs of spaces become one space.
    return Truncator(" ".join(text.split())).chars(TRUNCATE_AT) or EMPTY


def _plain(item) -> str:
    if isinstance(item, dict):
        return ", ".join(f"{key}: {value}" for key, value in item.items())
    return str(item)


def history_entries_of_many(
    querysets: Iterable[models.QuerySet],
    *,
    limit: int = 100,
    exclude: Iterable[str] = (),
    subject_of: dict[type[models.Model], Any] | None = None,
) -> list[HistoryEntry]:
    """The `limit` newest entries of several objects' histories in one time-ordered list,
    newest first: e.g. a meeting with its invitations and agenda items.

    Each queryset holds the historical records of one model (`Invitation.history.filter(
    meeting_id=7)`); a record is compared with the one before it of the same object, as
    `history_entries` does. `subject_of[history model](record)` names what an entry is
    about. Queries: one per queryset, one per tracked many-to-many field, one per model
    the changes point at; never one per record or object.
    """
    skipped = ALWAYS_SKIPPED | set(exclude)
    subject_of = subject_of or {}
    raw_entries = []
    for queryset in querysets:
        history_model = queryset.model
        fields = [
            field
            for field in history_model.tracked_fields
            if field.editable
            and not field.primary_key
            and not getattr(field, "auto_now", False)
            and field.name not in skipped
        ]
        m2m_fields = [
            field for field in history_model._history_m2m_fields if field.name not in skipped
        ]
        order = {field.name: position for position, field in enumerate([*fields, *m2m_fields])}
        key = history_model.instance_type._meta.pk.attname
        records = list(
            queryset.select_related("history_user").order_by(key, "history_date", "history_id")
        )
        m2m_values = _m2m_values(history_model, m2m_fields, records)
        subject = subject_of.get(history_model, lambda record: "")
        previous = None
        for record in records:
            same_object = previous is not None and getattr(previous, key) == getattr(record, key)
            older = previous if same_object else None
            previous = record
            kind = KINDS[record.history_type]
            changes = _record_changes(record, older, kind, fields, m2m_fields, m2m_values, order)
            if changes is not None:
                raw_entries.append((record, kind, changes, subject(record)))

    raw_entries.sort(key=lambda entry: entry[0].history_date, reverse=True)
    raw_entries = raw_entries[:limit]
    names = _related_names(change for entry in raw_entries for change in entry[2])
    return [
        HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "",
            kind=kind,
            kind_label=str(KIND_LABELS[kind]),
            changes=tuple(
                FieldChange(
                    field=field.name,
                    label=capfirst(str(field.verbose_name)),
                    old="" if kind == "created" else _display(field, old, names),
                    new=_display(field, new, names),
                )
                for field, old, new in changes
            ),
            subject=subject,
        )
        for record, kind, changes, subject in raw_entries
    ]
