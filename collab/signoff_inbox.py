"""The sign-off engine's inbox entries: signature requests awaiting the user, or a person
who delegated their signing authority to the user."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signables
from .inbox import InboxEntry, InboxSource
from .models import RequiredSigner, User
from .selectors.signoff import active_delegations, signature_requests_awaiting

KIND = "collab.signature"


def signature_entries(user: User) -> list[InboxEntry]:
    """Two queries: the requests, and their open places for the user or their delegators."""
    delegators = active_delegations(timezone.localdate()).filter(deputy=user).values("delegator_id")
    open_places = RequiredSigner.objects.filter(signature__isnull=True).filter(
        Q(user=user) | Q(user__in=delegators)
    )
    requests = signature_requests_awaiting(user).prefetch_related(
        Prefetch(
            "required_signers",
            queryset=open_places.select_related("user").order_by("pk"),
            to_attr="open_places_for_user",
        )
    )
    entries = []
    for request in requests:
        url = reverse("signoff-detail", args=[request.pk])
        places = request.open_places_for_user
        own = any(place.user_id == user.pk for place in places)
        detail = (
            _("requested by %(name)s") % {"name": request.requested_by.name}
            if own or not places
            else _("for %(name)s (delegated)") % {"name": places[0].user.name}
        )
        entries.append(
            InboxEntry(
                kind=KIND,
                label=_("Signature requested"),
                title=f"{signables.get(request.document_type).title} "
                f"{request.document_code} v{request.version}",
                url=url,
                deadline=request.due_at,
                action_label=_("Sign"),
                action_url=f"{url}#decision-heading",
                detail=detail,
            )
        )
    return entries


def signature_count(user: User) -> int:
    return signature_requests_awaiting(user).count()


SOURCE = InboxSource(kind=KIND, entries=signature_entries, count=signature_count)
