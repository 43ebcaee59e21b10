"""Reads for sign-off: the queue, who may sign or see a request, and verification."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import signables
from ..errors import RuleViolation
from ..models import (
    Delegation,
    GeneratedDocument,
    RequiredSigner,
    Signature,
    SignatureRequest,
    User,
)
from ..pdf_inspection import ENCRYPTED, TOO_COMPLEX, UNREADABLE, PdfRefused


def active_delegations(today: dt.date) -> QuerySet[Delegation]:
    return Delegation.objects.filter(
        revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
    )


def active_deputies_of(people: list[User]) -> list[User]:
    """People who sign for any of `people` today."""
    return [
        delegation.deputy
        for delegation in active_delegations(timezone.localdate())
        .filter(delegator__in=people, deputy__is_active=True)
        .select_related("deputy")
    ]


def delegations_of(user: User) -> QuerySet[Delegation]:
    """Delegations the user gave or holds, newest first."""
    return (
        Delegation.objects.filter(Q(delegator=user) | Q(deputy=user))
        .select_related("delegator", "deputy")
        .order_by("-starts_on", "-pk")
    )


def signable_slots_for_user(
    *, request: SignatureRequest, user: User, today: dt.date
) -> list[tuple[RequiredSigner, User | None]]:
    """The open places on `request` the user may sign: (place, on whose behalf or None)."""
    delegators = set(
        active_delegations(today).filter(deputy=user).values_list("delegator_id", flat=True)
    )
    open_places = request.required_signers.filter(signature__isnull=True).select_related(
        "user", "department"
    )
    own = [(place, None) for place in open_places if place.user_id == user.pk]
    delegated = [
        (place, place.user)
        for place in open_places
        if place.user_id in delegators and place.user_id != user.pk
    ]
    return own + delegated


def _signer_filter(user: User, today: dt.date) -> Q:
    """Requests with a place for the user, or for someone the user deputises for today."""
    delegators = active_delegations(today).filter(deputy=user).values("delegator_id")
    return Q(required_signers__user=user) | Q(required_signers__user__in=delegators)


def signature_requests_awaiting(user: User) -> QuerySet[SignatureRequest]:
    """The sign-off queue: pending requests with an open place the user may sign, oldest first."""
    today = timezone.localdate()
    delegators = active_delegations(today).filter(deputy=user).values("delegator_id")
    open_place = RequiredSigner.objects.filter(
        _open_place_q([user.pk], delegators), request=OuterRef("pk")
    )
    return (
        SignatureRequest.objects.filter(status=SignatureRequest.Status.PENDING)
        .filter(Exists(open_place))
        .select_related("requested_by")
        .order_by("requested_at", "pk")
    )


def _open_place_q(user_ids, delegator_ids) -> Q:
    """On RequiredSigner: an unsigned place of one of the people, or of someone who
    delegated their signing to one of them."""
    return Q(signature__isnull=True) & (Q(user_id__in=user_ids) | Q(user_id__in=delegator_ids))


def signature_requests_awaiting_many(user_ids: list[int]) -> dict[int, list[SignatureRequest]]:
    """`signature_requests_awaiting` for a batch of people (the weekly digest), in two
    queries: per person, the pending requests with a place they may sign, oldest first."""
    deputies_of: dict[int, set[int]] = {}
    for delegator_id, deputy_id in (
        active_delegations(timezone.localdate())
        .filter(deputy_id__in=user_ids)
        .values_list("delegator_id", "deputy_id")
    ):
        deputies_of.setdefault(delegator_id, set()).add(deputy_id)
    places = (
        RequiredSigner.objects.filter(
            _open_place_q(user_ids, list(deputies_of)),
            request__status=SignatureRequest.Status.PENDING,
        )
        .select_related("request")
        .order_by("request__requested_at", "request_id", "pk")
    )
    wanted = set(user_ids)
    result: dict[int, list[SignatureRequest]] = {}
    for place in places:
        signers = ({place.user_id} & wanted) | deputies_of.get(place.user_id, set())
        for user_id in signers:
            requests = result.setdefault(user_id, [])
            if not requests or requests[-1].pk != place.request_id:
                requests.append(place.request)
    return result


def signature_requests_for_user(user: User) -> QuerySet[SignatureRequest]:
    """Every request the user made, must sign, or signs for as a deputy."""
    today = timezone.localdate()
    involved = SignatureRequest.objects.filter(
        Q(requested_by=user) | _signer_filter(user, today)
    ).values("pk")
    return (
        SignatureRequest.objects.filter(pk__in=involved)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )


def signature_request_get_for_user(*, pk: int, user: User) -> SignatureRequest:
    """The request, if the user may see it: requester, signers, their deputies, the
    document's own readers (its type says who) and administrators. Else 404."""
    request = (
        SignatureRequest.objects.select_related("requested_by", "content_type")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404
    if user.is_superuser or signature_requests_for_user(user).filter(pk=pk).exists():
        return request
    signable = signables.get(request.document_type)
    if request.document is not None and signable.can_view(request.document, user):
        return request
    raise Http404


def last_event_hash(request: SignatureRequest) -> str:
    """The newest signing event on the request's document (same type), to chain onto."""
    return (
        _document_signatures(request).order_by("-pk").values_list("event_hash", flat=True).first()
        or ""
    )


def _document_signatures(request: SignatureRequest) -> QuerySet[Signature]:
    return Signature.objects.filter(
        request__content_type_id=request.content_type_id,
        request__object_id=request.object_id,
        request__document_type=request.document_type,
    )


@dataclass
class SignatureCheck:
    signature: Signature
    valid: bool


@dataclass
class Verification:
    """What a verification code (or an uploaded PDF) proves about a document."""

    VALID = "valid"
    CHANGED = "changed"
    UNKNOWN = "unknown"
    # An upload whose bytes match no file Crossdesk issued, whatever code it carries.
    NOT_ISSUED = "not_issued"

    status: str
    request: SignatureRequest | None = None
    checks: list[SignatureCheck] = field(default_factory=list)
    chain_intact: bool = True
    content_matches: bool = True


def signature_checks(request: SignatureRequest) -> Verification:
    """Check every signature of `request` against the document as it is now and the chain.

    A signature is valid while the document's content still hashes to what was
    signed and its row still hashes to its place in the chain.
    """
    signable = signables.get(request.document_type)
    document = request.document
    current = signables.content_hash(signable, document) if document is not None else None
    chain = list(
        _document_signatures(request)
        .select_related("signer", "on_behalf_of", "required_signer__department")
        .order_by("pk")
    )
    previous = ""
    chain_intact = True
    intact_ids = set()
    for signature in chain:
        linked = signature.previous_hash == previous
        recomputed = signables.signature_event_hash(signature) == signature.event_hash
        if linked and recomputed and chain_intact:
            intact_ids.add(signature.pk)
        else:
            chain_intact = False
        previous = signature.event_hash
    checks = [
        SignatureCheck(
            signature=signature,
            valid=signature.pk in intact_ids and signature.content_hash == current,
        )
        for signature in chain
        if signature.request_id == request.pk
    ]
    content_matches = current == request.content_hash
    status = (
        Verification.VALID
        if content_matches and chain_intact and all(check.valid for check in checks)
        else Verification.CHANGED
    )
    return Verification(
        status=status,
        request=request,
        checks=checks,
        chain_intact=chain_intact,
        content_matches=content_matches,
    )


def normalise_verification_code(raw: str) -> str:
    """Accept codes as printed ("ABCD-EFGH-JKMN"), in any case, with or without dashes."""
    cleaned = "".join(character for character in raw.upper() if character.isalnum())
    # Crockford's base32 reads the look-alikes as the digits they resemble.
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def verify_code(raw_code: str) -> Verification:
    code = normalise_verification_code(raw_code)
    request = (
        SignatureRequest.objects.select_related("content_type").filter(verification_code=code)
    ).first()
    if request is None:
        return Verification(status=Verification.UNKNOWN)
    return signature_checks(request)


MAX_VERIFICATION_UPLOAD = 10 * 1024 * 1024

_REFUSALS = {
    UNREADABLE: lambda: _("This PDF cannot be read."),
    ENCRYPTED: lambda: _(
        "This PDF is encrypted. Crossdesk never encrypts its documents: upload the file as "
        "Crossdesk issued it."
    ),
    TOO_COMPLEX: lambda: _(
        "This PDF is too complex to check safely. Crossdesk's own documents are simple: "
        "upload the file as Crossdesk issued it."
    ),
}


@dataclass
class UploadVerification:
    """What an uploaded PDF proves. Only the exact bytes of a file Crossdesk issued are
    evidence: then `verification` is that document's state now. Any other file is
    NOT_ISSUED, with the request its metadata names (if any) to compare against."""

    verification: Verification
    identical_file: bool


def verify_upload(upload) -> UploadVerification:
    """Check an uploaded PDF (the page and the API alike). Refuses, naming the field "pdf",
    a file over 10 MB, one that is not a PDF, cannot be read safely, or has no code."""
    if upload.size > MAX_VERIFICATION_UPLOAD:
        raise RuleViolation(_("The file is larger than 10 MB."), field="pdf", code="too_large")
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise RuleViolation(_("This file is not a PDF."), field="pdf", code="not_pdf")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    issued = (
        GeneratedDocument.objects.filter(file_sha256=digest.hexdigest())
        .select_related("request__content_type")
        .first()
    )
    if issued is not None:
        return UploadVerification(
            verification=signature_checks(issued.request), identical_file=True
        )

    # Not ours. Read the code it claims only to point at the original; never to vouch.
    from collab.documents import verification_code_from_pdf

    try:
        code = verification_code_from_pdf(upload)
    except PdfRefused as refused:
        raise RuleViolation(
            _REFUSALS[refused.reason](), field="pdf", code=refused.reason
        ) from refused
    if code is None:
        raise RuleViolation(
            _("This PDF carries no Crossdesk verification code."), field="pdf", code="no_code"
        )
    claimed = (
        SignatureRequest.objects.select_related("content_type")
        .filter(verification_code=normalise_verification_code(code))
        .first()
    )
    return UploadVerification(
        verification=Verification(status=Verification.NOT_ISSUED, request=claimed),
        identical_file=False,
    )
