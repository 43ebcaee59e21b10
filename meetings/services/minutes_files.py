"""An absentee's written opinion (text and/or a file) and the files attached to the
minutes. Every upload is checked by collab.uploads before it is stored."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.uploads import stored_file_delete_on_commit, upload_check

from ..models import Invitation, Meeting, MeetingAttachment
from ..permissions import meeting_require
from .common import attachment_store, meeting_lock, minutes_or_none
from .minutes import _text


@records_actor("by")
@transaction.atomic
def opinion_send(*, meeting: Meeting, by: User, text: str = "", upload=None) -> Invitation:
    """An invitee (typically one who cannot come) sends a written opinion: text, a file,
    or both. Sending again replaces the text; files add up."""
    meeting = meeting_lock(meeting)
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting, person=by).first()
    meeting_require(
        by, meeting, "write_opinion", invitation=invitation, minutes=minutes_or_none(meeting)
    )
    text = _text(text or "")
    errors = FieldErrors()
    if not text and upload is None:
        errors.add("written_opinion", _("Write your opinion or attach a file."))
    if upload is not None:
        upload_check(upload, field="file", errors=errors)
    errors.raise_if_any()
    if text:
        invitation.written_opinion = text
        invitation.save(update_fields=["written_opinion"])
    if upload is not None:
        attachment_store(
            meeting=meeting,
            by=by,
            upload=upload,
            purpose=MeetingAttachment.Purpose.OPINION,
            field="file",
        )
    return invitation


@records_actor("by")
@transaction.atomic
def minutes_attachment_add(*, meeting: Meeting, by: User, upload) -> MeetingAttachment:
    """Attach a file to the draft minutes."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "record", minutes=minutes_or_none(meeting))
    errors = FieldErrors()
    if upload is None:
        errors.add("file", _("Choose a file to attach."))
    else:
        upload_check(upload, field="file", errors=errors)
    errors.raise_if_any()
    return attachment_store(
        meeting=meeting,
        by=by,
        upload=upload,
        purpose=MeetingAttachment.Purpose.MINUTES,
        field="file",
    )


@records_actor("by")
@transaction.atomic
def minutes_attachment_remove(*, meeting: Meeting, by: User, attachment: MeetingAttachment) -> None:
    """Take a file off the draft minutes (the stored file goes once that is committed)."""
    meeting = meeting_lock(meeting)
    meeting_require(by, meeting, "record", minutes=minutes_or_none(meeting))
    attachment = (
        MeetingAttachment.objects.select_for_update()
        .filter(pk=attachment.pk, meeting=meeting, purpose=MeetingAttachment.Purpose.MINUTES)
        .first()
    )
    if attachment is None:
        raise RuleViolation(_("That file is not attached to these minutes."), field="file")
    stored_file_delete_on_commit(attachment.file.storage, attachment.file.name)
    attachment.delete()
