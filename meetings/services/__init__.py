"""One function per user action on meetings and minutes (keyword-only, `by=` actor,
atomic, side effects after commit)."""

from .documents import ProcessNodeRow, minutes_correct, minutes_formalise, minutes_publish
from .meetings import meeting_create, minutes_due_at
from .minutes import (
    AttendanceRow,
    DisagreementRow,
    MinutesInput,
    attendance_record,
    minutes_save,
    minutes_state,
)

__all__ = [
    "AttendanceRow",
    "DisagreementRow",
    "MinutesInput",
    "ProcessNodeRow",
    "attendance_record",
    "meeting_create",
    "minutes_correct",
    "minutes_due_at",
    "minutes_formalise",
    "minutes_publish",
    "minutes_save",
    "minutes_state",
]
