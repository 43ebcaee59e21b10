"""The weekly digest's feedback section (see collab.digests): forms awaiting the person's
answer — received by a department they are head or contact of, or naming them as the
receiving contact — the same rule as "My work" (`filters.feedback_inbox_q`), in its batch
form. Two queries per batch."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.digests import DigestGroup, DigestLine, DigestWeek
from collab.models import Department

from .filters import awaiting_answer_q, feedback_inbox_q_any
from .models import FeedbackForm


def feedback_groups(users, week: DigestWeek) -> dict[int, list[DigestGroup]]:
    ids = [user.pk for user in users]
    wanted = set(ids)
    contacts_of: dict[int, set[int]] = {}
    forms = list(
        FeedbackForm.objects.filter(feedback_inbox_q_any(ids), awaiting_answer_q())
        .select_related("initiating_department", "receiving_department")
        .order_by("response_due_at", "pk")
    )
    if not forms:
        return {}
    for department_id, user_id in Department.contacts.through.objects.filter(
        user_id__in=ids
    ).values_list("department_id", "user_id"):
        contacts_of.setdefault(department_id, set()).add(user_id)
    result: dict[int, list[DigestGroup]] = {}
    for form in forms:
        answerers = (
            {form.receiving_contact_id, form.receiving_department.head_id} & wanted
        ) | contacts_of.get(form.receiving_department_id, set())
        line = DigestLine(
            title=form.code,
            url=reverse("feedback:feedback-detail", args=[form.code]),
            detail=form.initiating_department,
            due_at=form.response_due_at,
        )
        for user_id in answerers:
            groups = result.setdefault(user_id, [DigestGroup(_("Feedback forms to answer"))])
            groups[0].lines.append(line)
    return result
