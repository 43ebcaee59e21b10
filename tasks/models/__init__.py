"""Task cards (DESIGN.md 2.1) and action items (2.2)."""

from .audience import CardAudience
from .cards import (
    PRIORITY_RANK,
    AcceptanceSubmission,
    Card,
    CardCodeSequence,
    CardDepartment,
    ChangeRequest,
    Milestone,
    Priority,
)
from .items import ActionItem, DelayNotice
from .recurrence import MAX_OCCURRENCES, ItemRecurrence
from .tracking import ProgressUpdate, Risk

__all__ = [
    "MAX_OCCURRENCES",
    "PRIORITY_RANK",
    "AcceptanceSubmission",
    "ActionItem",
    "Card",
    "CardAudience",
    "CardCodeSequence",
    "CardDepartment",
    "ChangeRequest",
    "DelayNotice",
    "ItemRecurrence",
    "Milestone",
    "Priority",
    "ProgressUpdate",
    "Risk",
]
