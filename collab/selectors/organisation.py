"""Reads of the core: organisation roles and the notification centre."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import Department, Notification, User


class Role:
    """The roles a department can be asked for: "head of X", "contact of X", ..."""

    HEAD = "head"
    CONTACT = "contact"
    EXECUTIVE = "executive"
    MEMBER = "member"
    ALL = (HEAD, CONTACT, EXECUTIVE, MEMBER)


def role_label(role: str, department: Department | None) -> str:
    """ "head of 财务部", in the active language."""
    labels = {
        Role.HEAD: _("head of %(department)s"),
        Role.CONTACT: _("contact of %(department)s"),
        Role.EXECUTIVE: _("executive over %(department)s"),
        Role.MEMBER: _("member of %(department)s"),
    }
    if role not in labels or department is None:
        return role
    return labels[role] % {"department": department}


def users_in_role(*, role: str, department: Department) -> list[User]:
    """The active people who hold `role` for `department` right now."""
    if role == Role.HEAD:
        people = [department.head] if department.head_id else []
    elif role == Role.EXECUTIVE:
        people = [department.executive] if department.executive_id else []
    elif role == Role.CONTACT:
        people = list(department.contacts.order_by("pk"))
    elif role == Role.MEMBER:
        people = list(department.members.order_by("pk"))
    else:
        raise ValueError(f"Unknown role {role!r}; expected one of {Role.ALL}")
    return [person for person in people if person.is_active]


def user_holds_role(*, user: User, role: str, department: Department) -> bool:
    return any(person.pk == user.pk for person in users_in_role(role=role, department=department))


def departments_of_user(user: User) -> QuerySet[Department]:
    """Every department the user belongs to, heads, speaks for or oversees.

    Each condition is an index lookup on its own (no join with the departments' members),
    so this stays one small query however large the departments are."""
    speaks_for = Department.contacts.through.objects.filter(user_id=user.pk).values("department_id")
    return Department.objects.filter(
        Q(pk=user.department_id) | Q(head=user) | Q(executive=user) | Q(pk__in=speaks_for)
    )


def departments_list() -> QuerySet[Department]:
    return (
        Department.objects.filter(is_active=True)
        .select_related("head", "executive", "parent")
        .prefetch_related("contacts")
        .order_by("code")
    )


def users_list() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("department").order_by("pk")


def notifications_for(
    user: User, *, to_do: bool | None = None, unread: bool = False
) -> QuerySet[Notification]:
    """The notification centre's rows, newest first, in one query.

    Notifications with the same reason about the same thing (and both done or both
    not) collapse into one row: the latest, annotated with `group_count` and
    `group_unread`. `to_do=True`: requests still to do; `False`: everything else
    (news, and requests done); `unread`: rows with something unread and not done.
    """
    mine = Notification.objects.filter(recipient=user)
    open_request = Q(is_request=True, settled_at__isnull=True)
    if to_do is True:
        mine = mine.filter(open_request)
    elif to_do is False:
        mine = mine.exclude(open_request)
    if unread:
        mine = mine.filter(read_at__isnull=True, settled_at__isnull=True)
    group = {
        "partition_by": [
            F("reason"),
            F("about"),
            ExpressionWrapper(Q(settled_at__isnull=True), output_field=BooleanField()),
        ]
    }
    return (
        mine.annotate(
            group_rank=Window(
                RowNumber(), order_by=[F("created_at").desc(), F("pk").desc()], **group
            ),
            group_count=Window(Count("pk"), **group),
            group_unread=Window(Sum(Case(When(read_at__isnull=True, then=1), default=0)), **group),
        )
        .filter(group_rank=1)
        .order_by("-created_at", "-pk")
    )


def unread_notification_count(user: User) -> int:
    """The badge: rows of the centre with something unread that is not done."""
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True, settled_at__isnull=True)
        .values("reason", "about")
        .distinct()
        .count()
    )


def notification_get_for_user(*, pk: int, user: User) -> Notification:
    """404 for anyone but the recipient."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
