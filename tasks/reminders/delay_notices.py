"""A delay notice waiting to be acknowledged: the card's lead and tracker are reminded
after 4 business hours, the lead's head is told after 1 working day."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.reminders import DeadlineKind, Reminder, Sweep

from .. import notifying
from ..models import ActionItem, Card, DelayNotice


class DelayNoticeAwaiting(DeadlineKind):
    key = "delay_notice"
    label = _("Delay notice awaiting acknowledgement")
    steps = {
        "lead": _("card lead and tracker"),
        "escalate_head": _("head of the lead's department"),
    }

    def candidates(self, sweep: Sweep):
        # delay_notice_waiting_idx: the notices not yet acknowledged (there is no
        # rejected or withdrawn state; an item that is no longer open stops the chase).
        return DelayNotice.objects.filter(
            acknowledged_at__isnull=True,
            action_item__card__isnull=False,
            action_item__status__in=ActionItem.OPEN_STATUSES,
            action_item__card__status__in=Card.OPEN_STATUSES,
        ).select_related(
            "filed_by",
            "action_item__card__lead__department__head",
            "action_item__card__tracker",
        )

    def reminders(self, sweep: Sweep, rows):
        for notice in rows:
            item, card = notice.action_item, notice.action_item.card
            context = {
                "item": notifying.item_context(item),
                "card": notifying.card_context(card),
                "lead": notifying.person_context(card.lead),
                "notice": {
                    "filed_by": notifying.person_context(notice.filed_by),
                    "filed_at": notice.filed_at,
                    "new_due_date": notice.new_due_date,
                },
            }
            url = reverse("tasks:action-item-detail", args=[item.pk])
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, start=notice.filed_at)
                if occurrence is None:
                    continue
                for recipient in self._recipients(rule.step, card):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=notifying.about_delay_notice(notice),
                        deadline=notice.filed_at,
                        occurrence=occurrence,
                        template="tasks/notifications/delay_notice_reminder",
                        url=url,
                        context={**context, "step": rule.step},
                    )

    @staticmethod
    def _recipients(step: str, card):
        reminded = [card.lead, card.tracker]
        if step == "lead":
            return list(dict.fromkeys(reminded))
        if step == "escalate_head":
            department = card.lead.department
            head = department.head if department is not None else None
            return [head] if head is not None and head not in reminded else []
        return []
