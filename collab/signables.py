"""The registry of signable document types.

Adding a signable document is a small change in the domain app: subclass
`SignableType`, name its model, its template, how to snapshot the content that
matters and who must sign, then decorate it with `@register`.

    @register
    class GoalConfirmationLetter(SignableType):
        key = "goal_confirmation_letter"
        title = _("Goal confirmation letter")
        model = Card
        template = "tasks/documents/goal_confirmation_letter.html"

        def snapshot(self, card): ...
        def code(self, card): ...
        def signers(self, card): return [SignerRole(Role.HEAD, d) for d in ...]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac

from .models import SignatureRequest

if TYPE_CHECKING:
    from .models import Department, User


@dataclass(frozen=True)
class SignerRole:
    """Who must sign, as a role: "head of Finance". Resolved to people at request time."""

    role: str
    department: Department


class SignableType:
    key: ClassVar[str]
    title: ClassVar[Any]  # a lazy translation
    model: ClassVar[type[models.Model]]
    template: ClassVar[str]  # the document body, included in the PDF and the review page
    mode: ClassVar[str] = SignatureRequest.Mode.ALL
    due_working_days: ClassVar[int] = 2
    # Heavy documents render in a Celery job; the page shows progress until ready.
    heavy: ClassVar[bool] = False

    def snapshot(self, document) -> dict:
        """The content that the signatures vouch for, as plain JSON-able data."""
        raise NotImplementedError

    def code(self, document) -> str:
        raise NotImplementedError

    def signers(self, document) -> list[SignerRole]:
        raise NotImplementedError

    def context(self, document) -> dict:
        """Extra template context for the document body."""
        return {"document": document}

    def can_view(self, document, user: User) -> bool:
        """Besides the requester and the signers, who may read the document."""
        return False

    def on_decided(self, document, request: SignatureRequest, by: User) -> None:
        """Called in the signing transaction once the request is approved or rejected."""

    def url(self, document) -> str:
        return ""


_registry: dict[str, SignableType] = {}


def register(cls: type[SignableType]) -> type[SignableType]:
    if cls.key in _registry and type(_registry[cls.key]) is not cls:
        raise ValueError(f"Signable type {cls.key!r} is registered twice")
    _registry[cls.key] = cls()
    return cls


def choices() -> list[tuple[str, str]]:
    """(key, title) of every registered document type, for filters."""
    return [(key, signable.title) for key, signable in sorted(_registry.items())]


def get(key: str) -> SignableType:
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(f"No signable type {key!r}; is its module imported?") from None


def canonical_json(data: Any) -> str:
    """Stable JSON: sorted keys, no spacing, UTF-8 text, dates as ISO strings."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
    )


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def canonical_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


def content_hash(signable: SignableType, document) -> str:
    return canonical_hash({"type": signable.key, "content": signable.snapshot(document)})


# Names the purpose inside the HMAC key derivation: no other use of the key collides.
SIGNATURE_CHAIN_SALT = "crossdesk.signoff.signature-chain"


def signature_event_payload(signature) -> dict:
    """What one signing event vouches for, chained to the event before it on the document:
    who, for whom, what, when, from which address and browser, on which content."""
    return {
        "previous": signature.previous_hash,
        "request": signature.request_id,
        "place": signature.required_signer_id,
        "signer": signature.signer_id,
        "on_behalf_of": signature.on_behalf_of_id,
        "decision": signature.decision,
        "comment": signature.comment,
        "signed_at": signature.signed_at.astimezone(dt.UTC).isoformat(),
        "ip_address": normalised_address(signature.ip_address),
        "user_agent": signature.user_agent,
        "content": signature.content_hash,
    }


def normalised_address(address: str | None) -> str:
    """One spelling per address, as PostgreSQL returns it ("2001:DB8::0:1" -> "2001:db8::1")."""
    return str(ipaddress.ip_address(address)) if address else ""


def signature_event_hash(signature) -> str:
    """HMAC-SHA256 of the event, keyed with a server secret: someone who can rewrite rows
    but does not hold the key cannot recompute the chain after changing one."""
    return salted_hmac(
        SIGNATURE_CHAIN_SALT,
        canonical_json(signature_event_payload(signature)),
        secret=signature_chain_key(),
        algorithm="sha256",
    ).hexdigest()


def signature_chain_key() -> str:
    """CROSSDESK_SIGNATURE_KEY if set (it survives a SECRET_KEY rotation), else SECRET_KEY."""
    return getattr(settings, "SIGNATURE_CHAIN_KEY", "") or settings.SECRET_KEY
