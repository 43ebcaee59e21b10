"""Meetings and minutes (DESIGN.md 2.3)."""

from .meetings import (
    AgendaItem,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingAttachment,
    MeetingCodeSequence,
    MeetingSeries,
)
from .minutes import (
    Conclusion,
    DepartmentViewpoint,
    Disagreement,
    Formalisation,
    Minutes,
    MinutesActionItem,
    MinutesVersion,
    ProcessNode,
)

__all__ = [
    "AgendaItem",
    "CalendarFeed",
    "Conclusion",
    "DepartmentViewpoint",
    "Disagreement",
    "Formalisation",
    "Invitation",
    "Meeting",
    "MeetingAttachment",
    "MeetingCodeSequence",
    "MeetingSeries",
    "Minutes",
    "MinutesActionItem",
    "MinutesVersion",
    "ProcessNode",
]
