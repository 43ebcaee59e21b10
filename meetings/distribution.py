"""Who receives published minutes (DESIGN.md 2.3): read only, shared by the publishing
service and the page that lists the recipients before one confirms."""

from __future__ import annotations

from dataclasses import dataclass

from collab.models import Department, User

from .models import Invitation, Meeting, Minutes, MinutesActionItem


@dataclass(frozen=True)
class MinutesRecipients:
    """`to`: the participating departments' heads and every action-item owner; `cc`: the
    executives overseeing those departments who are not already in `to`. Nobody twice."""

    to: list[User]
    cc: list[User]


def minutes_recipients(meeting: Meeting, minutes: Minutes | None) -> MinutesRecipients:
    """In a constant number of queries (three)."""
    department_ids = set(
        Invitation.objects.filter(meeting=meeting, department__isnull=False).values_list(
            "department_id", flat=True
        )
    )
    departments = list(
        Department.objects.filter(pk__in=department_ids)
        .select_related("head", "executive")
        .order_by("code")
    )
    to: dict[int, User] = {}
    for department in departments:
        if department.head_id and department.head.is_active:
            to.setdefault(department.head_id, department.head)
    if minutes is not None:
        links = (
            MinutesActionItem.objects.filter(minutes=minutes)
            .exclude(action_item__status="cancelled")
            .select_related("action_item__owner")
            .order_by("number", "pk")
        )
        for link in links:
            owner = link.action_item.owner
            if owner.is_active:
                to.setdefault(owner.pk, owner)
    cc: dict[int, User] = {}
    for department in departments:
        executive = department.executive
        if executive is not None and executive.is_active and executive.pk not in to:
            cc.setdefault(executive.pk, executive)
    return MinutesRecipients(to=list(to.values()), cc=list(cc.values()))
