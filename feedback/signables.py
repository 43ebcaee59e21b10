"""The feedback form (跨部门协作沟通与问题反馈表) as a signable document: once the initiator
confirms it, the heads of the initiating and receiving departments sign it (dual sign-off)
and the signed PDF is archived."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.selectors import Role
from collab.signables import SignableType, SignerRole, register

from .models import FeedbackForm
from .permissions import feedback_visible_to

FEEDBACK_FORM = "feedback_form"


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


@register
class FeedbackFormDocument(SignableType):
    key = FEEDBACK_FORM
    title = _("Feedback form")
    model = FeedbackForm
    template = "feedback/documents/feedback_form.html"

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
        return {
            "form": form,
            "log": list(
                form.log_entries.select_related("author", "department").order_by(
                    "happened_at", "pk"
                )
            ),
        }

    def can_view(self, form, user):
        return feedback_visible_to(user).filter(pk=form.pk).exists()

    def url(self, form):
        return reverse("feedback:feedback-detail", args=[form.code]) + "?tab=documents"
