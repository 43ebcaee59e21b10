"""Publishing minutes (frozen as a version and distributed with their PDF), correcting them
as a new version, and formalising them into a document the involved heads sign."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import Department, User
from collab.text import clean_text
from collab.uploads import stored_file_save

from ..documents import DOCUMENT_LANGUAGE, minutes_pdf, minutes_pdf_name, minutes_snapshot
from ..models import Formalisation, Meeting, Minutes, MinutesVersion, ProcessNode
from ..permissions import meeting_require
from ..publication import minutes_recipients
from ..signables import FORMALISATION_TYPES
from .common import meeting_lock, minutes_or_none


def _text(value: str) -> str:
    return clean_text(value or "", multiline=True).strip()


def _documents_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=documents"


def _publishable(meeting: Meeting, by: User) -> Minutes | None:
    """Refuse unless `by` may publish now and the minutes have a conclusion."""
    minutes = minutes_or_none(meeting)
    meeting_require(by, meeting, "publish", minutes=minutes)
    if minutes is None or not minutes.conclusions.exists():
        raise RuleViolation(
            _("Record at least one agreed conclusion before publishing the minutes."),
            field="conclusions",
            code="no_conclusions",
        )
    return minutes


def minutes_publish(*, meeting: Meeting, by: User) -> MinutesVersion:
    """Freeze the draft minutes as their next published version, with the PDF, and send it
    to the participating departments' heads and the action-item owners, the overseeing
    executives in CC. The PDF renders before the meeting row is locked; under the lock
    the content is read again and rendered again only if it changed meanwhile."""
    _publishable(meeting, by)  # refuse early, before the slow rendering
    snapshot = minutes_snapshot(meeting)
    pdf = minutes_pdf(snapshot, language=DOCUMENT_LANGUAGE)
    return _minutes_publish_locked(meeting=meeting, by=by, snapshot=snapshot, pdf=pdf)


@records_actor("by")
@transaction.atomic
def _minutes_publish_locked(
    *, meeting: Meeting, by: User, snapshot: dict, pdf: bytes
) -> MinutesVersion:
    meeting = meeting_lock(meeting)
    minutes = _publishable(meeting, by)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    current = minutes_snapshot(meeting)
    if current != snapshot:  # someone saved the draft while the PDF was rendering
        snapshot, pdf = current, minutes_pdf(current, language=DOCUMENT_LANGUAGE)
    now = timezone.now()
    version = MinutesVersion(
        minutes=minutes,
        number=minutes.version,
        snapshot=snapshot,
        correction_note=minutes.correction_note,
        published_at=now,
        published_by=by,
    )
    filename = minutes_pdf_name(meeting.code, minutes.version)
    stored_file_save(version.pdf, filename, ContentFile(pdf))
    version.save()
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = now
    minutes.published_by = by
    minutes.save(update_fields=["status", "published_at", "published_by"])
    _distribute(meeting, minutes, version, filename, pdf)
    return version


def _distribute(meeting, minutes, version, filename: str, pdf: bytes) -> None:
    """Queued with the commit (notify sends after it): heads and owners, then the
    executives with the note that they are copied."""
    recipients = minutes_recipients(meeting, minutes)
    context = {
        "meeting": {"code": meeting.code, "topic": meeting.topic},
        "version": version.number,
        "corrected": version.number > 1,
        "correction_note": version.correction_note,
        "conclusions": len(version.snapshot["conclusions"]),
        "action_items": len(version.snapshot["action_items"]),
    }
    common = {
        "key": f"{minutes.pk}:v{version.number}",
        "context": context,
        "url": _documents_url(meeting),
        "about": f"minutes:{minutes.pk}",
        "attachments": [collab_services.EmailFile(filename, "application/pdf", pdf)],
    }
    collab_services.notify(
        recipients=recipients.to,
        reason="minutes_published",
        template="meetings/notifications/minutes_published",
        **common,
    )
    collab_services.notify(
        recipients=recipients.cc,
        reason="minutes_published_cc",
        template="meetings/notifications/minutes_published_cc",
        **common,
    )


@records_actor("by")
@transaction.atomic
def minutes_correct(*, meeting: Meeting, by: User, note: str) -> Minutes:
    """Open published minutes again as the draft of version n + 1; version n stays frozen
    and listed. `note` says what the new version corrects."""
    meeting = meeting_lock(meeting)
    minutes = minutes_or_none(meeting)
    meeting_require(by, meeting, "correct", minutes=minutes)
    note = _text(note)
    if not note:
        raise RuleViolation(_("Say what this correction changes."), field="note")
    minutes.status = Minutes.Status.DRAFT
    minutes.version += 1
    minutes.correction_note = note
    minutes.save(update_fields=["status", "version", "correction_note"])
    return minutes


@dataclass(frozen=True)
class ProcessNodeRow:
    name: str
    department: Department | None


CODE_PREFIXES = {
    Formalisation.Kind.CONFIRMATION_LETTER: "CL",
    Formalisation.Kind.PROCESS_APPROVAL: "PA",
}


def _check_formalisation(kind: str, summary: str, nodes: list[ProcessNodeRow]) -> None:
    errors = FieldErrors()
    if kind not in Formalisation.Kind.values:
        errors.add("kind", _("Choose a confirmation letter or a process approval form."))
    if not summary:
        errors.add("summary", _("Say what the departments agree to."))
    if kind == Formalisation.Kind.PROCESS_APPROVAL:
        if not nodes:
            errors.add("nodes", _("List the process nodes the change sets up."))
        for row in nodes:
            if not _text(row.name) or row.department is None:
                errors.add("nodes", _("Give every process node a name and a department."))
                break
    errors.raise_if_any()


@records_actor("by")
@transaction.atomic
def minutes_formalise(
    *,
    meeting: Meeting,
    by: User,
    kind: str,
    summary: str,
    nodes: list[ProcessNodeRow] | None = None,
) -> Formalisation:
    """Turn the published minutes into a collaboration confirmation letter (协作确认函) or a
    process approval form (流程审批单, with its ordered nodes), and ask the heads of the
    involved departments to sign it through the sign-off engine."""
    meeting = meeting_lock(meeting)
    minutes = minutes_or_none(meeting)
    meeting_require(by, meeting, "formalise", minutes=minutes)
    summary = _text(summary)
    nodes = [row for row in (nodes or []) if _text(row.name) or row.department is not None]
    _check_formalisation(kind, summary, nodes)
    if kind != Formalisation.Kind.PROCESS_APPROVAL:
        nodes = []
    number = Formalisation.objects.filter(meeting=meeting).count() + 1
    formalisation = Formalisation.objects.create(
        meeting=meeting,
        kind=kind,
        code=f"{meeting.code}-{CODE_PREFIXES[kind]}{number}",
        minutes_version=minutes.version,
        summary=summary,
        created_by=by,
    )
    ProcessNode.objects.bulk_create(
        ProcessNode(
            formalisation=formalisation,
            position=position,
            name=_text(row.name)[:200],
            department=row.department,
        )
        for position, row in enumerate(nodes, start=1)
    )
    collab_services.signature_request_open(
        document=formalisation, document_type=FORMALISATION_TYPES[kind], requested_by=by
    )
    return formalisation
