"""Sign-off: opening signature requests, signing them, delegating the authority to sign."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import signables
from ..errors import Forbidden, RuleViolation
from ..history import records_actor
from ..models import (
    Delegation,
    Department,
    RequiredSigner,
    Signature,
    SignatureRequest,
    User,
)
from ..selectors.organisation import users_in_role
from ..selectors.signoff import active_deputies_of, last_event_hash, signable_slots_for_user
from ..workdays import working_days_deadline
from .notifications import notifications_settle, notify

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read off paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
# Wrong signing passwords a person may enter, per window (seconds), before signing pauses.
SIGNING_PASSWORD_LIMIT = 5
SIGNING_PASSWORD_WINDOW = 15 * 60


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@records_actor("requested_by")
@transaction.atomic
def signature_request_open(
    *, document, document_type: str, requested_by: User, mode: str | None = None
) -> SignatureRequest:
    """Ask the document's signers to sign its current content, as a new version.

    A pending request for an older version of the same document is cancelled:
    only the newest content can be signed.
    """
    signable = signables.get(document_type)
    content_type = ContentType.objects.get_for_model(document)
    earlier = list(
        SignatureRequest.objects.select_for_update().filter(
            content_type=content_type, object_id=document.pk, document_type=signable.key
        )
    )
    now = timezone.now()
    for stale in earlier:
        if stale.is_pending:
            stale.status = SignatureRequest.Status.CANCELLED
            stale.decided_at = now
            stale.save(update_fields=["status", "decided_at"])
            _settle_signature_requests(stale)

    required = _resolve_signers(signable.signers(document))
    request = SignatureRequest.objects.create(
        content_type=content_type,
        object_id=document.pk,
        document_type=signable.key,
        document_code=signable.code(document),
        version=max((r.version for r in earlier), default=0) + 1,
        content_hash=signables.content_hash(signable, document),
        verification_code=new_verification_code(),
        mode=mode or signable.mode,
        requested_by=requested_by,
        due_at=working_days_deadline(now, signable.due_working_days),
    )
    RequiredSigner.objects.bulk_create(
        RequiredSigner(request=request, user=user, role=role, department=department, position=n)
        for n, (user, role, department) in enumerate(required)
    )
    signers = [user for user, _role, _department in required]
    notify(
        recipients=[*signers, *active_deputies_of(signers)],
        reason="signature_requested",
        key=str(request.pk),
        template="collab/notifications/signature_requested",
        context={
            "request": _request_context(request),
            "title": signable.title,
            "requester": {"name": requested_by.name},
        },
        url=reverse("signoff-detail", args=[request.pk]),
        is_request=True,
    )
    return request


def _request_context(request: SignatureRequest) -> dict:
    """What the notification templates show of a request, as plain values."""
    return {
        "document_code": request.document_code,
        "version": request.version,
        "status": request.status,
        "due_at": request.due_at,
    }


def _settle_signature_requests(request: SignatureRequest, people: list[User] | None = None):
    """The request to sign is done: for `people` who signed (and their deputies), or for all."""
    if people is not None:
        people = [*people, *active_deputies_of(people)]
    notifications_settle(reason="signature_requested", about=str(request.pk), recipients=people)


def _resolve_signers(roles: list[signables.SignerRole]) -> list[tuple[User, str, Department]]:
    required: list[tuple[User, str, Department]] = []
    for signer_role in roles:
        people = users_in_role(role=signer_role.role, department=signer_role.department)
        if not people:
            raise RuleViolation(
                _("%(department)s has nobody in the role “%(role)s” to sign. Ask an administrator.")
                % {"department": signer_role.department, "role": signer_role.role},
                code="no_signer",
            )
        for person in people:
            entry = (person, signer_role.role, signer_role.department)
            if entry not in required:
                required.append(entry)
    return required


@records_actor("user")
@transaction.atomic
def signature_sign(
    *,
    request: SignatureRequest,
    user: User,
    decision: str,
    password: str,
    comment: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> list[Signature]:
    """Record the user's decision on every open place they may sign (own or delegated).

    Locks the request row: concurrent signers are serialised, so each place gets
    exactly one signature and the hash chain has no forks.
    """
    request = SignatureRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_pending:
        raise RuleViolation(
            _("This request is already %(status)s and can no longer be signed.")
            % {"status": request.get_status_display()},
            code="not_pending",
        )
    # Who may sign comes before the password: nobody else learns whether a guess is right.
    slots = signable_slots_for_user(request=request, user=user, today=timezone.localdate())
    if not slots:
        if request.signatures.filter(Q(signer=user) | Q(on_behalf_of=user)).exists():
            raise RuleViolation(_("You have already signed this request."), code="already_signed")
        raise Forbidden(_("You are not asked to sign this request."), code="not_a_signer")
    if decision not in Signature.Decision.values:
        raise RuleViolation(_("Choose approve or reject."), field="decision", code="invalid")
    comment = comment.strip()
    if decision == Signature.Decision.REJECT and not comment:
        raise RuleViolation(
            _("Say why you reject: the requester needs to know what to change."),
            field="comment",
            code="comment_required",
        )
    _check_signing_password(user, password)

    signable = signables.get(request.document_type)
    document = request.document
    current_hash = signables.content_hash(signable, document)
    if current_hash != request.content_hash:
        raise RuleViolation(
            _("The document changed after signatures were requested. Ask for a new version."),
            code="document_changed",
        )

    previous = last_event_hash(request)
    now = timezone.now()
    signatures = []
    for slot, on_behalf_of in slots:
        signature = Signature(
            request=request,
            required_signer=slot,
            signer=user,
            on_behalf_of=on_behalf_of,
            decision=decision,
            comment=comment,
            signed_at=now,
            ip_address=_valid_address(ip_address),
            user_agent=_printable(user_agent)[:500],
            content_hash=current_hash,
            previous_hash=previous,
        )
        signature.event_hash = signables.signature_event_hash(signature)
        previous = signature.event_hash
        signatures.append(signature)
    Signature.objects.bulk_create(signatures)
    _settle_signature_requests(
        request, [user, *(on_behalf_of for _slot, on_behalf_of in slots if on_behalf_of)]
    )
    _decide_if_complete(request=request, signable=signable, document=document, by=user)
    return signatures


class TooManyPasswordGuesses(RuleViolation):
    status_code = 429
    default_code = "too_many_attempts"


def _password_failures_key(user: User) -> str:
    return f"signoff:wrong-signing-passwords:{user.pk}"


def _check_signing_password(user: User, password: str) -> None:
    """Refuses a wrong password, and every attempt once SIGNING_PASSWORD_LIMIT wrong ones
    were made within SIGNING_PASSWORD_WINDOW. The count lives in the cache, outside the
    signing transaction that the refusal rolls back."""
    key = _password_failures_key(user)
    if cache.get(key, 0) >= SIGNING_PASSWORD_LIMIT:
        raise TooManyPasswordGuesses(
            _("Too many wrong passwords. Wait %(minutes)s minutes, then sign again.")
            % {"minutes": SIGNING_PASSWORD_WINDOW // 60},
            field="password",
        )
    if password and user.check_password(password):
        return
    # The window starts at the first failure and is not extended by later ones.
    if not cache.add(key, 1, timeout=SIGNING_PASSWORD_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=SIGNING_PASSWORD_WINDOW)
    raise RuleViolation(
        _("Your password is not correct. Signing needs your own password."),
        field="password",
        code="wrong_password",
    )


def _valid_address(address: str | None) -> str | None:
    """The address in one spelling, or None for anything that is not an address."""
    try:
        return signables.normalised_address(address) or None
    except ValueError:
        return None


def _printable(text: str) -> str:
    """A header as stored and signed: no control characters (PostgreSQL refuses NUL)."""
    return "".join(character for character in text if character.isprintable())


def _decide_if_complete(*, request, signable, document, by: User) -> None:
    decisions = list(request.signatures.values_list("decision", flat=True))
    open_places = request.required_signers.filter(signature__isnull=True).exists()
    if Signature.Decision.REJECT in decisions:
        request.status = SignatureRequest.Status.REJECTED
    elif decisions and (request.mode == SignatureRequest.Mode.ANY or not open_places):
        request.status = SignatureRequest.Status.APPROVED
    else:
        return
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    signable.on_decided(document, request, by)
    _settle_signature_requests(request)
    notify(
        recipients=[request.requested_by],
        reason="signature_request_decided",
        key=str(request.pk),
        template="collab/notifications/signature_request_decided",
        context={"request": _request_context(request), "title": signable.title},
        url=reverse("signoff-detail", args=[request.pk]),
    )


@records_actor("by")
@transaction.atomic
def signature_request_cancel(*, request: SignatureRequest, by: User) -> SignatureRequest:
    request = SignatureRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_pending:
        raise RuleViolation(_("Only a pending request can be cancelled."), code="not_pending")
    if by.pk != request.requested_by_id and not by.is_staff:
        raise RuleViolation(_("Only the requester can cancel this request."), code="forbidden")
    request.status = SignatureRequest.Status.CANCELLED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    _settle_signature_requests(request)
    return request


@records_actor("delegator")
@transaction.atomic
def delegation_create(
    *, delegator: User, deputy: User, starts_on: dt.date, ends_on: dt.date, note: str = ""
) -> Delegation:
    """A head hands their signing authority to a deputy for the given dates (inclusive)."""
    if not delegator.headed_departments.filter(is_active=True).exists():
        raise RuleViolation(
            _("Only a department head can delegate signing authority."), code="not_a_head"
        )
    if deputy.pk == delegator.pk:
        raise RuleViolation(_("Choose someone other than yourself."), field="deputy")
    if not deputy.is_active:
        raise RuleViolation(_("This person can no longer log in."), field="deputy")
    if starts_on < timezone.localdate():
        raise RuleViolation(_("A delegation cannot start in the past."), field="starts_on")
    if ends_on < starts_on:
        raise RuleViolation(_("The last day must not be before the first."), field="ends_on")
    # Lock the delegator's rows so that two overlapping requests cannot both pass.
    User.objects.select_for_update().filter(pk=delegator.pk).first()
    overlapping = (
        Delegation.objects.filter(
            delegator=delegator,
            revoked_at__isnull=True,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        .select_related("deputy")
        .first()
    )
    if overlapping:
        raise RuleViolation(
            _("You already delegate to %(deputy)s from %(start)s to %(end)s; revoke that first.")
            % {
                "deputy": overlapping.deputy,
                "start": overlapping.starts_on,
                "end": overlapping.ends_on,
            },
            field="starts_on",
            code="overlap",
        )
    delegation = Delegation.objects.create(
        delegator=delegator, deputy=deputy, starts_on=starts_on, ends_on=ends_on, note=note
    )
    notify(
        recipients=[deputy],
        reason="delegation_received",
        key=str(delegation.pk),
        template="collab/notifications/delegation_received",
        context={
            "delegation": {
                "delegator": {"name": delegator.name},
                "starts_on": delegation.starts_on,
                "ends_on": delegation.ends_on,
            }
        },
        url=reverse("signoffs"),
    )
    return delegation


@records_actor("by")
@transaction.atomic
def delegation_revoke(*, delegation: Delegation, by: User) -> Delegation:
    if by.pk != delegation.delegator_id and not by.is_staff:
        raise RuleViolation(_("Only the person who delegated can revoke it."), code="forbidden")
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
    return delegation
