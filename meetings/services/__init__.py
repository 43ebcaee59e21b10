"""One function per user action on meetings and minutes (keyword-only, `by=` actor,
atomic, side effects after commit)."""

from .decisions import disagreement_decide
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
from .minutes_files import minutes_attachment_add, minutes_attachment_remove, opinion_send
from .minutes_items import minutes_item_add, minutes_item_remove, minutes_item_update

__all__ = [
    "AttendanceRow",
    "DisagreementRow",
    "MinutesInput",
    "ProcessNodeRow",
    "attendance_record",
    "disagreement_decide",
    "meeting_create",
    "minutes_attachment_add",
    "minutes_attachment_remove",
    "minutes_correct",
    "minutes_due_at",
    "minutes_formalise",
    "minutes_item_add",
    "minutes_item_remove",
    "minutes_item_update",
    "minutes_publish",
    "minutes_save",
    "minutes_state",
    "opinion_send",
]
