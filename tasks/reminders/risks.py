"""A risk's coordination decision (24 hours): the card's lead is reminded 4 hours
before; the lead's head is told when it is missed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.reminders import DeadlineKind, Reminder, Sweep

from .. import notifying
from ..models import Card, Risk


class RiskDecisionDue(DeadlineKind):
    key = "risk"
    label = _("Risk coordination due")
    steps = {
        "lead": _("card lead"),
        "escalate_head": _("head of the lead's department"),
    }

    def candidates(self, sweep: Sweep):
        # risk_open_due_idx: only the risks still awaiting coordination, on open cards
        # (cancelling a card leaves its risks as they were).
        return Risk.objects.filter(
            status=Risk.Status.OPEN, card__status__in=Card.OPEN_STATUSES
        ).select_related("card__lead__department__head")

    def reminders(self, sweep: Sweep, rows):
        for risk in rows:
            card = risk.card
            lead = card.lead
            context = {
                "card": notifying.card_context(card),
                "risk": notifying.risk_context(risk),
                "lead": notifying.person_context(lead),
            }
            url = reverse("tasks:card-detail", args=[card.code]) + "?tab=risks"
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, deadline=risk.decision_due_at)
                if occurrence is None:
                    continue
                if rule.step == "lead":
                    recipients = [lead]
                elif rule.step == "escalate_head":
                    head = lead.department.head if lead.department is not None else None
                    recipients = [head] if head not in (None, lead) else []
                else:
                    recipients = []
                for recipient in recipients:
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=notifying.about_risk(risk),
                        deadline=risk.decision_due_at,
                        occurrence=occurrence,
                        template="tasks/notifications/risk_reminder",
                        url=url,
                        context={**context, "step": rule.step},
                    )
