"""An action item's due date: the owner is reminded, then the owner's head, then the card's
lead and the executive are told it is overdue."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.reminders import DeadlineKind, Reminder, Sweep

from .. import notifying
from ..models import ActionItem


class ActionItemDue(DeadlineKind):
    key = "action_item"
    label = _("Action item due")
    steps = {
        "before": _("owner, before the due date"),
        "due_day": _("owner, on the due date"),
        "overdue": _("owner, while overdue"),
        "escalate_head": _("head of the owner's department"),
        "escalate_lead_executive": _("card lead and the department's executive"),
    }

    def candidates(self, sweep: Sweep):
        today = sweep.now.astimezone(sweep.calendar.tz).date()
        horizon = today + sweep.longest_lead(self.key)
        return ActionItem.objects.filter(
            Q(status__in=ActionItem.OPEN_STATUSES), due_date__lte=horizon
        ).select_related("owner", "department__head", "department__executive", "card__lead")

    def reminders(self, sweep: Sweep, rows):
        today = sweep.now.astimezone(sweep.calendar.tz).date()
        for item in rows:
            context = {
                "item": notifying.item_context(item),
                "card": notifying.card_context(item.card),
                "owner": notifying.person_context(item.owner),
                "days_overdue": max(sweep.calendar.working_days_between(item.due_date, today), 0),
            }
            url = reverse("tasks:action-item-detail", args=[item.pk])
            for rule in sweep.rules(self.key):
                occurrence = sweep.due_for_date(rule, item.due_date)
                if occurrence is None:
                    continue
                for recipient in self._recipients(rule.step, item):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=notifying.about_item(item),
                        deadline=item.due_date,
                        occurrence=occurrence,
                        template="tasks/notifications/action_item_reminder",
                        url=url,
                        context={**context, "step": rule.step},
                    )

    @staticmethod
    def _recipients(step: str, item: ActionItem):
        if step in ("before", "due_day", "overdue"):
            return [item.owner]
        if step == "escalate_head":
            return [item.department.head] if item.department.head else []
        if step == "escalate_lead_executive":
            people = [item.card.lead if item.card else None, item.department.executive]
            return [person for person in people if person is not None and person != item.owner]
        return []
