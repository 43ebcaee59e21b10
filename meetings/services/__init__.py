"""One function per user action on meetings and minutes (keyword-only, `by=` actor,
atomic, side effects after commit)."""

from .meetings import meeting_create, minutes_due_at

__all__ = ["meeting_create", "minutes_due_at"]
