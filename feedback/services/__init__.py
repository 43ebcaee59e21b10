"""Feedback services: one function per user action, keyword-only, `by=` the actor."""

from .escalation import feedback_escalate
from .forms import FeedbackInput, feedback_submit, receiving_contact_of
from .responses import (
    feedback_acknowledge,
    feedback_action_item_add,
    feedback_log_add,
    feedback_rate,
    feedback_reopen,
    feedback_resolve,
)

__all__ = [
    "FeedbackInput",
    "feedback_acknowledge",
    "feedback_action_item_add",
    "feedback_escalate",
    "feedback_log_add",
    "feedback_rate",
    "feedback_reopen",
    "feedback_resolve",
    "feedback_submit",
    "receiving_contact_of",
]
