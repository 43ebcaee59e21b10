"""Feedback services: one function per user action, keyword-only, `by=` the actor."""

from .forms import FeedbackInput, feedback_submit, receiving_contact_of

__all__ = ["FeedbackInput", "feedback_submit", "receiving_contact_of"]
