"""Who may read a department's overview (heads and executives, DESIGN.md 1 and 4)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from collab.models import Department, User


class OverviewRole(models.TextChoices):
    """How a person comes to read a department's overview."""

    HEAD = "head", _("head")
    EXECUTIVE = "executive", _("overseeing executive")
    ADMINISTRATOR = "administrator", _("administrator")


def overseen_departments(user: User) -> QuerySet[Department]:
    """The active departments the user heads or oversees as their executive: the ones whose
    overview their home page shows (administrators open any other from its page)."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(Q(head=user) | Q(executive=user), is_active=True)


def may_see_department_overview(user: User, department: Department) -> bool:
    """Its head, its overseeing executive and administrators; members and contacts read the
    cards and items themselves, not the department's figures."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.pk in (department.head_id, department.executive_id)


def overview_role(user: User, department: Department) -> OverviewRole:
    if user.pk == department.head_id:
        return OverviewRole.HEAD
    if user.pk == department.executive_id:
        return OverviewRole.EXECUTIVE
    return OverviewRole.ADMINISTRATOR


def risk_report_departments(user: User) -> QuerySet[Department]:
    """The departments a person's monthly risk report covers: those they oversee as
    executive; an administrator's covers every active department."""
    if not user.is_authenticated:
        return Department.objects.none()
    if user.is_staff:
        return Department.objects.filter(is_active=True)
    return Department.objects.filter(executive=user, is_active=True)


def may_read_risk_report(user: User) -> bool:
    """Executives (of at least one active department) and administrators."""
    return risk_report_departments(user).exists()
