"""The feedback form (跨部门协作沟通与问题反馈表) as a signable document: once the initiator
confirms it, the heads of the initiating and receiving departments sign it (dual sign-off)
and the signed PDF is archived."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from collab.models import RequiredSigner, SignatureRequest
from collab.selectors import Role
from collab.signables import SignableType, SignerRole, register

from .documents import BODY_TEMPLATE, FEEDBACK_FORM_TITLE, feedback_form_context
from .models import FeedbackForm
from .permissions import feedback_visible_to

FEEDBACK_FORM = "feedback_form"


def feedback_signature_request(form: FeedbackForm) -> SignatureRequest | None:
    """The form's latest signature request (cancelled ones left out), with its places to
    sign, their signers and signatures: two queries."""
    places = RequiredSigner.objects.select_related(
        "user", "department", "signature__signer", "signature__on_behalf_of"
    ).order_by("position", "pk")
    return (
        SignatureRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(FeedbackForm),
            object_id=form.pk,
            document_type=FEEDBACK_FORM,
        )
        .exclude(status=SignatureRequest.Status.CANCELLED)
        .select_related("requested_by")
        .prefetch_related(Prefetch("required_signers", queryset=places))
        .order_by("-version")
        .first()
    )


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


@register
class FeedbackFormDocument(SignableType):
    key = FEEDBACK_FORM
    title = FEEDBACK_FORM_TITLE
    model = FeedbackForm
    template = BODY_TEMPLATE

    def snapshot(self, form):
        """What the two heads vouch for: the request, the log, the result and the rating."""
        return {
            "code": form.code,
            "initiating_department": form.initiating_department_id,
            "initiator": form.initiator_id,
            "phone_extension": form.phone_extension,
            "submitted_at": _iso(form.submitted_at),
            "urgency": form.urgency,
            "kind": form.kind,
            "kind_other": form.kind_other,
            "background": form.background,
            "current_situation": form.current_situation,
            "expectation": form.expectation,
            "receiving_department": form.receiving_department_id,
            "receiving_contact": form.receiving_contact_id,
            "involved_departments": sorted(
                department.pk for department in form.involved_departments.all()
            ),
            "expected_completion": _iso(form.expected_completion),
            "card": form.card_id,
            "related_item": form.related_item,
            "log": [
                [_iso(entry.happened_at), entry.author_id, entry.department_id, entry.text]
                for entry in form.log_entries.order_by("happened_at", "pk")
            ],
            "solution": form.solution,
            "completed_at": _iso(form.completed_at),
            "responsible_person": form.responsible_person_id,
            "satisfaction": form.satisfaction,
            "satisfaction_comment": form.satisfaction_comment,
        }

    def code(self, form):
        return form.code

    def signers(self, form):
        return [
            SignerRole(Role.HEAD, form.initiating_department),
            SignerRole(Role.HEAD, form.receiving_department),
        ]

    def context(self, form):
        return feedback_form_context(form)

    def can_view(self, form, user):
        return feedback_visible_to(user).filter(pk=form.pk).exists()

    def on_decided(self, form, request, by):
        """Both heads signed: archive the signed PDF. Rendering takes seconds, so a job does
        it once the signature is committed; a download renders and stores it anyway if the
        job is lost (generated_document_get_or_render keeps one file per state), and so does
        the card archive."""
        if request.status != SignatureRequest.Status.APPROVED:
            return
        from .jobs import feedback_form_archive

        request_id = request.pk
        # robust: a broker that is down must not turn the committed signature into an error.
        transaction.on_commit(lambda: feedback_form_archive.delay(request_id), robust=True)

    def url(self, form):
        return reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents"
