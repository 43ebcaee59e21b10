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
from .meetings import meeting_create, minutes_due_at
from .rows import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
    agenda_reorder,
    invitation_add,
    invitation_remove,
)

__all__ = [
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_reorder",
    "calendar_feed_of",
    "calendar_feed_reset",
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
    "minutes_due_at",
    "notice_send",
    "pre_read_add",
    "pre_read_remove",
]
