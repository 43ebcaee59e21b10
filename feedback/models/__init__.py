"""Feedback forms (DESIGN.md 2.4)."""

from .forms import (
    FeedbackActionItem,
    FeedbackAttachment,
    FeedbackCodeSequence,
    FeedbackForm,
    LogEntry,
)
from .policy import DEFAULT_POLICIES, SlaPolicy, Urgency

__all__ = [
    "DEFAULT_POLICIES",
    "FeedbackActionItem",
    "FeedbackAttachment",
    "FeedbackCodeSequence",
    "FeedbackForm",
    "LogEntry",
    "SlaPolicy",
    "Urgency",
]
