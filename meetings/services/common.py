"""What every meetings service starts from: the locked meeting, its minutes, its files."""

from __future__ import annotations

from collab.models import User
from collab.uploads import stored_file_save

from ..models import Meeting, MeetingAttachment, Minutes


def meeting_lock(meeting: Meeting) -> Meeting:
    """The meeting row, locked: every change to a meeting and its minutes takes it first."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def minutes_for_update(meeting: Meeting) -> Minutes:
    """The meeting's minutes, created as a draft on first use. The caller holds the
    meeting's lock."""
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


def minutes_or_none(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def attachment_store(
    *, meeting: Meeting, by: User, upload, purpose: str, field: str
) -> MeetingAttachment:
    """Store a checked upload as the meeting's file for `purpose`. The caller holds the
    meeting's lock and has run collab.uploads.upload_check."""
    attachment = MeetingAttachment(
        meeting=meeting, purpose=purpose, uploaded_by=by, name=upload.name[:200], size=upload.size
    )
    stored_file_save(attachment.file, upload.name, upload, field=field)
    attachment.save()
    return attachment
