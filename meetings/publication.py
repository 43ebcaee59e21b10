"""Reads about published minutes, each in a constant number of queries: who receives them
(the publishing service and the page that lists them before one confirms), their frozen
versions, and the formalisations with their signature requests."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404

from collab.models import Department, SignatureRequest, User

from .models import (
    Formalisation,
    Invitation,
    Meeting,
    Minutes,
    MinutesActionItem,
    MinutesVersion,
    ProcessNode,
)


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


def minutes_versions(meeting: Meeting) -> list[MinutesVersion]:
    """The published versions, newest first (one query)."""
    return list(
        MinutesVersion.objects.filter(minutes__meeting=meeting)
        .select_related("published_by")
        .order_by("-number")
    )


def minutes_version_get(meeting: Meeting, number: int | None) -> MinutesVersion:
    """Version `number` of the meeting's minutes, or the latest; 404 when there is none.
    The caller has checked that the user sees the meeting."""
    versions = MinutesVersion.objects.filter(minutes__meeting=meeting)
    version = (
        versions.filter(number=number).first()
        if number is not None
        else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404
    return version


@dataclass(frozen=True)
class FormalisationRow:
    formalisation: Formalisation
    request: SignatureRequest | None  # the latest signature request


def formalisation_rows(meeting: Meeting) -> list[FormalisationRow]:
    """The meeting's formalisations, oldest first, each with its latest signature request
    and how many have signed (two queries)."""
    formalisations = list(
        Formalisation.objects.filter(meeting=meeting)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "process_nodes",
                queryset=ProcessNode.objects.select_related("department").order_by("position"),
            )
        )
        .order_by("created_at", "pk")
    )
    requests = SignatureRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(Formalisation),
        object_id__in=[f.pk for f in formalisations],
    ).order_by("object_id", "version")
    latest = {int(request.object_id): request for request in requests}
    return [FormalisationRow(f, latest.get(f.pk)) for f in formalisations]
