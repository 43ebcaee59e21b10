"""One function per user action on meetings and minutes (keyword-only, `by=` actor,
atomic, side effects after commit)."""

from .answers import (
    calendar_feed_of,
    calendar_feed_reset,
    invitation_answer,
    meeting_series_create,
)
from .calling import (
    meeting_call,
    meeting_cancel,
    meeting_delete,
    meeting_input_of,
    meeting_update,
    notice_send,
    pre_read_add,
    pre_read_remove,
)
from .decisions import disagreement_decide
from .documents import ProcessNodeRow, minutes_correct, minutes_formalise, minutes_publish
from .meetings import meeting_create, minutes_due_at
from .minutes import (
    AttendanceRow,
    DisagreementRow,
    MinutesInput,
    attendance_record,
    minutes_save,
)
from .minutes_files import minutes_attachment_add, minutes_attachment_remove, opinion_send
from .minutes_items import minutes_item_add, minutes_item_remove, minutes_item_update
from .rows import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
    agenda_reorder,
    invitation_add,
    invitation_remove,
)

__all__ = [
    "AttendanceRow",
    "DisagreementRow",
    "MinutesInput",
    "ProcessNodeRow",
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_reorder",
    "attendance_record",
    "calendar_feed_of",
    "calendar_feed_reset",
    "disagreement_decide",
    "invitation_add",
    "invitation_answer",
    "invitation_remove",
    "meeting_call",
    "meeting_cancel",
    "meeting_create",
    "meeting_delete",
    "meeting_input_of",
    "meeting_series_create",
    "meeting_update",
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
    "notice_send",
    "opinion_send",
    "pre_read_add",
    "pre_read_remove",
]
