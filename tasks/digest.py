"""The weekly digest's task section (see collab.digests): a person's open action items —
overdue, due this week, later — and the card confirmations asked of them.

Whose turn it is comes from `permissions.queues`, in its batch form: two queries for a whole
batch of people, whatever its size.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.digests import DigestGroup, DigestLine, DigestWeek

from .models import ActionItem, CardDepartment
from .permissions.queues import confirmations_owed_by_any, open_items_owned_by_any


def _card_title(card) -> str:
    return f"{card.code} {card.title}" if card else ""


def task_groups(users, week: DigestWeek) -> dict[int, list[DigestGroup]]:
    ids = [user.pk for user in users]
    per_user: dict[int, dict[str, DigestGroup]] = {}

    def group(user_id: int, key: str) -> DigestGroup:
        groups = per_user.setdefault(
            user_id,
            {
                "overdue": DigestGroup(_("Overdue action items")),
                "week": DigestGroup(_("Action items due this week")),
                "open": DigestGroup(_("Your other open action items")),
                "confirm": DigestGroup(_("Card confirmations asked of you")),
            },
        )
        return groups[key]

    items = (
        ActionItem.objects.filter(open_items_owned_by_any(ids))
        .select_related("card")
        .only("pk", "title", "due_date", "owner_id", "card__code", "card__title")
        .order_by("due_date", "pk")
    )
    for item in items:
        if item.due_date < week.today:
            key = "overdue"
        elif item.due_date <= week.end:
            key = "week"
        else:
            key = "open"
        group(item.owner_id, key).lines.append(
            DigestLine(
                title=item.title,
                url=reverse("tasks:action-item-detail", args=[item.pk]),
                detail=_card_title(item.card),
                due=item.due_date,
            )
        )

    confirmations = (
        CardDepartment.objects.filter(confirmations_owed_by_any(ids))
        .select_related("card", "department")
        .order_by("due_at", "pk")
    )
    wanted = set(ids)
    for participation in confirmations:
        url = reverse("tasks:card-detail", args=[participation.card.code]) + "?tab=departments"
        line = DigestLine(
            title=_card_title(participation.card),
            url=url,
            detail=participation.department,
            due_at=participation.due_at,
        )
        for user_id in {participation.contact_id, participation.department.head_id} & wanted:
            group(user_id, "confirm").lines.append(line)

    return {user_id: list(groups.values()) for user_id, groups in per_user.items()}
