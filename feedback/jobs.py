"""Celery jobs of feedback forms (named `jobs`: `tasks` is an app). Ids in, a service call."""

from celery import shared_task

from collab import services as collab_services
from collab.models import SignatureRequest

from .documents import DOCUMENT_LANGUAGE
from .signables import FEEDBACK_FORM


@shared_task(
    name="feedback.archive_signed_form", ignore_result=True, soft_time_limit=120, time_limit=150
)
def feedback_form_archive(request_id: int) -> None:
    """Store the signed feedback form PDF (in the company's filing language) of an approved
    signature request. Running twice stores nothing new: one file per document state."""
    request = SignatureRequest.objects.filter(
        pk=request_id, document_type=FEEDBACK_FORM, status=SignatureRequest.Status.APPROVED
    ).first()
    if request is None:
        return
    collab_services.generated_document_get_or_render(request=request, language=DOCUMENT_LANGUAGE)
