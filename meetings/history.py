"""A meeting's change history: the meeting, its invitations and agenda, and its minutes
(conclusions, viewpoints, disagreements), merged in time order."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from collab.history import HistoryEntry, history_entries_of_many
from collab.models import User

from .models import (
    AgendaItem,
    Conclusion,
    DepartmentViewpoint,
    Disagreement,
    Invitation,
    Meeting,
    Minutes,
)

# Calendar bookkeeping, not something a reader changed; and the meeting a row belongs to,
# which the page already says.
HIDDEN_FIELDS = ["sequence", "meeting"]


def meeting_history(meeting: Meeting, *, limit: int = 100) -> list[HistoryEntry]:
    """Newest first; a fixed number of queries whatever the number of records."""
    invitations = Invitation.history.filter(meeting_id=meeting.pk)
    invited = User.objects.filter(pk__in=invitations.values("person_id"))
    names = {user.pk: str(user) for user in invited}
    minutes_ids = Minutes.history.filter(meeting_id=meeting.pk).values("id")
    querysets = [
        Meeting.history.filter(id=meeting.pk),
        invitations,
        AgendaItem.history.filter(meeting_id=meeting.pk),
        Minutes.history.filter(meeting_id=meeting.pk),
        Conclusion.history.filter(minutes_id__in=minutes_ids),
        DepartmentViewpoint.history.filter(minutes_id__in=minutes_ids),
        Disagreement.history.filter(minutes_id__in=minutes_ids),
    ]
    subject_of = {
        Meeting.history.model: lambda record: _("Meeting"),
        Invitation.history.model: lambda record: (
            _("Invitation: %(name)s") % {"name": names.get(record.person_id, "")}
        ),
        AgendaItem.history.model: lambda record: (
            _("Agenda item: %(title)s") % {"title": record.title}
        ),
        Minutes.history.model: lambda record: pgettext("meeting minutes", "Minutes"),
        Conclusion.history.model: lambda record: (
            _("Conclusion %(number)s") % {"number": record.number}
        ),
        DepartmentViewpoint.history.model: lambda record: _("Department viewpoint"),
        Disagreement.history.model: lambda record: _("Disagreement"),
    }
    return history_entries_of_many(
        querysets, limit=limit, exclude=HIDDEN_FIELDS, subject_of=subject_of
    )
