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
from .tracking import ProgressUpdate, Risk

__all__ = [
    "PRIORITY_RANK",
    "AcceptanceSubmission",
    "ActionItem",
    "Card",
    "CardAudience",
    "CardCodeSequence",
    "CardDepartment",
    "ChangeRequest",
    "DelayNotice",
    "Milestone",
    "Priority",
    "ProgressUpdate",
    "Risk",
]
