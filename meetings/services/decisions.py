"""Disagreements the meeting could not settle: the named decision maker is asked once and
records the decision later."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.errors import RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.text import clean_text

from ..models import Disagreement, Meeting
from ..permissions import meeting_require

DECISION_REQUESTED = "meeting_decision_requested"


def disagreement_about(disagreement: Disagreement) -> str:
    """The `about` of the request to decide: settled when the decision is recorded."""
    return f"meeting-disagreement:{disagreement.pk}"


def decision_makers_notify(meeting: Meeting, disagreements: list[Disagreement]) -> None:
    """Ask each undecided disagreement's decision maker, once per disagreement and person
    (a new decision maker is asked too). Runs in the caller's transaction."""
    url = reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=minutes"
    for disagreement in disagreements:
        if disagreement.decided_at is not None:
            continue
        collab_services.notify(
            recipients=[disagreement.decision_maker],
            reason=DECISION_REQUESTED,
            key=f"{disagreement.pk}:{disagreement.decision_maker_id}",
            template="meetings/notifications/decision_requested",
            context={
                "meeting": {"code": meeting.code, "topic": meeting.topic},
                "subject": disagreement.subject,
            },
            url=url,
            about=disagreement_about(disagreement),
            is_request=True,
        )


@records_actor("by")
@transaction.atomic
def disagreement_decide(*, disagreement: Disagreement, by: User, decision: str) -> Disagreement:
    """The decision maker records the decision; the request to them is settled."""
    meeting_id = Disagreement.objects.values_list("minutes__meeting_id", flat=True).get(
        pk=disagreement.pk
    )
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)  # as every change does
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    meeting_require(by, meeting, "decide", disagreement=disagreement)
    decision = clean_text(decision or "", multiline=True).strip()
    if not decision:
        raise RuleViolation(_("Write down the decision."), field="decision")
    disagreement.decision = decision
    disagreement.decided_at = timezone.now()
    disagreement.save(update_fields=["decision", "decided_at"])
    collab_services.notifications_settle(
        reason=DECISION_REQUESTED, about=disagreement_about(disagreement)
    )
    return disagreement
