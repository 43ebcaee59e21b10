"""Task cards (DESIGN.md 2.1) and action items (2.2)."""

from .cards import (
    AcceptanceSubmission,
    Card,
    CardCodeSequence,
    CardDepartment,
    ChangeRequest,
    Milestone,
    Priority,
)
from .items import ActionItem, DelayNotice
from .tracking import ProgressUpdate, Risk

__all__ = [
    "AcceptanceSubmission",
    "ActionItem",
    "Card",
    "CardCodeSequence",
    "CardDepartment",
    "ChangeRequest",
    "DelayNotice",
    "Milestone",
    "Priority",
    "ProgressUpdate",
    "Risk",
]
