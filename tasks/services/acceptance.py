"""Acceptance of a card's deliverables, the retrospective and closing."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from collab import services as collab_services
from collab.errors import FieldErrors, RuleViolation
from collab.history import records_actor
from collab.models import User
from collab.uploads import stored_file_save
from collab.workdays import working_days_deadline

from .. import notifying
from ..models import AcceptanceSubmission, ActionItem, Card
from ..permissions import card_require
from ..selectors import latest_acceptance

ACCEPTANCE_WORKING_DAYS = 3


def _locked(card: Card) -> Card:
    return (
        Card.objects.select_for_update(of=("self",))
        .select_related("acceptance_department__head", "acceptance_user", "lead")
        .get(pk=card.pk)
    )


def acceptance_party(card: Card) -> User | None:
    if card.acceptance_user_id:
        return card.acceptance_user
    if card.acceptance_department_id:
        return card.acceptance_department.head
    return None


@records_actor("by")
@transaction.atomic
def card_submit_for_acceptance(
    *, card: Card, by: User, deliverables: list[ActionItem], note: str = ""
) -> AcceptanceSubmission:
    """The lead hands the deliverables (done items and their outputs) to the acceptance party,
    who decides within 3 working days."""
    card = _locked(card)
    card_require(by, card, "submit_for_acceptance")
    # Judge the items as they are in the database, not as the caller last saw them.
    deliverables = list(ActionItem.objects.filter(pk__in=[item.pk for item in deliverables]))
    errors = FieldErrors()
    party = acceptance_party(card)
    if party is None:
        errors.add(None, _("Choose who accepts the card (a person or a department head) first."))
    elif party.pk == card.lead_id:
        # Only a card saved before this was refused gets here (see check_card_input).
        errors.add(
            None,
            _(
                "The lead cannot accept their own deliverables: name another acceptance "
                "party by change request first."
            ),
        )
    if not deliverables:
        errors.add("deliverables", _("List at least one deliverable: a done action item."))
    for item in deliverables:
        if item.card_id != card.pk or item.status != ActionItem.Status.DONE:
            errors.add(
                "deliverables",
                _("“%(item)s” is not a done item of this card.") % {"item": item.title},
            )
    errors.raise_if_any()
    submission = AcceptanceSubmission.objects.create(
        card=card,
        submitted_by=by,
        note=note.strip(),
        due_at=working_days_deadline(timezone.now(), ACCEPTANCE_WORKING_DAYS),
    )
    submission.deliverables.set(deliverables)
    card.status = Card.Status.IN_ACCEPTANCE
    card.save(update_fields=["status"])
    collab_services.notify(
        recipients=[party],
        reason="acceptance_requested",
        key=str(submission.pk),
        template="tasks/notifications/acceptance_requested",
        context={
            "card": notifying.card_context(card),
            "submission": {"due_at": submission.due_at},
            "by": notifying.person_context(by),
        },
        url=reverse("tasks:card-detail", args=[card.code]) + "?tab=documents",
        about=notifying.about_acceptance(submission),
        is_request=True,
    )
    return submission


def _pending_submission(card: Card, by: User) -> AcceptanceSubmission:
    """The submission waiting for a decision, locked, once `by` may decide on it."""
    submission = card.acceptances.select_for_update().order_by("-submitted_at", "-pk").first()
    card_require(by, card, "decide_acceptance", acceptance=submission)
    return submission


@records_actor("by")
@transaction.atomic
def card_accept(*, card: Card, by: User, comment: str = "") -> AcceptanceSubmission:
    card = _locked(card)
    submission = _pending_submission(card, by)
    submission.decision = AcceptanceSubmission.Decision.ACCEPTED
    submission.decided_by, submission.decided_at = by, timezone.now()
    submission.reasons = comment.strip()
    submission.save()
    _notify_lead(card, submission)
    return submission


@records_actor("by")
@transaction.atomic
def card_reject_acceptance(*, card: Card, by: User, reasons: str) -> AcceptanceSubmission:
    """Rejected deliverables return the card to active, with the reasons on record."""
    card = _locked(card)
    submission = _pending_submission(card, by)
    if not reasons.strip():
        raise RuleViolation(_("Give the reasons for rejecting."), field="reasons")
    submission.decision = AcceptanceSubmission.Decision.REJECTED
    submission.decided_by, submission.decided_at = by, timezone.now()
    submission.reasons = reasons.strip()
    submission.save()
    card.status = Card.Status.ACTIVE
    card.save(update_fields=["status"])
    _notify_lead(card, submission)
    return submission


def _notify_lead(card: Card, submission: AcceptanceSubmission) -> None:
    """The decision is made: the request to decide is done, and the lead hears of it."""
    collab_services.notifications_settle(
        reason="acceptance_requested", about=notifying.about_acceptance(submission)
    )
    collab_services.notify(
        recipients=[card.lead],
        reason="acceptance_decided",
        key=str(submission.pk),
        template="tasks/notifications/acceptance_decided",
        context={
            "card": notifying.card_context(card),
            "submission": {
                "decision": submission.decision,
                "reasons": submission.reasons,
                "decided_by": notifying.person_context(submission.decided_by),
            },
        },
        url=reverse("tasks:card-detail", args=[card.code]),
    )


@records_actor("by")
@transaction.atomic
def card_close(
    *, card: Card, by: User, successes: str, shortcomings: str, improvements: str
) -> Card:
    """After acceptance the lead writes the retrospective and closes the card; its
    retrospective report is produced and the card becomes read-only."""
    card = _locked(card)
    card_require(by, card, "close", acceptance=latest_acceptance(card))
    errors = FieldErrors()
    for name, value in (
        ("successes", successes),
        ("shortcomings", shortcomings),
        ("improvements", improvements),
    ):
        if not value.strip():
            errors.add(name, _("Write this part of the retrospective."))
    errors.raise_if_any()
    card.successes, card.shortcomings = successes.strip(), shortcomings.strip()
    card.improvements = improvements.strip()
    card.status = Card.Status.CLOSED
    card.closed_at = timezone.now()
    card.save()
    _store_retrospective_report(card)
    return card


def _store_retrospective_report(card: Card) -> None:
    from ..documents import retrospective_report_pdf

    pdf = retrospective_report_pdf(card)
    stored_file_save(card.retrospective_pdf, f"{card.code}-retrospective.pdf", ContentFile(pdf))
    Card.objects.filter(pk=card.pk).update(retrospective_pdf=card.retrospective_pdf.name)
