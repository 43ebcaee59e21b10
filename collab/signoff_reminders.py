"""A signature request's deadline: each signer who has not signed (and whoever signs for
them today) is reminded a working day after the request, then every working day while it
is open; two working days past its due time, each silent signer's executive is told.
A signer who signed hears nothing more; a decided or cancelled request reminds nobody."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import signables
from .models import RequiredSigner, SignatureRequest
from .reminders import DeadlineKind, Reminder, Sweep, register
from .selectors.signoff import active_delegations


class SignatureDue(DeadlineKind):
    key = "signature"
    label = _("Signature request")
    steps = {
        "daily": _("signers who have not signed, every working day"),
        "escalate_executive": _("executive of each signer who has not signed"),
    }

    def candidates(self, sweep: Sweep):
        # signature_pending_idx: pending requests by requested_at.
        silent = RequiredSigner.objects.filter(signature__isnull=True).select_related(
            "user__department__executive", "department__executive"
        )
        return SignatureRequest.objects.filter(
            status=SignatureRequest.Status.PENDING, requested_at__lte=sweep.now
        ).prefetch_related(Prefetch("required_signers", queryset=silent, to_attr="silent"))

    def reminders(self, sweep: Sweep, rows):
        deputies = self._deputies(sweep, rows)
        for request in rows:
            signable = signables.get(request.document_type)
            context = {
                "request": {
                    "document_code": request.document_code,
                    "version": request.version,
                    "due_at": request.due_at,
                },
                "title": signable.title,
                "overdue": sweep.now > request.due_at,
            }
            url = reverse("signoff-detail", args=[request.pk])
            for rule in sweep.rules(self.key):
                occurrence = sweep.due(rule, deadline=request.due_at, start=request.requested_at)
                if occurrence is None:
                    continue
                for recipient, extra in self._recipients(rule.step, request, deputies):
                    yield Reminder(
                        rule=rule,
                        recipient=recipient,
                        about=f"signature-request:{request.pk}",
                        deadline=request.due_at,
                        occurrence=occurrence,
                        template="collab/notifications/signature_reminder",
                        url=url,
                        context={**context, **extra, "step": rule.step},
                    )

    @staticmethod
    def _deputies(sweep: Sweep, rows) -> dict[int, list]:
        """Who signs for whom today, for the batch's silent signers (one query)."""
        signers = {place.user_id for request in rows for place in request.silent}
        if not signers:
            return {}
        today = sweep.now.astimezone(sweep.calendar.tz).date()
        deputies: dict[int, list] = {}
        for delegation in (
            active_delegations(today)
            .filter(delegator_id__in=signers, deputy__is_active=True)
            .select_related("deputy")
        ):
            deputies.setdefault(delegation.delegator_id, []).append(delegation.deputy)
        return deputies

    @staticmethod
    def _recipients(step: str, request: SignatureRequest, deputies: dict[int, list]):
        """(person, what their message adds) for each person the step goes to."""
        if step == "daily":
            people = {}
            for place in request.silent:
                for person in [place.user, *deputies.get(place.user_id, [])]:
                    people.setdefault(person.pk, person)
            return [(person, {}) for person in people.values()]
        if step == "escalate_executive":
            # One message per executive, naming every silent signer they oversee.
            silent_by_executive: dict[int, tuple] = {}
            for place in request.silent:
                department = place.department or place.user.department
                executive = department.executive if department is not None else None
                if executive is None or executive == place.user:
                    continue
                _person, names = silent_by_executive.setdefault(executive.pk, (executive, []))
                if place.user.name not in names:
                    names.append(place.user.name)
            return [
                (executive, {"signers": names}) for executive, names in silent_by_executive.values()
            ]
        return []


def register_kinds() -> None:
    register(SignatureDue())
