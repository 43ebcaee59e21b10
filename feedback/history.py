"""A feedback form's change history, newest first, for its History tab."""

from django.utils.translation import gettext as _

from collab.history import HistoryEntry, history_entries_of_many

from .models import FeedbackForm

# Deadline bookkeeping the page shows as the SLA state, not something a reader changed.
HIDDEN_FIELDS = ["response_due_soon_at", "last_follow_up_at"]


def feedback_history(form: FeedbackForm, *, limit: int = 100) -> list[HistoryEntry]:
    """A fixed number of queries whatever the number of records."""
    return history_entries_of_many(
        [FeedbackForm.history.filter(id=form.pk)],
        limit=limit,
        exclude=HIDDEN_FIELDS,
        subject_of={FeedbackForm.history.model: lambda record: _("Feedback form")},
    )
