"""A department's confirmation of a card (2 working days): its contact is reminded 1
working day before, its head 4 hours before; the card's initiator and the head's
executive are told when it is missed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.reminders import DeadlineKind, Reminder, Sweep

from .. import notifying
from ..models import Card, CardDepartment


class CardConfirmationDue(DeadlineKind):
    key = "card_confirmation"
    label = _("Card confirmation due")
    steps = {
        "contact": _("the department's contact for the card"),
        "head": _("head of the department"),
        "escalate": _("card initiator and the department's executive"),
    }

    def candidates(self, sweep: Sweep):
        # card_dept_pending_due_idx (0008): only the pending answers, and only while the
        # card is out for confirmation (an objection sends it back to draft, leaving the
        # other departments' answers pending until it is sent again).
        return CardDepartment.objects.filter(
            confirmation=CardDepartment.Confirmation.PENDING,
            due_at__isnull=False,
            card__status=Card.Status.CONFIRMING,
        ).select_related("card__initiator", "contact", "department__head", "department__executive")

    def reminders(self, sweep: Sweep, rows):
        for participation in rows:
            card = participation.card
            context = {
                "card": notifying.card_context(card),
                "participation": notifying.participation_context(participation),
            }
            url = reverse("tasks:card-detail", args=[card.code]) + "?tab=departments"
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, deadline=participation.due_at)
                if occurrence is None:
                    continue
                for recipient in self._recipients(rule.step, participation):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=notifying.about_participation(participation),
                        deadline=participation.due_at,
                        occurrence=occurrence,
                        template="tasks/notifications/card_confirmation_reminder",
                        url=url,
                        context={**context, "step": rule.step},
                    )

    @staticmethod
    def _recipients(step: str, participation: CardDepartment):
        department = participation.department
        if step == "contact":
            return [participation.contact]
        if step == "head":
            return [department.head] if department.head is not None else []
        if step == "escalate":
            reminded = [participation.contact, department.head]
            people = [participation.card.initiator, department.executive]
            people = [p for p in people if p is not None and p not in reminded]
            return list(dict.fromkeys(people))
        return []
