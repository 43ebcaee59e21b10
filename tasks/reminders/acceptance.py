"""The acceptance decision (3 working days): the acceptance party is reminded 1 working
day before; its department's executive is told when it is missed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.reminders import DeadlineKind, Reminder, Sweep

from .. import notifying
from ..models import AcceptanceSubmission, Card


def _party_and_executive(card: Card):
    """The acceptance party (a named person, else the accepting department's head) and
    the executive over that party's department; both from the selected rows."""
    if card.acceptance_user_id:
        party = card.acceptance_user
        department = party.department
    elif card.acceptance_department_id:
        department = card.acceptance_department
        party = department.head
    else:
        return None, None
    executive = department.executive if department is not None else None
    return party, executive


class AcceptanceDecisionDue(DeadlineKind):
    key = "acceptance"
    label = _("Acceptance decision due")
    steps = {
        "party": _("the acceptance party"),
        "escalate_executive": _("executive of the acceptance party's department"),
    }

    def candidates(self, sweep: Sweep):
        # acceptance_pending_due_idx (0008): only the undecided submissions.
        return AcceptanceSubmission.objects.filter(
            decision=AcceptanceSubmission.Decision.PENDING
        ).select_related(
            "card__acceptance_user__department__executive",
            "card__acceptance_department__head",
            "card__acceptance_department__executive",
        )

    def reminders(self, sweep: Sweep, rows):
        for submission in rows:
            card = submission.card
            party, executive = _party_and_executive(card)
            if party is None:
                continue
            context = {
                "card": notifying.card_context(card),
                "submission": {"due_at": submission.due_at},
                "party": notifying.person_context(party),
            }
            url = reverse("tasks:card-detail", args=[card.code]) + "?tab=documents"
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, deadline=submission.due_at)
                if occurrence is None:
                    continue
                if rule.step == "party":
                    recipients = [party]
                elif rule.step == "escalate_executive":
                    recipients = [executive] if executive not in (None, party) else []
                else:
                    recipients = []
                for recipient in recipients:
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=notifying.about_acceptance(submission),
                        deadline=submission.due_at,
                        occurrence=occurrence,
                        template="tasks/notifications/acceptance_reminder",
                        url=url,
                        context={**context, "step": rule.step},
                    )
