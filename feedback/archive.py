"""A card's feedback forms in its archive ZIP: the signed feedback form PDF of each form
linked to the card (the one it was drafted from, and those naming it as related item)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.models import SignatureRequest
from tasks.services import ArchiveEntry

from .documents import DOCUMENT_LANGUAGE
from .models import FeedbackForm
from .signables import FEEDBACK_FORM


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as stored:
            return stored.read()
    except (OSError, ValueError):  # missing from storage, or no file on record
        return None


def card_feedback_entries(card) -> Iterable[ArchiveEntry]:
    """Registered with tasks' archive from FeedbackConfig.ready(). Only signed forms: an
    unsigned form is no record yet."""
    forms = {
        form.pk: form for form in FeedbackForm.objects.filter(Q(escalated_card=card) | Q(card=card))
    }
    requests = SignatureRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(FeedbackForm),
        object_id__in=list(forms),
        document_type=FEEDBACK_FORM,
        status=SignatureRequest.Status.APPROVED,
    ).order_by("object_id", "version")
    for request in requests:
        form = forms[int(request.object_id)]
        generated = collab_services.generated_document_get_or_render(
            request=request, language=DOCUMENT_LANGUAGE
        )
        yield ArchiveEntry(
            name=f"feedback/{form.code}-v{request.version}-signed.pdf",
            description=_("Feedback form %(code)s, signed by both heads (version %(version)s)")
            % {"code": form.code, "version": request.version},
            content=_read(generated.file),
        )
