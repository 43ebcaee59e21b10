"""Feedback services: one function per user action, keyword-only, `by=` the actor."""

from .escalation import feedback_escalate
from .forms import FeedbackInput, feedback_submit, receiving_contact_of

__all__ = ["FeedbackInput", "feedback_escalate", "feedback_submit", "receiving_contact_of"]
