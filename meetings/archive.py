"""A card's meetings in its archive ZIP: each meeting's published minutes (the latest
version, as stored when published) and its signed or pending formalisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.models import SignatureRequest
from tasks.services import ArchiveEntry

from .documents import DOCUMENT_LANGUAGE
from .models import Formalisation, MinutesVersion

ARCHIVED_REQUEST_STATUSES = (
    SignatureRequest.Status.APPROVED,
    SignatureRequest.Status.REJECTED,
    SignatureRequest.Status.PENDING,
)


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as stored:
            return stored.read()
    except (OSError, ValueError):  # missing from storage, or no file on record
        return None


def card_meeting_entries(card) -> Iterable[ArchiveEntry]:
    """Registered with tasks' archive from MeetingsConfig.ready()."""
    versions = (
        MinutesVersion.objects.filter(minutes__meeting__card=card)
        .select_related("minutes__meeting")
        .order_by("minutes__meeting__starts_at", "minutes__meeting_id", "-number")
    )
    seen = set()
    for version in versions:
        meeting = version.minutes.meeting
        if meeting.pk in seen:
            continue  # only the latest version of each meeting's minutes
        seen.add(meeting.pk)
        yield ArchiveEntry(
            name=f"meetings/{meeting.code}-minutes-v{version.number}.pdf",
            description=_("Minutes of meeting %(code)s “%(topic)s”, version %(version)s")
            % {"code": meeting.code, "topic": meeting.topic, "version": version.number},
            content=_read(version.pdf),
        )
    formalisations = {
        f.pk: f for f in Formalisation.objects.filter(meeting__card=card).select_related("meeting")
    }
    requests = SignatureRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(Formalisation),
        object_id__in=list(formalisations),
        status__in=ARCHIVED_REQUEST_STATUSES,
    ).order_by("object_id", "version")
    for request in requests:
        formalisation = formalisations[int(request.object_id)]
        generated = collab_services.generated_document_get_or_render(
            request=request, language=DOCUMENT_LANGUAGE
        )
        yield ArchiveEntry(
            name=f"meetings/{formalisation.code}-v{request.version}-{request.status}.pdf",
            description=_("%(document)s %(code)s, version %(version)s: %(status)s")
            % {
                "document": formalisation.get_kind_display(),
                "code": formalisation.code,
                "version": request.version,
                "status": request.get_status_display(),
            },
            content=_read(generated.file),
        )
