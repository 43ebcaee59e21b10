"""Formalised minutes, signed by the heads of the involved departments: the collaboration
confirmation letter (协作确认函) and the process approval form (流程审批单). Both show the
agreed conclusions and the action items of the minutes version they formalise (frozen
when it was published); the form also lists the process nodes."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from collab.selectors import Role
from collab.signables import SignableType, SignerRole, register

from .documents import snapshot_for_display
from .models import Formalisation, MinutesVersion
from .permissions import meetings_visible_to

CONFIRMATION_LETTER = "collaboration_confirmation_letter"
PROCESS_APPROVAL_FORM = "process_approval_form"
FORMALISATION_TYPES = {
    Formalisation.Kind.CONFIRMATION_LETTER: CONFIRMATION_LETTER,
    Formalisation.Kind.PROCESS_APPROVAL: PROCESS_APPROVAL_FORM,
}


def _published_snapshot(formalisation: Formalisation) -> dict:
    version = MinutesVersion.objects.get(
        minutes__meeting_id=formalisation.meeting_id, number=formalisation.minutes_version
    )
    return version.snapshot


class _Formalisation(SignableType):
    model = Formalisation
    template = "meetings/documents/formalisation.html"

    def snapshot(self, formalisation):
        minutes = _published_snapshot(formalisation)
        return {
            "kind": formalisation.kind,
            "meeting": minutes["code"],
            "topic": minutes["topic"],
            "minutes_version": formalisation.minutes_version,
            "summary": formalisation.summary,
            "conclusions": minutes["conclusions"],
            "action_items": minutes["action_items"],
            "departments": [department["id"] for department in minutes["departments"]],
            "nodes": [
                {"position": node.position, "name": node.name, "department": node.department_id}
                for node in formalisation.process_nodes.order_by("position")
            ],
        }

    def code(self, formalisation):
        return formalisation.code

    def signers(self, formalisation):
        from collab.models import Department

        ids = [department["id"] for department in _published_snapshot(formalisation)["departments"]]
        departments = Department.objects.in_bulk(ids)
        return [SignerRole(Role.HEAD, departments[pk]) for pk in ids if pk in departments]

    def context(self, formalisation):
        language = translation.get_language() or "en"
        return {
            "formalisation": formalisation,
            "minutes": snapshot_for_display(_published_snapshot(formalisation), language=language),
            "nodes": list(
                formalisation.process_nodes.select_related("department").order_by("position")
            ),
        }

    def can_view(self, formalisation, user):
        return meetings_visible_to(user).filter(pk=formalisation.meeting_id).exists()

    def url(self, formalisation):
        code = formalisation.meeting.code
        return reverse("meetings:meeting-detail", args=[code]) + "?tab=documents"


@register
class CollaborationConfirmationLetter(_Formalisation):
    key = CONFIRMATION_LETTER
    title = _("Collaboration confirmation letter")


@register
class ProcessApprovalForm(_Formalisation):
    key = PROCESS_APPROVAL_FORM
    title = _("Process approval form")
