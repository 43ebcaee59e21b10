"""The weekly digest's sign-off section (see collab.digests): signature requests waiting
for the person's signature, their own or a delegator's. Two queries per batch."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import signables
from .digests import DigestGroup, DigestLine, DigestWeek
from .selectors.signoff import signature_requests_awaiting_many


def signature_groups(users, week: DigestWeek) -> dict[int, list[DigestGroup]]:
    awaiting = signature_requests_awaiting_many([user.pk for user in users])
    return {
        user_id: [
            DigestGroup(
                _("Signatures waiting for you"),
                [
                    DigestLine(
                        title=f"{request.document_code} v{request.version}",
                        url=reverse("signoff-detail", args=[request.pk]),
                        # The document type, lazy: stored in every language.
                        detail=signables.get(request.document_type).title,
                        due_at=request.due_at,
                    )
                    for request in requests
                ],
            )
        ]
        for user_id, requests in awaiting.items()
    }
